package io.duesflow.billing;

/** A charge was cancelled before anything was paid on it; the ledger reverses what its approval booked. */
public record ChargeCancelled(long chargeId) {
}
