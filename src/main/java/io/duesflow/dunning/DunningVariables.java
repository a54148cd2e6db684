package io.duesflow.dunning;

import java.math.BigDecimal;
import java.time.LocalDate;

import io.duesflow.platform.InvalidInput;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * The names of a {@code dunning} instance's variables: ids, dates and counts, never member lists (the approval form's
 * first few reminders aside). The round's decision carries the names the approval form gives its fields.
 */
final class DunningVariables {

    static final String RUN_ID = "runId";
    static final String ROUND_ID = "roundId";
    static final String SEND_NOW = "sendNow";
    static final String REQUESTED_BY = "requestedBy";
    static final String NEXT_ROUND = "nextRound";
    static final String REMINDER_AT = "reminderAt";
    static final String DECISION = "decision";
    static final String SEND = "send";
    static final String SKIP = "skip";
    static final String FEE = "reminderFee";
    static final String PAY_BY = "payBy";
    static final String MESSAGE = "reminderMessage";
    static final String APPROVE_BY = "approveBy";

    private DunningVariables() {
    }

    static long runId(VariableScope scope) {
        return id(scope, RUN_ID, "run");
    }

    static long roundId(VariableScope scope) {
        return id(scope, ROUND_ID, "reminder round");
    }

    private static long id(VariableScope scope, String name, String what) {
        Object id = scope.getVariable(name);
        if (id instanceof Number number) {
            return number.longValue();
        }
        if (id != null && id.toString().trim().matches("[0-9]{1,18}")) {
            return Long.parseLong(id.toString().trim());
        }
        throw new InvalidInput(name, id == null ? "Give the " + what + "'s number" : "'" + id + "' is not a " + what
                + " number");
    }

    static boolean sendNow(VariableScope scope) {
        return Boolean.TRUE.equals(scope.getVariable(SEND_NOW));
    }

    static String text(VariableScope scope, String name) {
        Object value = scope.getVariable(name);
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }

    static LocalDate date(VariableScope scope, String name) {
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

    /** An amount as a treasurer types it; empty is none. */
    static BigDecimal amount(VariableScope scope, String name) {
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
}
