package io.duesflow.mail;

import java.util.HashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Renders what members and the association receive: subject, HTML body and plain text in the reader's language,
 * and for member documents the PDF to attach: drawn by {@link LetterPdf}, or printed from the association's own
 * PDF template where it has one. A member document's mail body is written by {@link MailBody}, or made from the
 * association's own mail template where it has one. Thread-safe; templates are parsed once and cached.
 */
@Component
public class DocumentRenderer {

    private final DocumentTemplates templates;
    private final PdfPrinter printer;

    DocumentRenderer(DocumentTemplates templates, PdfPrinter printer) {
        this.templates = templates;
        this.printer = printer;
    }

    /**
     * An invoice, reminder, credit note or receipt for one member.
     *
     * @throws TemplateFailed            when a template cannot be rendered, naming the template and line
     * @throws IllegalArgumentException when the document lacks what its kind or collection method needs
     */
    public RenderedDocument render(DocumentKind kind, ChargeDocument document) {
        if (!kind.forMembers()) {
            throw new IllegalArgumentException(kind + " is a notice to the association, not a member document");
        }
        requireWhatTheKindNeeds(kind, document);
        Language language = document.member().language();
        Formats fmt = new Formats(language, document.association().currency());
        PaymentInstructions pay = PaymentInstructions.of(kind, document, fmt, templates);
        boolean ownMail = templates.ownMailTemplate(kind);
        boolean ownPdf = templates.ownPdfTemplate(kind);
        Map<String, Object> variables = ownMail || ownPdf ? variables(kind, document, fmt, pay) : null;
        String html = ownMail ? templates.process(kind.mailTemplate(), language, variables)
                : MailBody.html(kind, document, fmt, pay, templates);
        byte[] pdf = ownPdf ? printer.print(templates.process(kind.template(), language, variables), kind.template())
                : LetterPdf.print(kind, document, fmt, pay, templates);
        String subject = templates.message(kind.messageKey() + ".subject", language, document.number(), document.association().name());
        String fileName = templates.message(kind.messageKey() + ".file", language) + "-" + document.number() + ".pdf";
        return new RenderedDocument(subject, html, PlainText.of(html), pdf, fileName);
    }

    /** The mail body of a member document as its templates make it, own or built-in; see {@link MailBody}. */
    String mailFromTemplates(DocumentKind kind, ChargeDocument document) {
        requireWhatTheKindNeeds(kind, document);
        Formats fmt = new Formats(document.member().language(), document.association().currency());
        PaymentInstructions pay = PaymentInstructions.of(kind, document, fmt, templates);
        return templates.process(kind.mailTemplate(), document.member().language(),
                variables(kind, document, fmt, pay));
    }

    /** What a member document's templates see. */
    private static Map<String, Object> variables(DocumentKind kind, ChargeDocument document, Formats fmt,
                                                 PaymentInstructions pay) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("doc", document);
        variables.put("kind", kind);
        variables.put("k", kind.messageKey());
        variables.put("fmt", fmt);
        variables.put("pay", pay);
        variables.put("memberAddress", fmt.addressLines(document.member().address(),
                document.association().address().country()));
        variables.put("associationAddress", fmt.addressLine(document.association().address()));
        return variables;
    }

    /** A notice to the association: subject and body, no PDF. */
    public RenderedDocument render(DocumentKind kind, AssociationNotice notice) {
        if (kind.forMembers()) {
            throw new IllegalArgumentException(kind + " is a member document, not a notice to the association");
        }
        Language language = notice.language();
        Formats fmt = new Formats(language, notice.currency());
        Map<String, Object> variables = new HashMap<>();
        variables.put("notice", notice);
        variables.put("kind", kind);
        variables.put("k", kind.messageKey());
        variables.put("fmt", fmt);
        String html = templates.process(kind.mailTemplate(), language, variables);
        String subject = templates.message(kind.messageKey() + ".subject", language, notice.runName(), notice.reminderLevel());
        return new RenderedDocument(subject, html, PlainText.of(html), null, null);
    }

    private static void requireWhatTheKindNeeds(DocumentKind kind, ChargeDocument document) {
        switch (kind) {
            case FIRST_REMINDER, SECOND_REMINDER -> {
                if (document.original() == null || document.original().dueDate() == null) {
                    throw new IllegalArgumentException(kind + " " + document.number() + " must name the charge it refers to and its due date");
                }
            }
            case CREDIT_NOTE -> {
                if (document.original() == null) {
                    throw new IllegalArgumentException(kind + " " + document.number() + " must name the charge it refers to");
                }
            }
            case PAYMENT_RECEIPT -> {
                if (document.received() == null) {
                    throw new IllegalArgumentException("Receipt " + document.number() + " must say which payment it confirms");
                }
            }
            default -> {
            }
        }
        if (kind == DocumentKind.CREDIT_NOTE && document.total().signum() > 0) {
            throw new IllegalArgumentException("Credit note " + document.number() + " has a positive total " + document.total());
        }
    }
}
