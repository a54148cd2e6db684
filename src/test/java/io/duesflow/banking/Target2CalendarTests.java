package io.duesflow.banking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Target2CalendarTests {

    /** Published Easter dates, including the earliest (22 March) and the latest (25 April) possible. */
    @ParameterizedTest
    @CsvSource({"1818, 1818-03-22", "1943, 1943-04-25", "2000, 2000-04-23", "2024, 2024-03-31", "2025, 2025-04-20",
            "2026, 2026-04-05", "2027, 2027-03-28", "2028, 2028-04-16", "2038, 2038-04-25", "2285, 2285-03-22"})
    void easterSundayFollowsTheGregorianComputus(int year, LocalDate easter) {
        assertThat(Target2Calendar.easterSunday(year)).isEqualTo(easter);
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {
            "2026-01-01, false, New Year's Day (Thursday)",
            "2026-04-03, false, Good Friday 2026",
            "2026-04-06, false, Easter Monday 2026",
            "2026-05-01, false, Labour Day (Friday)",
            "2026-12-24, true,  Christmas Eve is a TARGET2 business day",
            "2026-12-25, false, Christmas Day (Friday)",
            "2026-12-26, false, Boxing Day (Saturday)",
            "2026-12-31, true,  New Year's Eve is a TARGET2 business day",
            "2027-01-01, false, New Year's Day (Friday)",
            "2027-03-26, false, Good Friday 2027",
            "2027-03-29, false, Easter Monday 2027",
            "2027-03-25, true,  Maundy Thursday is open",
            "2027-05-13, true,  Ascension Day is a national holiday only",
            "2027-10-03, false, a Sunday",
            "2027-10-02, false, a Saturday",
            "2027-10-04, true,  a Monday"})
    void closingDaysAreWeekendsNewYearEasterLabourDayAndChristmas(LocalDate day, boolean open, String what) {
        assertThat(Target2Calendar.isBusinessDay(day)).as(what).isEqualTo(open);
    }

    @ParameterizedTest
    @CsvSource({
            "2026-12-24, 2026-12-24",
            "2026-12-25, 2026-12-28",
            "2026-12-26, 2026-12-28",
            "2027-01-01, 2027-01-04",
            "2026-04-03, 2026-04-07",
            "2027-03-26, 2027-03-30",
            "2027-03-27, 2027-03-30",
            "2026-05-01, 2026-05-04",
            "2027-10-02, 2027-10-04"})
    void dayMovesToTheNextBusinessDay(LocalDate day, LocalDate next) {
        assertThat(Target2Calendar.nextBusinessDayOnOrAfter(day)).isEqualTo(next);
    }

    @Test
    void businessDaysAreCountedWithoutTheStartDay() {
        LocalDate christmasEve = LocalDate.of(2026, 12, 24);

        assertThat(Target2Calendar.plusBusinessDays(christmasEve, 0)).isEqualTo(christmasEve);
        assertThat(Target2Calendar.plusBusinessDays(christmasEve, 1)).isEqualTo(LocalDate.of(2026, 12, 28));
        assertThat(Target2Calendar.plusBusinessDays(christmasEve, 5)).isEqualTo(LocalDate.of(2027, 1, 4));
        assertThat(Target2Calendar.plusBusinessDays(LocalDate.of(2026, 12, 28), -1)).isEqualTo(christmasEve);
        assertThat(Target2Calendar.plusBusinessDays(LocalDate.of(2027, 3, 30), -1)).isEqualTo(LocalDate.of(2027, 3, 25));
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {
            "due on a business day well ahead,              2027-02-01, 2027-01-20, 1, 2027-02-01",
            "due on Christmas Day moves to Monday,          2026-12-25, 2026-12-21, 1, 2026-12-28",
            "due on New Year's Day moves to Monday,         2027-01-01, 2026-12-21, 1, 2027-01-04",
            "due on Good Friday 2027 moves past Easter,     2027-03-26, 2027-03-15, 1, 2027-03-30",
            "due on Good Friday 2026 moves past Easter,     2026-04-03, 2026-03-20, 1, 2026-04-07",
            "due on a Saturday moves to Monday,             2027-10-02, 2027-09-20, 1, 2027-10-04",
            "due tomorrow with D-1 stays,                   2026-12-24, 2026-12-23, 1, 2026-12-24",
            "due today is too late: next business day,      2026-12-24, 2026-12-24, 1, 2026-12-28",
            "due in the past: earliest allowed,             2026-12-01, 2026-12-23, 1, 2026-12-24",
            "a bank wanting two days,                       2026-12-24, 2026-12-23, 2, 2026-12-28",
            "a bank wanting five days over New Year,        2026-12-28, 2026-12-23, 5, 2026-12-31",
            "sent on a Saturday: the bank starts on Monday, 2026-12-27, 2026-12-26, 1, 2026-12-29",
            "sent on Maundy Thursday with two lead days,    2027-03-29, 2027-03-25, 2, 2027-03-31"})
    void collectionDateIsTheDueDateOnABusinessDayButNeverBeforeTheLeadTime(String what, LocalDate due,
                                                                           LocalDate today, int leadDays,
                                                                           LocalDate expected) {
        assertThat(Target2Calendar.collectionDate(due, today, leadDays)).as(what).isEqualTo(expected);
    }

    @Test
    void leadTimeOfLessThanOneDayIsRefused() {
        assertThatThrownBy(() -> Target2Calendar.collectionDate(LocalDate.of(2027, 2, 1), LocalDate.of(2027, 1, 1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("D-1");
    }
}
