package io.duesflow.mail;

/**
 * What a document is. The first five go to a member with a PDF attached; the notices go to the association and
 * have no PDF.
 */
public enum DocumentKind {
    INVOICE("invoice/invoice", true),
    FIRST_REMINDER("reminder/reminder", true),
    SECOND_REMINDER("reminder/reminder", true),
    CREDIT_NOTE("credit-note/credit-note", true),
    PAYMENT_RECEIPT("receipt/receipt", true),
    /**
     * The invoice again, after Betalingsservice rejected or cancelled its collection: now the member pays, with the
     * payment line. An invoice in every other respect.
     */
    INVOICE_AGAIN("invoice/invoice", true),
    /** The 1st-of-month mail: a run is waiting for the treasurer's approval. */
    DRAFT_RUN_NOTICE("notice/draft-run", false),
    /** A run was not approved before its deadline; nothing was sent. */
    RUN_EXPIRED_NOTICE("notice/run-expired", false),
    /** A reminder round has collected the unpaid charges and waits for approval. */
    REMINDER_ROUND_NOTICE("notice/reminder-round", false);

    private final String template;
    private final boolean forMembers;

    DocumentKind(String template, boolean forMembers) {
        this.template = template;
        this.forMembers = forMembers;
    }

    /** Whether the document goes to a member (with a PDF) rather than to the association. */
    public boolean forMembers() {
        return forMembers;
    }

    /**
     * The main template under {@code templates/}: the PDF template for member documents (used when the association
     * has its own, see {@link DocumentTemplates#ownPdfTemplate}), the mail body for notices. A member document's mail
     * body is {@code mail.html} beside it.
     */
    String template() {
        return template;
    }

    String mailTemplate() {
        return forMembers ? template.substring(0, template.indexOf('/')) + "/mail" : template;
    }

    /** The prefix of this kind's keys in the {@code documents} message bundle: {@code first-reminder}. */
    String messageKey() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
