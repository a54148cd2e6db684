package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.duesflow.billing.criteria.Criteria;
import io.duesflow.billing.pricing.Formula;
import io.duesflow.members.ExtraField;
import io.duesflow.members.ExtraFieldType;
import io.duesflow.members.MemberGroup;
import io.duesflow.members.MemberRegister;
import io.duesflow.members.MemberSnapshot;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.NotFound;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The front door to what billing bills: billing lines, checked when saved (a wrong criteria expression or
 * formula is refused with its position), and the simulation of a run over the register.
 */
@Service
@Transactional
public class BillingRules {

    private final BillingLineRepository lines;
    private final MemberRegister register;
    private final LinePricing pricing;
    private final DecisionPrices decisions;
    private final Clock clock;

    BillingRules(BillingLineRepository lines, MemberRegister register, LinePricing pricing, DecisionPrices decisions,
                 Clock clock) {
        this.lines = lines;
        this.register = register;
        this.pricing = pricing;
        this.decisions = decisions;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<BillingLine> lines() {
        return lines.findAll().stream().sorted(Comparator.comparingInt(BillingLine::position)
                .thenComparing(BillingLine::id)).toList();
    }

    @Transactional(readOnly = true)
    public BillingLine line(long id) {
        return lines.findById(id).orElseThrow(() -> new NotFound("Billing line", id));
    }

    public BillingLine create(BillingLineInput input) {
        return lines.save(checked(null, input, null));
    }

    public BillingLine change(long id, BillingLineInput input) {
        BillingLine stored = line(id);
        return lines.save(checked(id, input, stored));
    }

    /** Simulates a run: nothing is written, nothing is locked. */
    @Transactional(readOnly = true)
    public Simulation simulate(SimulationRequest request) {
        List<LinePricing.Occurrence> occurrences = new ArrayList<>();
        LocalDate from;
        LocalDate to;
        LocalDate reference;
        if (request.lineIds() != null && !request.lineIds().isEmpty()) {
            if (request.dueDate() == null) {
                throw new InvalidInput("dueDate", "An immediate run needs the due date of its charges");
            }
            for (Long id : request.lineIds()) {
                BillingLine line = line(id);
                if (line.kind() != BillingLine.Kind.IMMEDIATE || !line.active()) {
                    throw new InvalidInput("lineIds", "Line " + id + " (" + line.name() + ") is not an active immediate line");
                }
                occurrences.add(new LinePricing.Occurrence(line, List.of(request.dueDate())));
            }
            from = request.dueDate();
            to = request.dueDate();
            reference = request.referenceDate() != null ? request.referenceDate() : LocalDate.now(clock);
        } else {
            if (request.from() == null || request.to() == null) {
                throw new InvalidInput(request.from() == null ? "from" : "to",
                        "Give the period (from, to) for scheduled lines, or the immediate lines to bill");
            }
            if (request.to().isBefore(request.from())) {
                throw new InvalidInput("to", "The period ends before it starts");
            }
            from = request.from();
            to = request.to();
            reference = request.referenceDate() != null ? request.referenceDate() : from;
            for (BillingLine line : lines()) {
                if (line.active() && line.kind() == BillingLine.Kind.SCHEDULED) {
                    List<LocalDate> dueDates = line.dueDatesBetween(from, to);
                    if (!dueDates.isEmpty()) {
                        occurrences.add(new LinePricing.Occurrence(line, dueDates));
                    }
                }
            }
        }
        return plan(occurrences, reference, from, to, member -> true);
    }

    /**
     * What the given lines would bill the members {@code who} selects; the one path behind the simulation and
     * every kind of run.
     */
    @Transactional(readOnly = true)
    Simulation plan(List<LinePricing.Occurrence> occurrences, LocalDate reference, LocalDate from, LocalDate to,
                    Predicate<MemberSnapshot> who) {
        List<LinePricing.Occurrence> ordered = new ArrayList<>(occurrences);
        ordered.sort(Comparator.comparingInt(o -> o.line().position()));
        List<MemberSnapshot> members = register.snapshots(reference).stream().filter(who).toList();
        return pricing.plan(ordered, members, register.association(), register.groupsByName(), register.extraFields(),
                reference, from, to);
    }

    /** Active lines of either kind, due once on {@code dueDate}: a new-member run bills these. */
    @Transactional(readOnly = true)
    List<LinePricing.Occurrence> dueOnce(List<Long> lineIds, LocalDate dueDate) {
        if (lineIds == null || lineIds.isEmpty()) {
            throw new InvalidInput("lineIds", "Choose the billing lines to bill");
        }
        return lineIds.stream().map(id -> {
            BillingLine line = line(id);
            if (!line.active()) {
                throw new InvalidInput("lineIds", "Line " + id + " (" + line.name() + ") is not active");
            }
            return new LinePricing.Occurrence(line, List.of(dueDate));
        }).toList();
    }

    /** Template lines as fixed-price immediate lines for everybody the run's target selects. */
    static List<LinePricing.Occurrence> fixedLines(List<ChargeTemplate.Line> lines, LocalDate dueDate) {
        List<LinePricing.Occurrence> occurrences = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            ChargeTemplate.Line line = lines.get(i);
            occurrences.add(new LinePricing.Occurrence(new BillingLine(null, null, line.text(), i + 1,
                    BillingLine.Kind.IMMEDIATE, null, null, line.text(), line.ledgerAccount(), true, BillingLine.Who.ALL,
                    null, null, null, null, BillingLine.PriceKind.FIXED, line.amount(), null, null, null, null, null,
                    null, null), List.of(dueDate)));
        }
        return occurrences;
    }

    private BillingLine checked(Long id, BillingLineInput in, BillingLine stored) {
        if (in.name() == null || in.name().isBlank()) {
            throw new InvalidInput("name", "The name is required, e.g. \"Annual dues\"");
        }
        if (in.kind() == null) {
            throw new InvalidInput("kind", "Choose SCHEDULED or IMMEDIATE");
        }
        if (in.kind() == BillingLine.Kind.SCHEDULED && (in.frequency() == null || in.firstDueDate() == null)) {
            throw new InvalidInput(in.frequency() == null ? "frequency" : "firstDueDate",
                    "A scheduled line needs a frequency (YEARLY, HALF_YEARLY, QUARTERLY, MONTHLY) and its first due date");
        }
        List<ExtraField> fields = register.extraFields();
        BillingLine.Who who = in.who() == null ? BillingLine.Who.ALL : in.who();
        String groupIds = null;
        String whoField = null;
        String criteria = null;
        switch (who) {
            case ALL -> {
            }
            case GROUPS -> {
                if (in.groups() == null || in.groups().isEmpty()) {
                    throw new InvalidInput("groups", "Choose the groups whose members this line bills");
                }
                Map<String, MemberGroup> byName = register.groupsByName();
                groupIds = in.groups().stream().map(name -> {
                    MemberGroup group = byName.get(name);
                    if (group == null) {
                        throw new InvalidInput("groups", "There is no group called '" + name + "'");
                    }
                    return String.valueOf(group.id());
                }).collect(Collectors.joining("|"));
            }
            case EXTRA_FIELD -> whoField = field(in.field(), "field", null).code();
            case CRITERIA -> criteria = Criteria.parse(in.criteria() == null ? "" : in.criteria(), fields).text();
        }
        BillingLine.PriceKind priceKind = in.priceKind() == null ? BillingLine.PriceKind.FIXED : in.priceKind();
        BigDecimal price = null;
        String priceField = null;
        String formula = null;
        String decisionKey = null;
        switch (priceKind) {
            case FIXED -> {
                if (in.price() == null || in.price().signum() < 0 || in.price().scale() > 2) {
                    throw new InvalidInput("price", "A fixed price is an amount of at least 0 with at most two decimals");
                }
                price = in.price();
            }
            case GROUPS -> {
            }
            case EXTRA_FIELD -> priceField = field(in.priceField(), "priceField", ExtraFieldType.NUMBER).code();
            case FORMULA -> formula = Formula.parse(in.formula() == null ? "" : in.formula(), fields) == null ? null
                    : in.formula().trim();
            case DECISION -> {
                if (in.decisionKey() == null || !decisions.isDeployed(in.decisionKey())) {
                    throw new InvalidInput("decisionKey", "There is no deployed decision '" + in.decisionKey()
                            + "'; the example is 'membershipFee'");
                }
                decisionKey = in.decisionKey();
            }
        }
        return new BillingLine(id, in.version(), in.name().trim(), in.position() == null ? 0 : in.position(), in.kind(),
                in.kind() == BillingLine.Kind.SCHEDULED ? in.frequency() : null,
                in.kind() == BillingLine.Kind.SCHEDULED ? in.firstDueDate() : null,
                in.invoiceText() == null || in.invoiceText().isBlank() ? in.name().trim() : in.invoiceText().trim(),
                in.ledgerAccount() == null || in.ledgerAccount().isBlank() ? null : in.ledgerAccount().trim(),
                in.active() == null || in.active(), who, groupIds, whoField,
                who == BillingLine.Who.EXTRA_FIELD ? in.fieldValue() : null, criteria, priceKind, price, priceField,
                formula, decisionKey,
                stored == null ? null : stored.createdAt(), stored == null ? null : stored.createdBy(), null, null);
    }

    private ExtraField field(String codeOrName, String where, ExtraFieldType type) {
        if (codeOrName == null || codeOrName.isBlank()) {
            throw new InvalidInput(where, "Choose an extra field by code (F1) or name");
        }
        ExtraField field;
        try {
            field = register.extraField(codeOrName.trim());
        } catch (NotFound e) {
            throw new InvalidInput(where, "There is no extra field '" + codeOrName + "'");
        }
        if (type != null && field.type() != type) {
            throw new InvalidInput(where, "The extra field '" + field.name() + "' holds " + field.type()
                    + " values; an amount needs a NUMBER field");
        }
        return field;
    }
}
