package io.duesflow.payments;

import java.util.List;

/**
 * Betalingsservice rejected or cancelled these charges' collections: the charges are owed again, the member pays
 * themselves, and is sent the invoice again, now with the FI payment line. Announced in the transaction that booked
 * the rejection, so a rollback sends nothing.
 */
public record InvoiceDueAfterFailedCollection(List<Long> chargeIds) {

    public InvoiceDueAfterFailedCollection {
        chargeIds = List.copyOf(chargeIds);
    }
}
