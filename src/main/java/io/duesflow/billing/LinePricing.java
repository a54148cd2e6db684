package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
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
import io.duesflow.platform.Money;
import org.springframework.stereotype.Component;

/**
 * Applies billing lines to member snapshots: selection, price, suspension, the mandate check, and grouping
 * into one charge per member and due date. The single code path behind both the simulation and generation,
 * free of side effects and locks.
 */
@Component
class LinePricing {

    private final DecisionPrices decisions;
    private final ChargeTexts texts;
    private final BillingLineItems items;

    LinePricing(DecisionPrices decisions, ChargeTexts texts, BillingLineItems items) {
        this.decisions = decisions;
        this.texts = texts;
        this.items = items;
    }

    /**
     * What a set of lines bills whom. {@code occurrences} pairs each line with its due dates in the run;
     * {@code alreadyBilled} tells which (line, member, due date) another run has billed, so it is left out and said.
     */
    Simulation plan(List<Occurrence> occurrences, List<MemberSnapshot> members, Association association,
                    Map<String, MemberGroup> groupsByName, List<ExtraField> extraFields, LocalDate referenceDate,
                    LocalDate periodFrom, LocalDate periodTo, AlreadyBilled alreadyBilled) {
        return plan(occurrences, members, association, groupsByName, extraFields, referenceDate, periodFrom, periodTo,
                alreadyBilled, null);
    }

    /**
     * The same for a chunk of the register: {@code shares}, made once over the whole register when the generation
     * started, price the split lines ({@code fordeling}), whose shares depend on everybody, not only the chunk.
     */
    Simulation plan(List<Occurrence> occurrences, List<MemberSnapshot> members, Association association,
                    Map<String, MemberGroup> groupsByName, List<ExtraField> extraFields, LocalDate referenceDate,
                    LocalDate periodFrom, LocalDate periodTo, AlreadyBilled alreadyBilled, SplitShares shares) {
        Map<Long, String> groupNamesById = new HashMap<>();
        groupsByName.values().forEach(group -> groupNamesById.put(group.id(), group.name()));
        Map<Key, Draft> drafts = new TreeMap<>();
        List<Simulation.Skipped> skipped = new ArrayList<>();
        List<Simulation.LineTotal> lineTotals = new ArrayList<>(occurrences.size());
        // A periodic invoice names its members: it looks only at them, so a thousand of them cost a thousand lookups,
        // not a thousand passes over the register.
        Map<Long, MemberSnapshot> byNumber = occurrences.stream().anyMatch(o -> o.line().who() == BillingLine.Who.MEMBERS)
                ? members.stream().collect(Collectors.toMap(MemberSnapshot::memberNumber, m -> m, (a, b) -> a))
                : Map.of();
        Map<Long, List<ChargeTemplate.Line>> ownLines = items.of(occurrences.stream().map(Occurrence::line)
                .filter(l -> l.priceKind() == BillingLine.PriceKind.LINES && l.id() != null).map(BillingLine::id)
                .distinct().toList());

        for (Occurrence occurrence : occurrences) {
            BillingLine line = occurrence.line();
            List<MemberSnapshot> candidates = line.who() != BillingLine.Who.MEMBERS ? members
                    : line.memberNumbers().stream().sorted().map(byNumber::get).filter(java.util.Objects::nonNull).toList();
            Criteria criteria = line.who() == BillingLine.Who.CRITERIA ? Criteria.parse(line.criteria(), extraFields) : null;
            Formula formula = line.priceKind() == BillingLine.PriceKind.FORMULA ? Formula.parse(line.formula(), extraFields) : null;
            Set<String> selectedGroups = line.groupIds().stream().map(groupNamesById::get).collect(Collectors.toSet());
            Set<Long> billedMembers = new HashSet<>();
            BigDecimal lineTotal = BigDecimal.ZERO.setScale(2);
            BigDecimal formulaTotal = formula != null && formula.splitsTotal() ? BigDecimal.ZERO.setScale(2) : null;
            for (LocalDate due : occurrence.dueDates()) {
                // An immediate line covers its due date only: suspensions and periods do not apply to it.
                LocalDate periodStart = due;
                LocalDate periodEnd = line.kind() == BillingLine.Kind.SCHEDULED ? line.periodEnd(due) : due;
                boolean periodic = line.kind() == BillingLine.Kind.SCHEDULED;
                List<MemberSnapshot> selected = new ArrayList<>();
                for (MemberSnapshot member : candidates) {
                    if (!isMemberDuring(member, periodStart, periodEnd)) {
                        // Told only on the lines that would have billed them, not on every line of the register.
                        if (leftRecently(member, periodStart)
                                && notSelected(line, member, criteria, selectedGroups, referenceDate) == null) {
                            skipped.add(skip(member, line, "left on " + member.leaveDate() + ", before the period"));
                        }
                        continue;
                    }
                    String reason = notSelected(line, member, criteria, selectedGroups, referenceDate);
                    if (reason != null) {
                        if (!reason.isEmpty()) {
                            skipped.add(skip(member, line, reason));
                        }
                        continue;
                    }
                    Long billedBy = line.id() == null ? null : alreadyBilled.runOf(line.id(), member.memberNumber(), due);
                    if (billedBy != null) {
                        skipped.add(skip(member, line, "already billed in run " + billedBy + " (due " + due + ")"));
                        continue;
                    }
                    selected.add(member);
                }
                // A split is made over what members actually pay: a member suspended for part of the period weighs
                // only the days they pay for, so the shares still add up to the formula's total.
                boolean split = formula != null && formula.splitsTotal();
                Map<Long, Long> payingDays = periodic && split && shares == null
                        ? payingDays(selected, periodStart, periodEnd) : Map.of();
                if (formulaTotal != null && !selected.isEmpty()) {
                    formulaTotal = formulaTotal.add(formula.total());
                }
                Map<Long, List<Simulation.Line>> priced = split && shares != null
                        ? shares.price(line, due, selected, association, skipped)
                        : price(line, formula, selected, payingDays, groupsByName, selectedGroups, association,
                        referenceDate, skipped, ownLines.getOrDefault(line.id(), List.of()));
                for (MemberSnapshot member : selected) {
                    List<Simulation.Line> lines = priced.get(member.memberNumber());
                    if (lines == null) {
                        continue;
                    }
                    boolean suspended = periodic && overlapsSuspension(member, periodStart, periodEnd);
                    if (suspended) {
                        // A split's share is weighed by the days the member pays for already.
                        boolean alreadyWeighed = split;
                        lines = lines.stream().map(l -> new Simulation.Line(l.lineId(),
                                        texts.suspendedPartDeducted(l.text(), member.language()),
                                        alreadyWeighed ? l.amount()
                                                : Suspensions.normalShare(l.amount(), periodStart, periodEnd, member.suspensions()),
                                        l.ledgerAccount(), l.defaultAccount()))
                                .filter(l -> l.amount().signum() > 0).toList();
                    }
                    Draft draft = drafts.computeIfAbsent(new Key(member.memberNumber(), due),
                            key -> new Draft(member, due, periodStart, periodEnd));
                    for (Simulation.Line priceLine : lines) {
                        draft.add(line.position(), priceLine);
                        lineTotal = lineTotal.add(priceLine.amount());
                    }
                    if (suspended) {
                        draft.suspended = true;
                    }
                    draft.madeAndMailed(line.madeOn(due), line.mail());
                    billedMembers.add(member.memberNumber());
                }
            }
            lineTotals.add(new Simulation.LineTotal(line.id(), line.name(), line.position(), billedMembers.size(),
                    lineTotal, formulaTotal, line.mail()));
        }

        List<Simulation.Charge> charges = new ArrayList<>(drafts.size());
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        Set<Long> memberNumbers = new HashSet<>();
        for (Draft draft : drafts.values()) {
            Simulation.Charge charge = draft.charge(association, texts);
            if (charge.lines().isEmpty()) {
                continue;
            }
            if (!Money.fits(charge.total())) {
                skipped.add(new Simulation.Skipped(charge.memberNumber(), charge.name(), null, null,
                        "the charge would come to " + charge.total().toPlainString()
                                + ", more than a charge can hold (" + Money.MAX.toPlainString() + ")"));
                continue;
            }
            charges.add(charge);
            memberNumbers.add(charge.memberNumber());
            total = total.add(charge.total());
        }
        skipped.sort(Comparator.comparing(Simulation.Skipped::memberNumber));
        return new Simulation(referenceDate, periodFrom, periodTo, association.currency(), charges.size(),
                memberNumbers.size(), total, List.copyOf(lineTotals), charges, skipped,
                (int) charges.stream().filter(charge -> !charge.mail()).count());
    }

    /** The shares of the split lines, made over the whole register when a generation starts; see {@code SplitShares}. */
    interface SplitShares {
        /** The selected members' lines for a split line due on {@code due}; a member without a share is skipped. */
        Map<Long, List<Simulation.Line>> price(BillingLine line, LocalDate due, List<MemberSnapshot> selected,
                                               Association association, List<Simulation.Skipped> skipped);
    }

    static Simulation.Skipped skipped(MemberSnapshot member, BillingLine line, String reason) {
        return skip(member, line, reason);
    }

    static String account(BillingLine line, Association association) {
        return line.ledgerAccount() != null ? line.ledgerAccount() : association.incomeAccount();
    }

    /** Which run billed an occurrence already: (billing line, member, due date) → run, or null. */
    interface AlreadyBilled {
        AlreadyBilled NOTHING = (line, member, due) -> null;

        Long runOf(long lineId, long memberNumber, LocalDate due);
    }

    private static Map<Long, Long> payingDays(List<MemberSnapshot> selected, LocalDate start, LocalDate end) {
        if (selected.stream().noneMatch(member -> overlapsSuspension(member, start, end))) {
            return Map.of();
        }
        long days = java.time.temporal.ChronoUnit.DAYS.between(start, end) + 1;
        Map<Long, Long> paying = new HashMap<>(selected.size() * 2);
        for (MemberSnapshot member : selected) {
            paying.put(member.memberNumber(), days - Suspensions.suspendedDays(start, end, member.suspensions()));
        }
        return paying;
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
            case ALL, MEMBERS -> null;
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
                                                   Map<Long, Long> payingDays, Map<String, MemberGroup> groupsByName,
                                                   Set<String> selectedGroups, Association association,
                                                   LocalDate referenceDate, List<Simulation.Skipped> skipped,
                                                   List<ChargeTemplate.Line> ownLines) {
        boolean defaultAccount = line.ledgerAccount() == null;
        String account = defaultAccount ? association.incomeAccount() : line.ledgerAccount();
        Map<Long, List<Simulation.Line>> priced = new HashMap<>(selected.size() * 2);
        switch (line.priceKind()) {
            case FIXED -> selected.forEach(member -> priced.put(member.memberNumber(),
                    List.of(new Simulation.Line(line.id(), line.invoiceText(), line.fixedPrice().setScale(2), account,
                            defaultAccount))));
            case LINES -> {
                // A periodic invoice's own lines, each with its own account or the line's.
                List<Simulation.Line> lines = ownLines.stream().map(item -> new Simulation.Line(line.id(), item.text(),
                        item.amount().setScale(2), item.ledgerAccount() != null ? item.ledgerAccount() : account,
                        item.ledgerAccount() == null && defaultAccount)).toList();
                if (!lines.isEmpty()) {
                    selected.forEach(member -> priced.put(member.memberNumber(), lines));
                }
            }
            case GROUPS -> {
                for (MemberSnapshot member : selected) {
                    List<Simulation.Line> lines = member.groups().stream().sorted()
                            .filter(group -> line.who() != BillingLine.Who.GROUPS || selectedGroups.contains(group))
                            .map(groupsByName::get)
                            .filter(group -> group != null && group.price() != null)
                            .map(group -> new Simulation.Line(line.id(), line.invoiceText() + " – " + group.name(),
                                    group.price().setScale(2),
                                    group.ledgerAccount() != null ? group.ledgerAccount() : account,
                                    group.ledgerAccount() == null && defaultAccount))
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
                    if (value instanceof BigDecimal amount && amount.signum() >= 0 && Money.fits(amount)) {
                        priced.put(member.memberNumber(), List.of(new Simulation.Line(line.id(), line.invoiceText(),
                                Money.round(amount), account, defaultAccount)));
                    } else if (value instanceof BigDecimal amount && amount.signum() >= 0) {
                        skipped.add(skip(member, line, tooLarge(line.priceField() + " holds " + amount.toPlainString())));
                    } else {
                        skipped.add(skip(member, line, value == null ? "no value for " + line.priceField()
                                : line.priceField() + " holds " + value + ", not an amount"));
                    }
                }
            }
            case FORMULA -> {
                Formula.Prices prices = formula.price(selected, payingDays);
                for (MemberSnapshot member : selected) {
                    BigDecimal amount = prices.amounts().get(member.memberNumber());
                    if (amount != null && amount.signum() < 0) {
                        skipped.add(skip(member, line, "the formula gives a negative amount, " + amount));
                    } else if (amount != null && !Money.fits(amount)) {
                        skipped.add(skip(member, line, tooLarge("the formula gives " + amount.toPlainString())));
                    } else if (amount != null) {
                        priced.put(member.memberNumber(),
                                List.of(new Simulation.Line(line.id(), line.invoiceText(), amount, account, defaultAccount)));
                    } else {
                        skipped.add(skip(member, line, prices.errors().getOrDefault(member.memberNumber(),
                                "the formula gives no amount")));
                    }
                }
            }
            case DECISION -> {
                for (MemberSnapshot member : selected) {
                    try {
                        BigDecimal amount = decisions.price(line.decisionKey(), member, referenceDate);
                        if (Money.fits(amount)) {
                            priced.put(member.memberNumber(), List.of(new Simulation.Line(line.id(), line.invoiceText(),
                                    amount, account, defaultAccount)));
                        } else {
                            skipped.add(skip(member, line, tooLarge("the decision gives " + amount.toPlainString())));
                        }
                    } catch (IllegalArgumentException e) {
                        skipped.add(skip(member, line, e.getMessage()));
                    }
                }
            }
        }
        return priced;
    }

    private static String tooLarge(String what) {
        return what + ", more than a charge can hold (" + Money.MAX.toPlainString() + ")";
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
        /** The latest day one of its lines says the invoice is made; null: when the run is approved. */
        LocalDate madeOn;
        /** Not mailed when one of its lines says so: a charge is one document, mailed whole or not at all. */
        boolean mail = true;

        void madeAndMailed(LocalDate lineMadeOn, boolean lineMails) {
            if (lineMadeOn != null && (madeOn == null || lineMadeOn.isAfter(madeOn))) {
                madeOn = lineMadeOn;
            }
            mail &= lineMails;
        }

        Draft(MemberSnapshot member, LocalDate due, LocalDate periodStart, LocalDate periodEnd) {
            this.member = member;
            this.due = due;
            this.periodStart = periodStart;
            this.periodEnd = periodEnd;
        }

        void add(int position, Simulation.Line line) {
            lines.add(Map.entry(position, line));
        }

        Simulation.Charge charge(Association association, ChargeTexts texts) {
            List<Simulation.Line> ordered = new ArrayList<>(lines.size() + 1);
            lines.stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> ordered.add(entry.getValue()));
            if (suspended && association.monthlySuspensionFee().signum() > 0) {
                // Charged once per member and period, however many lines the charge has.
                BigDecimal fee = Suspensions.prorate(association.monthlySuspensionFee(), periodStart, periodEnd,
                        member.suspensions());
                if (fee.signum() > 0) {
                    ordered.add(new Simulation.Line(null, texts.suspensionFee(member.language()), fee,
                            association.feeAccount(), false));
                }
            }
            BigDecimal total = ordered.stream().map(Simulation.Line::amount).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
            boolean invoicedInstead = !member.validMandate();
            return new Simulation.Charge(member.memberNumber(), member.name(), member.language(),
                    member.email() != null && !member.email().isBlank(), due, periodStart,
                    periodEnd, member.collectionMethod(), invoicedInstead, ordered, total, madeOn, mail);
        }
    }
}
