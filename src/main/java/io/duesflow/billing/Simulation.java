package io.duesflow.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.duesflow.members.CollectionMethod;

/**
 * What a run would bill, before anything is created: who, each line and amount, who is skipped and why,
 * totals per line and overall. Generation bills exactly this.
 */
public record Simulation(LocalDate referenceDate, LocalDate periodFrom, LocalDate periodTo, String currency,
                         int chargeCount, int memberCount, BigDecimal total, List<LineTotal> lines,
                         List<Charge> charges, List<Skipped> skipped) {

    /** @param lineId the billing line; null for a line of a charge template */
    public record LineTotal(Long lineId, String name, int position, int members, BigDecimal total) {
    }

    /**
     * One charge-to-be: a member's lines with the same due date.
     *
     * @param invoicedInstead on direct debit but without a valid mandate: invoiced, and flagged
     */
    public record Charge(long memberNumber, String name, LocalDate dueDate, LocalDate periodStart, LocalDate periodEnd,
                         CollectionMethod collectionMethod, boolean invoicedInstead, List<Line> lines, BigDecimal total) {
    }

    /** @param lineId the billing line it comes from; null for the suspension fee */
    public record Line(Long lineId, String text, BigDecimal amount, String ledgerAccount) {
    }

    public record Skipped(long memberNumber, String name, Long lineId, String lineName, String reason) {
    }

    /**
     * The same charges with {@code percent} taken off every line that comes from a billing line (not the
     * suspension fee), each rounded half-up to the cent; charges left with nothing to pay are skipped.
     */
    Simulation discounted(BigDecimal percent) {
        if (percent == null || percent.signum() == 0) {
            return this;
        }
        BigDecimal keep = BigDecimal.valueOf(100).subtract(percent).movePointLeft(2);
        String suffix = " (" + percent.stripTrailingZeros().toPlainString() + " % discount)";
        List<Charge> kept = new ArrayList<>(charges.size());
        List<Skipped> skips = new ArrayList<>(skipped);
        Map<Long, BigDecimal> byLine = new HashMap<>();
        Map<Long, Set<Long>> membersByLine = new HashMap<>();
        for (Charge charge : charges) {
            List<Line> lines = charge.lines().stream().map(line -> line.lineId() == null ? line
                    : new Line(line.lineId(), line.text() + suffix,
                    line.amount().multiply(keep).setScale(2, RoundingMode.HALF_UP), line.ledgerAccount()))
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
            kept.add(new Charge(charge.memberNumber(), charge.name(), charge.dueDate(), charge.periodStart(),
                    charge.periodEnd(), charge.collectionMethod(), charge.invoicedInstead(), lines, chargeTotal));
        }
        List<LineTotal> totals = this.lines.stream().map(line -> new LineTotal(line.lineId(), line.name(), line.position(),
                membersByLine.getOrDefault(line.lineId(), Set.of()).size(),
                byLine.getOrDefault(line.lineId(), BigDecimal.ZERO.setScale(2)))).toList();
        return new Simulation(referenceDate, periodFrom, periodTo, currency, kept.size(),
                (int) kept.stream().map(Charge::memberNumber).distinct().count(),
                kept.stream().map(Charge::total).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add), totals, kept, skips);
    }
}
