package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What a treasurer may change when approving a run, all applied in the approval's one transaction.
 * Null leaves a value as generated.
 *
 * @param feeText   an extra line on every charge (e.g. "Administration fee"), with {@code feeAmount}
 * @param ledgerAccount replaces the income account of every generated line
 * @param arrears   what happens to members' older unpaid charges; null leaves them alone
 * @param mail      the run's mail switch: false mails none of its charges (approved and numbered, they wait in the
 *                  open list); null or true mails what its lines do not hold back
 */
public record ApprovalEdits(String name, LocalDate dueDate, LocalDate periodStart, LocalDate periodEnd,
                            LocalDate firstReminderOn, LocalDate secondReminderOn, String feeText,
                            BigDecimal feeAmount, String feeAccount, String message, String ledgerAccount,
                            ArrearsRule arrears, Boolean mail) {

    @com.fasterxml.jackson.annotation.JsonCreator
    public ApprovalEdits {
    }

    /** The edits without the mail switch: the run's charges are mailed as their lines say. */
    public ApprovalEdits(String name, LocalDate dueDate, LocalDate periodStart, LocalDate periodEnd,
                         LocalDate firstReminderOn, LocalDate secondReminderOn, String feeText, BigDecimal feeAmount,
                         String feeAccount, String message, String ledgerAccount, ArrearsRule arrears) {
        this(name, dueDate, periodStart, periodEnd, firstReminderOn, secondReminderOn, feeText, feeAmount, feeAccount,
                message, ledgerAccount, arrears, null);
    }

    static final ApprovalEdits NONE = new ApprovalEdits(null, null, null, null, null, null, null, null, null, null, null,
            null);

    /** Members who still owe on older charges when a new one is approved. */
    public enum ArrearsRule {
        /** The older charges stay as they are, reminded on their own. */
        LEAVE,
        /** An "arrears" line with the amount owed is added to the new charge; the older ones stay open, carried. */
        ADD_LINE,
        /** The line is added and the older charges cancelled: each member has one charge to pay. */
        ADD_LINE_AND_CANCEL
    }
}
