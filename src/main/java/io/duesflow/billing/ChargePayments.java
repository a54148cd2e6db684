package io.duesflow.billing;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;

/**
 * Payments on many charges at once, set-based, along the same arrows as {@link Charge#registerPayment},
 * {@link Charge#settleCollection} and {@link Charge#returnFromCollection}: each statement locks the charges it
 * changes, takes what the aggregate would take, moves the status the aggregate would move it to, bumps the version
 * and leaves its reason and author, so the status history records both paths alike.
 */
interface ChargePayments {

    /** Invoices by number, RF reference or +71 payment id; keys nobody has are left out. */
    List<ChargeState> invoicesByNumber(Collection<String> numbers);

    List<ChargeState> invoicesByRfReference(Collection<String> rfReferences);

    List<ChargeState> invoicesByPaymentId(Collection<String> paymentIds);

    List<ChargeState> invoicesById(Collection<Long> ids);

    /** Every approved invoice of a member, by due date. */
    List<ChargeState> invoicesOfMember(long memberNumber);

    /** The members' open and partly paid invoices (of one run when {@code runId} is given), oldest due first. */
    List<ChargeState> owedBy(Collection<Long> memberNumbers, Long runId);

    /** Open and partly paid invoices owing exactly {@code amount}, oldest due first. */
    List<ChargeState> owing(BigDecimal amount, int limit);

    /** Registers the payments in order; see {@link Charges#registerPayments}. */
    List<Charges.Registered> registerPayments(List<Charges.PaymentOrder> orders, String by);

    /** {@code IN_COLLECTION → PAID} for each charge still in collection, each with its reason; what each settled. */
    List<Charges.Settled> settleCollections(List<Long> chargeIds, List<String> reasons, String by);

    /**
     * {@code IN_COLLECTION → OPEN} (or {@code PARTLY_PAID} when some was paid before) for each charge still in
     * collection, each with its own reason; returns the charges that moved, as they are now.
     */
    List<ChargeState> returnFromCollections(List<Long> chargeIds, List<String> reasons, String by);
}
