package io.duesflow.banking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Map;

import io.duesflow.banking.betalingsservice.BetalingsserviceProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DanishBankCalendarTests {

    /** Easter 2024-03-31, 2025-04-20, 2026-04-05, 2027-03-28; the days that hang on it move with it. */
    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {
            "2024-03-28, Skærtorsdag", "2024-03-29, Langfredag", "2024-04-01, 2. påskedag",
            "2024-05-09, Kristi himmelfartsdag", "2024-05-10, Fredag efter Kristi himmelfartsdag",
            "2024-05-20, 2. pinsedag",
            "2025-04-17, Skærtorsdag", "2025-04-18, Langfredag", "2025-04-21, 2. påskedag",
            "2025-05-29, Kristi himmelfartsdag", "2025-05-30, Fredag efter Kristi himmelfartsdag",
            "2025-06-09, 2. pinsedag",
            "2026-04-02, Skærtorsdag", "2026-04-03, Langfredag", "2026-04-06, 2. påskedag",
            "2026-05-14, Kristi himmelfartsdag", "2026-05-15, Fredag efter Kristi himmelfartsdag",
            "2026-05-25, 2. pinsedag",
            "2027-03-25, Skærtorsdag", "2027-03-26, Langfredag", "2027-03-29, 2. påskedag",
            "2027-05-06, Kristi himmelfartsdag", "2027-05-07, Fredag efter Kristi himmelfartsdag",
            "2027-05-17, 2. pinsedag",
            "2026-01-01, Nytårsdag", "2026-06-05, Grundlovsdag", "2026-12-24, Juleaftensdag",
            "2026-12-25, Juledag", "2026-12-31, Nytårsaftensdag", "2023-05-05, Store bededag"})
    void theBanksAreClosedOnTheDanishClosingDays(LocalDate day, String name) {
        assertThat(DanishBankCalendar.closingDays(day.getYear())).containsEntry(day, name);
        assertThat(DanishBankCalendar.isBankDay(day)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {
            "2024-04-26, Store Bededag 2024 is a working day since its abolition",
            "2025-05-16, Store Bededag 2025",
            "2026-05-01, 1 May is no Danish bank holiday (a Friday)",
            "2026-12-23, the day before Christmas Eve",
            "2026-12-28, the Monday after Christmas",
            "2027-03-24, the Wednesday before Easter",
            "2027-03-30, the Tuesday after Easter",
            "2027-05-05, the day before Ascension"})
    void theBanksAreOpenOnOtherWeekdays(LocalDate day, String what) {
        assertThat(DanishBankCalendar.isBankDay(day)).as(what).isTrue();
    }

    @Test
    void weekendsAreNoBankDays() {
        assertThat(DanishBankCalendar.isBankDay(LocalDate.of(2027, 10, 2))).isFalse();
        assertThat(DanishBankCalendar.isBankDay(LocalDate.of(2027, 10, 3))).isFalse();
        assertThat(DanishBankCalendar.isBankDay(LocalDate.of(2027, 10, 4))).isTrue();
    }

    @Test
    void aYearHasTwelveClosingDaysSinceStoreBededagWasAbolished() {
        assertThat(DanishBankCalendar.closingDays(2023)).hasSize(13).containsValue("Store bededag");
        assertThat(DanishBankCalendar.closingDays(2024)).hasSize(12).doesNotContainValue("Store bededag");
        assertThat(DanishBankCalendar.closingDays(2027)).hasSize(12);
    }

    /** In 2028 Whit Monday falls on 5 June, Grundlovsdag: one closing day for both. */
    @Test
    void whitMondayOnConstitutionDayIsOneClosingDay() {
        Map<LocalDate, String> days = DanishBankCalendar.closingDays(2028);

        assertThat(days).hasSize(11).containsKey(LocalDate.of(2028, 6, 5));
        assertThat(DanishBankCalendar.isBankDay(LocalDate.of(2028, 6, 5))).isFalse();
    }

    @Test
    void bankDaysAreCountedWithoutTheStartDay() {
        LocalDate december23 = LocalDate.of(2025, 12, 23);

        assertThat(DanishBankCalendar.plusBankDays(december23, 0)).isEqualTo(december23);
        assertThat(DanishBankCalendar.plusBankDays(december23, 1)).isEqualTo(LocalDate.of(2025, 12, 29));
        assertThat(DanishBankCalendar.plusBankDays(LocalDate.of(2025, 12, 29), -1)).isEqualTo(december23);
        assertThat(DanishBankCalendar.nextBankDayOnOrAfter(LocalDate.of(2025, 12, 31)))
                .isEqualTo(LocalDate.of(2026, 1, 2));
    }

    /** Eight bank days back, counted by hand on the calendar of each month. */
    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {
            "a payment on Monday 1 February 2027 is delivered by Wednesday 20 January,  2027-02-01, 2027-01-20",
            "on Friday 29 January 2027 (last bank day of the month) by Tuesday 19th,     2027-01-29, 2027-01-19",
            "the first bank day of 2027: Christmas and New Year's Eve are skipped,       2027-01-04, 2026-12-17",
            "\"1 April 2027: Maundy Thursday, Good Friday and Easter Monday are skipped\", 2027-04-01, 2027-03-17",
            "1 June 2026: Whit Monday 25 May is skipped,                                 2026-06-01, 2026-05-19",
            "Monday 8 May 2023: Store Bededag 5 May was still closed,                    2023-05-08, 2023-04-25",
            "Monday 29 April 2024: Store Bededag 26 April is a bank day,                 2024-04-29, 2024-04-17",
            "a payment on a Sunday counts back from the Sunday,                          2027-08-01, 2027-07-21"})
    void theDeliveryDeadlineIsEightBankDaysBeforeThePaymentDateByDefault(String what, LocalDate payment,
                                                                         LocalDate deadline) {
        assertThat(DanishBankCalendar.deliveryDeadline(payment)).as(what).isEqualTo(deadline);
    }

    @Test
    void theDeadlineFollowsTheConfiguredNumberOfBankDays() {
        LocalDate february = LocalDate.of(2027, 2, 1);

        assertThat(DanishBankCalendar.deliveryDeadline(february, 1)).isEqualTo(LocalDate.of(2027, 1, 29));
        assertThat(DanishBankCalendar.deliveryDeadline(february, 6)).isEqualTo(LocalDate.of(2027, 1, 22));
        assertThat(new BetalingsserviceProperties(10).deliveryDeadline(february)).isEqualTo(LocalDate.of(2027, 1, 18));
        assertThatThrownBy(() -> DanishBankCalendar.deliveryDeadline(february, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
