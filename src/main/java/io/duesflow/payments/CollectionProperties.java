package io.duesflow.payments;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How an approved run's direct debits reach the bank outbox, and how a collection that failed or left charges
 * waiting is tried again.
 *
 * @param pollEnabled  whether this node runs the {@code bank-file-placer} poll (tests poll by hand)
 * @param pollInterval how often recorded files not yet placed, and collections due again, are looked for
 * @param retryBase    the wait after the first attempt that failed or left charges waiting; it doubles with every
 *                     further one
 * @param retryMax     the longest wait between two attempts
 */
@ConfigurationProperties("duesflow.collection")
record CollectionProperties(@DefaultValue("true") boolean pollEnabled, @DefaultValue("30s") Duration pollInterval,
                            @DefaultValue("1m") Duration retryBase, @DefaultValue("6h") Duration retryMax) {

    /** The wait before the next attempt, after {@code attempts} that did not finish the collection. */
    Duration waitAfter(int attempts) {
        Duration wait = retryBase.multipliedBy(1L << Math.min(Math.max(attempts, 1) - 1, 20));
        return wait.compareTo(retryMax) > 0 ? retryMax : wait;
    }
}
