package io.duesflow.billing;

import io.duesflow.platform.Money;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One line of a charge, in position order on the document.
 *
 * @param billingLineId    the billing line it comes from; null for a suspension fee, a fee, arrears or a template line
 * @param defaultAccount   the ledger account is the association's default (the line and its group name none), so an
 *                         approval's account may replace it
 * @param carriedChargeId  for an arrears line: the older charge whose debt it carries
 * @param creditedPosition for a credit note's line: the position of the line it credits on the credited charge, so
 *                         no line is ever credited beyond its amount over several notes
 */
@Table("charge_line")
public record ChargeLine(int position, String text, Money amount, String ledgerAccount, Long billingLineId, Kind kind,
                         boolean defaultAccount, Long carriedChargeId, Integer creditedPosition) {

    public enum Kind {
        /** What the billing line or template bills, a suspension fee included. */
        LINE,
        /** An extra fee: the approval's fee line, a reminder fee. */
        FEE,
        /** The debt of an older charge, carried onto this one; books no income. */
        ARREARS,
        /** A line of a credit note, negative. */
        CREDIT
    }
}
