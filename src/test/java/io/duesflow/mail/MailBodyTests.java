package io.duesflow.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.duesflow.mail.ChargeDocument.CollectionMethod;
import io.duesflow.mail.ChargeDocument.Payment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The built-in mail body is written by {@link MailBody} rather than made from the templates for every member; a
 * member must not be able to tell. Every kind, language and way of paying, and what members type, gives the same
 * body both ways, character for character; an association's own mail template is still used.
 */
class MailBodyTests {

    static final DocumentRenderer renderer = Documents.renderer();

    record Case(String what, DocumentKind kind, ChargeDocument document) {
    }

    static List<Case> cases(Language language) {
        ChargeDocument invoice = Documents.eurInvoice(language);
        List<Case> cases = new ArrayList<>(List.of(
                new Case("EUR invoice with the run's message", DocumentKind.INVOICE, invoice),
                new Case("DKK invoice with the FI code line", DocumentKind.INVOICE, Documents.dkkInvoice(language)),
                new Case("invoice again with the FI code line", DocumentKind.INVOICE_AGAIN,
                        Documents.dkkInvoice(language)),
                new Case("direct debit with its notes", DocumentKind.INVOICE, Documents.directDebitInvoice(language)),
                new Case("Betalingsservice", DocumentKind.INVOICE, Documents.betalingsserviceInvoice()),
                new Case("long invoice", DocumentKind.INVOICE, Documents.longInvoice(language)),
                new Case("first reminder", DocumentKind.FIRST_REMINDER, Documents.reminder(language)),
                new Case("second reminder", DocumentKind.SECOND_REMINDER, Documents.reminder(language)),
                new Case("credit note", DocumentKind.CREDIT_NOTE, Documents.creditNote(language)),
                new Case("receipt, some still owed", DocumentKind.PAYMENT_RECEIPT,
                        Documents.receipt(language, new BigDecimal("500.00"))),
                new Case("receipt, paid in full", DocumentKind.PAYMENT_RECEIPT,
                        Documents.receipt(language, Documents.TOTAL)),
                new Case("card with a payment link", DocumentKind.INVOICE, paidBy(invoice, new Payment(
                        CollectionMethod.CARD, null, null, null, Documents.RF, null, "https://pay.example/x?a=1&b=2"))),
                new Case("card without a link", DocumentKind.INVOICE, paidBy(invoice, new Payment(
                        CollectionMethod.CARD, null, null, null, Documents.RF, null, null))),
                new Case("manual", DocumentKind.INVOICE, paidBy(invoice, new Payment(
                        CollectionMethod.MANUAL, null, null, null, Documents.RF, null, null)))));
        for (String message : new String[] {null, "", "   \n ", "Line one\r\nLine <two> & \"three\" 'four'"}) {
            cases.add(new Case("message " + message, DocumentKind.INVOICE, withMessage(invoice, message)));
        }
        ChargeDocument.Debtor sneaky = new ChargeDocument.Debtor(7, "Bob <b>&amp; Co</b> O'Neil \"Jr\" 漢字 😀 Łukasz\t\u0007",
                invoice.member().address(), "bob@example.org", language);
        cases.add(new Case("a name with markup", DocumentKind.INVOICE, new ChargeDocument(invoice.association(), sneaky,
                invoice.number(), invoice.issueDate(), invoice.dueDate(), invoice.period(), invoice.lines(),
                invoice.total(), null, null, invoice.message(), null, null, invoice.payment())));
        return cases;
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void theWrittenBodyIsWhatTheBuiltInTemplatesMakeForEveryKindAndWayOfPaying(Language language) {
        for (Case c : cases(language)) {
            assertThat(renderer.render(c.kind(), c.document()).html()).as(c.what())
                    .isEqualTo(renderer.mailFromTemplates(c.kind(), c.document()));
        }
    }

    @Test
    void anAssociationsOwnMailTemplateIsStillUsed(@TempDir Path own) throws Exception {
        Path mail = own.resolve("invoice/mail.html");
        Files.createDirectories(mail.getParent());
        Files.writeString(mail, "<html><body><p th:text=\"|Own: ${doc.number}|\">x</p></body></html>");
        Path letter = own.resolve("document/mail.html");

        assertThat(Documents.renderer(own).render(DocumentKind.INVOICE, Documents.eurInvoice(Language.EN)).html())
                .contains("<p>Own: 2026-00042</p>");
        assertThat(Documents.renderer(own).render(DocumentKind.CREDIT_NOTE, Documents.creditNote(Language.EN)).html())
                .as("a kind without one of its own").isEqualTo(renderer.render(DocumentKind.CREDIT_NOTE,
                        Documents.creditNote(Language.EN)).html());

        Files.createDirectories(letter.getParent());
        Files.writeString(letter, "<html th:fragment=\"mail(content)\"><body><p>Own frame</p>"
                + "<div th:replace=\"${content}\"></div></body></html>");
        assertThat(Documents.renderer(own).render(DocumentKind.CREDIT_NOTE, Documents.creditNote(Language.EN)).html())
                .as("the frame every mail builds on").contains("<p>Own frame</p>", "2026-00057");
    }

    private static ChargeDocument paidBy(ChargeDocument d, Payment payment) {
        return new ChargeDocument(d.association(), d.member(), d.number(), d.issueDate(), d.dueDate(), d.period(),
                d.lines(), d.total(), null, null, d.message(), null, null, payment);
    }

    private static ChargeDocument withMessage(ChargeDocument d, String message) {
        return new ChargeDocument(d.association(), d.member(), d.number(), d.issueDate(), d.dueDate(), d.period(),
                d.lines(), d.total(), null, null, message, null, null, d.payment());
    }
}
