package io.duesflow.banking.betalingsservice;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * One record read from a delivery, padded to 128 characters with the spaces a stored file may have trimmed
 * (betalingsservice.md §0), and its fields by Nets' 1-based, inclusive positions. A field that does not hold what
 * its layout says is refused with the record number, the positions and what was found.
 */
final class RecordLine {

    private final long number;
    private final String text;
    private final int length;

    RecordLine(long number, String raw) {
        this.number = number;
        this.length = raw.length();
        this.text = raw.length() >= FixedRecord.LENGTH ? raw : raw + " ".repeat(FixedRecord.LENGTH - raw.length());
    }

    long number() {
        return number;
    }

    /** The length as read, before padding. */
    int length() {
        return length;
    }

    boolean isBlank() {
        return text.isBlank();
    }

    /** The record type, {@code 042} of {@code BS042}. */
    String type() {
        return at(3, 5);
    }

    String at(int from, int to) {
        return text.substring(from - 1, to);
    }

    String stripped(int from, int to) {
        return at(from, to).strip();
    }

    /** Digits, e.g. an amount in øre or a count; the whole field must be digits. */
    long digits(int from, int to, String field) {
        long value = 0;
        for (int i = from - 1; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw refused("positions " + from + "-" + to + " (" + field + ") hold '" + at(from, to) + "', expected "
                        + (to - from + 1) + " digits" + shortNote(to));
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Digits kept as text, e.g. the PBS number. */
    String digitText(int from, int to, String field) {
        digits(from, to, field);
        return at(from, to);
    }

    /** A date DDMMYY, {@code null} for {@code 000000} ("no date"); years 00-99 are 2000-2099. */
    LocalDate ddmmyy(int from, String field) {
        long value = digits(from, from + 5, field);
        if (value == 0) {
            return null;
        }
        return date(from, from + 5, field, (int) (value / 10000), (int) (value / 100 % 100),
                2000 + (int) (value % 100));
    }

    /** A date DDMMYY that must be there. */
    LocalDate requiredDdmmyy(int from, String field) {
        LocalDate date = ddmmyy(from, field);
        if (date == null) {
            throw refused("positions " + from + "-" + (from + 5) + " (" + field + ") hold no date (000000)");
        }
        return date;
    }

    /** A date DDMMYYYY, {@code null} for {@code 00000000}. */
    LocalDate ddmmyyyy(int from, String field) {
        long value = digits(from, from + 7, field);
        if (value == 0) {
            return null;
        }
        return date(from, from + 7, field, (int) (value / 1000000), (int) (value / 10000 % 100), (int) (value % 10000));
    }

    /**
     * An amount in øre with the sign code before it (betalingsservice.md §0): 1 collection (positive), 2 payout
     * (negative), 0 no amount, which must then be zero.
     */
    long signedOre(int signPosition, int from, int to, String field) {
        int sign = signCode(signPosition, field);
        long ore = digits(from, to, field);
        if (sign == 0 && ore != 0) {
            throw refused("position " + signPosition + " (sign code of the " + field + ") is 0, \"no amount\", but "
                    + "positions " + from + "-" + to + " hold " + Ore.text(ore));
        }
        return sign == 2 ? -ore : ore;
    }

    /** An amount in øre carrying the sign code at {@code signPosition} (already checked by {@link #signedOre}). */
    long ore(int signPosition, int from, int to, String field) {
        long ore = digits(from, to, field);
        return signCode(signPosition, field) == 2 ? -ore : ore;
    }

    private int signCode(int position, String field) {
        char sign = text.charAt(position - 1);
        if (sign < '0' || sign > '2') {
            throw refused("position " + position + " (sign code of the " + field + ") holds '" + sign + "', expected "
                    + "0 (no amount), 1 (collection) or 2 (payout)" + shortNote(position));
        }
        return sign - '0';
    }

    RefusedDeliveryException refused(String reason) {
        return new RefusedDeliveryException(number, "BS" + type() + " " + reason);
    }

    private LocalDate date(int from, int to, String field, int day, int month, int year) {
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw refused("positions " + from + "-" + to + " (" + field + ") hold '" + at(from, to) + "', which is not "
                    + "a date");
        }
    }

    private String shortNote(int to) {
        return to > length ? "; the record is only " + length + " characters long, 128 expected" : "";
    }
}
