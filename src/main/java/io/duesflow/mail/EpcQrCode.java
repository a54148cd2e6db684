package io.duesflow.mail;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

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
     * A two-colour palette PNG, written by hand rather than with ImageIO: ImageIO stores black and white as
     * greyscale, which PDFBox must decode and compress again pixel by pixel, while a palette PNG's data goes into
     * the PDF as it is. That is most of the difference between 25 and 100 invoices a second.
     */
    byte[] png() {
        BitMatrix modules = matrix();
        int size = modules.getWidth() * PIXELS_PER_MODULE;
        int rowBytes = (size + 7) / 8;
        int stride = rowBytes + 1;  // each row starts with its filter type, 0 = none
        byte[] rows = new byte[size * stride];
        for (int moduleY = 0; moduleY < modules.getHeight(); moduleY++) {
            int rowStart = moduleY * PIXELS_PER_MODULE * stride;
            for (int x = 0; x < size; x++) {
                // Palette index 1 is white; a dark module leaves the bit at 0, black.
                if (!modules.get(x / PIXELS_PER_MODULE, moduleY)) {
                    rows[rowStart + 1 + x / 8] |= (byte) (0x80 >>> (x % 8));
                }
            }
            // A module is as tall as it is wide: its first pixel row, repeated.
            for (int repeat = 1; repeat < PIXELS_PER_MODULE; repeat++) {
                System.arraycopy(rows, rowStart, rows, rowStart + repeat * stride, stride);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream(2048);
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(size).putInt(size)
                .put((byte) 1)      // bits per pixel
                .put((byte) 3)      // colour type: palette
                .put((byte) 0).put((byte) 0).put((byte) 0)  // deflate, standard filters, not interlaced
                .array());
        chunk(png, "PLTE", new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
        chunk(png, "IDAT", deflate(rows));
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
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
            byte[] buffer = new byte[4096];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** One element per module, with the four-module quiet zone a scanner needs. */
    BitMatrix matrix() {
        // ZXing adds an ECI segment whenever a character set is given; the payload's third line already says
        // UTF-8, and GiroCode readers expect plain byte mode. So the UTF-8 bytes go in as ISO-8859-1 characters,
        // ZXing's default, which writes each byte unchanged.
        String bytesAsLatin1 = new String(payload().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        try {
            // Any of the eight masks makes a valid code; scoring all eight to pick the "best" was a tenth of the
            // cost of an invoice, and a printed code at this size scans with any of them.
            return new QRCodeWriter().encode(bytesAsLatin1, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4,
                            EncodeHintType.QR_MASK_PATTERN, 2));
        } catch (WriterException e) {
            throw new IllegalArgumentException("The EPC QR code could not be encoded: " + e.getMessage(), e);
        }
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
