package io.duesflow.billing.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.duesflow.members.MemberSnapshot.Period;

class SuspensionsTests {

    private static final BigDecimal FEE = new BigDecimal("30");

    @Test
    void aSuspensionAcrossAMonthBoundaryIsProratedByEachMonthsOwnLength() {
        // February 2025: 14 of 28 days → 15.00; March: all 31 days → 30.00.
        BigDecimal fee = Suspensions.prorate(FEE, day("2025-01-01"), day("2025-03-31"),
                List.of(period("2025-02-15", "2025-03-31")));

        assertThat(fee).isEqualTo(new BigDecimal("45.00"));
    }

    @Test
    void inALeapYearFebruaryHasTwentyNineDays() {
        // 30 × 15/29 = 15.517… plus 30.00, rounded once at the end.
        BigDecimal fee = Suspensions.prorate(FEE, day("2024-01-01"), day("2024-03-31"),
                List.of(period("2024-02-15", "2024-03-31")));

        assertThat(fee).isEqualTo(new BigDecimal("45.52"));
    }

    @Test
    void onlyTheDaysInsideThePeriodCount() {
        // Suspended from December; the January quarter sees 1–10 January: 30 × 10/31 = 9.677….
        BigDecimal fee = Suspensions.prorate(FEE, day("2025-01-01"), day("2025-03-31"),
                List.of(period("2024-12-01", "2025-01-10")));

        assertThat(fee).isEqualTo(new BigDecimal("9.68"));
    }

    @Test
    void overlappingSuspensionsCountEachDayOnce() {
        List<Period> suspensions = List.of(period("2025-02-01", "2025-02-20"), period("2025-02-10", "2025-02-28"));

        assertThat(Suspensions.prorate(FEE, day("2025-01-01"), day("2025-03-31"), suspensions))
                .isEqualTo(new BigDecimal("30.00"));
        assertThat(Suspensions.suspendedDays(day("2025-01-01"), day("2025-03-31"), suspensions)).isEqualTo(28);
    }

    @Test
    void aSuspensionWithoutAnEndRunsToTheEndOfThePeriod() {
        List<Period> suspensions = List.of(new Period(day("2025-03-01"), null));

        assertThat(Suspensions.prorate(FEE, day("2025-01-01"), day("2025-03-31"), suspensions))
                .isEqualTo(new BigDecimal("30.00"));
    }

    @Test
    void noSuspensionCostsNothingAndLeavesTheWholePrice() {
        assertThat(Suspensions.prorate(FEE, day("2025-01-01"), day("2025-03-31"), List.of()))
                .isEqualTo(new BigDecimal("0.00"));
        assertThat(Suspensions.normalShare(new BigDecimal("300"), day("2025-01-01"), day("2025-03-31"), List.of()))
                .isEqualTo(new BigDecimal("300.00"));
    }

    @Test
    void theNormalPriceIsSharedByTheUnsuspendedDays() {
        // The quarter has 90 days, 45 of them suspended (15 Feb – 31 Mar).
        BigDecimal share = Suspensions.normalShare(new BigDecimal("300"), day("2025-01-01"), day("2025-03-31"),
                List.of(period("2025-02-15", "2025-03-31")));

        assertThat(share).isEqualTo(new BigDecimal("150.00"));
    }

    @ParameterizedTest
    @CsvSource({
            "2025-01-01, 2025-03-31, 90, true",
            "2025-02-15, 2025-03-31, 45, false",
            "2024-12-01, 2025-06-30, 90, true",
            "2025-04-01, 2025-04-30, 0, false"})
    void suspendedDaysAndWholePeriod(String from, String to, long days, boolean whole) {
        List<Period> suspensions = List.of(period(from, to));

        assertThat(Suspensions.suspendedDays(day("2025-01-01"), day("2025-03-31"), suspensions)).isEqualTo(days);
        assertThat(Suspensions.coversWholePeriod(day("2025-01-01"), day("2025-03-31"), suspensions))
                .isEqualTo(whole);
    }

    @Test
    void aWholeYearSuspendedCostsTwelveFees() {
        BigDecimal fee = Suspensions.prorate(FEE, day("2024-01-01"), day("2024-12-31"),
                List.of(period("2024-01-01", "2024-12-31")));

        assertThat(fee).isEqualTo(new BigDecimal("360.00"));
    }

    @Test
    void aPeriodThatEndsBeforeItStartsIsRefused() {
        assertThatThrownBy(() -> Suspensions.suspendedDays(day("2025-03-31"), day("2025-01-01"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static LocalDate day(String iso) {
        return LocalDate.parse(iso);
    }

    private static Period period(String from, String to) {
        return new Period(day(from), day(to));
    }
}
