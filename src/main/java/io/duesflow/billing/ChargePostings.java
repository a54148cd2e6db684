package io.duesflow.billing;

import java.math.BigDecimal;
import java.util.List;

/**
 * What the ledger books for one charge or credit note: its lines summed per kind, ledger account and carried charge,
 * in the order they first appear on it. The ledger reads billing through this, never through billing's tables.
 *
 * @param creditsChargeId for a credit note, the charge it credits (its debt is lowered there); null for an invoice
 */
public record ChargePostings(long chargeId, String number, long memberNumber, Long creditsChargeId,
                             String creditsNumber, List<Line> lines) {

    /**
     * @param kind            LINE and FEE bill income, ARREARS carries an older charge's debt, CREDIT is a credit
     *                        note's (negative) line
     * @param carriedChargeId the older charge an ARREARS line carries, or whose arrears a CREDIT line gives back
     */
    public record Line(ChargeLine.Kind kind, String ledgerAccount, BigDecimal amount, Long carriedChargeId,
                       String carriedChargeNumber) {
    }
}
