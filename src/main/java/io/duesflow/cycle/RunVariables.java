package io.duesflow.cycle;

import java.math.BigDecimal;
import java.time.LocalDate;

import io.duesflow.billing.ApprovalEdits;
import io.duesflow.platform.InvalidInput;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * The names of a run process's variables: ids, counts and progress, never member lists. The approval's edits carry
 * the names the approval form gives its fields.
 */
final class RunVariables {

    static final String RUN_ID = "runId";
    static final String GENERATE_AT_ONCE = "generateAtOnce";
    static final String STARTED_BY = "startedBy";
    static final String REGENERATED_BY = "regeneratedBy";
    static final String DEADLINE_AT = "deadlineAt";
    static final String DECISION = "decision";
    static final String GENERATE = "generate";
    static final String CANCEL = "cancel";
    static final String APPROVE = "approve";
    static final String REGENERATE = "regenerate";
    static final String STOP = "stop";
    static final String CHUNKS_DONE = "chunksDone";
    static final String CHUNKS_TOTAL = "chunksTotal";
    static final String CHARGES_SO_FAR = "chargesSoFar";

    private RunVariables() {
    }

    static long runId(VariableScope execution) {
        Object id = execution.getVariable(RUN_ID);
        if (!(id instanceof Number number)) {
            throw new IllegalStateException("This process instance has no runId variable; it was not started for a run");
        }
        return number.longValue();
    }

    /** The treasurer's edits from the approval form's fields; blank fields leave the run as generated. */
    static ApprovalEdits edits(VariableScope task) {
        return new ApprovalEdits(text(task, "name"), date(task, "dueDate"), date(task, "periodStart"),
                date(task, "periodEnd"), date(task, "firstReminderOn"), date(task, "secondReminderOn"),
                text(task, "feeText"), amount(task, "feeAmount"), text(task, "feeAccount"), text(task, "message"),
                text(task, "ledgerAccount"), arrears(task), mail(task));
    }

    /** The approval form's "Mail the invoices" switch; not there (an older task, a REST call without it): mail. */
    private static Boolean mail(VariableScope task) {
        Object value = task.getVariable("mailInvoices");
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        return value instanceof Boolean yes ? yes : Boolean.valueOf(value.toString().trim());
    }

    private static String text(VariableScope scope, String name) {
        Object value = scope.getVariable(name);
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }

    private static LocalDate date(VariableScope scope, String name) {
        String value = text(scope, name);
        if (value == null) {
            return null;
        }
        try {
            // A date field sends 2027-02-01; a datetime one 2027-02-01T00:00:00.
            return LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value);
        } catch (RuntimeException e) {
            throw new InvalidInput(name, "'" + value + "' is not a date; write it as 2027-02-01");
        }
    }

    private static BigDecimal amount(VariableScope scope, String name) {
        String value = text(scope, name);
        if (value == null) {
            return null;
        }
        try {
            // "1.000,50" to a Dane is a thousand and a half; a point alone is a decimal point.
            String plain = value.replace(" ", "");
            plain = plain.contains(",") ? plain.replace(".", "").replace(',', '.') : plain;
            return new BigDecimal(plain);
        } catch (NumberFormatException e) {
            throw new InvalidInput(name, "'" + value + "' is not an amount; write it as 50,00 or 50.00");
        }
    }

    private static ApprovalEdits.ArrearsRule arrears(VariableScope scope) {
        String value = text(scope, "arrears");
        if (value == null) {
            return null;
        }
        try {
            return ApprovalEdits.ArrearsRule.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("arrears", "Choose LEAVE, ADD_LINE or ADD_LINE_AND_CANCEL, not '" + value + "'");
        }
    }
}
