package io.duesflow.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An association's own templates ({@code DUESFLOW_MAIL_TEMPLATES_DIR}) beside the built-in ones: an own mail body
 * changes the mail, an own PDF template the PDF of its kind (printed from HTML), and without one the built-in letter
 * is drawn, saying what the built-in PDF templates say.
 */
class OwnTemplatesTests {

    static final DocumentRenderer builtIn = Documents.renderer();

    @TempDir
    Path own;

    @Test
    void anOwnInvoiceTemplateMakesTheInvoicesPdfAndTheOtherDocumentsStayAsBuiltIn() throws IOException {
        String invoice = builtInTemplate("invoice/invoice.html").replace("</div>\n</body>",
                "  <p>Thank you for rowing with us.</p>\n</div>\n</body>");
        write("invoice/invoice.html", invoice);
        DocumentRenderer renderer = Documents.renderer(own);

        RenderedDocument ownInvoice = renderer.render(DocumentKind.INVOICE, Documents.eurInvoice(Language.EN));
        RenderedDocument reminder = renderer.render(DocumentKind.FIRST_REMINDER, Documents.reminder(Language.EN));

        assertThat(Pdfs.text(ownInvoice.pdf())).contains("Thank you for rowing with us.", "Invoice", "EUR 1,234.50");
        assertThat(Pdfs.qrCode(ownInvoice.pdf())).isPresent();
        assertThat(Pdfs.text(reminder.pdf())).doesNotContain("rowing")
                .isEqualTo(Pdfs.text(builtIn.render(DocumentKind.FIRST_REMINDER, Documents.reminder(Language.EN)).pdf()));
    }

    @Test
    void anOwnMailTemplateChangesTheMailAndLeavesThePdfAsBuiltIn() throws IOException {
        write("invoice/mail.html", """
                <!DOCTYPE html>
                <html xmlns:th="http://www.thymeleaf.org">
                <body><p th:text="|Ahoy ${doc.member.name}, invoice ${doc.number} is attached.|">Ahoy</p></body>
                </html>
                """);

        RenderedDocument invoice = Documents.renderer(own).render(DocumentKind.INVOICE, Documents.eurInvoice(Language.EN));

        assertThat(invoice.text()).isEqualTo("Ahoy James O’Connor, invoice 2026-00042 is attached.\n");
        assertThat(Pdfs.text(invoice.pdf()))
                .isEqualTo(Pdfs.text(builtIn.render(DocumentKind.INVOICE, Documents.eurInvoice(Language.EN)).pdf()));
    }

    static Stream<Arguments> documents() {
        return Stream.of(
                Arguments.of("EUR invoice, en", DocumentKind.INVOICE, Documents.eurInvoice(Language.EN)),
                Arguments.of("EUR invoice, da", DocumentKind.INVOICE, Documents.eurInvoice(Language.DA)),
                Arguments.of("EUR invoice, nl", DocumentKind.INVOICE, Documents.eurInvoice(Language.NL)),
                Arguments.of("DKK invoice with +71 line", DocumentKind.INVOICE, Documents.dkkInvoice(Language.DA)),
                Arguments.of("direct debit", DocumentKind.INVOICE, Documents.directDebitInvoice(Language.NL)),
                Arguments.of("Betalingsservice", DocumentKind.INVOICE, Documents.betalingsserviceInvoice()),
                Arguments.of("invoice over pages", DocumentKind.INVOICE, Documents.longInvoice(Language.EN)),
                Arguments.of("first reminder", DocumentKind.FIRST_REMINDER, Documents.reminder(Language.EN)),
                Arguments.of("second reminder", DocumentKind.SECOND_REMINDER, Documents.reminder(Language.DA)),
                Arguments.of("credit note", DocumentKind.CREDIT_NOTE, Documents.creditNote(Language.NL)),
                Arguments.of("receipt, part paid", DocumentKind.PAYMENT_RECEIPT,
                        Documents.receipt(Language.EN, new BigDecimal("1000.00"))),
                Arguments.of("receipt, paid in full", DocumentKind.PAYMENT_RECEIPT,
                        Documents.receipt(Language.DA, new BigDecimal("1234.50"))));
    }

    /**
     * A copy of the built-in letter is an own template, so the PDF is printed from HTML: it must say all that the
     * drawn letter says, word for word (wherever the two layouts break their lines), QR code included.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void aCopyOfTheBuiltInLetterPrintsWhatTheDrawnLetterSays(String name, DocumentKind kind, ChargeDocument document)
            throws IOException {
        write("document/letter.html", builtInTemplate("document/letter.html"));

        byte[] printed = Documents.renderer(own).render(kind, document).pdf();
        byte[] drawn = builtIn.render(kind, document).pdf();

        assertThat(words(drawn)).isEqualTo(words(printed));
        assertThat(Pdfs.pages(drawn)).isEqualTo(Pdfs.pages(printed));
        assertThat(Pdfs.qrCode(drawn, Pdfs.pages(drawn))).isEqualTo(Pdfs.qrCode(printed, Pdfs.pages(printed)));
    }

    private static List<String> words(byte[] pdf) {
        return Arrays.stream(Pdfs.text(pdf).strip().split(" ")).sorted().toList();
    }

    private static String builtInTemplate(String name) throws IOException {
        try (InputStream in = OwnTemplatesTests.class.getResourceAsStream("/" + DocumentTemplates.FOLDER + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void write(String name, String template) throws IOException {
        Path file = own.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, template);
    }
}
