package io.duesflow.banking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CreditorIdentifierTests {

    /** Published examples: the Bundesbank's test CI, the EPC's Italian example, Austrian, Spanish and Belgian ones. */
    @ParameterizedTest
    @ValueSource(strings = {"DE98ZZZ09999999999", "IT66ZZZA1B2C3D4E5F6G7H8", "AT61ZZZ01234567890", "ES59ZZZX1234567L",
            "BE68ZZZ0123456789", "de98 zzz0 9999 9999 99"})
    void publishedCreditorIdentifiersPass(String identifier) {
        assertThat(CreditorIdentifier.check(identifier)).isEqualTo(identifier.replace(" ", "").toUpperCase());
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE97ZZZ09999999999", "NL71ZZZ123456780000", "DE98ZZZ09999999998"})
    void aWrongCheckDigitIsRefusedWithTheDigitsItShouldHave(String identifier) {
        assertThatThrownBy(() -> CreditorIdentifier.check(identifier))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("check digits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "DE98", "9898ZZZ0999", "DE98ZZZ0999999999-9"})
    void somethingThatIsNoCreditorIdentifierSaysWhatIsExpected(String identifier) {
        assertThatThrownBy(() -> CreditorIdentifier.check(identifier))
                .hasMessageContaining("not a SEPA creditor identifier");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ZZZ", "ABC"})
    void theBusinessCodeDoesNotChangeTheCheckDigits(String businessCode) {
        assertThat(CreditorIdentifier.check("DE98" + businessCode + "09999999999")).startsWith("DE98" + businessCode);
    }
}
