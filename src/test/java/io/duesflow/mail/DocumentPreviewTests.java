package io.duesflow.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * Writes one document of each kind as PDF (and the mail bodies as HTML) under {@code target/documents/}, so a
 * person can look at them: {@code pdftoppm -png -r 80 target/documents/invoice-en.pdf target/documents/invoice-en}.
 */
class DocumentPreviewTests {

    static final Path OUT = Path.of("target/documents");

    final DocumentRenderer renderer = Documents.renderer();

    @Test
    void writesOneOfEachDocumentForALookByEye() throws IOException {
        Files.createDirectories(OUT);
        for (Language language : Language.values()) {
            String code = language.name().toLowerCase();
            write("invoice-" + code, renderer.render(DocumentKind.INVOICE, Documents.eurInvoice(language)));
        }
        write("invoice-long-en", renderer.render(DocumentKind.INVOICE, Documents.longInvoice(Language.EN)));
        write("invoice-dkk-da", renderer.render(DocumentKind.INVOICE, Documents.dkkInvoice(Language.DA)));
        write("invoice-direct-debit-nl", renderer.render(DocumentKind.INVOICE, Documents.directDebitInvoice(Language.NL)));
        write("invoice-betalingsservice-da", renderer.render(DocumentKind.INVOICE, Documents.betalingsserviceInvoice()));
        write("first-reminder-en", renderer.render(DocumentKind.FIRST_REMINDER, Documents.reminder(Language.EN)));
        write("second-reminder-da", renderer.render(DocumentKind.SECOND_REMINDER, Documents.reminder(Language.DA)));
        write("credit-note-nl", renderer.render(DocumentKind.CREDIT_NOTE, Documents.creditNote(Language.NL)));
        write("receipt-en", renderer.render(DocumentKind.PAYMENT_RECEIPT, Documents.receipt(Language.EN, new java.math.BigDecimal("1000.00"))));
        write("draft-run-notice-da", renderer.render(DocumentKind.DRAFT_RUN_NOTICE, Documents.notice(Language.DA, 0)));
        write("run-expired-notice-en", renderer.render(DocumentKind.RUN_EXPIRED_NOTICE, Documents.notice(Language.EN, 0)));
        write("reminder-round-notice-nl", renderer.render(DocumentKind.REMINDER_ROUND_NOTICE, Documents.notice(Language.NL, 2)));

        assertThat(OUT.resolve("invoice-en.pdf")).exists();
    }

    private static void write(String name, RenderedDocument document) throws IOException {
        if (document.hasPdf()) {
            Files.write(OUT.resolve(name + ".pdf"), document.pdf());
        }
        Files.writeString(OUT.resolve(name + ".html"), document.html());
        Files.writeString(OUT.resolve(name + ".txt"), document.subject() + "\n\n" + document.text());
    }
}
