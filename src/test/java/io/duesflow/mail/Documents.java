package io.duesflow.mail;

import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import io.duesflow.banking.PaymentReferences;
import io.duesflow.mail.ChargeDocument.Address;
import io.duesflow.mail.ChargeDocument.Creditor;
import io.duesflow.mail.ChargeDocument.Debtor;
import io.duesflow.mail.ChargeDocument.Line;
import io.duesflow.mail.ChargeDocument.Original;
import io.duesflow.mail.ChargeDocument.Payment;
import io.duesflow.mail.ChargeDocument.Period;
import io.duesflow.mail.ChargeDocument.Received;

/** Associations, members and documents the tests and the benchmark render. */
final class Documents {

    static final Creditor DUTCH_CLUB = new Creditor("Roeivereniging De Amstel",
            new Address("Amsteldijk", "25", "1074 HT", "Amsterdam", "NL"), "penningmeester@deamstel.nl",
            "NL91ABNA0417164300", "ABNANL2A", "EUR", "NL79ZZZ999999990000", null);

    static final Creditor DANISH_CLUB = new Creditor("Roklubben Øresund",
            new Address("Strandvejen", "12", "2900", "Hellerup", "DK"), "kasserer@roklub-oresund.dk",
            "DK5000400440116243", "NDEADKKK", "DKK", null, "12345678");

    static final LocalDate ISSUED = LocalDate.of(2027, 2, 1);
    static final LocalDate DUE = LocalDate.of(2027, 3, 1);
    static final Period YEAR_2027 = new Period(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 12, 31));
    static final String NUMBER = "2026-00042";
    static final String RF = PaymentReferences.rfFromCharge(NUMBER);

    static final List<Line> LINES = List.of(
            new Line("Contributie 2027", new BigDecimal("1050.00")),
            new Line("Botenloods", new BigDecimal("184.50")));
    static final BigDecimal TOTAL = new BigDecimal("1234.50");

    private Documents() {
    }

    static Debtor member(Language language) {
        return switch (language) {
            case NL -> new Debtor(1042, "Sanne de Vries", new Address("Prinsengracht", "263", "1016 GV", "Amsterdam", "NL"),
                    "sanne@example.nl", Language.NL);
            case DA -> new Debtor(1043, "Mette Sørensen", new Address("Vestergade", "3, 2. th.", "8000", "Aarhus C", "DK"),
                    "mette@example.dk", Language.DA);
            case EN -> new Debtor(1044, "James O’Connor", new Address("Ferry Road", "17", "EH6 4AE", "Edinburgh", "GB"),
                    "james@example.co.uk", Language.EN);
        };
    }

    /** An EUR invoice by bank transfer with an RF reference: the one that carries the QR code. */
    static ChargeDocument eurInvoice(Language language) {
        return new ChargeDocument(DUTCH_CLUB, member(language), NUMBER, ISSUED, DUE, YEAR_2027, LINES, TOTAL,
                null, null, "Algemene ledenvergadering op 14 maart in het botenhuis.", null, null,
                Payment.byInvoice(RF, null));
    }

    /** An EUR invoice of forty long lines: more than a page. */
    static ChargeDocument longInvoice(Language language) {
        List<Line> lines = new java.util.ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            lines.add(new Line("Boat storage, rack " + i + ", for the whole of the season 2027 including the winter "
                    + "months in the shed", new BigDecimal("25.00")));
        }
        return new ChargeDocument(DUTCH_CLUB, member(language), NUMBER, ISSUED, DUE, YEAR_2027, lines,
                new BigDecimal("1000.00"), null, null, null, null, null, Payment.byInvoice(RF, null));
    }

    static ChargeDocument dkkInvoice(Language language) {
        return new ChargeDocument(DANISH_CLUB, member(language), NUMBER, ISSUED, DUE, YEAR_2027,
                List.of(new Line("Kontingent 2027", new BigDecimal("1800.00")), new Line("Bådplads", new BigDecimal("450.00"))),
                new BigDecimal("2250.00"), null, null, null, null, null,
                Payment.byInvoice(null, PaymentReferences.fik71PaymentId(42)));
    }

    static ChargeDocument directDebitInvoice(Language language) {
        return new ChargeDocument(DUTCH_CLUB, member(language), NUMBER, ISSUED, DUE, YEAR_2027, LINES, TOTAL,
                null, null, null, null, null,
                Payment.bySepaDirectDebit("NL02RABO0123456789", "DA-1042-2019", LocalDate.of(2027, 3, 3)));
    }

    static ChargeDocument betalingsserviceInvoice() {
        ChargeDocument dkk = dkkInvoice(Language.DA);
        return new ChargeDocument(DANISH_CLUB, dkk.member(), NUMBER, ISSUED, DUE, YEAR_2027, dkk.lines(), dkk.total(),
                null, null, null, null, null, Payment.byBetalingsservice(LocalDate.of(2027, 3, 1)));
    }

    /** The invoice above, 400 paid, reminded with a fee of 50 and a new due date. */
    static ChargeDocument reminder(Language language) {
        return new ChargeDocument(DUTCH_CLUB, member(language), NUMBER, LocalDate.of(2027, 3, 15),
                LocalDate.of(2027, 3, 29), YEAR_2027, LINES, TOTAL, new BigDecimal("400.00"), new BigDecimal("50.00"),
                null, new Original(NUMBER, ISSUED, DUE), null, Payment.byInvoice(RF, null));
    }

    static ChargeDocument creditNote(Language language) {
        return new ChargeDocument(DUTCH_CLUB, member(language), "2026-00057", LocalDate.of(2027, 2, 10), LocalDate.of(2027, 2, 10),
                YEAR_2027, List.of(new Line("Botenloods", new BigDecimal("-184.50"))), new BigDecimal("-184.50"),
                null, null, null, new Original(NUMBER, ISSUED, DUE), null, Payment.byInvoice(null, null));
    }

    static ChargeDocument receipt(Language language, BigDecimal received) {
        return new ChargeDocument(DUTCH_CLUB, member(language), NUMBER, LocalDate.of(2027, 2, 20), DUE, YEAR_2027, LINES, TOTAL,
                received, null, null, null, new Received(received, LocalDate.of(2027, 2, 19)), Payment.byInvoice(RF, null));
    }

    static AssociationNotice notice(Language language, int reminderLevel) {
        return new AssociationNotice("Roklubben Øresund", language, "Kontingent marts 2027",
                new Period(LocalDate.of(2027, 3, 1), LocalDate.of(2027, 3, 31)), 412, 398, new BigDecimal("98880.00"),
                "DKK", LocalDate.of(2027, 3, 20), reminderLevel, "http://localhost:8080/camunda/app/tasklist/");
    }

    static DocumentRenderer renderer() {
        return new DocumentRenderer(new DocumentTemplates(), new PdfPrinter());
    }

    /** With an association's own templates in a folder, as {@code DUESFLOW_MAIL_TEMPLATES_DIR} gives them. */
    static DocumentRenderer renderer(Path ownTemplates) {
        return new DocumentRenderer(new DocumentTemplates(ownTemplates, Duration.ofSeconds(10)), new PdfPrinter());
    }

    /** The deliberately broken templates of src/test/resources/broken-templates, as an association's own. */
    static Path brokenTemplates() {
        try {
            return Path.of(Documents.class.getResource("/broken-templates").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
