package io.duesflow.payments;

import io.duesflow.billing.RunApproved;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * An approved run's direct debits go to the bank outbox right after the approval commits. Should that fail, the
 * event stays in the publication registry and is tried again; the treasurer can also write the files over REST.
 */
@Component
class CollectOnApproval {

    private final DirectDebitCollections collections;

    CollectOnApproval(DirectDebitCollections collections) {
        this.collections = collections;
    }

    @ApplicationModuleListener
    void on(RunApproved approved) {
        collections.collect(approved.runId());
    }
}
