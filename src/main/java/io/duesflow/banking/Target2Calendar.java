package io.duesflow.banking;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Objects;

/**
 * The TARGET2 (since 2023 "T2") calendar, which SEPA direct debits settle on: closed on Saturdays, Sundays,
 * 1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December; every other day is an inter-bank business day,
 * national holidays included. The list has been fixed by the ECB since 2002.
 */
public final class Target2Calendar {

    private static final MonthDay NEW_YEAR = MonthDay.of(1, 1);
    private static final MonthDay LABOUR_DAY = MonthDay.of(5, 1);
    private static final MonthDay CHRISTMAS = MonthDay.of(12, 25);
    private static final MonthDay BOXING_DAY = MonthDay.of(12, 26);

    private Target2Calendar() {
    }

    public static boolean isBusinessDay(LocalDate day) {
        DayOfWeek weekday = day.getDayOfWeek();
        if (weekday == DayOfWeek.SATURDAY || weekday == DayOfWeek.SUNDAY) {
            return false;
        }
        MonthDay monthDay = MonthDay.from(day);
        if (monthDay.equals(NEW_YEAR) || monthDay.equals(LABOUR_DAY) || monthDay.equals(CHRISTMAS)
                || monthDay.equals(BOXING_DAY)) {
            return false;
        }
        LocalDate easter = easterSunday(day.getYear());
        return !day.equals(easter.minusDays(2)) && !day.equals(easter.plusDays(1));
    }

    /** The day itself when TARGET2 is open, else the next day it is. */
    public static LocalDate nextBusinessDayOnOrAfter(LocalDate day) {
        return OpenDays.nextOnOrAfter(day, Target2Calendar::isBusinessDay);
    }

    /**
     * The {@code days}-th business day after {@code day} (before it when negative); the day itself is not
     * counted, so {@code plusBusinessDays(Thursday 24 December 2026, 1)} is Monday 28 December. Zero gives the day
     * unchanged.
     */
    public static LocalDate plusBusinessDays(LocalDate day, int days) {
        return OpenDays.plus(day, days, Target2Calendar::isBusinessDay);
    }

    /**
     * The earliest collection date for a file handed to the bank {@code today}: {@code leadDays} business days
     * after today, counted from the next business day when today is not one (the bank only starts then). SEPA
     * Core asks for one day (D-1) for every sequence type since November 2016; some banks want more, and a file
     * sent after the bank's cut-off time counts as sent the next business day.
     */
    public static LocalDate earliestCollectionDate(LocalDate today, int leadDays) {
        if (leadDays < 1) {
            throw new IllegalArgumentException("A SEPA Core collection needs at least one business day of lead time "
                    + "(D-1), not " + leadDays);
        }
        return plusBusinessDays(nextBusinessDayOnOrAfter(today), leadDays);
    }

    /**
     * The requested collection date for a charge due on {@code dueDate}: the due date moved to the next TARGET2
     * business day, but never earlier than {@link #earliestCollectionDate(LocalDate, int)}.
     */
    public static LocalDate collectionDate(LocalDate dueDate, LocalDate today, int leadDays) {
        Objects.requireNonNull(dueDate, "dueDate");
        LocalDate onDue = nextBusinessDayOnOrAfter(dueDate);
        LocalDate earliest = earliestCollectionDate(today, leadDays);
        return onDue.isBefore(earliest) ? earliest : onDue;
    }

    /** Easter Sunday of the Gregorian calendar (the anonymous Gregorian computus of Meeus, Jones and Butcher). */
    public static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }
}
