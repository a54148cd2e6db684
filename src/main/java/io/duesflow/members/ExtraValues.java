package io.duesflow.members;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import io.duesflow.platform.InvalidInput;

/** Reads a value for an extra field from JSON or CSV text, by the field's type. */
final class ExtraValues {

    static final DateTimeFormatter DANISH_DATE = DateTimeFormatter.ofPattern("dd-MM-uuuu")
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);

    private ExtraValues() {
    }

    /** Null or blank clears the value. */
    static Member.ExtraValue parse(ExtraField field, Object raw, String where) {
        if (raw == null || raw.toString().isBlank()) {
            return null;
        }
        String text = raw.toString().trim();
        return switch (field.type()) {
            case NUMBER -> new Member.ExtraValue(number(raw, text, field, where), null, null);
            case TEXT -> new Member.ExtraValue(null, text, null);
            case DATE -> new Member.ExtraValue(null, null, date(text, where,
                    "the extra field '" + field.name() + "' (" + field.code() + ") takes a date"));
        };
    }

    private static BigDecimal number(Object raw, String text, ExtraField field, String where) {
        if (raw instanceof Double || raw instanceof Float) {
            double value = ((Number) raw).doubleValue();
            if (Double.isInfinite(value) || Double.isNaN(value)) {
                // JSON's 1e999999999 arrives as infinity: no number the field can hold.
                throw new InvalidInput(where, "The value is not a number the extra field '" + field.name() + "' ("
                        + field.code() + ") can hold: it is too large");
            }
        }
        if (raw instanceof Number number) {
            return new BigDecimal(number.toString());
        }
        BigDecimal value = decimal(text);
        if (value == null) {
            throw new InvalidInput(where, "'" + text + "' is not a number; the extra field '" + field.name()
                    + "' (" + field.code() + ") takes numbers");
        }
        return value;
    }

    /** A decimal with a comma or a point ({@code 3,5} or {@code 3.5}); thousands separators are refused. */
    static BigDecimal decimal(String text) {
        String normal = text.trim().replace(',', '.');
        if (!MemberRules.DECIMAL.matcher(normal).matches()) {
            return null;
        }
        return new BigDecimal(normal);
    }

    /** ISO ({@code 2026-01-31}) or Danish and Dutch day-first ({@code 31-01-2026}) dates. */
    static LocalDate date(String text, String where, String expectation) {
        try {
            return text.length() == 10 && text.charAt(2) == '-' ? LocalDate.parse(text, DANISH_DATE) : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInput(where, "'" + text + "' is not a date (yyyy-MM-dd or dd-MM-yyyy); " + expectation);
        }
    }
}
