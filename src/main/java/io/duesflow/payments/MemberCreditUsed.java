package io.duesflow.payments;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A charge was paid (in part) from the member's credit: no money moved at the bank; the credit owed to the member
 * goes down and the charge's receivable with it.
 */
public record MemberCreditUsed(long memberNumber, BigDecimal amount, LocalDate on, long paymentId, long chargeId,
                               String chargeNumber) {
}
