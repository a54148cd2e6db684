package io.duesflow.billing;

import java.math.BigDecimal;

/**
 * A reminder round added its fee to {@code charges} charges, each as a FEE line to the association's fee account:
 * the ledger books them (dues owed debited, fees credited), once per round.
 */
public record ReminderFeesAdded(long roundId, int charges, BigDecimal total) {
}
