package io.duesflow.mail;

import io.duesflow.billing.ChargeCredited;
import io.duesflow.billing.ChargesReminded;
import io.duesflow.billing.RunApproved;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Queues members' mail inside the transaction that approves a run, sends a reminder round or issues a credit note (a
 * plain, synchronous listener): the approval and its mails commit together or not at all, and nothing is queued for a
 * run nobody approved. The run's process (or the run's dunning) then sends them, calling {@code run-mail}.
 */
@Component
class QueueMailOnBilling {

    private final MailOutbox outbox;

    QueueMailOnBilling(MailOutbox outbox) {
        this.outbox = outbox;
    }

    @EventListener
    void on(RunApproved approved) {
        // Queuing a second time adds nothing.
        outbox.queueInvoices(approved.runId());
    }

    @EventListener
    void on(ChargesReminded reminded) {
        outbox.queueReminders(reminded.runId(), reminded.firstReminders(), reminded.secondReminders());
    }

    @EventListener
    void on(ChargeCredited credited) {
        outbox.queueCreditNote(credited.creditNoteId());
    }
}
