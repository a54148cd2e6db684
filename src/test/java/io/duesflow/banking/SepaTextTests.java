package io.duesflow.banking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SepaTextTests {

    /** The documented mapping, one example per row; '=>' separates the columns because ',' and '|' are in the texts. */
    @ParameterizedTest
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', value = {
            "Søren Ærø Ålborg => Soeren Aeroe Aalborg",
            "Bjørn Møller-Jørgensen => Bjoern Moeller-Joergensen",
            "Åse Kærgård => Aase Kaergaard",
            "ÆRØ ÅSE Ø Å => AEROE AASE OE AA",
            "ØSTERGADE Øster Ålé => OESTERGADE Oester Aale",
            "Hoogstraat 12 ’s-Hertogenbosch => Hoogstraat 12 's-Hertogenbosch",
            "Maarten van ‘t Hek => Maarten van 't Hek",
            "Zoë Citroën-IJsselmeer => Zoe Citroen-IJsselmeer",
            "Jürgen Groß => Juergen Gross",
            "Hauptstraße 5 => Hauptstrasse 5",
            "Ökonom Äpfel Übel => Oekonom Aepfel Uebel",
            "José Éclair Crème Brûlée => Jose Eclair Creme Brulee",
            "Françoise Nuñez Çelik => Francoise Nunez Celik",
            "Łukasz Wałęsa Đorđe => Lukasz Walesa Dorde",
            "Œuvre Þór Ðóra => Oeuvre Thor Dora",
            "Jensen & Søn => Jensen + Soen",
            "Dues 2027 – 25 € => Dues 2027 - 25 EUR",
            "Quote “this” «that» => Quote 'this' 'that'",
            "one; two! [three] {four} <five> => one, two. (three) (four) (five)",
            "a\\b|c_d => a/b/c-d",
            "ﬁnn ＡＢＣ１２３ => finn ABC123",
            "No. #42 * 50% @ home ~ ok => No. 42 50 home ok",
            "tab\tand  double   spaces => tab and double spaces"})
    void reducesToTheSepaCharacterSetByTheDocumentedMapping(String text, String expected) {
        assertThat(SepaText.reduce(text)).isEqualTo(expected);
        assertThat(SepaText.isSepaText(expected)).isTrue();
    }

    @Test
    void textAlreadyInTheSetIsReturnedAsItIs() {
        String text = "Anne Jensen (2027) 'x' +/-?:.,";

        assertThat(SepaText.reduce(text)).isSameAs(text);
    }

    @Test
    void reductionIsIdempotent() {
        String once = SepaText.reduce("Søren Ærø – Ålborg & Co");

        assertThat(SepaText.reduce(once)).isEqualTo(once);
    }

    @Test
    void textGivenInDecomposedFormLosesOnlyItsAccents() {
        assertThat(SepaText.reduce("Jose\u0301 Rene\u0301e")).isEqualTo("Jose Renee");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Иван Петров", "王小明", "Γιώργος Παπαδόπουλος", "Anna Иванова", "محمد"})
    void nameWithLettersThatHaveNoLatinFormIsRefusedWithTheReason(String name) {
        assertThatThrownBy(() -> SepaText.reduce("debtor name", name, SepaText.NAME))
                .isInstanceOf(UnreducibleTextException.class)
                .hasMessageStartingWith("The debtor name '" + name + "' has letters with no Latin form")
                .satisfies(e -> {
                    UnreducibleTextException refused = (UnreducibleTextException) e;
                    assertThat(refused.field()).isEqualTo("debtor name");
                    assertThat(refused.text()).isEqualTo(name);
                    assertThat(refused.reason()).contains("a Latin spelling is needed");
                });
    }

    @Test
    void refusalNamesTheCharactersWithoutLatinForm() {
        assertThatThrownBy(() -> SepaText.reduce("Anna Иванова"))
                .hasMessageContaining("SEPA character set: И, в, а, н, о");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "???", "***", "§ § ---"})
    void textWithoutLetterOrDigitIsRefused(String text) {
        assertThatThrownBy(() -> SepaText.reduce(text)).isInstanceOf(UnreducibleTextException.class);
    }

    @Test
    void missingTextIsRefusedAndOptionalTextStaysMissing() {
        assertThatThrownBy(() -> SepaText.reduce("town name", null, SepaText.TOWN_NAME))
                .hasMessage("The town name '' is missing");
        assertThat(SepaText.reduceOptional("street name", " ", SepaText.STREET_NAME)).isNull();
    }

    @Test
    void digitsOfOtherScriptsBecomeLatinDigits() {
        assertThat(SepaText.reduce("Nr ٣٤")).isEqualTo("Nr 34");
    }

    @Test
    void reducedTextIsCutToTheFieldLengthWithoutTrailingSpace() {
        assertThat(SepaText.reduce("debtor name", "Ø".repeat(35) + " Hansen", SepaText.NAME))
                .isEqualTo("OE".repeat(35)).hasSize(70);
        assertThat(SepaText.reduce("debtor name", "a".repeat(69) + " b", SepaText.NAME)).isEqualTo("a".repeat(69));
        assertThat(SepaText.reduce("a".repeat(200), SepaText.REMITTANCE)).hasSize(140);
        assertThat(SepaText.reduce("Ærøskøbing Kommune Øst Ved Havnen", SepaText.TOWN_NAME))
                .isEqualTo("Aeroeskoebing Kommune Oest Ved Havn").hasSize(35);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2027-00042-1", "M-0001", "RUN 17/FRST", "A", "12345678901234567890123456789012345",
            "a+b?c:d(e).f,g'h"})
    void identifiersTheEpcAllowsPassUnchanged(String id) {
        assertThat(SepaText.identifier("end-to-end id", id)).isSameAs(id);
        assertThat(SepaText.isIdentifier(id)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "/2027-1                               | starts or ends with '/'",
            "2027-1/                               | starts or ends with '/'",
            "2027//1                               | contains '//'",
            "123456789012345678901234567890123456  | is 36 characters long",
            "M_0001                                | outside the SEPA set",
            "Mandat-Søren                          | outside the SEPA set (a-z A-Z 0-9 / - ? : ( ) . , ' + space): ø"})
    void identifiersTheEpcForbidsAreRefusedNotChanged(String id, String reason) {
        assertThatThrownBy(() -> SepaText.identifier("mandate id", id))
                .isInstanceOf(UnreducibleTextException.class)
                .hasMessageStartingWith("The mandate id '" + id + "'")
                .hasMessageContaining(reason);
    }

    @Test
    void identifierWithSpaceAtAnEndOrMissingIsRefused() {
        assertThat(SepaText.isIdentifier(" M-1")).isFalse();
        assertThat(SepaText.isIdentifier("M-1 ")).isFalse();
        assertThat(SepaText.isIdentifier("")).isFalse();
        assertThat(SepaText.isIdentifier(null)).isFalse();
    }
}
