package io.duesflow.payments;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Money from a member reached a charge: book it as paid (debit the bank or card account, credit receivables).
 * Member credit used on a charge is {@link MemberCreditUsed} instead, and a direct debit the bank settled is
 * {@link CollectionSettled}; none of them is announced twice.
 *
 * @param amount              what the charge took (what the member paid beyond it is {@link MemberCreditAdded})
 * @param bankReference       the bank's reference of the booking (AcctSvcrRef), the card provider's event id, or
 *                            null for a payment registered by hand
 * @param toleranceDifference matched by amount and payer within the association's tolerance: what the bank booked
 *                            less what the charge took (positive: the member paid a little more); null otherwise
 * @param bankFileId          the bank file it came from, or null
 */
public record PaymentRegistered(long paymentId, long chargeId, String chargeNumber, long memberNumber,
                                BigDecimal amount, LocalDate bookingDate, LocalDate valueDate, PaymentMatch how,
                                String bankReference, BigDecimal toleranceDifference, Long bankFileId) {
}
