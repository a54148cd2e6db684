package io.duesflow.mail;

import io.duesflow.payments.ReceiptsDue;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A member whose charge is now paid in full gets a receipt, when the association sends them (payments announces
 * {@link ReceiptsDue} only then). Queued in the payment's own transaction: a payment rolled back sends no receipt,
 * and a charge gets one receipt however often it is paid in full.
 */
@Component
class QueueReceipts {

    private final MailOutbox outbox;

    QueueReceipts(MailOutbox outbox) {
        this.outbox = outbox;
    }

    @EventListener
    void on(ReceiptsDue due) {
        outbox.queueReceipts(due.chargeIds());
    }
}
