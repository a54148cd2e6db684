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
 * @param whoMembers    member numbers joined with {@code |}, for {@link Who#MEMBERS} (a periodic invoice)
 * @param firstMadeOn   for scheduled lines: the day the first invoice is made (its invoice date), on or before the
 *                      first due date; later ones follow by the frequency. Null: the day the run is approved
 * @param mail          false: the line's charges are approved and numbered but not mailed; they wait in the open list
 */
public record BillingLine(@Id Long id, @Version Integer version, String name, int position, Kind kind,
                          Frequency frequency, LocalDate firstDueDate, String invoiceText, String ledgerAccount,
                          boolean active, Who who, String whoGroups, String whoField, String whoFieldValue,
                          String criteria, PriceKind priceKind, BigDecimal fixedPrice, String priceField,
                          String formula, String decisionKey,
                          @CreatedDate Instant createdAt, @CreatedBy String createdBy,
                          @LastModifiedDate Instant updatedAt, @LastModifiedBy String updatedBy,
                          String whoMembers, LocalDate firstMadeOn, boolean mail) {

    @org.springframework.data.annotation.PersistenceCreator
    public BillingLine {
    }

    /** A line as it was before periodic invoices: for everybody its rule selects, made when approved, mailed. */
    public BillingLine(Long id, Integer version, String name, int position, Kind kind, Frequency frequency,
                       LocalDate firstDueDate, String invoiceText, String ledgerAccount, boolean active, Who who,
                       String whoGroups, String whoField, String whoFieldValue, String criteria, PriceKind priceKind,
                       BigDecimal fixedPrice, String priceField, String formula, String decisionKey, Instant createdAt,
                       String createdBy, Instant updatedAt, String updatedBy) {
        this(id, version, name, position, kind, frequency, firstDueDate, invoiceText, ledgerAccount, active, who,
                whoGroups, whoField, whoFieldValue, criteria, priceKind, fixedPrice, priceField, formula, decisionKey,
                createdAt, createdBy, updatedAt, updatedBy, null, null, true);
    }

    public enum Kind { SCHEDULED, IMMEDIATE }

    /** {@code MEMBERS}: the members named by number ({@code whoMembers}), a periodic invoice's. */
    public enum Who { ALL, GROUPS, EXTRA_FIELD, CRITERIA, MEMBERS }

    /** {@code LINES}: the line's own invoice lines (text, amount, account), a periodic invoice's. */
    public enum PriceKind { FIXED, GROUPS, EXTRA_FIELD, FORMULA, DECISION, LINES }

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

    /** The members a {@link Who#MEMBERS} line bills, in the order given. */
    public List<Long> memberNumbers() {
        return whoMembers == null || whoMembers.isBlank() ? List.of()
                : Arrays.stream(whoMembers.split("\\|")).map(Long::valueOf).toList();
    }

    /**
     * The day the invoice due on {@code due} is made: the first made-on day plus as many steps of the frequency as the
     * due date is from the first due date (made on the 25th, due on the 1st: made on 25 February for 1 March). Null when
     * the line names no such day: the invoice is made when its run is approved.
     */
    LocalDate madeOn(LocalDate due) {
        if (firstMadeOn == null || kind != Kind.SCHEDULED) {
            return null;
        }
        return firstMadeOn.plusMonths(step(due) * frequency.months);
    }

    /** Which step of the schedule {@code due} falls in, counting the first due date as step 0. */
    private long step(LocalDate due) {
        long months = frequency.months;
        long step = Math.floorDiv(java.time.YearMonth.from(firstDueDate).until(java.time.YearMonth.from(due),
                java.time.temporal.ChronoUnit.MONTHS), months);
        if (firstDueDate.plusMonths(step * months).isAfter(due)) {
            step--;
        }
        return step;
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

    /**
     * The last day a charge due on {@code due} covers: the day before the line's next due date. Due dates count from
     * the first one ({@code firstDueDate} plus whole steps of the frequency, each clipped to its month's end), so a
     * line due on the 31st is due on 28/29 February and on 31 March, and a charge due on 28 February covers up to
     * 30 March: a period never ends before it starts. A due date between two of the schedule's (an approval moved it)
     * belongs to the step it falls in.
     */
    LocalDate periodEnd(LocalDate due) {
        long months = frequency.months;
        long step = step(due);
        LocalDate end = firstDueDate.plusMonths((step + 1) * months).minusDays(1);
        return end.isBefore(due) ? due : end;
    }
}
