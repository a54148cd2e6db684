package io.duesflow.mail;

import java.util.List;

import org.unbescape.html.HtmlEscape;

/**
 * The built-in HTML body of a member document's mail, written straight out: exactly what the built-in templates
 * ({@code document/mail.html} and the kind's {@code mail.html} beside its PDF template) make, character for
 * character, without running Thymeleaf and its expressions for every member, which cost more than drawing the PDF.
 * The templates stay what an association's own mail template starts from; with one of its own
 * ({@link DocumentTemplates#ownMailTemplate}) the body is made from the templates instead. A test holds the two to
 * the same output for every kind, language and way of paying.
 */
final class MailBody {

    private static final String BODY_STYLE =
            "font-family: Helvetica, Arial, sans-serif; font-size: 15px; line-height: 1.5; color: #1f2328;";
    private static final String MESSAGE_STYLE =
            "padding: 8px 12px; background-color: #f3f5f7; white-space: pre-line;";
    private static final String OCR_STYLE = "font-family: 'Courier New', monospace; font-size: 17px; font-weight: bold;"
            + " padding: 6px 10px; border: 1px solid #1f2328; display: inline-block;";
    private static final String NOTE_STYLE = "font-size: 13px; color: #59636e;";

    private final StringBuilder out = new StringBuilder(2048);
    private final DocumentKind kind;
    private final ChargeDocument doc;
    private final Formats fmt;
    private final PaymentInstructions pay;
    private final DocumentTemplates texts;
    private final Language language;

    private MailBody(DocumentKind kind, ChargeDocument doc, Formats fmt, PaymentInstructions pay,
                     DocumentTemplates texts) {
        this.kind = kind;
        this.doc = doc;
        this.fmt = fmt;
        this.pay = pay;
        this.texts = texts;
        this.language = fmt.language();
    }

    static String html(DocumentKind kind, ChargeDocument doc, Formats fmt, PaymentInstructions pay,
                       DocumentTemplates texts) {
        return new MailBody(kind, doc, fmt, pay, texts).write();
    }

    /** {@code document/mail.html}'s {@code mail} fragment around the kind's content. */
    private String write() {
        out.append("<!DOCTYPE html>\n\n<html lang=\"").append(escaped(language.locale().getLanguage()))
                .append("\">\n<head>\n  <meta charset=\"UTF-8\"/>\n  <title>")
                .append(escaped(text(kind.messageKey() + ".title") + " " + doc.number()))
                .append("</title>\n</head>\n<body style=\"").append(BODY_STYLE).append("\">\n  ");
        paragraph(text("mail.greeting", doc.member().name()));
        out.append("\n  <div id=\"content\">\n  ");
        content();
        out.append("\n</div>\n  ");
        paragraph(text("mail.questions"));
        out.append("\n  <p><span>").append(escaped(text("mail.closing"))).append("</span><br/><span>")
                .append(escaped(doc.association().name())).append("</span></p>\n</body>\n</html>\n");
        return out.toString();
    }

    /** The kind's own {@code mail.html}: its sentences, the run's message, the payment instruction. */
    private void content() {
        switch (kind) {
            case INVOICE, INVOICE_AGAIN -> {
                paragraph(text("invoice.mail", doc.number(), fmt.money(doc.amountDue()), fmt.date(doc.dueDate())));
                out.append("\n  ");
                message();
                out.append("\n  ");
                instruction();
            }
            case FIRST_REMINDER, SECOND_REMINDER -> {
                paragraph(text(kind.messageKey() + ".mail", doc.original().number(), fmt.money(doc.amountDue()),
                        fmt.date(doc.dueDate())));
                out.append("\n  ");
                instruction();
            }
            case CREDIT_NOTE -> {
                paragraph(text("credit-note.mail", doc.number(), doc.original().number(),
                        fmt.money(doc.total().negate())));
                out.append("\n  ");
                paragraph(text("credit-note.settle"));
            }
            case PAYMENT_RECEIPT -> {
                paragraph(text("payment-receipt.mail", fmt.money(doc.received().amount()),
                        fmt.date(doc.received().on()), doc.number()));
                out.append("\n  ");
                if (doc.owed().signum() > 0) {
                    paragraph(text("payment-receipt.remaining", fmt.money(doc.owed()), doc.number()));
                }
                out.append("\n  ");
                instruction();
            }
            default -> throw new IllegalArgumentException(kind + " is not a member document");
        }
    }

    /** {@code document/mail.html}'s {@code message} fragment: the run's message when there is one. */
    private void message() {
        if (doc.message() != null && !blank(doc.message())) {
            paragraph(MESSAGE_STYLE, doc.message());
        }
    }

    /** {@code document/mail.html}'s {@code instruction} fragment: how to pay, when there is anything to pay. */
    private void instruction() {
        if (!pay.present()) {
            return;
        }
        out.append("\n  ");
        paragraph(pay.lead());
        out.append("\n  ");
        // Thymeleaf's th:if takes "false", "off" and "no" for false; an FI code line is never one of them.
        if (pay.ocrLine() != null && !List.of("false", "off", "no").contains(pay.ocrLine())) {
            paragraph(OCR_STYLE, pay.ocrLine());
        }
        out.append("\n  ");
        List<String> notes = pay.notes();
        for (int i = 0; i < notes.size(); i++) {
            if (i > 0) {
                out.append("\n  ");
            }
            paragraph(NOTE_STYLE, notes.get(i));
        }
        out.append('\n');
    }

    private void paragraph(String text) {
        out.append("<p>").append(escaped(text)).append("</p>");
    }

    private void paragraph(String style, String text) {
        out.append("<p style=\"").append(style).append("\">").append(escaped(text)).append("</p>");
    }

    private String text(String key, Object... arguments) {
        return texts.message(key, language, arguments);
    }

    /** As th:text escapes: markup-significant characters as entities, the rest as it is. */
    private static String escaped(String text) {
        return text == null ? "" : HtmlEscape.escapeHtml4Xml(text);
    }

    /** As Thymeleaf's {@code #strings.isEmpty}: nothing but whitespace. */
    private static boolean blank(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
