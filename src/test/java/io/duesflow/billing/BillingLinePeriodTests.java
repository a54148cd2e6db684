package io.duesflow.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A charge due on {@code d} covers {@code d} up to the day before the line's next due date: for every frequency, for
 * lines first due on a month's end or on 29 February, over eight years with their leap years, the periods follow
 * each other without a gap or an overlap and none ends before it starts.
 */
class BillingLinePeriodTests {

    @ParameterizedTest(name = "{0} from {1}")
    @CsvSource({
            "MONTHLY, 2027-01-31", "MONTHLY, 2027-01-30", "MONTHLY, 2027-01-29", "MONTHLY, 2027-01-28",
            "MONTHLY, 2027-03-31", "MONTHLY, 2028-02-29", "MONTHLY, 2027-01-01",
            "QUARTERLY, 2027-01-31", "QUARTERLY, 2027-11-30", "QUARTERLY, 2028-02-29", "QUARTERLY, 2027-05-31",
            "HALF_YEARLY, 2027-08-31", "HALF_YEARLY, 2028-02-29", "HALF_YEARLY, 2027-03-31",
            "YEARLY, 2028-02-29", "YEARLY, 2027-12-31", "YEARLY, 2027-02-28"})
    void periodsFollowEachOtherWithoutGapOrOverlapAndNeverEndBeforeTheyStart(BillingLine.Frequency frequency,
                                                                               LocalDate firstDue) {
        BillingLine line = scheduled(frequency, firstDue);
        List<LocalDate> dueDates = line.dueDatesBetween(firstDue, firstDue.plusYears(8));
        assertThat(dueDates).hasSize(8 * 12 / frequency.months + 1);
        for (int i = 0; i + 1 < dueDates.size(); i++) {
            LocalDate due = dueDates.get(i);
            LocalDate end = line.periodEnd(due);
            assertThat(end).as("period of %s", due).isAfterOrEqualTo(due);
            assertThat(end.plusDays(1)).as("the next period of %s starts the day after it ends", due)
                    .isEqualTo(dueDates.get(i + 1));
        }
    }

    @ParameterizedTest(name = "{0} from {1}: due {2} covers up to {3}")
    @CsvSource({
            "MONTHLY, 2027-01-31, 2027-02-28, 2027-03-30",
            "MONTHLY, 2028-01-31, 2028-02-29, 2028-03-30",
            "MONTHLY, 2027-01-31, 2027-03-31, 2027-04-29",
            "MONTHLY, 2027-01-31, 2027-04-30, 2027-05-30",
            "MONTHLY, 2027-01-30, 2027-02-28, 2027-03-29",
            "QUARTERLY, 2027-11-30, 2028-02-29, 2028-05-29",
            "YEARLY, 2028-02-29, 2029-02-28, 2030-02-27",
            "YEARLY, 2028-02-29, 2031-02-28, 2032-02-28",
            "HALF_YEARLY, 2027-08-31, 2028-02-29, 2028-08-30"})
    void aChargeCoversUpToTheDayBeforeTheNextDueDate(BillingLine.Frequency frequency, LocalDate firstDue, LocalDate due,
                                                    LocalDate end) {
        BillingLine line = scheduled(frequency, firstDue);

        assertThat(line.dueDatesBetween(due, due)).containsExactly(due);
        assertThat(line.periodEnd(due)).isEqualTo(end);
    }

    @ParameterizedTest(name = "{0} from {1}: a due date moved to {2} belongs to the period it falls in, up to {3}")
    @CsvSource({
            "MONTHLY, 2027-01-31, 2027-02-15, 2027-02-27",
            "QUARTERLY, 2027-01-01, 2027-05-20, 2027-06-30",
            "YEARLY, 2027-01-01, 2026-12-20, 2026-12-31"})
    void aDueDateBetweenTwoOfTheSchedulesBelongsToTheStepItFallsIn(BillingLine.Frequency frequency, LocalDate firstDue,
                                                                   LocalDate due, LocalDate end) {
        assertThat(scheduled(frequency, firstDue).periodEnd(due)).isEqualTo(end);
    }

    private static BillingLine scheduled(BillingLine.Frequency frequency, LocalDate firstDue) {
        return new BillingLine(1L, 0, "Dues", 10, BillingLine.Kind.SCHEDULED, frequency, firstDue, "Dues", null, true,
                BillingLine.Who.ALL, null, null, null, null, BillingLine.PriceKind.FIXED, null, null, null, null, null,
                null, null, null);
    }
}
