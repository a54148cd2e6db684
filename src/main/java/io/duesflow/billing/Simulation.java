package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.duesflow.members.CollectionMethod;
import io.duesflow.platform.Money;

/**
 * What a run would bill, before anything is created: who, each line and amount, who is skipped and why,
 * totals per line and overall. Generation bills exactly this. A simulation of the register lists its first charges
 * and skips only (10 000 of each by default, {@code duesflow.billing.simulation-lists}); {@code chargeCount},
 * {@code memberCount}, {@code total} and the line totals are always the whole register's.
 */
public record Simulation(LocalDate referenceDate, LocalDate periodFrom, LocalDate periodTo, String currency,
                         int chargeCount, int memberCount, BigDecimal total, List<LineTotal> lines,
                         List<Charge> charges, List<Skipped> skipped, int notMailedCount) {

    /**
     * @param lineId       the billing line; null for a line of a charge template
     * @param formulaTotal for a split ({@code fordeling}): the formula's total, once per due date it is split for,
     *                     beside what is billed ({@code total}); they differ only where a discount takes a part off
     *                     or nobody could be priced
     * @param mail         false: the line's charges are not mailed (its switch), but wait in the open list
     */
    public record LineTotal(Long lineId, String name, int position, int members, BigDecimal total,
                            BigDecimal formulaTotal, boolean mail) {
    }

    /**
     * One charge-to-be: a member's lines with the same due date.
     *
     * @param mailAddress     whether the member has a mail address to send the invoice to (else it is printed)
     * @param invoicedInstead on direct debit but without a valid mandate: invoiced, and flagged
     * @param madeOn          the day the invoice is made (its date), when a line names one; null: when approved
     * @param mail            false: a line of it says "do not mail"; it is approved and numbered, and waits in the open
     *                        list to be sent by hand, printed or collected
     */
    public record Charge(long memberNumber, String name, String language, boolean mailAddress, LocalDate dueDate,
                         LocalDate periodStart, LocalDate periodEnd, CollectionMethod collectionMethod,
                         boolean invoicedInstead, List<Line> lines, BigDecimal total, LocalDate madeOn, boolean mail) {
    }

    /**
     * @param lineId         the billing line it comes from; null for the suspension fee
     * @param defaultAccount the account is the association's default income account: an approval's account replaces it
     */
    public record Line(Long lineId, String text, BigDecimal amount, String ledgerAccount,
                       @JsonIgnore boolean defaultAccount) {
    }

    public record Skipped(long memberNumber, String name, Long lineId, String lineName, String reason) {
    }

    /**
     * The same charges with {@code percent} taken off every line that comes from a billing line (not the
     * suspension fee), each rounded by the house's rule ({@link Money}); charges left with nothing to pay are skipped.
     * A split line is discounted like any other: the run then bills less than the formula's total, shown beside it.
     */
    Simulation discounted(BigDecimal percent, ChargeTexts texts) {
        if (percent == null || percent.signum() == 0) {
            return this;
        }
        BigDecimal keep = BigDecimal.valueOf(100).subtract(percent).movePointLeft(2);
        String shown = percent.stripTrailingZeros().toPlainString();
        List<Charge> kept = new ArrayList<>(charges.size());
        List<Skipped> skips = new ArrayList<>(skipped);
        Map<Long, BigDecimal> byLine = new HashMap<>();
        Map<Long, Set<Long>> membersByLine = new HashMap<>();
        for (Charge charge : charges) {
            List<Line> lines = charge.lines().stream().map(line -> line.lineId() == null ? line
                    : new Line(line.lineId(), texts.discount(line.text(), shown, charge.language()),
                    Money.round(line.amount().multiply(keep)), line.ledgerAccount(), line.defaultAccount()))
                    .filter(line -> line.amount().signum() > 0).toList();
            BigDecimal chargeTotal = lines.stream().map(Line::amount).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
            if (chargeTotal.signum() == 0) {
                skips.add(new Skipped(charge.memberNumber(), charge.name(), null, null,
                        "nothing to pay after the " + percent.stripTrailingZeros().toPlainString() + " % discount"));
                continue;
            }
            lines.stream().filter(line -> line.lineId() != null).forEach(line -> {
                byLine.merge(line.lineId(), line.amount(), BigDecimal::add);
                membersByLine.computeIfAbsent(line.lineId(), id -> new HashSet<>()).add(charge.memberNumber());
            });
            kept.add(new Charge(charge.memberNumber(), charge.name(), charge.language(), charge.mailAddress(),
                    charge.dueDate(), charge.periodStart(),
                    charge.periodEnd(), charge.collectionMethod(), charge.invoicedInstead(), lines, chargeTotal,
                    charge.madeOn(), charge.mail()));
        }
        List<LineTotal> totals = this.lines.stream().map(line -> new LineTotal(line.lineId(), line.name(), line.position(),
                membersByLine.getOrDefault(line.lineId(), Set.of()).size(),
                byLine.getOrDefault(line.lineId(), BigDecimal.ZERO.setScale(2)), line.formulaTotal(), line.mail()))
                .toList();
        return new Simulation(referenceDate, periodFrom, periodTo, currency, kept.size(),
                (int) kept.stream().map(Charge::memberNumber).distinct().count(),
                kept.stream().map(Charge::total).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add), totals, kept, skips,
                (int) kept.stream().filter(charge -> !charge.mail()).count());
    }
    /** The same simulation listing at most {@code listed} charges and skips; counts and totals unchanged. */
    Simulation listing(int listed) {
        if (charges.size() <= listed && skipped.size() <= listed) {
            return this;
        }
        return new Simulation(referenceDate, periodFrom, periodTo, currency, chargeCount, memberCount, total, lines,
                List.copyOf(charges.subList(0, Math.min(listed, charges.size()))),
                List.copyOf(skipped.subList(0, Math.min(listed, skipped.size()))), notMailedCount);
    }

    /**
     * A simulation added up from pages of the register (disjoint members, in member order): counts and totals of
     * them all, the first {@code listed} charges and skips, so the pages need not be kept.
     */
    static final class Pages {
        private final int listed;
        private Simulation first;
        private int chargeCount;
        private int memberCount;
        private int notMailed;
        private BigDecimal total = BigDecimal.ZERO.setScale(2);
        private final Map<List<Object>, LineTotal> lines = new LinkedHashMap<>();
        private final List<Charge> charges = new ArrayList<>();
        private final List<Skipped> skipped = new ArrayList<>();

        Pages(int listed) {
            this.listed = listed;
        }

        void add(Simulation page) {
            if (first == null) {
                first = page;
            }
            chargeCount += page.chargeCount();
            memberCount += page.memberCount();
            notMailed += page.notMailedCount();
            total = total.add(page.total());
            for (LineTotal line : page.lines()) {
                lines.merge(Arrays.asList(line.lineId(), line.name(), line.position()), line, (sum, more) ->
                        new LineTotal(sum.lineId(), sum.name(), sum.position(), sum.members() + more.members(),
                                sum.total().add(more.total()),
                                sum.formulaTotal() != null ? sum.formulaTotal() : more.formulaTotal(), sum.mail()));
            }
            page.charges().stream().limit(Math.max(0, listed - charges.size())).forEach(charges::add);
            page.skipped().stream().limit(Math.max(0, listed - skipped.size())).forEach(skipped::add);
        }

        boolean isEmpty() {
            return first == null;
        }

        Simulation simulation() {
            return new Simulation(first.referenceDate(), first.periodFrom(), first.periodTo(), first.currency(),
                    chargeCount, memberCount, total, List.copyOf(lines.values()), List.copyOf(charges),
                    List.copyOf(skipped), notMailed);
        }
    }
}
