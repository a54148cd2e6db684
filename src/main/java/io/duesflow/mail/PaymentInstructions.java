package io.duesflow.mail;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.duesflow.banking.PaymentReferences;

/**
 * How the member pays what a document asks for, worked out once and laid out by both the mail body and the PDF.
 *
 * @param heading the payment box's heading: "How to pay", or "Payment" when it is collected without the member
 * @param lead    the one sentence that says it all ("will be collected from IBAN NL••••••••12 on 3 March 2027")
 * @param boxLead what the PDF's payment box says above the details; the lead itself where there are none
 * @param details label and value rows for the PDF's payment box (transfers only)
 * @param notes   smaller print under the lead: mandate reference, paying from abroad
 * @param ocrLine the FI code line a Danish payer types, or null
 * @param qr      the EPC QR code to scan, or null
 */
record PaymentInstructions(String heading, String lead, String boxLead, List<Detail> details, List<String> notes, String ocrLine, EpcQrCode qr) {

    record Detail(String label, String value, boolean code) {
    }

    static final PaymentInstructions NONE = new PaymentInstructions(null, null, null, List.of(), List.of(), null, null);

    /** Instructions that are one sentence and perhaps some notes. */
    private static PaymentInstructions sentence(String heading, String lead, List<String> notes) {
        return new PaymentInstructions(heading, lead, lead, List.of(), notes, null, null);
    }

    public boolean present() {
        return lead != null;
    }

    /** The QR code as a PNG {@code data:} URI for an {@code <img>} in a PDF template, or null. */
    public String qrCode() {
        return qr == null ? null : qr.pngDataUri();
    }

    static PaymentInstructions of(DocumentKind kind, ChargeDocument doc, Formats fmt, DocumentTemplates templates) {
        BigDecimal amount = doc.amountDue();
        if (amount.signum() <= 0) {
            return NONE;
        }
        Language language = fmt.language();
        ChargeDocument.Creditor association = doc.association();
        ChargeDocument.Payment payment = doc.payment();
        String money = fmt.money(amount);
        String due = fmt.date(doc.dueDate());
        LocalDate collectionDate = payment.collectionDate() != null ? payment.collectionDate() : doc.dueDate();
        List<String> notes = new ArrayList<>();
        String howToPay = templates.message("pay.heading", language);
        String collectedHeading = templates.message("pay.heading.collected", language);
        return switch (payment.method()) {
            case SEPA_DIRECT_DEBIT -> {
                if (payment.debtorIban() == null) {
                    throw new IllegalArgumentException("Document " + doc.number() + " is collected by direct debit but has no IBAN to collect from");
                }
                // What a SEPA pre-notification must tell the debtor: amount, date, mandate and creditor.
                if (payment.mandateId() != null) {
                    notes.add(templates.message("pay.sepa.mandate", language, payment.mandateId()));
                }
                if (association.sepaCreditorId() != null) {
                    notes.add(templates.message("pay.sepa.creditor", language, association.sepaCreditorId()));
                }
                notes.add(templates.message("pay.sepa.funds", language));
                yield sentence(collectedHeading, templates.message("pay.sepa", language, money,
                        Formats.maskedIban(payment.debtorIban()), fmt.date(collectionDate)), notes);
            }
            case BETALINGSSERVICE -> sentence(collectedHeading,
                    templates.message("pay.betalingsservice", language, money, fmt.date(collectionDate)), notes);
            case CARD -> sentence(howToPay, payment.paymentLink() == null
                    ? templates.message("pay.card.no-link", language, money, due)
                    : templates.message("pay.card", language, money, due, payment.paymentLink()), notes);
            case MANUAL -> sentence(howToPay, templates.message("pay.manual", language, money, due, association.name()), notes);
            case INVOICE -> "DKK".equals(association.currency()) && payment.fikPaymentId() != null
                    ? fiPayment(doc, fmt, templates, money, due)
                    : transfer(kind, doc, fmt, templates, amount, money, due);
        };
    }

    /** A SEPA (or Danish domestic) transfer to the association's account, with a QR code on EUR invoices and reminders. */
    private static PaymentInstructions transfer(DocumentKind kind, ChargeDocument doc, Formats fmt,
                                                DocumentTemplates templates, BigDecimal amount, String money, String due) {
        ChargeDocument.Creditor association = doc.association();
        if (association.iban() == null) {
            throw new IllegalArgumentException("Document " + doc.number() + " asks for a transfer but the association has no IBAN");
        }
        Language language = fmt.language();
        String rf = doc.payment().rfReference();
        String reference = rf != null ? PaymentReferences.formatRf(rf) : doc.number();
        String account = account(association);
        List<Detail> details = new ArrayList<>();
        details.add(new Detail(templates.message("pay.amount", language), money, false));
        details.add(new Detail(templates.message("pay.beneficiary", language), association.name(), false));
        details.add(new Detail("IBAN", Formats.iban(association.iban()), true));
        if (association.bic() != null) {
            details.add(new Detail("BIC", association.bic(), true));
        }
        details.add(new Detail(templates.message("pay.reference", language), reference, true));
        boolean reminder = kind == DocumentKind.FIRST_REMINDER || kind == DocumentKind.SECOND_REMINDER;
        details.add(new Detail(templates.message(reminder ? "doc.pay-by" : "doc.due-date", language), due, false));
        EpcQrCode qr = null;
        if ("EUR".equals(association.currency()) && carriesQrCode(kind)) {
            qr = new EpcQrCode(association.bic(), association.name(), association.iban(), amount,
                    rf, rf == null ? reference : null,
                    templates.message(kind.messageKey() + ".title", language) + " " + doc.number());
        }
        return new PaymentInstructions(templates.message("pay.heading", language),
                templates.message("pay.transfer", language, money, due, association.name(), account, reference),
                templates.message("pay.transfer.box", language, due), details, List.of(), null, qr);
    }

    /** A Danish FI payment with card type 71: the payer types the code line into the online bank. */
    private static PaymentInstructions fiPayment(ChargeDocument doc, Formats fmt, DocumentTemplates templates,
                                                 String money, String due) {
        ChargeDocument.Creditor association = doc.association();
        Language language = fmt.language();
        String ocrLine = PaymentReferences.ocrLine71(doc.payment().fikPaymentId(), association.fiCreditorNumber());
        List<String> notes = new ArrayList<>();
        if (association.iban() != null) {
            notes.add(templates.message("pay.fik.abroad", language, account(association), doc.payment().fikPaymentId()));
        }
        String lead = templates.message("pay.fik", language, money, due);
        return new PaymentInstructions(templates.message("pay.heading", language), lead, lead, List.of(), notes, ocrLine, null);
    }

    /** Receipts and credit notes ask for no new payment, so only invoices and reminders get a code to scan. */
    private static boolean carriesQrCode(DocumentKind kind) {
        return kind == DocumentKind.INVOICE || kind == DocumentKind.INVOICE_AGAIN || kind == DocumentKind.FIRST_REMINDER || kind == DocumentKind.SECOND_REMINDER;
    }

    private static String account(ChargeDocument.Creditor association) {
        return "IBAN " + Formats.iban(association.iban()) + (association.bic() != null ? ", BIC " + association.bic() : "");
    }
}
