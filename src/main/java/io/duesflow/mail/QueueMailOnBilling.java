package io.duesflow.mail;

import io.duesflow.billing.ChargeCredited;
import io.duesflow.billing.RunApproved;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Queues members' mail inside the transaction that approves a run or issues a credit note (a plain, synchronous
 * listener): the approval and its mails commit together or not at all, and nothing is queued for a run nobody
 * approved. An approved run's mail then has a process of its own, started in the same transaction.
 */
@Component
class QueueMailOnBilling {

    private final MailOutbox outbox;
    private final RunMailProcess process;

    QueueMailOnBilling(MailOutbox outbox, RunMailProcess process) {
        this.outbox = outbox;
        this.process = process;
    }

    @EventListener
    void on(RunApproved approved) {
        // Queuing a second time adds nothing, and then no second process is started either.
        if (outbox.queueInvoices(approved.runId()) > 0) {
            process.start(approved.runId());
        }
    }

    @EventListener
    void on(ChargeCredited credited) {
        outbox.queueCreditNote(credited.creditNoteId());
    }
}
