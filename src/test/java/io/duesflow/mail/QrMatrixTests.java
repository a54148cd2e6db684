package io.duesflow.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import org.junit.jupiter.api.Test;

/**
 * The EPC QR code's modules are made by {@link QrMatrix} instead of ZXing's general encoder: a banking app must see
 * the very code ZXing made, module for module, for every length of payload the standard allows (versions 1 to 13
 * and their block layouts, with and without version information).
 */
class QrMatrixTests {

    @Test
    void everyPayloadLengthGivesTheCodeZxingMakesWithTheSameLevelMaskAndQuietZone() throws Exception {
        Random random = new Random(20);
        for (int length = 1; length <= EpcQrCode.MAX_PAYLOAD_BYTES; length++) {
            byte[] payload = new byte[length];
            random.nextBytes(payload);
            // A line break, as every EPC payload has: ZXing then takes byte mode, as the code must.
            payload[0] = '\n';
            assertThat(matrix(QrMatrix.encode(payload))).as("%d bytes", length)
                    .isEqualTo(matrix(zxing(payload)));
        }
    }

    @Test
    void anInvoicesCodeIsZxingsAndScansBackToItsPayload() throws Exception {
        EpcQrCode code = new EpcQrCode("ABNANL2A", "Roeivereniging De Amstel – Ærø", "NL91ABNA0417164300",
                new BigDecimal("1234.50"), "RF18539007547034", null, "Invoice 2026-00042");
        byte[] payload = code.payload().getBytes(StandardCharsets.UTF_8);

        assertThat(matrix(code.matrix())).isEqualTo(matrix(zxing(payload)));
        assertThat(Pdfs.decode(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(code.png()))))
                .contains(code.payload());
    }

    private static BitMatrix zxing(byte[] payload) throws Exception {
        return new QRCodeWriter().encode(new String(payload, StandardCharsets.ISO_8859_1), BarcodeFormat.QR_CODE, 0, 0,
                Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4,
                        EncodeHintType.QR_MASK_PATTERN, 2));
    }

    /** The modules as text, one row a line: a difference shows where it is. */
    private static String matrix(BitMatrix matrix) {
        StringBuilder rows = new StringBuilder();
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                rows.append(matrix.get(x, y) ? '#' : '.');
            }
            rows.append('\n');
        }
        return rows.toString();
    }
}
