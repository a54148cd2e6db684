package io.duesflow.members;

/** How a member pays. */
public enum CollectionMethod {
    /** An email with the invoice and a payment reference. */
    INVOICE,
    SEPA_DIRECT_DEBIT,
    /** Danish direct debit through Nets. */
    BETALINGSSERVICE,
    /** A payment link to a card provider. */
    CARD,
    /** Printed and handed over. */
    MANUAL;

    boolean isDirectDebit() {
        return this == SEPA_DIRECT_DEBIT || this == BETALINGSSERVICE;
    }
}
