package io.duesflow.billing;

/** A treasurer approved a run: its charges are open and numbered. Mail, ledger and collection react to this. */
public record RunApproved(long runId, int chargeCount) {
}
