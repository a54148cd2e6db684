package io.duesflow.billing.pricing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.duesflow.members.ExtraField;
import io.duesflow.members.ExtraFieldType;

/** Reads one formula left to right; every refusal names the 1-based position and what was expected. */
final class FormulaParser {

    private static final String KINDS = "fordeling/distribute, gange/multiply or interval";
    /** A formula is a line; an interval of a hundred ranges still fits. */
    static final int MAX_LENGTH = 2_000;
    /**
     * Digits before and after the decimal point: room for factors beyond anything a charge holds (the simulation names
     * those per member), none for a number written to wear the parser out.
     */
    static final int MAX_INTEGER_DIGITS = 30;
    static final int MAX_DECIMALS = 20;

    private final String text;
    private final List<ExtraField> fields;
    private int pos;

    FormulaParser(String text, List<ExtraField> fields) {
        this.text = text == null ? "" : text;
        this.fields = fields == null ? List.of() : fields;
    }

    Formula formula() {
        if (text.length() > MAX_LENGTH) {
            throw new FormulaSyntaxException(text.substring(0, 40) + "…", MAX_LENGTH + 1, "the formula is "
                    + text.length() + " characters long, more than the " + MAX_LENGTH + " a formula may have");
        }
        skipSpaces();
        int kindAt = pos;
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
            pos++;
        }
        String kind = text.substring(kindAt, pos);
        Formula formula = switch (kind.toLowerCase(Locale.ROOT)) {
            case "fordeling", "distribute" -> distribute(kind);
            case "gange", "multiply" -> multiply(kind);
            case "interval" -> interval();
            case "" -> throw error(kindAt, "expected a formula kind (" + KINDS + ")");
            default -> throw error(kindAt, "unknown formula kind '" + kind + "'; expected " + KINDS);
        };
        skipSpaces();
        if (pos < text.length()) {
            throw error(pos, "expected the end of the formula, found '" + text.substring(pos) + "'");
        }
        return formula;
    }

    private Formula distribute(String kind) {
        expect(':', "after '" + kind + "'");
        int totalAt = peekAt();
        NumberText total = number("a total after ':'");
        // "1.000" is a thousand to a Dane and one to everyone else: refuse rather than guess.
        if (total.decimals() > 2) {
            throw error(totalAt, "expected a total with at most 2 decimals, found '" + total.written()
                    + "' (write a thousand as 1000)");
        }
        if (!accept(':')) {
            return new Distribute(total.value(), null);
        }
        return new Distribute(total.value(), field("after ':'"));
    }

    private Formula multiply(String kind) {
        expect(':', "after '" + kind + "'");
        skipSpaces();
        if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            NumberText factor = number("a factor");
            expect('*', "after the factor");
            return new Multiply(field("after '*'"), factor.value());
        }
        FieldRef field = field("after ':'");
        expect('*', "after the field");
        return new Multiply(field, number("a factor after '*'").value());
    }

    private Formula interval() {
        expect(':', "after 'interval'");
        FieldRef field = field("after ':'");
        List<Interval.Range> ranges = new ArrayList<>();
        expect(':', "and a range such as 0-1000=3,5 after the field");
        do {
            int rangeAt = peekAt();
            BigDecimal from = number("a lower bound such as 0 in 0-1000=3,5").value();
            expect('-', "after the lower bound");
            BigDecimal to = number("an upper bound after '-'").value();
            expect('=', "after the upper bound");
            BigDecimal rate = number("a number after '='").value();
            Interval.Range range = new Interval.Range(from, to, rate);
            if (from.compareTo(to) > 0) {
                throw error(rangeAt, "expected the lower bound first, found the range " + range);
            }
            for (Interval.Range earlier : ranges) {
                if (range.overlaps(earlier)) {
                    throw error(rangeAt, "expected ranges that do not overlap, but " + range + " overlaps "
                            + earlier);
                }
            }
            ranges.add(range);
        } while (accept(':'));
        return new Interval(field, ranges, text.strip());
    }

    /** A field's code or name, up to the next ':' or '*'. */
    private FieldRef field(String where) {
        skipSpaces();
        int at = pos;
        while (pos < text.length() && text.charAt(pos) != ':' && text.charAt(pos) != '*') {
            pos++;
        }
        String written = text.substring(at, pos).strip();
        if (written.isEmpty()) {
            throw error(at, "expected a field code (F1) or name " + where);
        }
        ExtraField field = fields.stream().filter(f -> written.equalsIgnoreCase(f.code())).findFirst()
                .orElseGet(() -> byName(written, at));
        if (field.type() != ExtraFieldType.NUMBER) {
            throw error(at, "expected a number field, but " + label(field) + " is a " + field.type() + " field");
        }
        return new FieldRef(field.code(), field.name());
    }

    private ExtraField byName(String written, int at) {
        List<ExtraField> named = fields.stream()
                .filter(f -> f.name() != null && written.equalsIgnoreCase(f.name().strip())).toList();
        if (named.size() > 1) {
            throw error(at, "expected one field, but '" + written + "' names "
                    + named.stream().map(ExtraField::code).collect(Collectors.joining(" and ")) + "; use the code");
        }
        if (named.isEmpty()) {
            String known = fields.stream().filter(f -> f.type() == ExtraFieldType.NUMBER).map(this::label)
                    .collect(Collectors.joining(", "));
            throw error(at, "unknown field '" + written + "'; expected "
                    + (known.isEmpty() ? "a number field, but there is none" : "one of " + known));
        }
        return named.get(0);
    }

    private String label(ExtraField field) {
        return new FieldRef(field.code(), field.name()).label();
    }

    private record NumberText(BigDecimal value, String written, int decimals) {
    }

    /** Digits with an optional decimal comma or point. */
    private NumberText number(String expected) {
        skipSpaces();
        int at = pos;
        skipDigits();
        if (pos == at) {
            throw error(at, "expected " + expected);
        }
        int decimals = 0;
        if (pos < text.length() && (text.charAt(pos) == ',' || text.charAt(pos) == '.')) {
            int fractionAt = ++pos;
            skipDigits();
            decimals = pos - fractionAt;
            if (decimals == 0) {
                throw error(fractionAt, "expected digits after '" + text.charAt(fractionAt - 1) + "'");
            }
        }
        int integerDigits = (decimals == 0 ? pos : pos - decimals - 1) - at;
        if (integerDigits > MAX_INTEGER_DIGITS || decimals > MAX_DECIMALS) {
            throw error(at, "expected " + expected + " of at most " + MAX_INTEGER_DIGITS + " digits and "
                    + MAX_DECIMALS + " decimals, found a number of " + integerDigits + " digits"
                    + (decimals > 0 ? " and " + decimals + " decimals" : ""));
        }
        String written = text.substring(at, pos);
        return new NumberText(new BigDecimal(written.replace(',', '.')), written, decimals);
    }

    private void skipDigits() {
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
    }

    private void expect(char c, String where) {
        if (!accept(c)) {
            throw error(pos, "expected '" + c + "' " + where);
        }
    }

    private boolean accept(char c) {
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private int peekAt() {
        skipSpaces();
        return pos;
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    /** The formula is named in the error; a long one by its start. */
    private FormulaSyntaxException error(int at, String problem) {
        return new FormulaSyntaxException(text.length() > 80 ? text.substring(0, 80) + "…" : text, at + 1, problem);
    }
}
