package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.data.annotation.CreatedBy;
import org.springframework.data.annotation.CreatedDate;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.LastModifiedBy;
import org.springframework.data.annotation.LastModifiedDate;
import org.springframework.data.annotation.Version;

/**
 * A rule of what to bill, whom and how much. A billing run applies the active lines to the register.
 *
 * @param position      order of lines on one charge
 * @param firstDueDate  for scheduled lines: the first due date; later ones follow by the frequency, same day of month
 * @param whoGroups     group ids joined with {@code |}, for {@link Who#GROUPS}
 * @param whoField      extra field code, for {@link Who#EXTRA_FIELD}: members with a value (equal to
 *                      {@code whoFieldValue} when that is given)
 * @param decisionKey   the DMN decision that prices the line, for {@link PriceKind#DECISION}
 */
public record BillingLine(@Id Long id, @Version Integer version, String name, int position, Kind kind,
                          Frequency frequency, LocalDate firstDueDate, String invoiceText, String ledgerAccount,
                          boolean active, Who who, String whoGroups, String whoField, String whoFieldValue,
                          String criteria, PriceKind priceKind, BigDecimal fixedPrice, String priceField,
                          String formula, String decisionKey,
                          @CreatedDate Instant createdAt, @CreatedBy String createdBy,
                          @LastModifiedDate Instant updatedAt, @LastModifiedBy String updatedBy) {

    public enum Kind { SCHEDULED, IMMEDIATE }

    public enum Who { ALL, GROUPS, EXTRA_FIELD, CRITERIA }

    public enum PriceKind { FIXED, GROUPS, EXTRA_FIELD, FORMULA, DECISION }

    public enum Frequency {
        YEARLY(12), HALF_YEARLY(6), QUARTERLY(3), MONTHLY(1);

        final int months;

        Frequency(int months) {
            this.months = months;
        }
    }

    List<Long> groupIds() {
        return whoGroups == null || whoGroups.isBlank() ? List.of()
                : Arrays.stream(whoGroups.split("\\|")).map(Long::valueOf).toList();
    }

    /** The due dates of a scheduled line that fall within [from, to]; each starts a period of one frequency. */
    List<LocalDate> dueDatesBetween(LocalDate from, LocalDate to) {
        List<LocalDate> dates = new ArrayList<>();
        if (kind != Kind.SCHEDULED) {
            return dates;
        }
        for (int step = 0; ; step++) {
            // Counting from the first due date keeps the 31st on the 31st where a month has one.
            LocalDate due = firstDueDate.plusMonths((long) step * frequency.months);
            if (due.isAfter(to)) {
                return dates;
            }
            if (!due.isBefore(from)) {
                dates.add(due);
            }
        }
    }

    /** The last day a charge due on {@code due} covers. */
    LocalDate periodEnd(LocalDate due) {
        int stepsFromFirst = (int) java.time.temporal.ChronoUnit.MONTHS.between(firstDueDate, due) / frequency.months;
        return firstDueDate.plusMonths((long) (stepsFromFirst + 1) * frequency.months).minusDays(1);
    }
}
