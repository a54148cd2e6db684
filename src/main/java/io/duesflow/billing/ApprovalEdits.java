package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What a treasurer may change when approving a run, all applied in the approval's one transaction.
 * Null leaves a value as generated.
 *
 * @param feeText   an extra line on every charge (e.g. "Administration fee"), with {@code feeAmount}
 * @param ledgerAccount replaces the income account of every generated line
 */
public record ApprovalEdits(String name, LocalDate dueDate, LocalDate periodStart, LocalDate periodEnd,
                            LocalDate firstReminderOn, LocalDate secondReminderOn, String feeText,
                            BigDecimal feeAmount, String feeAccount, String message, String ledgerAccount) {

    static final ApprovalEdits NONE = new ApprovalEdits(null, null, null, null, null, null, null, null, null, null, null);
}
