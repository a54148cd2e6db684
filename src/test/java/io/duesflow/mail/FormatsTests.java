package io.duesflow.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;

import io.duesflow.mail.ChargeDocument.Address;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FormatsTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            DA | 1234.5    | 1.234,50
            NL | 1234.5    | 1.234,50
            EN | 1234.5    | 1,234.50
            DA | -184.50   | -184,50
            EN | 0         | 0.00
            NL | 1000000.1 | 1.000.000,10
            """)
    void amountsAreWrittenTheWayTheLanguageWritesThem(Language language, BigDecimal amount, String written) {
        assertThat(new Formats(language, "EUR").amount(amount)).isEqualTo(written);
        assertThat(new Formats(language, "DKK").money(amount)).isEqualTo("DKK " + written);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            DA | 3. marts 2027
            NL | 3 maart 2027
            EN | 3 March 2027
            """)
    void datesAreWrittenOutInTheLanguage(Language language, String written) {
        assertThat(new Formats(language, "EUR").date(LocalDate.of(2027, 3, 3))).isEqualTo(written);
    }

    @Test
    void aMembersIbanShowsOnlyTheCountryAndTheLastTwoCharacters() {
        assertThat(Formats.maskedIban("NL02 RABO 0123 4567 89")).isEqualTo("NL••••••••89");
        assertThat(Formats.maskedIban("DK5000400440116243")).isEqualTo("DK••••••••43");
        assertThat(Formats.iban("nl91abna0417164300")).isEqualTo("NL91 ABNA 0417 1643 00");
    }

    @Test
    void anAddressFollowsItsCountrysOrderAndNamesTheCountryOnlyWhenItIsAbroad() {
        Formats danish = new Formats(Language.DA, "DKK");
        Formats english = new Formats(Language.EN, "DKK");

        assertThat(danish.addressLines(new Address("Vestergade", "3", "8000", "Aarhus C", "DK"), "DK"))
                .containsExactly("Vestergade 3", "8000 Aarhus C");
        assertThat(english.addressLines(new Address("Ferry Road", "17", "EH6 4AE", "Edinburgh", "GB"), "DK"))
                .containsExactly("17 Ferry Road", "Edinburgh", "EH6 4AE", "United Kingdom");
        assertThat(danish.addressLines(new Address("Prinsengracht", "263", "1016 GV", "Amsterdam", "NL"), "DK"))
                .containsExactly("Prinsengracht 263", "1016 GV Amsterdam",
                        new java.util.Locale("", "NL").getDisplayCountry(Language.DA.locale()));
    }
}
