package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Where an invoice stands, as payments need it to match money to it: its status and what is still owed.
 *
 * @param language the member's language when billed (da, nl, en)
 */
public record ChargeState(long id, String number, long memberNumber, Charge.Status status, BigDecimal total,
                          BigDecimal paid, BigDecimal owed, LocalDate dueDate, Long runId, String rfReference,
                          String paymentId, String language) {

    /** Open or partly paid: a payment can go onto it. */
    public boolean owes() {
        return status.isOwed() && owed.signum() > 0;
    }
}
