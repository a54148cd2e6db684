package io.duesflow.banking.statements;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReasonCodeTests {

    private static Properties bundle(String language) throws IOException {
        Properties texts = new Properties();
        try (Reader in = new InputStreamReader(ReasonCodeTests.class.getClassLoader()
                .getResourceAsStream(ReasonCode.BUNDLE + "_" + language + ".properties"), StandardCharsets.UTF_8)) {
            texts.load(in);
        }
        return texts;
    }

    @ParameterizedTest
    @ValueSource(strings = {"da", "nl", "en"})
    void everyLanguageHasATextForEveryCodeAndNoOther(String language) throws IOException {
        assertThat(bundle(language).stringPropertyNames()).isEqualTo(
                Arrays.stream(ReasonCode.values()).map(code -> "reason." + code.name())
                        .collect(Collectors.collectingAndThen(Collectors.toSet(), keys -> {
                            keys.add("reason.unknown");
                            return keys;
                        })));
    }

    @ParameterizedTest
    @ValueSource(strings = {"da", "nl", "en"})
    void everyTextIsAValidMessageFormatWithoutAStrayApostrophe(String language) throws IOException {
        Properties texts = bundle(language);
        for (String key : texts.stringPropertyNames()) {
            String text = texts.getProperty(key);
            assertThat(text.replace("''", "")).as(key).doesNotContain("'");
            new MessageFormat(text, Locale.forLanguageTag(language));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            AC04 | da | Kontoen er lukket
            AC04 | nl | Rekening opgeheven
            AC04 | en | Account closed
            AM04 | da | Manglende dækning
            MD06 | nl | Terugboeking op verzoek van de betaler
            AC06 | nl | Rekening geblokkeerd, of door de rekeninghouder geblokkeerd voor incasso’s
            MD07 | de | Account holder deceased
            """)
    void aCodeReadsInTheMembersLanguageAndInEnglishForAnyOther(String code, String language, String text) {
        assertThat(ReasonCode.describe(code, Locale.forLanguageTag(language))).isEqualTo(text);
    }

    @Test
    void anUnknownCodeSaysSoAndNamesIt() {
        assertThat(ReasonCode.describe("XT99", Locale.forLanguageTag("da"))).isEqualTo("Årsagskode XT99 (ukendt for duesflow)");
        assertThat(ReasonCode.of("XT99")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            AC01 | true
            AC04 | true
            AC06 | true
            AG01 | true
            MD01 | true
            MD07 | true
            SL01 | true
            DNOR | true
            AG02 | false
            AM04 | false
            AM05 | false
            BE05 | false
            FF01 | false
            MD02 | false
            MD06 | false
            MS02 | false
            MS03 | false
            RC01 | false
            RR01 | false
            RR02 | false
            RR03 | false
            RR04 | false
            CNOR | false
            """)
    void aCodeEndsTheMandateOnlyWhenCollectingAgainWouldFailTheSameWay(String code, boolean endsMandate) {
        assertThat(ReasonCode.of(code)).hasValueSatisfying(reason -> assertThat(reason.endsMandate())
                .isEqualTo(endsMandate));
    }
}
