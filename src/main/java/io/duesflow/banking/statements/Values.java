package io.duesflow.banking.statements;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Element text turned into values. The schema has checked the text's form by the time these see it. */
final class Values {

    /**
     * More of one repeated element than this (remittance lines, charges, reasons, balances …) makes a file
     * unreadable: the schema allows any number, a real file has a handful, and each is kept until its
     * entry is handed over.
     */
    static final int MAX_REPEATS = 100;

    private Values() {
    }

    /**
     * A reference, or null for the placeholders initiators and banks write where they have none:
     * {@code NOTPROVIDED} (the EPC's convention for a missing end-to-end id) and {@code NONREF} (MT940's,
     * carried into camt by banks that convert).
     */
    static String reference(String text) {
        if (text == null || (text.length() == 11 || text.length() == 6) && (text.equalsIgnoreCase("NOTPROVIDED")
                || text.equalsIgnoreCase("NONREF"))) {
            return null;
        }
        return text;
    }

    static BigDecimal decimal(String text) {
        return new BigDecimal(text);
    }

    static Amount amount(String text, String currency) {
        if (currency == null) {
            throw new BankFileProblem("The amount " + text + " has no currency");
        }
        return new Amount(decimal(text), currency);
    }

    static Long count(String text) {
        try {
            return Long.valueOf(text);
        } catch (NumberFormatException e) {
            throw new BankFileProblem("The count " + text + " is too large");
        }
    }

    /** An {@code xs:date}; an offset after it, which the schema allows, does not change the day. */
    static LocalDate date(String text) {
        // Nearly every date is a plain 2027-01-07: read directly, three per entry cost nothing next to a
        // DateTimeFormatter's parse, which also accepts the offset xs:date allows.
        if (text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
            try {
                return LocalDate.of(Integer.parseInt(text, 0, 4, 10), Integer.parseInt(text, 5, 7, 10),
                        Integer.parseInt(text, 8, 10, 10));
            } catch (NumberFormatException | java.time.DateTimeException e) {
                throw new BankFileProblem("'" + text + "' is not a date duesflow can read");
            }
        }
        try {
            return LocalDate.from(DateTimeFormatter.ISO_DATE.parse(text));
        } catch (DateTimeParseException e) {
            throw new BankFileProblem("'" + text + "' is not a date duesflow can read");
        }
    }

    /** An {@code xs:dateTime} as written: an offset after it is left off, not applied. */
    static LocalDateTime dateTime(String text) {
        try {
            return LocalDateTime.from(DateTimeFormatter.ISO_DATE_TIME.parse(text));
        } catch (DateTimeParseException e) {
            throw new BankFileProblem("'" + text + "' is not a date and time duesflow can read");
        }
    }

    static boolean indicator(String text) {
        return "true".equals(text) || "1".equals(text);
    }

    /** A line of text, unless the element was empty. */
    static void addLine(List<String> lines, String line, String what) {
        if (line != null) {
            add(lines, line, what);
        }
    }

    static <T> void add(List<T> list, T item, String what) {
        if (list.size() >= MAX_REPEATS) {
            throw new BankFileProblem("More than " + MAX_REPEATS + " " + what + " in one place");
        }
        list.add(item);
    }
}
