package io.duesflow.mail;

import java.util.HashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Renders what members and the association receive: subject, HTML body and plain text in the reader's language,
 * and for member documents the PDF to attach. Thread-safe; templates are parsed once and cached.
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
        Map<String, Object> variables = new HashMap<>();
        variables.put("doc", document);
        variables.put("kind", kind);
        variables.put("k", kind.messageKey());
        variables.put("fmt", fmt);
        variables.put("pay", PaymentInstructions.of(kind, document, fmt, templates));
        variables.put("memberAddress", fmt.addressLines(document.member().address(), document.association().address().country()));
        variables.put("associationAddress", fmt.addressLine(document.association().address()));

        String html = templates.process(kind.mailTemplate(), language, variables);
        byte[] pdf = printer.print(templates.process(kind.template(), language, variables), kind.template());
        String subject = templates.message(kind.messageKey() + ".subject", language, document.number(), document.association().name());
        String fileName = templates.message(kind.messageKey() + ".file", language) + "-" + document.number() + ".pdf";
        return new RenderedDocument(subject, html, PlainText.of(html), pdf, fileName);
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
