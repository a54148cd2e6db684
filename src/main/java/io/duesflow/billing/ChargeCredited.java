package io.duesflow.billing;

import java.math.BigDecimal;

/** A credit note was issued for a charge; the ledger reverses what it books and mail sends the note. */
public record ChargeCredited(long chargeId, long creditNoteId, BigDecimal amount) {
}
