package io.duesflow.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;

import io.duesflow.banking.PaymentReferences;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class DocumentRendererTests {

    // One renderer for the class, as in the application: templates are parsed once.
    static final DocumentRenderer renderer = Documents.renderer();

    /** What an invoice must say in each language. */
    record Expected(String title, String dueDateLabel, String total, String dueDate, String period, String payHeading) {

        static Expected in(Language language) {
            return switch (language) {
                case EN -> new Expected("Invoice", "Due date", "1,234.50", "1 March 2027", "1 January – 31 December 2027", "How to pay");
                case DA -> new Expected("Faktura", "Forfaldsdato", "1.234,50", "1. marts 2027", "1. januar – 31. december 2027", "Sådan betaler du");
                case NL -> new Expected("Factuur", "Vervaldatum", "1.234,50", "1 maart 2027", "1 januari – 31 december 2027", "Zo betaalt u");
            };
        }
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void anInvoiceSaysInTheMembersLanguageWhatIsOwedByWhenAndHowToPay(Language language) {
        ChargeDocument invoice = Documents.eurInvoice(language);
        Expected expected = Expected.in(language);

        String text = Pdfs.text(renderer.render(DocumentKind.INVOICE, invoice).pdf());

        assertThat(text).contains(expected.title(), "2026-00042", invoice.member().name(),
                String.valueOf(invoice.member().number()), "Roeivereniging De Amstel", "Amsteldijk 25");
        assertThat(text).contains(expected.dueDateLabel(), expected.dueDate(), expected.period());
        assertThat(text).contains("EUR " + expected.total());
        assertThat(text).contains(language == Language.EN ? "1,050.00" : "1.050,00", "184" + (language == Language.EN ? ".50" : ",50"));
        assertThat(text).contains(expected.payHeading(), "NL91 ABNA 0417 1643 00", "ABNANL2A", PaymentReferences.formatRf(Documents.RF));
        assertThat(text).contains("Algemene ledenvergadering op 14 maart");
        assertThat(Pdfs.pages(renderer.render(DocumentKind.INVOICE, invoice).pdf())).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void aEurInvoiceCarriesAnEpcQrCodeWhoseFieldsAreTheCharges(Language language) {
        ChargeDocument invoice = Documents.eurInvoice(language);

        String payload = Pdfs.qrCode(renderer.render(DocumentKind.INVOICE, invoice).pdf()).orElseThrow();

        List<String> fields = List.of(payload.split("\n", -1));
        assertThat(fields).hasSize(12);
        assertThat(fields.subList(0, 4)).containsExactly("BCD", "002", "1", "SCT");
        assertThat(fields.get(4)).isEqualTo(invoice.association().bic());
        assertThat(fields.get(5)).isEqualTo(invoice.association().name());
        assertThat(fields.get(6)).isEqualTo(invoice.association().iban());
        assertThat(fields.get(7)).isEqualTo("EUR1234.50");
        assertThat(fields.get(8)).as("purpose").isEmpty();
        assertThat(fields.get(9)).as("structured reference").isEqualTo(invoice.payment().rfReference());
        assertThat(fields.get(10)).as("no unstructured text beside a reference").isEmpty();
        assertThat(fields.get(11)).as("information for the payer").contains("2026-00042");
    }

    @Test
    void aReminderAsksForWhatIsStillOwedPlusTheFeeAndShowsTheOriginalDueDate() {
        ChargeDocument reminder = Documents.reminder(Language.EN);

        RenderedDocument rendered = renderer.render(DocumentKind.FIRST_REMINDER, reminder);

        String text = Pdfs.text(rendered.pdf());
        assertThat(text).contains("Reminder", "Invoice no.", "2026-00042", "has not yet been paid in full");
        assertThat(text).contains("Original due date", "1 March 2027", "Pay by", "29 March 2027");
        assertThat(text).contains("Total", "1,234.50", "Already paid", "-400.00", "Still owed", "834.50",
                "Reminder fee", "50.00", "Amount to pay", "EUR 884.50");
        assertThat(Pdfs.qrCode(rendered.pdf()).orElseThrow()).contains("\nEUR884.50\n");
        assertThat(rendered.text()).contains("EUR 884.50", "29 March 2027");
    }

    @Test
    void aSecondReminderInDanishSaysItIsTheSecond() {
        String text = Pdfs.text(renderer.render(DocumentKind.SECOND_REMINDER, Documents.reminder(Language.DA)).pdf());

        assertThat(text).contains("2. betalingspåmindelse", "Oprindelig forfaldsdato", "1. marts 2027",
                "Skyldigt beløb", "834,50", "Rykkergebyr", "At betale", "EUR 884,50", "29. marts 2027");
    }

    @Test
    void aDkkInvoiceShowsTheFiCodeLineInsteadOfAQrCode() {
        RenderedDocument rendered = renderer.render(DocumentKind.INVOICE, Documents.dkkInvoice(Language.DA));

        assertThat(Pdfs.text(rendered.pdf())).contains("Faktura", "DKK 2.250,00", "indbetalingskort 71");
        assertThat(Pdfs.lines(rendered.pdf()).lines()).as("the code line is never broken")
                .contains("+71<000000000000422 +12345678<");
        assertThat(Pdfs.qrCode(rendered.pdf())).isEmpty();
        assertThat(rendered.html()).contains("+71&lt;000000000000422 +12345678&lt;");
    }

    @Test
    void aDirectDebitInvoiceShowsTheMaskedIbanAndTheCollectionDateAndNoQrCode() {
        RenderedDocument rendered = renderer.render(DocumentKind.INVOICE, Documents.directDebitInvoice(Language.NL));

        String text = Pdfs.text(rendered.pdf());
        assertThat(text).contains("Het bedrag van EUR 1.234,50 wordt op 3 maart 2027 afgeschreven van rekening NL••••••••89",
                "Machtigingskenmerk: DA-1042-2019", "Incassant-ID: NL79ZZZ999999990000");
        assertThat(text).doesNotContain("NL02RABO0123456789", "RABO 0123");
        assertThat(Pdfs.qrCode(rendered.pdf())).isEmpty();
        assertThat(rendered.html()).doesNotContain("0123456789");
    }

    @Test
    void aBetalingsserviceInvoiceSaysTheAmountIsCollectedThroughBetalingsservice() {
        String text = Pdfs.text(renderer.render(DocumentKind.INVOICE, Documents.betalingsserviceInvoice()).pdf());

        assertThat(text).contains("Beløbet på DKK 2.250,00 trækkes via Betalingsservice den 1. marts 2027.");
        assertThat(text).doesNotContain("+71<");
    }

    @Test
    void aCreditNoteHasNegativeAmountsAndNothingToPay() {
        RenderedDocument rendered = renderer.render(DocumentKind.CREDIT_NOTE, Documents.creditNote(Language.NL));

        String text = Pdfs.text(rendered.pdf());
        assertThat(text).contains("Creditnota", "2026-00057", "Factuur", "2026-00042", "-184,50", "EUR -184,50",
                "Deze creditnota vermindert factuur 2026-00042 met EUR 184,50.");
        assertThat(text).doesNotContain("Zo betaalt u", "Vervaldatum");
        assertThat(Pdfs.qrCode(rendered.pdf())).isEmpty();
    }

    @Test
    void aReceiptConfirmsThePaymentAndSaysWhatIsStillOutstanding() {
        RenderedDocument partly = renderer.render(DocumentKind.PAYMENT_RECEIPT, Documents.receipt(Language.EN, new BigDecimal("1000.00")));
        RenderedDocument fully = renderer.render(DocumentKind.PAYMENT_RECEIPT, Documents.receipt(Language.EN, new BigDecimal("1234.50")));

        assertThat(Pdfs.text(partly.pdf())).contains("Payment receipt", "We received your payment of EUR 1,000.00 on 19 February 2027",
                "EUR 234.50 of invoice 2026-00042 is still outstanding", "How to pay");
        assertThat(Pdfs.qrCode(partly.pdf())).as("a receipt asks for no new payment by QR code").isEmpty();
        assertThat(Pdfs.text(fully.pdf())).contains("Invoice 2026-00042 is now paid in full.").doesNotContain("How to pay");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            INVOICE         | EN | Invoice 2026-00042 from Roeivereniging De Amstel                      | invoice-2026-00042.pdf
            INVOICE         | DA | Faktura 2026-00042 fra Roeivereniging De Amstel                      | faktura-2026-00042.pdf
            INVOICE         | NL | Factuur 2026-00042 van Roeivereniging De Amstel                      | factuur-2026-00042.pdf
            FIRST_REMINDER  | EN | Reminder: invoice 2026-00042 from Roeivereniging De Amstel           | reminder-2026-00042.pdf
            FIRST_REMINDER  | DA | Betalingspåmindelse: faktura 2026-00042 fra Roeivereniging De Amstel | påmindelse-2026-00042.pdf
            SECOND_REMINDER | NL | Tweede herinnering: factuur 2026-00042 van Roeivereniging De Amstel  | herinnering-2026-00042.pdf
            CREDIT_NOTE     | EN | Credit note 2026-00057 from Roeivereniging De Amstel                 | credit-note-2026-00057.pdf
            CREDIT_NOTE     | DA | Kreditnota 2026-00057 fra Roeivereniging De Amstel                   | kreditnota-2026-00057.pdf
            CREDIT_NOTE     | NL | Creditnota 2026-00057 van Roeivereniging De Amstel                   | creditnota-2026-00057.pdf
            PAYMENT_RECEIPT | EN | Receipt for invoice 2026-00042 from Roeivereniging De Amstel         | receipt-2026-00042.pdf
            PAYMENT_RECEIPT | DA | Kvittering for betaling af faktura 2026-00042 fra Roeivereniging De Amstel | kvittering-2026-00042.pdf
            PAYMENT_RECEIPT | NL | Betalingsbewijs voor factuur 2026-00042 van Roeivereniging De Amstel | betalingsbewijs-2026-00042.pdf
            """)
    void subjectAndAttachmentNameAreInTheMembersLanguage(DocumentKind kind, Language language, String subject, String fileName) {
        ChargeDocument document = switch (kind) {
            case INVOICE -> Documents.eurInvoice(language);
            case FIRST_REMINDER, SECOND_REMINDER -> Documents.reminder(language);
            case CREDIT_NOTE -> Documents.creditNote(language);
            default -> Documents.receipt(language, new BigDecimal("1234.50"));
        };

        RenderedDocument rendered = renderer.render(kind, document);

        assertThat(rendered.subject()).isEqualTo(subject);
        assertThat(rendered.pdfFileName()).isEqualTo(fileName);
        assertThat(rendered.pdf()).startsWith("%PDF-".getBytes());
    }

    @Test
    void theMailBodyGreetsTheMemberAndCarriesThePaymentInstructionAlsoAsPlainText() {
        RenderedDocument rendered = renderer.render(DocumentKind.INVOICE, Documents.eurInvoice(Language.DA));

        assertThat(rendered.html()).contains("Kære Mette Sørensen,", "Med venlig hilsen");
        assertThat(rendered.text())
                .startsWith("Kære Mette Sørensen,\n")
                .contains("Vedhæftet finder du faktura 2026-00042 på EUR 1.234,50 med forfaldsdato 1. marts 2027.")
                .contains("Overfør venligst EUR 1.234,50 senest den 1. marts 2027 til Roeivereniging De Amstel, "
                        + "IBAN NL91 ABNA 0417 1643 00, BIC ABNANL2A, og angiv referencen " + PaymentReferences.formatRf(Documents.RF) + ".")
                .doesNotContain("<", "&amp;");
    }

    @Test
    void whatAMemberTypedIsPrintedAsTextNeverAsMarkup() {
        ChargeDocument invoice = Documents.eurInvoice(Language.EN);
        ChargeDocument.Debtor sneaky = new ChargeDocument.Debtor(7, "Bob <b>&amp; Co</b> <img src=\"file:///etc/passwd\"/>",
                invoice.member().address(), "bob@example.org", Language.EN);
        ChargeDocument document = new ChargeDocument(invoice.association(), sneaky, invoice.number(), invoice.issueDate(),
                invoice.dueDate(), invoice.period(), invoice.lines(), invoice.total(), null, null, "Line one\nLine <two>",
                null, null, invoice.payment());

        RenderedDocument rendered = renderer.render(DocumentKind.INVOICE, document);

        assertThat(Pdfs.text(rendered.pdf())).contains("Bob <b>&amp; Co</b>", "Line <two>");
        assertThat(rendered.html()).contains("Bob &lt;b&gt;&amp;amp; Co&lt;/b&gt;").doesNotContain("<img");
    }

    @Test
    void aNameBeyondTheBuiltInFontsIsPrintedWithItsClosestLettersAndMailedAsItIs() {
        ChargeDocument invoice = Documents.eurInvoice(Language.EN);
        ChargeDocument.Debtor polish = new ChargeDocument.Debtor(8, "Łukasz Żółć", invoice.member().address(),
                "lukasz@example.pl", Language.EN);
        ChargeDocument document = new ChargeDocument(invoice.association(), polish, invoice.number(), invoice.issueDate(),
                invoice.dueDate(), invoice.period(), invoice.lines(), invoice.total(), null, null, null, null, null,
                invoice.payment());

        RenderedDocument rendered = renderer.render(DocumentKind.INVOICE, document);

        assertThat(Pdfs.text(rendered.pdf())).contains("Lukasz Zólc").doesNotContain("#");
        assertThat(rendered.html()).contains("Łukasz Żółć");
    }

    @Test
    void aNameWithControlCharactersAndLettersNoBuiltInFontHasStillPrints() {
        ChargeDocument invoice = Documents.eurInvoice(Language.EN);
        ChargeDocument.Debtor odd = new ChargeDocument.Debtor(9, "Tab\tand\u0007bell 漢字 😀 Ærø", invoice.member().address(),
                "odd@example.org", Language.EN);
        ChargeDocument document = new ChargeDocument(invoice.association(), odd, invoice.number(), invoice.issueDate(),
                invoice.dueDate(), invoice.period(), invoice.lines(), invoice.total(), null, null, null, null, null,
                invoice.payment());

        RenderedDocument rendered = renderer.render(DocumentKind.INVOICE, document);

        assertThat(Pdfs.text(rendered.pdf())).contains("Tab and bell ?? ? Ærø");
        assertThat(rendered.html()).contains("漢字 😀 Ærø");
    }

    @Test
    void theDrawnPdfIsAFileAStrictReaderOpensAndPrintsBracketsBackslashesAndEuroSignsAsTyped() {
        ChargeDocument invoice = Documents.eurInvoice(Language.EN);
        ChargeDocument.Debtor brackets = new ChargeDocument.Debtor(10, "Ann (Treasurer) \\ Co. €5 ‰ Œuvre",
                invoice.member().address(), "ann@example.org", Language.EN);
        ChargeDocument document = new ChargeDocument(invoice.association(), brackets, invoice.number(),
                invoice.issueDate(), invoice.dueDate(), invoice.period(), invoice.lines(), invoice.total(), null, null,
                "Bring (2) oars)", null, null, invoice.payment());

        byte[] pdf = renderer.render(DocumentKind.INVOICE, document).pdf();

        assertThat(Pdfs.text(pdf)).contains("Ann (Treasurer) \\ Co. €5 ‰ Œuvre", "Bring (2) oars)");
        // A lenient reader (PDFBox among them) rebuilds a broken cross-reference table unnoticed; a strict one
        // refuses the file. Every entry must point at its object, every stream be as long as it says.
        String file = new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher startXref = java.util.regex.Pattern.compile("startxref\n(\\d+)\n%%EOF\n$").matcher(file);
        assertThat(startXref.find()).as("startxref at the end").isTrue();
        int xref = Integer.parseInt(startXref.group(1));
        assertThat(file.substring(xref)).startsWith("xref\n0 ");
        java.util.regex.Matcher entries = java.util.regex.Pattern.compile("(\\d{10}) 00000 n\r\n")
                .matcher(file.substring(xref));
        int object = 1;
        while (entries.find()) {
            assertThat(file.substring(Integer.parseInt(entries.group(1)))).startsWith(object + " 0 obj\n");
            object++;
        }
        assertThat(file.substring(xref)).contains("/Size " + object + "\n");
        java.util.regex.Matcher streams = java.util.regex.Pattern.compile("(?s)/Length (\\d+)\n.*?stream\n")
                .matcher(file);
        int count = 0;
        while (streams.find()) {
            assertThat(file.substring(streams.end() + Integer.parseInt(streams.group(1)))).startsWith("\nendstream");
            count++;
        }
        assertThat(count).as("the page's content and the QR code").isEqualTo(2);
    }

    @Test
    void theRunsMessageKeepsTheLineBreaksTheTreasurerTyped() {
        ChargeDocument invoice = Documents.eurInvoice(Language.EN);
        ChargeDocument document = new ChargeDocument(invoice.association(), invoice.member(), invoice.number(),
                invoice.issueDate(), invoice.dueDate(), invoice.period(), invoice.lines(), invoice.total(), null, null,
                "General meeting on 14 March.\r\nBoat house, 19:30.\n\nThe board", null, null, invoice.payment());

        String lines = Pdfs.lines(renderer.render(DocumentKind.INVOICE, document).pdf());

        assertThat(lines.lines()).contains("General meeting on 14 March.", "Boat house, 19:30.", "The board");
    }

    @Test
    void anInvoiceOfManyLinesGoesOnToAFurtherPageWithTheFooterOnEachAndThePaymentBoxWhole() {
        ChargeDocument document = Documents.longInvoice(Language.EN);

        byte[] pdf = renderer.render(DocumentKind.INVOICE, document).pdf();

        int pages = Pdfs.pages(pdf);
        assertThat(pages).isGreaterThan(1);
        for (int page = 1; page <= pages; page++) {
            assertThat(Pdfs.text(pdf, page)).contains("Page " + page + " / " + pages, "NL91 ABNA 0417 1643 00");
        }
        String last = Pdfs.text(pdf, pages);
        assertThat(last).contains("rack 40", "Total", "EUR 1,000.00", "How to pay", "Reference",
                PaymentReferences.formatRf(Documents.RF), "Scan to pay");
        assertThat(Pdfs.qrCode(pdf, pages).orElseThrow()).contains("\nEUR1000.00\n");
    }

    @Test
    void theThreeAssociationNoticesRenderWithTheRunsFiguresDeadlineAndLink() {
        RenderedDocument draft = renderer.render(DocumentKind.DRAFT_RUN_NOTICE, Documents.notice(Language.DA, 0));
        RenderedDocument expired = renderer.render(DocumentKind.RUN_EXPIRED_NOTICE, Documents.notice(Language.EN, 0));
        RenderedDocument round = renderer.render(DocumentKind.REMINDER_ROUND_NOTICE, Documents.notice(Language.NL, 2));

        assertThat(draft.subject()).isEqualTo("Opkrævningskørslen \"Kontingent marts 2027\" er klar til godkendelse");
        assertThat(draft.text()).contains("Opkrævninger\t412", "Medlemmer\t398", "I alt\tDKK 98.880,00",
                "Godkendes senest\t20. marts 2027", "Åbn Tasklist: http://localhost:8080/camunda/app/tasklist/");
        assertThat(draft.html()).contains("href=\"http://localhost:8080/camunda/app/tasklist/\"");
        assertThat(expired.subject()).isEqualTo("Billing run \"Kontingent marts 2027\" expired without approval");
        assertThat(expired.text()).contains("was not approved by 20 March 2027 and has expired", "Nothing was sent",
                "Expired on\t20 March 2027", "DKK 98,880.00");
        assertThat(round.subject()).isEqualTo("Tweede herinneringsronde voor \"Kontingent marts 2027\" staat klaar voor goedkeuring");
        assertThat(round.text()).contains("Herinneringen\t412", "Openstaand\tDKK 98.880,00", "Goedkeuren uiterlijk\t20 maart 2027");
        assertThat(List.of(draft, expired, round)).allSatisfy(notice -> assertThat(notice.hasPdf()).isFalse());
    }

    @Test
    void aBrokenTemplateNamesTheTemplateAndTheLine() {
        DocumentRenderer broken = Documents.renderer(Documents.brokenTemplates());

        assertThatThrownBy(() -> broken.render(DocumentKind.INVOICE, Documents.eurInvoice(Language.EN)))
                .isInstanceOfSatisfying(TemplateFailed.class, failed -> {
                    assertThat(failed.template()).isEqualTo("invoice/mail");
                    assertThat(failed.line()).isEqualTo(7);
                    assertThat(failed.getMessage()).startsWith("Template invoice/mail line 7: ").contains("colour");
                });
    }

    @Test
    void aTemplateWhoseOutputIsNotXhtmlNamesTheTemplate() {
        DocumentRenderer broken = Documents.renderer(Documents.brokenTemplates());

        assertThatThrownBy(() -> broken.render(DocumentKind.PAYMENT_RECEIPT, Documents.receipt(Language.EN, new BigDecimal("1.00"))))
                .isInstanceOfSatisfying(TemplateFailed.class, failed -> {
                    assertThat(failed.template()).isEqualTo("receipt/receipt");
                    assertThat(failed.getMessage()).contains("not well-formed XHTML", "br");
                });
    }

    @Test
    void aDocumentAndAKindThatDoNotGoTogetherAreRefused() {
        assertThatThrownBy(() -> renderer.render(DocumentKind.DRAFT_RUN_NOTICE, Documents.eurInvoice(Language.EN)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> renderer.render(DocumentKind.INVOICE, Documents.notice(Language.EN, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> renderer.render(DocumentKind.FIRST_REMINDER, Documents.eurInvoice(Language.EN)))
                .hasMessageContaining("must name the charge it refers to");
        assertThatThrownBy(() -> renderer.render(DocumentKind.CREDIT_NOTE, Documents.reminder(Language.EN)))
                .hasMessageContaining("positive total");
    }
}
