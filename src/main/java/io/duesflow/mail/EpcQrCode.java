package io.duesflow.mail;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import com.google.zxing.common.BitMatrix;

/**
 * The EPC QR code ("GiroCode", EPC069-12 version 002) a banking app scans to fill in a SEPA credit transfer.
 * The remittance is either a structured ISO 11649 RF reference or free text, never both.
 *
 * @param bic         may be null: version 002 lets the app find the bank from the IBAN
 * @param beneficiary cut to the 70 characters the standard allows
 */
record EpcQrCode(String bic, String beneficiary, String iban, BigDecimal amount, String creditorReference,
                 String remittanceText, String info) {

    static final int MAX_PAYLOAD_BYTES = 331;
    /**
     * Pixels per QR module: enough that a viewer which smooths the scaled-up image still shows sharp modules, few
     * enough that the image costs the PDF renderer next to nothing.
     */
    static final int PIXELS_PER_MODULE = 4;
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("999999999.99");

    EpcQrCode {
        if (iban == null || iban.isBlank()) {
            throw new IllegalArgumentException("An EPC QR code needs the beneficiary's IBAN");
        }
        if (beneficiary == null || beneficiary.isBlank()) {
            throw new IllegalArgumentException("An EPC QR code needs the beneficiary's name");
        }
        if (amount.signum() <= 0 || amount.compareTo(MAX_AMOUNT) > 0) {
            throw new IllegalArgumentException("An EPC QR code takes EUR 0.01 to 999999999.99, not " + amount);
        }
        if (creditorReference != null && remittanceText != null) {
            throw new IllegalArgumentException("An EPC QR code carries an RF reference or a text, not both");
        }
    }

    /** The payload: one element per line, joined by LF, the trailing empty elements left out as the standard asks. */
    String payload() {
        List<String> elements = new java.util.ArrayList<>(List.of(
                "BCD",
                "002",
                "1",            // character set 1 = UTF-8
                "SCT",
                clean(bic, 11),
                clean(beneficiary, 70),
                Formats.compactIban(iban),
                "EUR" + amount.setScale(2, RoundingMode.UNNECESSARY).toPlainString(),
                "",             // purpose code
                clean(creditorReference == null ? null : creditorReference.replace(" ", ""), 35),
                clean(remittanceText, 140),
                clean(info, 70)));
        while (elements.get(elements.size() - 1).isEmpty()) {
            elements.remove(elements.size() - 1);
        }
        String payload = String.join("\n", elements);
        int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("The EPC QR payload has " + bytes + " bytes; the standard allows " + MAX_PAYLOAD_BYTES);
        }
        return payload;
    }

    /** The code as a PNG {@code data:} URI for an {@code <img>}: the PDF renderer needs no file and no network. */
    String pngDataUri() {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png());
    }

    /**
     * The code as a bitmap, {@link #PIXELS_PER_MODULE} pixels to a module and one bit to a pixel (0 black), each row
     * led by its PNG filter type (0, none), the whole deflated: a PNG's image data, which a PDF image carries
     * unchanged (as a FlateDecode stream with PNG predictors), so neither needs to touch a pixel again.
     *
     * @param pixels the width and height
     */
    record Bitmap(int pixels, byte[] deflatedRows) {
    }

    Bitmap bitmap() {
        BitMatrix modules = matrix();
        int size = modules.getWidth() * PIXELS_PER_MODULE;
        int rowBytes = (size + 7) / 8;
        int stride = rowBytes + 1;  // each row starts with its filter type, 0 = none
        byte[] rows = new byte[size * stride];
        for (int moduleY = 0; moduleY < modules.getHeight(); moduleY++) {
            int rowStart = moduleY * PIXELS_PER_MODULE * stride;
            for (int moduleX = 0; moduleX < modules.getWidth(); moduleX++) {
                // 1 is white; a dark module leaves its bits at 0, black.
                if (!modules.get(moduleX, moduleY)) {
                    for (int x = moduleX * PIXELS_PER_MODULE; x < (moduleX + 1) * PIXELS_PER_MODULE; x++) {
                        rows[rowStart + 1 + x / 8] |= (byte) (0x80 >>> (x % 8));
                    }
                }
            }
            // A module is as tall as it is wide: its first pixel row, repeated.
            for (int repeat = 1; repeat < PIXELS_PER_MODULE; repeat++) {
                System.arraycopy(rows, rowStart, rows, rowStart + repeat * stride, stride);
            }
        }
        return new Bitmap(size, deflate(rows));
    }

    /**
     * A two-colour palette PNG, written by hand rather than with ImageIO: ImageIO stores black and white as
     * greyscale, which a PDF renderer must decode and compress again pixel by pixel, while a palette PNG's data goes
     * into the PDF as it is.
     */
    byte[] png() {
        Bitmap bitmap = bitmap();
        ByteArrayOutputStream png = new ByteArrayOutputStream(2048);
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(bitmap.pixels()).putInt(bitmap.pixels())
                .put((byte) 1)      // bits per pixel
                .put((byte) 3)      // colour type: palette
                .put((byte) 0).put((byte) 0).put((byte) 0)  // deflate, standard filters, not interlaced
                .array());
        // Palette index 0 is black, 1 white, as in the bitmap.
        chunk(png, "PLTE", new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
        chunk(png, "IDAT", bitmap.deflatedRows());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(typeBytes);
        png.writeBytes(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] deflate(byte[] data) {
        return Deflating.deflate(data, Deflater.BEST_SPEED);
    }

    /**
     * One element per module, with the four-module quiet zone a scanner needs: byte mode (the payload's lines are
     * separated by line feeds, which only byte mode carries), level M, mask pattern 2, as ZXing's writer makes it
     * (see {@link QrMatrix}). Any of the eight masks makes a valid code; scoring all eight to pick the "best" was a
     * tenth of the cost of an invoice, and a printed code at this size scans with any of them. The payload's UTF-8
     * bytes go in unchanged, without an ECI segment: its third line already says UTF-8, and GiroCode readers expect
     * plain byte mode.
     */
    BitMatrix matrix() {
        return QrMatrix.encode(payload().getBytes(StandardCharsets.UTF_8));
    }

    /** Line breaks would shift every later element, so they become spaces; then the element is cut to its limit. */
    private static String clean(String value, int maxLength) {
        if (value == null) {
            return "";
        }
        String oneLine = value.replaceAll("[\\r\\n]+", " ").trim();
        return oneLine.length() <= maxLength ? oneLine : oneLine.substring(0, maxLength);
    }
}
