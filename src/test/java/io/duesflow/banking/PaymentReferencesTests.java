package io.duesflow.banking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PaymentReferencesTests {

    /** The examples published with ISO 11649 (EPC guidance, Wikipedia), in print form and in lower case too. */
    @ParameterizedTest
    @ValueSource(strings = {"RF18539007547034", "RF18 5390 0754 7034", "RF18000000000539007547034", "RF712348231",
            "rf18 5390 0754 7034"})
    void publishedRfExamplesAreValid(String reference) {
        assertThat(PaymentReferences.isValidRf(reference)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"RF19539007547034", "RF18539007547035", "RF18", "RF1", "XX18539007547034", "RF18539007547034-",
            "RF180000000005390075470340"})
    void rfWithWrongCheckDigitsOrShapeIsInvalid(String reference) {
        assertThat(PaymentReferences.isValidRf(reference)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void missingRfIsInvalid(String reference) {
        assertThat(PaymentReferences.isValidRf(reference)).isFalse();
    }

    /** Deriving from the bodies of the published examples must give those examples back. */
    @ParameterizedTest
    @CsvSource({
            "539007547034,          RF18539007547034",
            "000000000539007547034, RF18000000000539007547034",
            "2348231,               RF712348231",
            "2026-00042,            RF89202600042",
            "a1,                    RF90A1"})
    void rfFromChargeKeepsLettersAndDigitsAndAddsTheCheckDigits(String chargeNumber, String expected) {
        String reference = PaymentReferences.rfFromCharge(chargeNumber);

        assertThat(reference).isEqualTo(expected);
        assertThat(PaymentReferences.isValidRf(reference)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"--/--", "1234567890123456789012", "2026-0000000000000000042"})
    void rfFromChargeRefusesAnEmptyOrTooLongBody(String chargeNumber) {
        assertThatThrownBy(() -> PaymentReferences.rfFromCharge(chargeNumber))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 21 letters or digits");
    }

    @Test
    void rfFromChargeAcceptsTheLongestBody() {
        assertThat(PaymentReferences.rfFromCharge("ABCDEFGHIJKLMNOPQRSTU")).isEqualTo("RF95ABCDEFGHIJKLMNOPQRSTU");
    }

    @ParameterizedTest
    @CsvSource({
            "RF18539007547034,          RF18 5390 0754 7034",
            "rf18 5390 0754 7034,       RF18 5390 0754 7034",
            "RF712348231,               RF71 2348 231",
            "RF18000000000539007547034, RF18 0000 0000 0539 0075 4703 4"})
    void formatRfPrintsGroupsOfFour(String reference, String printed) {
        assertThat(PaymentReferences.formatRf(reference)).isEqualTo(printed);
    }

    @Test
    void formatRfRefusesAnInvalidReference() {
        assertThatThrownBy(() -> PaymentReferences.formatRf("RF19539007547034"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid RF creditor reference");
    }

    /** 79927398713 is the usual Luhn example; FI card printers show payment number 1 as 18 and 2 as 26. */
    @ParameterizedTest
    @CsvSource({
            "7992739871,     3",
            "1,              8",
            "2,              6",
            "00000000000042, 2",
            "00000000000000, 0",
            "99999999999999, 4",
            "12345678901234, 7"})
    void luhnCheckDigitMatchesKnownExamples(String digits, int checkDigit) {
        assertThat(PaymentReferences.luhnCheckDigit(digits)).isEqualTo(checkDigit);
    }

    @ParameterizedTest
    @CsvSource({
            "0,              000000000000000",
            "1,              000000000000018",
            "42,             000000000000422",
            "99999999999999, 999999999999994"})
    void fik71PaymentIdPadsToFourteenDigitsAndAppendsTheLuhnDigit(long sequence, String paymentId) {
        assertThat(PaymentReferences.fik71PaymentId(sequence)).isEqualTo(paymentId).hasSize(15);
        assertThat(PaymentReferences.isValidFik71PaymentId(paymentId)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 100_000_000_000_000L, Long.MAX_VALUE})
    void fik71PaymentIdRefusesNegativeOrLongerThanFourteenDigits(long sequence) {
        assertThatThrownBy(() -> PaymentReferences.fik71PaymentId(sequence))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("14 digits");
    }

    /** Every single changed digit and the usual swap of neighbours is caught. */
    @ParameterizedTest
    @ValueSource(strings = {"000000000000423", "000000000000432", "100000000000422", "000000000000522",
            "000000000000242"})
    void aChangedDigitMakesTheFik71PaymentIdInvalid(String paymentId) {
        assertThat(PaymentReferences.isValidFik71PaymentId(paymentId)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"00000000000042", "0000000000004222", "00000000000042a", "00000000000 422"})
    void fik71PaymentIdOfWrongShapeIsInvalid(String paymentId) {
        assertThat(PaymentReferences.isValidFik71PaymentId(paymentId)).isFalse();
    }

    @Test
    void ocrLine71HasOneSpaceBeforeTheCreditorNumber() {
        assertThat(PaymentReferences.ocrLine71(PaymentReferences.fik71PaymentId(42), "12345678"))
                .isEqualTo("+71<000000000000422 +12345678<");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"1234567", "123456789", "1234567a", "1234 5678"})
    void ocrLine71RefusesACreditorNumberThatIsNotEightDigits(String creditorNumber) {
        assertThatThrownBy(() -> PaymentReferences.ocrLine71("000000000000422", creditorNumber))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 8 digits");
    }

    @Test
    void ocrLine71RefusesAnInvalidPaymentId() {
        assertThatThrownBy(() -> PaymentReferences.ocrLine71("000000000000426", "12345678"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a +71 payment id");
    }

    /** How payers type an RF reference into a transfer's message: in one, in the printed groups, in lower case. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Kontingent RF18539007547034 tak          | RF18539007547034
            Contributie RF18 5390 0754 7034 Dank je  | RF18539007547034
            betaling rf18 5390 0754 7034             | RF18539007547034
            RF18 5390 0754 7034 Hansen               | RF18539007547034
            RF712348231/2027                          | RF712348231
            """)
    void anRfReferenceIsFoundInAFreeTextAsPayersTypeIt(String text, String rf) {
        assertThat(PaymentReferences.findRf(text)).contains(rf);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Kontingent 2027", "RF19539007547034 (a wrong check digit)", "PERF18539007547034", ""})
    void aTextWithoutAValidRfReferenceHasNone(String text) {
        assertThat(PaymentReferences.findRf(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            +71<000000000000422 +12345678<   | 000000000000422
            Betalings-id 000000000000422     | 000000000000422
            """)
    void aPlus71PaymentIdIsFoundInAnFiCodeLineOrMessage(String text, String id) {
        assertThat(PaymentReferences.findFik71PaymentId(text)).contains(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+71<000000000000426 +12345678<", "0000000000004221", "Medlem 42"})
    void aNumberThatIsNoPlus71PaymentIdIsNone(String text) {
        assertThat(PaymentReferences.findFik71PaymentId(text)).isEmpty();
    }

    /** How banks and OIOUBL put an FI payment id into the structured creditor reference of a camt credit. */
    @ParameterizedTest
    @ValueSource(strings = {"000000000000422", "71000000000000422", "71#000000000000422", "+71<000000000000422",
            "+71<000000000000422 +12345678<"})
    void aStructuredReferenceCarriesThePlus71PaymentIdAloneOrAfterItsCardType(String reference) {
        assertThat(PaymentReferences.fik71PaymentIdInReference(reference)).hasValue("000000000000422");
    }

    @ParameterizedTest
    @ValueSource(strings = {"71000000000000426", "000000000000426", "RF18539007547034", "7100000000000042"})
    void aStructuredReferenceWithAWrongCheckDigitOrNoPaymentIdCarriesNone(String reference) {
        assertThat(PaymentReferences.fik71PaymentIdInReference(reference)).isEmpty();
    }
}
