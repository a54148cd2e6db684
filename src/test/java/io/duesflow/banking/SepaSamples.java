package io.duesflow.banking;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/** A small association collecting from members across the SEPA area: the sample file of the writer's tests. */
final class SepaSamples {

    static final LocalDate FIRST_COLLECTION = LocalDate.of(2027, 1, 4);
    static final LocalDate RECURRING_COLLECTION = LocalDate.of(2027, 1, 6);
    static final LocalDateTime CREATED = LocalDateTime.of(2026, 12, 21, 9, 30, 0);

    static final Creditor CREDITOR = new Creditor("Roklubben Ærø & Venner",
            new PostalAddress("Havnevej", "3", "5970", "Ærøskøbing", "DK"),
            "DE89 3704 0044 0532 0130 00", "COBADEFFXXX", "DE98ZZZ09999999999");

    /** First collection, BIC, Danish address, RF reference. */
    static final DirectDebit SOEREN = new DirectDebit("2027-00001-1", new BigDecimal("250"), "M-0001",
            LocalDate.of(2020, 3, 1), null, "Søren Ærø Ålborg",
            new PostalAddress("Søndergade", "12B", "8000", "Aarhus C", "DK"), "DK5000400440116243", "DABADKKK",
            PaymentReferences.rfFromCharge("2027-00001"), null);

    /** First collection without BIC or address, unstructured remittance. */
    static final DirectDebit ANNEKE = new DirectDebit("2027-00002-1", new BigDecimal("12.5"), "M-0002",
            LocalDate.of(2026, 11, 30), null, "Anneke de Vries-van Dijk", null, "NL91ABNA0417164300", null,
            null, "Contributie 2027 – kwartaal 1");

    /** Recurring; the creditor renumbered the mandate and the member moved to another IBAN at a known bank. */
    static final DirectDebit JUERGEN = new DirectDebit("2027-00003-1", new BigDecimal("99.99"), "M-0003-B",
            LocalDate.of(2019, 5, 20), new Amendment("M-0003", null, "AT611904300234573201", false),
            "Jürgen Groß", new PostalAddress("Hauptstraße", "1", "1010", "Wien", "AT"), "BE68539007547034",
            "GEBABEBB", PaymentReferences.rfFromCharge("2027-00003"), null);

    /** Recurring; a new account at an unknown bank (SMNDA), Dutch address with a typographic apostrophe. */
    static final DirectDebit MAARTEN = new DirectDebit("2027-00004-1", new BigDecimal("1000.01"), "M-0004",
            LocalDate.of(2018, 1, 15), Amendment.newDebtorAccount(), "Maarten van ’t Hek",
            new PostalAddress("Hoogstraat", "12", "5211 AB", "’s-Hertogenbosch", "NL"), "NL91ABNA0417164300",
            null, null, "Contributie 2027");

    /** Recurring; the association got its creditor identifier from another country before. */
    static final DirectDebit CAMILLE = new DirectDebit("2027-00005-1", new BigDecimal("0.01"), "M-0005",
            LocalDate.of(2021, 9, 9), Amendment.creditorSchemeIdChanged("AT61ZZZ01234567890"), "Camille Dupré",
            null, "FR1420041010050500013M02606", null, PaymentReferences.rfFromCharge("2027-00005"), null);

    static final List<DirectDebit> FIRST = List.of(SOEREN, ANNEKE);
    static final List<DirectDebit> RECURRING = List.of(JUERGEN, MAARTEN, CAMILLE);

    private SepaSamples() {
    }

    /** Two blocks: FRST on 4 January 2027, RCUR on 6 January 2027. */
    static DirectDebitFile file(boolean batchBooking) {
        return new DirectDebitFile("DUESFLOW-RUN-17-20261221", CREATED, CREDITOR, batchBooking, List.of(
                PaymentBlock.of("RUN-17-FRST-20270104", SequenceType.FRST, FIRST_COLLECTION, FIRST),
                PaymentBlock.of("RUN-17-RCUR-20270106", SequenceType.RCUR, RECURRING_COLLECTION, RECURRING)));
    }

    static DirectDebitFile fileWith(PaymentBlock... blocks) {
        return new DirectDebitFile("DUESFLOW-TEST", CREATED, CREDITOR, true, List.of(blocks));
    }

    static BigDecimal sum(List<DirectDebit> debits) {
        return debits.stream().map(DirectDebit::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
