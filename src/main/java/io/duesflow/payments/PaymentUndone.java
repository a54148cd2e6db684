package io.duesflow.payments;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A payment was taken back: registered wrongly (a treasurer undid it, with why), or a settled direct debit the bank
 * returned. Reverse what {@link PaymentRegistered}, {@link CollectionSettled} or {@link MemberCreditUsed} booked
 * for it (by {@code how}); {@code creditTakenBack} is the overpayment it had left as member credit, taken back too.
 */
public record PaymentUndone(long paymentId, long chargeId, String chargeNumber, long memberNumber, BigDecimal amount,
                            PaymentMatch how, LocalDate on, String by, String reason, BigDecimal creditTakenBack) {
}
