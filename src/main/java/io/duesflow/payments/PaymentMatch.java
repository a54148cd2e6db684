package io.duesflow.payments;

/** How a payment found its charge. */
public enum PaymentMatch {
    /** A bank credit carrying the charge's number as its end-to-end id. */
    END_TO_END_ID,
    /** A bank credit quoting the charge's ISO 11649 RF reference (check digits verified). */
    RF_REFERENCE,
    /** A bank credit quoting the charge's Danish +71 payment id (check digit verified). */
    PAYMENT_ID,
    /** The bank settled the charge's own direct debit, booked on its own. */
    COLLECTION,
    /** The bank settled the whole collection block the charge was in, booked as one entry (PmtInfId and amount). */
    COLLECTION_BATCH,
    /** Only the amount and the payer's account were known, and exactly one open charge fitted. */
    AMOUNT_AND_IBAN,
    /** A treasurer assigned a credit that matched nothing (the unmatched-payment task). */
    TASK,
    /** A treasurer registered it by hand ("paid", "register payment"). */
    MANUAL,
    /** The card payment provider reported it (signed webhook). */
    CARD,
    /** Taken from the member's credit (an earlier overpayment). */
    MEMBER_CREDIT
}
