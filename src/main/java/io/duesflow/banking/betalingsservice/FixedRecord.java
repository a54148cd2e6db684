package io.duesflow.banking.betalingsservice;

import java.io.IOException;
import java.io.Writer;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * One 128-character record being written, positions 1-based and inclusive as in Nets' layouts. Reused for every
 * record of a delivery: each record starts as spaces, fields are put at their positions, and the record goes out
 * with CR LF.
 */
final class FixedRecord {

    static final int LENGTH = 128;
    static final String LINE_END = "\r\n";

    private final char[] chars = new char[LENGTH];

    /** Starts a record of the given type ({@code "042"}): {@code BS042} at 1-5, spaces elsewhere. */
    FixedRecord start(String recordType) {
        Arrays.fill(chars, ' ');
        return text(1, 5, "BS" + recordType);
    }

    /** Text left-aligned in positions {@code from}-{@code to}, padded with spaces; it must fit. */
    FixedRecord text(int from, int to, String text) {
        int width = to - from + 1;
        if (text.length() > width) {
            throw new IllegalArgumentException("'" + text + "' does not fit positions " + from + "-" + to);
        }
        text.getChars(0, text.length(), chars, from - 1);
        return this;
    }

    /** A number right-aligned and zero-padded in positions {@code from}-{@code to}; it must fit. */
    FixedRecord number(int from, int to, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(value + " cannot go into the unsigned positions " + from + "-" + to);
        }
        long rest = value;
        for (int i = to - 1; i >= from - 1; i--) {
            chars[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
        if (rest != 0) {
            throw new IllegalArgumentException(value + " does not fit the " + (to - from + 1) + " digits of positions "
                    + from + "-" + to);
        }
        return this;
    }

    /** Zeros in positions {@code from}-{@code to}. */
    FixedRecord zeros(int from, int to) {
        Arrays.fill(chars, from - 1, to, '0');
        return this;
    }

    /** DDMMYY. */
    FixedRecord ddmmyy(int from, LocalDate date) {
        return number(from, from + 1, date.getDayOfMonth()).number(from + 2, from + 3, date.getMonthValue())
                .number(from + 4, from + 5, date.getYear() % 100);
    }

    /** DDMMYYYY. */
    FixedRecord ddmmyyyy(int from, LocalDate date) {
        return number(from, from + 1, date.getDayOfMonth()).number(from + 2, from + 3, date.getMonthValue())
                .number(from + 4, from + 7, date.getYear());
    }

    void writeTo(Writer out) throws IOException {
        out.write(chars);
        out.write(LINE_END);
    }
}
