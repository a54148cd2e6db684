package io.duesflow.payments;

import java.util.List;

/** These charges are now paid in full and the association sends receipts: the mail room queues one for each. */
public record ReceiptsDue(List<Long> chargeIds) {

    public ReceiptsDue {
        chargeIds = List.copyOf(chargeIds);
    }
}
