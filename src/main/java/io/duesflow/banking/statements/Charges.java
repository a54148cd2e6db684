package io.duesflow.banking.statements;

import java.util.List;

/**
 * What the bank charged on an entry or transaction ({@code Chrgs}), e.g. its fee for a returned collection:
 * the entry of a return is then the original amount plus the fee. Kept apart from the amounts so the fee can be
 * booked as a fee.
 *
 * @param total   {@code TtlChrgsAndTaxAmt} when the bank gives a total (several are added); null when it does not
 * @param records each charge: {@code Chrgs/Amt} in .001.02, {@code Chrgs/Rcrd} from .001.03 on
 */
public record Charges(Amount total, List<Charge> records) {

    static final Charges NONE = new Charges(null, List.of());

    public Charges {
        records = List.copyOf(records);
    }

    public boolean none() {
        return total == null && records.isEmpty();
    }

    /**
     * One charge.
     *
     * @param creditDebit       {@code DBIT} when taken from the account; null when the bank does not say
     * @param includedInEntry   {@code ChrgInclInd} (from .001.04): whether the entry's amount already contains the
     *                          charge; null when the bank does not say
     * @param type              the ISO code or the bank's own identification of the charge; null when not given
     */
    public record Charge(Amount amount, CreditDebit creditDebit, Boolean includedInEntry, String type) {
    }
}
