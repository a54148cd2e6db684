package io.duesflow.banking;

import static io.duesflow.banking.SepaSamples.FIRST_COLLECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The input records refuse what a bank would refuse, so the caller can leave that member out with the reason. */
class DirectDebitTests {

    private static final LocalDate SIGNED = LocalDate.of(2024, 2, 1);

    private static DirectDebit debit(BigDecimal amount, String name, String iban, String rf, String text,
                                     Amendment amendment) {
        return new DirectDebit("E2E-1", amount, "M-1", SIGNED, amendment, name, null, iban, null, rf, text);
    }

    private static DirectDebit debit(String name) {
        return debit(BigDecimal.TEN, name, "DK5000400440116243", null, null, null);
    }

    @Test
    void namesAreReducedAndIbansNormalisedWhenMade() {
        DirectDebit debit = debit(new BigDecimal("7.5"), "  Søren  Ærø ", "dk50 0040 0440 1162 43",
                "rf18 5390 0754 7034", null, null);

        assertThat(debit.debtorName()).isEqualTo("Soeren Aeroe");
        assertThat(debit.debtorIban()).isEqualTo("DK5000400440116243");
        assertThat(debit.rfReference()).isEqualTo("RF18539007547034");
        assertThat(debit.amount()).isEqualTo(new BigDecimal("7.50"));
    }

    @Test
    void memberWhoseNameHasNoLatinFormIsRefusedWithTheReason() {
        assertThatThrownBy(() -> debit("Пётр Чайковский"))
                .isInstanceOf(UnreducibleTextException.class)
                .hasMessageContaining("debtor name").hasMessageContaining("no Latin form");
    }

    @Test
    void wrongIbanIsRefused() {
        assertThatThrownBy(() -> debit(BigDecimal.TEN, "Ida Holm", "DK5000400440116244", null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid IBAN");
    }

    @Test
    void amountsMustBePositiveWholeCentsUpToTheSepaMaximum() {
        assertThatThrownBy(() -> debit(new BigDecimal("10.005"), "Ida Holm", "DK5000400440116243", null, null, null))
                .hasMessageContaining("fractions of a cent");
        assertThatThrownBy(() -> debit(BigDecimal.ZERO, "Ida Holm", "DK5000400440116243", null, null, null))
                .hasMessageContaining("must be positive");
        assertThatThrownBy(() -> debit(new BigDecimal("1000000000.00"), "Ida Holm", "DK5000400440116243", null, null, null))
                .hasMessageContaining("SEPA maximum");
        assertThat(debit(new BigDecimal("10.500"), "Ida Holm", "DK5000400440116243", null, null, null).amount())
                .isEqualTo(new BigDecimal("10.50"));
    }

    @Test
    void rfReferenceAndRemittanceTextTogetherAreRefused() {
        assertThatThrownBy(() -> debit(BigDecimal.TEN, "Ida Holm", "DK5000400440116243", "RF18539007547034",
                "Kontingent", null)).hasMessageContaining("carries one of them");
    }

    @Test
    void invalidRfReferenceIsRefused() {
        assertThatThrownBy(() -> debit(BigDecimal.TEN, "Ida Holm", "DK5000400440116243", "RF19539007547034", null, null))
                .hasMessageContaining("not a valid RF creditor reference");
    }

    @Test
    void remittanceTextIsReducedAndCutTo140() {
        DirectDebit debit = debit(BigDecimal.TEN, "Ida Holm", "DK5000400440116243", null, "Kontingent – Ærø ".repeat(20),
                null);

        assertThat(debit.remittanceText()).startsWith("Kontingent - Aeroe Kontingent").hasSize(140);
    }

    @Test
    void amendmentMustChangeSomething() {
        assertThatThrownBy(() -> new Amendment(null, null, null, false)).hasMessageContaining("must say what changed");
        assertThatThrownBy(() -> new Amendment(null, null, "DK5000400440116243", true)).hasMessageContaining("not both");
        assertThatThrownBy(() -> debit(BigDecimal.TEN, "Ida Holm", "DK5000400440116243", null, null,
                Amendment.mandateIdChanged("M-1"))).hasMessageContaining("current mandate id");
        assertThatThrownBy(() -> debit(BigDecimal.TEN, "Ida Holm", "DK5000400440116243", null, null,
                Amendment.debtorIbanChanged("DK50 0040 0440 1162 43"))).hasMessageContaining("current debtor IBAN");
    }

    @Test
    void addressNeedsTownAndCountry() {
        assertThatThrownBy(() -> new PostalAddress("Vej", "1", "8000", null, "DK")).hasMessageContaining("town name");
        assertThatThrownBy(() -> new PostalAddress("Vej", "1", "8000", "Aarhus", "Denmark"))
                .hasMessageContaining("country code");
        assertThat(new PostalAddress(null, null, null, "Århus", "dk"))
                .isEqualTo(new PostalAddress(null, null, null, "Aarhus", "DK"));
    }

    @Test
    void blockOfAListCountsAndSumsIt() {
        PaymentBlock block = PaymentBlock.of("B-1", SequenceType.RCUR, FIRST_COLLECTION, SepaSamples.RECURRING);

        assertThat(block.count()).isEqualTo(3);
        assertThat(block.controlSum()).isEqualTo(new BigDecimal("1100.01"));
    }

    @Test
    void fileRefusesTwoBlocksWithOnePaymentInformationId() {
        PaymentBlock block = PaymentBlock.of("B-1", SequenceType.RCUR, FIRST_COLLECTION, SepaSamples.RECURRING);

        assertThatThrownBy(() -> SepaSamples.fileWith(block, block)).hasMessageContaining("used by two blocks");
        assertThatThrownBy(() -> new DirectDebitFile("MSG-1", SepaSamples.CREATED, SepaSamples.CREDITOR, true, List.of()))
                .hasMessageContaining("at least one payment block");
    }

    @Test
    void creditorNeedsAValidCreditorIdentifier() {
        assertThatThrownBy(() -> new Creditor("Klubben", null, "DK5000400440116243", null, "DE97ZZZ09999999999"))
                .hasMessageContaining("check digits");
    }
}
