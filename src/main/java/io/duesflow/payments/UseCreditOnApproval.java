package io.duesflow.payments;

import io.duesflow.billing.RunApproved;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A member's credit (an earlier overpayment) pays their next charges, in the approval's own transaction (a plain,
 * synchronous listener): before the invoice is written, which shows it as already paid, and before the direct debit
 * is collected, which then collects only the rest.
 */
@Component
class UseCreditOnApproval {

    private final Payments payments;

    UseCreditOnApproval(Payments payments) {
        this.payments = payments;
    }

    @EventListener
    void on(RunApproved approved) {
        payments.useCredit(approved.runId());
    }
}
