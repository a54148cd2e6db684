package io.duesflow.mail;

import io.duesflow.payments.InvoiceDueAfterFailedCollection;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A member whose Betalingsservice collection was rejected or cancelled gets the invoice again, now with the payment
 * line (the charge no longer says it is collected). Queued in the transaction that booked the rejection.
 */
@Component
class QueueInvoiceAgain {

    private final MailOutbox outbox;

    QueueInvoiceAgain(MailOutbox outbox) {
        this.outbox = outbox;
    }

    @EventListener
    void on(InvoiceDueAfterFailedCollection due) {
        outbox.queueInvoicesAgain(due.chargeIds());
    }
}
