package io.duesflow.banking;

import java.time.LocalDate;
import java.util.function.Predicate;

/** Counting the open days of a calendar: TARGET2's business days, the Danish banks' bank days. */
final class OpenDays {

    private OpenDays() {
    }

    /** The day itself when it is open, else the next open day. */
    static LocalDate nextOnOrAfter(LocalDate day, Predicate<LocalDate> open) {
        LocalDate candidate = day;
        while (!open.test(candidate)) {
            candidate = candidate.plusDays(1);
        }
        return candidate;
    }

    /** The {@code days}-th open day after {@code day} (before it when negative), the day itself not counted. */
    static LocalDate plus(LocalDate day, int days, Predicate<LocalDate> open) {
        int step = days < 0 ? -1 : 1;
        LocalDate candidate = day;
        for (int counted = 0; counted < Math.abs(days); ) {
            candidate = candidate.plusDays(step);
            if (open.test(candidate)) {
                counted++;
            }
        }
        return candidate;
    }
}
