package io.duesflow.banking.betalingsservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.UnmappableCharacterException;

import org.junit.jupiter.api.Test;

/** A record goes out as the 128 characters Windows-1252 makes of it, and CR LF; what it cannot carry is refused. */
class FixedRecordTests {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private static byte[] written(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FixedRecord().start("022").text(52, 51 + text.length(), text).writeTo(out);
        return out.toByteArray();
    }

    private static byte[] expected(String text) {
        String record = "BS022" + " ".repeat(46) + text + " ".repeat(128 - 51 - text.length()) + "\r\n";
        return record.getBytes(WINDOWS_1252);
    }

    @Test
    void everyCharacterOfADeliveryIsItsWindows1252Byte() throws IOException {
        StringBuilder all = new StringBuilder();
        for (char c = 0x20; c <= 0x7E; c++) {
            all.append(c);
        }
        for (char c = 0xA0; c <= 0xFF; c++) {
            all.append(c);
        }
        for (int from = 0; from < all.length(); from += 70) {
            String part = all.substring(from, Math.min(all.length(), from + 70));
            assertThat(written(part)).isEqualTo(expected(part));
        }
        assertThat(written("Mia Møller-Ærø, Åboulevarden")).hasSize(130).isEqualTo(expected("Mia Møller-Ærø, Åboulevarden"));
    }

    @Test
    void aCharacterOutsideLatin1IsEncodedAsWindows1252DoesAndOneItLacksIsRefused() throws IOException {
        assertThat(written("Pris 5 € – tak")).isEqualTo(expected("Pris 5 € – tak"));
        assertThat(written("€")[51]).isEqualTo((byte) 0x80);

        assertThatThrownBy(() -> written("Иван")).isInstanceOf(UnmappableCharacterException.class);
    }
}
