package io.duesflow.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class EpcQrCodeTests {

    @Test
    void thePayloadFollowsEpc069Version2WithAStructuredReference() {
        EpcQrCode code = new EpcQrCode("ABNANL2A", "Roeivereniging De Amstel", "NL91 ABNA 0417 1643 00",
                new BigDecimal("1234.50"), "RF89 2026 0004 2", null, "Factuur 2026-00042");

        assertThat(code.payload()).isEqualTo(String.join("\n", "BCD", "002", "1", "SCT", "ABNANL2A",
                "Roeivereniging De Amstel", "NL91ABNA0417164300", "EUR1234.50", "", "RF8920260004 2".replace(" ", ""), "",
                "Factuur 2026-00042"));
    }

    @Test
    void withoutAReferenceTheTextTakesItsPlaceAndEmptyTrailingElementsAreLeftOut() {
        EpcQrCode code = new EpcQrCode(null, "Roklubben Øresund", "NL91ABNA0417164300", new BigDecimal("5.00"),
                null, "Faktura 2026-00042", null);

        assertThat(code.payload()).isEqualTo(String.join("\n", "BCD", "002", "1", "SCT", "",
                "Roklubben Øresund", "NL91ABNA0417164300", "EUR5.00", "", "", "Faktura 2026-00042"));
    }

    @Test
    void aLongNameIsCutToSeventyCharactersAndLineBreaksCannotShiftTheFields() {
        String name = "Vereniging tot Bevordering van de Roeisport op de Amstel en Omstreken\nsinds 1873";
        EpcQrCode code = new EpcQrCode(null, name, "NL91ABNA0417164300", BigDecimal.ONE.setScale(2), null, "a\nb", null);

        String[] fields = code.payload().split("\n", -1);
        assertThat(fields).hasSize(11);
        assertThat(fields[5]).hasSize(70).startsWith("Vereniging tot Bevordering");
        assertThat(fields[10]).isEqualTo("a b");
    }

    @Test
    void aPayloadOverThreeHundredThirtyOneBytesIsRefused() {
        String wide = "€".repeat(70);  // three bytes each in UTF-8
        EpcQrCode code = new EpcQrCode(null, wide, "NL91ABNA0417164300", BigDecimal.TEN.setScale(2), null, wide, wide);

        assertThatThrownBy(code::payload).hasMessageContaining("331");
    }

    @Test
    void nothingToPayGetsNoCode() {
        assertThatThrownBy(() -> new EpcQrCode(null, "Club", "NL91ABNA0417164300", new BigDecimal("-184.50"), null, "x", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EpcQrCode(null, "Club", "NL91ABNA0417164300", BigDecimal.ZERO, null, "x", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theReferenceAndTheTextNeverTravelTogether() {
        assertThatThrownBy(() -> new EpcQrCode(null, "Club", "NL91ABNA0417164300", BigDecimal.TEN, "RF18539007547034", "x", null))
                .hasMessageContaining("not both");
    }

    @Test
    void thePngIsAPaletteImageThatScansBackToTheUtf8Payload() throws Exception {
        EpcQrCode code = new EpcQrCode("NDEADKKK", "Roklubben Øresund – Æbleø", "DK5000400440116243",
                new BigDecimal("99.95"), "RF18539007547034", null, "Faktura 2026-00042");

        byte[] png = code.png();

        assertThat(png[25]).as("PNG colour type: palette").isEqualTo((byte) 3);
        var image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(code.matrix().getWidth() * EpcQrCode.PIXELS_PER_MODULE);
        assertThat(Pdfs.decode(image)).contains(code.payload());
        assertThat(code.pngDataUri()).startsWith("data:image/png;base64,iVBORw0KGgo");
    }
}
