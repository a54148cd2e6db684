package io.duesflow.billing.pricing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.duesflow.members.MemberSnapshot.Period;
import io.duesflow.platform.Money;

/**
 * What a suspended member pays for a billing period [start, end] (both days inclusive).
 *
 * <p>The rule: the days of the period that fall in any suspension (overlapping suspensions count once; a
 * suspension without an end runs on past the period) are charged the monthly suspension fee by the day, at that
 * month's own length: for each calendar month, {@code monthlyFee × suspended days in the month / days in the
 * month}. So a month fully suspended costs exactly the fee, February included. The sum is rounded to cents once, at
 * the end, by the house's rule ({@link Money}), so a long period does not gather a cent of rounding per month. The
 * other days pay their share of the normal price, see {@link #normalShare}.
 */
public final class Suspensions {

    // 28, 29, 30 and 31 all divide this, so each month's fraction is a whole number of these parts.
    private static final long PARTS_PER_MONTH = 377_580;

    private Suspensions() {
    }

    /** The suspension fee for the suspended days of the period, pro-rated by day; 0.00 without any. */
    public static BigDecimal prorate(BigDecimal monthlyFee, LocalDate periodStart, LocalDate periodEnd,
                                     List<Period> suspensions) {
        long parts = 0;
        for (Span span : suspendedSpans(periodStart, periodEnd, suspensions)) {
            for (LocalDate day = span.from(); !day.isAfter(span.to()); ) {
                LocalDate monthEnd = day.with(TemporalAdjusters.lastDayOfMonth());
                LocalDate last = monthEnd.isBefore(span.to()) ? monthEnd : span.to();
                long days = ChronoUnit.DAYS.between(day, last) + 1;
                parts += days * (PARTS_PER_MONTH / day.lengthOfMonth());
                day = last.plusDays(1);
            }
        }
        return monthlyFee.multiply(BigDecimal.valueOf(parts))
                .divide(BigDecimal.valueOf(PARTS_PER_MONTH), 2, Money.ROUNDING);
    }

    /** The price for the days of the period that are not suspended: {@code price × unsuspended days / days}. */
    public static BigDecimal normalShare(BigDecimal price, LocalDate periodStart, LocalDate periodEnd,
                                         List<Period> suspensions) {
        long days = days(periodStart, periodEnd);
        long unsuspended = days - suspendedDays(periodStart, periodEnd, suspensions);
        return price.multiply(BigDecimal.valueOf(unsuspended))
                .divide(BigDecimal.valueOf(days), 2, Money.ROUNDING);
    }

    /** Days of the period within at least one suspension. */
    public static long suspendedDays(LocalDate periodStart, LocalDate periodEnd, List<Period> suspensions) {
        return suspendedSpans(periodStart, periodEnd, suspensions).stream()
                .mapToLong(span -> days(span.from(), span.to())).sum();
    }

    /** Whether the member is suspended on every day of the period, and so pays the suspension fee only. */
    public static boolean coversWholePeriod(LocalDate periodStart, LocalDate periodEnd, List<Period> suspensions) {
        return suspendedDays(periodStart, periodEnd, suspensions) == days(periodStart, periodEnd);
    }

    private record Span(LocalDate from, LocalDate to) {
    }

    /** The suspensions clipped to the period and merged, so no day counts twice; in date order. */
    private static List<Span> suspendedSpans(LocalDate start, LocalDate end, List<Period> suspensions) {
        days(start, end);
        List<Span> clipped = new ArrayList<>();
        for (Period suspension : suspensions == null ? List.<Period>of() : suspensions) {
            LocalDate from = suspension.startsOn() == null || suspension.startsOn().isBefore(start)
                    ? start : suspension.startsOn();
            LocalDate to = suspension.endsOn() == null || suspension.endsOn().isAfter(end) ? end : suspension.endsOn();
            if (!from.isAfter(to)) {
                clipped.add(new Span(from, to));
            }
        }
        clipped.sort(Comparator.comparing(Span::from));
        List<Span> merged = new ArrayList<>();
        for (Span span : clipped) {
            Span last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !span.from().isAfter(last.to().plusDays(1))) {
                merged.set(merged.size() - 1, new Span(last.from(), span.to().isAfter(last.to()) ? span.to() : last.to()));
            } else {
                merged.add(span);
            }
        }
        return merged;
    }

    private static long days(LocalDate start, LocalDate end) {
        if (start == null || end == null || start.isAfter(end)) {
            throw new IllegalArgumentException("A billing period needs a start on or before its end, not "
                    + start + " to " + end);
        }
        return ChronoUnit.DAYS.between(start, end) + 1;
    }
}
