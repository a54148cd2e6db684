package io.duesflow.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.duesflow.billing.criteria.Criteria;
import io.duesflow.billing.criteria.CriteriaEvaluationException;
import io.duesflow.billing.pricing.Formula;
import io.duesflow.billing.pricing.Suspensions;
import io.duesflow.members.Association;
import io.duesflow.members.ExtraField;
import io.duesflow.members.MemberGroup;
import io.duesflow.members.MemberSnapshot;
import org.springframework.stereotype.Component;

/**
 * Applies billing lines to member snapshots: selection, price, suspension, the mandate check, and grouping
 * into one charge per member and due date. The single code path behind both the simulation and generation,
 * free of side effects and locks.
 */
@Component
class LinePricing {

    static final String SUSPENSION_FEE_TEXT = "Suspension fee";

    private final DecisionPrices decisions;

    LinePricing(DecisionPrices decisions) {
        this.decisions = decisions;
    }

    /** What a set of lines bills whom. {@code occurrences} pairs each line with its due dates in the run. */
    Simulation plan(List<Occurrence> occurrences, List<MemberSnapshot> members, Association association,
                    Map<String, MemberGroup> groupsByName, List<ExtraField> extraFields, LocalDate referenceDate,
                    LocalDate periodFrom, LocalDate periodTo) {
        Map<Long, String> groupNamesById = new HashMap<>();
        groupsByName.values().forEach(group -> groupNamesById.put(group.id(), group.name()));
        Map<Key, Draft> drafts = new TreeMap<>();
        List<Simulation.Skipped> skipped = new ArrayList<>();
        List<Simulation.LineTotal> lineTotals = new ArrayList<>(occurrences.size());

        for (Occurrence occurrence : occurrences) {
            BillingLine line = occurrence.line();
            Criteria criteria = line.who() == BillingLine.Who.CRITERIA ? Criteria.parse(line.criteria(), extraFields) : null;
            Formula formula = line.priceKind() == BillingLine.PriceKind.FORMULA ? Formula.parse(line.formula(), extraFields) : null;
            Set<String> selectedGroups = line.groupIds().stream().map(groupNamesById::get).collect(Collectors.toSet());
            int billed = 0;
            BigDecimal lineTotal = BigDecimal.ZERO.setScale(2);
            for (LocalDate due : occurrence.dueDates()) {
                // An immediate line covers its due date only: suspensions and periods do not apply to it.
                LocalDate periodStart = due;
                LocalDate periodEnd = line.kind() == BillingLine.Kind.SCHEDULED ? line.periodEnd(due) : due;
                List<MemberSnapshot> selected = new ArrayList<>();
                for (MemberSnapshot member : members) {
                    if (!isMemberDuring(member, periodStart, periodEnd)) {
                        if (leftRecently(member, periodStart)) {
                            skipped.add(skip(member, line, "left on " + member.leaveDate() + ", before the period"));
                        }
                        continue;
                    }
                    String reason = notSelected(line, member, criteria, selectedGroups, referenceDate);
                    if (reason == null) {
                        selected.add(member);
                    } else if (!reason.isEmpty()) {
                        skipped.add(skip(member, line, reason));
                    }
                }
                Map<Long, List<Simulation.Line>> priced = price(line, formula, selected, groupsByName, selectedGroups,
                        association, referenceDate, skipped);
                for (MemberSnapshot member : selected) {
                    List<Simulation.Line> lines = priced.get(member.memberNumber());
                    if (lines == null) {
                        continue;
                    }
                    if (line.kind() == BillingLine.Kind.SCHEDULED && overlapsSuspension(member, periodStart, periodEnd)) {
                        lines = lines.stream().map(l -> new Simulation.Line(l.lineId(), l.text() + " (suspended part deducted)",
                                Suspensions.normalShare(l.amount(), periodStart, periodEnd, member.suspensions()),
                                l.ledgerAccount())).filter(l -> l.amount().signum() > 0).toList();
                    }
                    Draft draft = drafts.computeIfAbsent(new Key(member.memberNumber(), due),
                            key -> new Draft(member, due, periodStart, periodEnd));
                    for (Simulation.Line priceLine : lines) {
                        draft.add(line.position(), priceLine);
                        lineTotal = lineTotal.add(priceLine.amount());
                    }
                    if (line.kind() == BillingLine.Kind.SCHEDULED && overlapsSuspension(member, periodStart, periodEnd)) {
                        draft.suspended = true;
                    }
                    billed++;
                }
            }
            lineTotals.add(new Simulation.LineTotal(line.id(), line.name(), line.position(), billed, lineTotal));
        }

        List<Simulation.Charge> charges = new ArrayList<>(drafts.size());
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        Set<Long> memberNumbers = new java.util.HashSet<>();
        for (Draft draft : drafts.values()) {
            Simulation.Charge charge = draft.charge(association);
            if (charge.lines().isEmpty()) {
                continue;
            }
            charges.add(charge);
            memberNumbers.add(charge.memberNumber());
            total = total.add(charge.total());
        }
        skipped.sort(Comparator.comparing(Simulation.Skipped::memberNumber));
        return new Simulation(referenceDate, periodFrom, periodTo, association.currency(), charges.size(),
                memberNumbers.size(), total, List.copyOf(lineTotals), charges, skipped);
    }

    record Occurrence(BillingLine line, List<LocalDate> dueDates) {
    }

    /** A member who left before the period, or joins after it, is not billed for it. */
    private static boolean isMemberDuring(MemberSnapshot member, LocalDate periodStart, LocalDate periodEnd) {
        return (member.leaveDate() == null || !member.leaveDate().isBefore(periodStart))
                && !member.joinDate().isAfter(periodEnd);
    }

    /** Worth telling the treasurer: a member who left within the year before the period. */
    private static boolean leftRecently(MemberSnapshot member, LocalDate periodStart) {
        return member.leaveDate() != null && member.leaveDate().isBefore(periodStart)
                && !member.leaveDate().isBefore(periodStart.minusYears(1));
    }

    /** Null when the line selects the member; an empty string when it does not; a reason when it cannot tell. */
    private static String notSelected(BillingLine line, MemberSnapshot member, Criteria criteria, Set<String> groups,
                                      LocalDate referenceDate) {
        return switch (line.who()) {
            case ALL -> null;
            case GROUPS -> member.groups().stream().anyMatch(groups::contains) ? null : "";
            case EXTRA_FIELD -> {
                Object value = member.extraValues().get(line.whoField());
                if (value == null) {
                    yield "";
                }
                yield line.whoFieldValue() == null || sameValue(value, line.whoFieldValue()) ? null : "";
            }
            case CRITERIA -> {
                try {
                    yield criteria.test(member, referenceDate) ? null : "";
                } catch (CriteriaEvaluationException e) {
                    yield "criteria cannot be evaluated: " + e.getMessage();
                }
            }
        };
    }

    private static boolean sameValue(Object value, String wanted) {
        if (value instanceof BigDecimal number) {
            try {
                return number.compareTo(new BigDecimal(wanted.trim().replace(',', '.'))) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return value.toString().equalsIgnoreCase(wanted.trim());
    }

    private Map<Long, List<Simulation.Line>> price(BillingLine line, Formula formula, List<MemberSnapshot> selected,
                                                   Map<String, MemberGroup> groupsByName, Set<String> selectedGroups,
                                                   Association association, LocalDate referenceDate,
                                                   List<Simulation.Skipped> skipped) {
        String account = line.ledgerAccount() != null ? line.ledgerAccount() : association.incomeAccount();
        Map<Long, List<Simulation.Line>> priced = new HashMap<>(selected.size() * 2);
        switch (line.priceKind()) {
            case FIXED -> selected.forEach(member -> priced.put(member.memberNumber(),
                    List.of(new Simulation.Line(line.id(), line.invoiceText(), line.fixedPrice().setScale(2), account))));
            case GROUPS -> {
                for (MemberSnapshot member : selected) {
                    List<Simulation.Line> lines = member.groups().stream().sorted()
                            .filter(group -> line.who() != BillingLine.Who.GROUPS || selectedGroups.contains(group))
                            .map(groupsByName::get)
                            .filter(group -> group != null && group.price() != null)
                            .map(group -> new Simulation.Line(line.id(), line.invoiceText() + " – " + group.name(),
                                    group.price().setScale(2),
                                    group.ledgerAccount() != null ? group.ledgerAccount() : account))
                            .toList();
                    if (lines.isEmpty()) {
                        skipped.add(skip(member, line, "in no group with a price"));
                    } else {
                        priced.put(member.memberNumber(), lines);
                    }
                }
            }
            case EXTRA_FIELD -> {
                for (MemberSnapshot member : selected) {
                    Object value = member.extraValues().get(line.priceField());
                    if (value instanceof BigDecimal amount && amount.signum() >= 0) {
                        priced.put(member.memberNumber(), List.of(new Simulation.Line(line.id(), line.invoiceText(),
                                amount.setScale(2, RoundingMode.HALF_EVEN), account)));
                    } else {
                        skipped.add(skip(member, line, value == null ? "no value for " + line.priceField()
                                : line.priceField() + " holds " + value + ", not an amount"));
                    }
                }
            }
            case FORMULA -> {
                Formula.Prices prices = formula.price(selected);
                for (MemberSnapshot member : selected) {
                    BigDecimal amount = prices.amounts().get(member.memberNumber());
                    if (amount != null && amount.signum() < 0) {
                        skipped.add(skip(member, line, "the formula gives a negative amount, " + amount));
                    } else if (amount != null) {
                        priced.put(member.memberNumber(),
                                List.of(new Simulation.Line(line.id(), line.invoiceText(), amount, account)));
                    } else {
                        skipped.add(skip(member, line, prices.errors().getOrDefault(member.memberNumber(),
                                "the formula gives no amount")));
                    }
                }
            }
            case DECISION -> {
                for (MemberSnapshot member : selected) {
                    try {
                        priced.put(member.memberNumber(), List.of(new Simulation.Line(line.id(), line.invoiceText(),
                                decisions.price(line.decisionKey(), member, referenceDate), account)));
                    } catch (IllegalArgumentException e) {
                        skipped.add(skip(member, line, e.getMessage()));
                    }
                }
            }
        }
        return priced;
    }

    private static Simulation.Skipped skip(MemberSnapshot member, BillingLine line, String reason) {
        return new Simulation.Skipped(member.memberNumber(), member.name(), line.id(), line.name(), reason);
    }

    private static boolean overlapsSuspension(MemberSnapshot member, LocalDate start, LocalDate end) {
        return member.suspensions().stream().anyMatch(s -> !s.startsOn().isAfter(end) && !s.endsOn().isBefore(start));
    }

    private record Key(long memberNumber, LocalDate due) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byMember = Long.compare(memberNumber, other.memberNumber);
            return byMember != 0 ? byMember : due.compareTo(other.due);
        }
    }

    /** A charge being assembled: lines kept in billing-line position order. */
    private static final class Draft {
        final MemberSnapshot member;
        final LocalDate due;
        final LocalDate periodStart;
        final LocalDate periodEnd;
        final List<Map.Entry<Integer, Simulation.Line>> lines = new ArrayList<>(2);
        boolean suspended;

        Draft(MemberSnapshot member, LocalDate due, LocalDate periodStart, LocalDate periodEnd) {
            this.member = member;
            this.due = due;
            this.periodStart = periodStart;
            this.periodEnd = periodEnd;
        }

        void add(int position, Simulation.Line line) {
            lines.add(Map.entry(position, line));
        }

        Simulation.Charge charge(Association association) {
            List<Simulation.Line> ordered = new ArrayList<>(lines.size() + 1);
            lines.stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> ordered.add(entry.getValue()));
            if (suspended && association.monthlySuspensionFee().signum() > 0) {
                // Charged once per member and period, however many lines the charge has.
                BigDecimal fee = Suspensions.prorate(association.monthlySuspensionFee(), periodStart, periodEnd,
                        member.suspensions());
                if (fee.signum() > 0) {
                    ordered.add(new Simulation.Line(null, SUSPENSION_FEE_TEXT, fee, association.feeAccount()));
                }
            }
            BigDecimal total = ordered.stream().map(Simulation.Line::amount).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
            boolean invoicedInstead = !member.validMandate();
            return new Simulation.Charge(member.memberNumber(), member.name(), due, periodStart, periodEnd,
                    member.collectionMethod(), invoicedInstead, ordered, total);
        }
    }
}
