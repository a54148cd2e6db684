package io.duesflow.payments;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A member paid more than a charge owed: the rest is the member's credit (a liability to the member) until a later
 * charge uses it ({@link MemberCreditUsed}).
 *
 * @param paymentId     the payment that overpaid
 * @param chargeNumber  the charge it overpaid
 * @param bankReference the bank's reference of the booking, or null
 */
public record MemberCreditAdded(long memberNumber, BigDecimal amount, LocalDate on, long paymentId,
                                String chargeNumber, String bankReference) {
}
