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
import io.duesflow.platform.Money;
import io.duesflow.platform.NotFound;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
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
    private final ChargeRepository charges;
    private final BillingPdf pdf;
    private final BillingLineItems items;
    private final Clock clock;

    private final BillingProperties properties;

    BillingRules(BillingLineRepository lines, MemberRegister register, LinePricing pricing, DecisionPrices decisions,
                 ChargeRepository charges, BillingPdf pdf, BillingLineItems items, Clock clock,
                 BillingProperties properties) {
        this.properties = properties;
        this.pdf = pdf;
        this.items = items;
        this.lines = lines;
        this.register = register;
        this.pricing = pricing;
        this.decisions = decisions;
        this.charges = charges;
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
        return saved(checked(null, input, null), input);
    }

    public BillingLine change(long id, BillingLineInput input) {
        BillingLine stored = line(id);
        return saved(checked(id, input, stored), input);
    }

    /** A line priced {@code LINES}: its own invoice lines, in order (none for the other price kinds). */
    @Transactional(readOnly = true)
    public List<ChargeTemplate.Line> items(long lineId) {
        return items.of(lineId);
    }

    /** The line with its own invoice lines, which are kept beside it. */
    private BillingLine saved(BillingLine line, BillingLineInput input) {
        BillingLine saved = lines.save(line);
        items.replace(saved.id(), saved.priceKind() == BillingLine.PriceKind.LINES
                ? ChargeTemplates.checkedLines(input.lines()) : List.of());
        return saved;
    }

    /** Simulates a run: nothing is written, nothing is locked. */
    @Transactional(readOnly = true)
    public Simulation simulate(SimulationRequest request) {
        return simulateFor(request, null);
    }

    /** A simulation as the printable PDF a treasurer (or the association's draft mail) reads. */
    @Transactional(readOnly = true)
    public byte[] simulationPdf(Simulation simulation) {
        return pdf.simulation(simulation, register.association().name());
    }

    /** The simulation as run {@code runId} bills it: occurrences it billed itself do not count as billed before. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    Simulation simulateFor(SimulationRequest request, Long runId) {
        return simulateInPages(scope(request), runId, properties.chunkSize(), properties.simulationLists());
    }

    /**
     * The register priced a page of members at a time, as a run's chunks are, and added up: the counts and totals
     * are the whole register's, the charges and skips listed are the first {@code listed} of each (a million
     * members' would not fit the heap, nor a treasurer's screen). One snapshot of the database for all the pages
     * (repeatable read), so a member changed meanwhile is counted once. A line that splits a total over everybody
     * it bills is priced over the whole register at once, as generation prices it.
     */
    Simulation simulateInPages(Scope scope, Long runId, int pageSize, int listed) {
        if (scope.occurrences().stream().anyMatch(this::splitsATotal)) {
            return plan(scope.occurrences(), scope.reference(), scope.from(), scope.to(), member -> true, runId)
                    .listing(listed);
        }
        Simulation.Pages pages = new Simulation.Pages(listed);
        Long after = null;
        List<Long> bounds = new ArrayList<>(register.chunkBounds(pageSize));
        bounds.add(null);
        for (Long through : bounds) {
            ChunkPlan page = planChunk(scope.occurrences(), scope.reference(), scope.from(), scope.to(), member -> true,
                    runId, after, through, null);
            if (page.simulation() != null) {
                pages.add(page.simulation());
            }
            after = through;
        }
        if (pages.isEmpty()) {
            return planFor(scope.occurrences(), List.of(), scope.reference(), scope.from(), scope.to(), runId, null,
                    null, null);
        }
        return pages.simulation();
    }

    private boolean splitsATotal(LinePricing.Occurrence occurrence) {
        BillingLine line = occurrence.line();
        return line.priceKind() == BillingLine.PriceKind.FORMULA
                && Formula.parse(line.formula(), register.extraFields()).splitsTotal();
    }

    /** Which lines a request bills on which due dates, over which period, with ages counted on which day. */
    record Scope(List<LinePricing.Occurrence> occurrences, LocalDate reference, LocalDate from, LocalDate to) {
    }

    @Transactional(readOnly = true)
    Scope scope(SimulationRequest request) {
        List<LinePricing.Occurrence> occurrences = new ArrayList<>();
        boolean period = request.from() != null || request.to() != null;
        if (!period && request.lineIds() != null && !request.lineIds().isEmpty()) {
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
            return new Scope(occurrences, request.referenceDate() != null ? request.referenceDate() : LocalDate.now(clock),
                    request.dueDate(), request.dueDate());
        }
        if (request.from() == null || request.to() == null) {
            throw new InvalidInput(request.from() == null ? "from" : "to",
                    "Give the period (from, to) for scheduled lines, or the immediate lines to bill");
        }
        if (request.to().isBefore(request.from())) {
            throw new InvalidInput("to", "The period ends before it starts");
        }
        List<Long> only = request.lineIds() == null ? List.of() : request.lineIds();
        for (Long id : only) {
            BillingLine line = line(id);
            if (line.kind() != BillingLine.Kind.SCHEDULED) {
                throw new InvalidInput("lineIds", "Line " + id + " (" + line.name() + ") is immediate; a period "
                        + "previews scheduled lines");
            }
        }
        for (BillingLine line : lines()) {
            if (line.active() && line.kind() == BillingLine.Kind.SCHEDULED
                    && (only.isEmpty() || only.contains(line.id()))) {
                List<LocalDate> dueDates = line.dueDatesBetween(request.from(), request.to());
                if (!dueDates.isEmpty()) {
                    occurrences.add(new LinePricing.Occurrence(line, dueDates));
                }
            }
        }
        return new Scope(occurrences, request.referenceDate() != null ? request.referenceDate() : request.from(),
                request.from(), request.to());
    }

    /**
     * What the given lines would bill the members {@code who} selects; the one path behind the simulation and
     * every kind of run.
     */
    @Transactional(readOnly = true)
    Simulation plan(List<LinePricing.Occurrence> occurrences, LocalDate reference, LocalDate from, LocalDate to,
                    Predicate<MemberSnapshot> who, Long runId) {
        List<MemberSnapshot> members = register.snapshots(reference).stream().filter(who).toList();
        return planFor(occurrences, members, reference, from, to, runId, null, null, null);
    }

    /**
     * A chunk of a run: the same pricing over the members numbered after {@code afterMember} through
     * {@code throughMember} (no bound where null); split lines priced by {@code shares}, made over the whole register.
     */
    @Transactional(readOnly = true)
    ChunkPlan planChunk(List<LinePricing.Occurrence> occurrences, LocalDate reference, LocalDate from, LocalDate to,
                        Predicate<MemberSnapshot> who, Long runId, Long afterMember, Long throughMember,
                        LinePricing.SplitShares shares) {
        List<MemberSnapshot> page = register.snapshotsBetween(reference, afterMember, throughMember);
        if (page.isEmpty()) {
            return new ChunkPlan(null, afterMember, 0);
        }
        long last = page.get(page.size() - 1).memberNumber();
        Simulation simulation = planFor(occurrences, page.stream().filter(who).toList(), reference, from, to, runId,
                afterMember, last, shares);
        return new ChunkPlan(simulation, last, page.size());
    }

    /** @param lastMember the last member read */
    record ChunkPlan(Simulation simulation, Long lastMember, int membersRead) {
    }

    private Simulation planFor(List<LinePricing.Occurrence> occurrences, List<MemberSnapshot> members, LocalDate reference,
                               LocalDate from, LocalDate to, Long runId, Long afterMember, Long lastMember,
                               LinePricing.SplitShares shares) {
        List<LinePricing.Occurrence> ordered = new ArrayList<>(occurrences);
        ordered.sort(Comparator.comparingInt(o -> o.line().position()));
        List<Long> lineIds = ordered.stream().map(o -> o.line().id()).filter(java.util.Objects::nonNull).toList();
        List<LocalDate> dueDates = ordered.stream().flatMap(o -> o.dueDates().stream()).sorted().toList();
        LinePricing.AlreadyBilled billed = dueDates.isEmpty() || members.isEmpty() ? LinePricing.AlreadyBilled.NOTHING
                : charges.alreadyBilled(lineIds, dueDates.get(0), dueDates.get(dueDates.size() - 1), runId,
                afterMember, lastMember);
        return pricing.plan(ordered, members, register.association(), register.groupsByName(), register.extraFields(),
                reference, from, to, billed, shares);
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
        if (in.firstMadeOn() != null) {
            if (in.kind() != BillingLine.Kind.SCHEDULED) {
                throw new InvalidInput("firstMadeOn", "Only a scheduled line has a day its invoices are made; an "
                        + "immediate line's are made when its run is approved");
            }
            if (in.firstMadeOn().isAfter(in.firstDueDate())) {
                throw new InvalidInput("firstMadeOn", "The invoice would be made on " + in.firstMadeOn()
                        + ", after it is due on " + in.firstDueDate() + "; make it on or before its due date");
            }
        }
        List<ExtraField> fields = register.extraFields();
        BillingLine.Who who = in.who() == null ? BillingLine.Who.ALL : in.who();
        String groupIds = null;
        String whoField = null;
        String criteria = null;
        String whoMembers = null;
        switch (who) {
            case ALL -> {
            }
            case MEMBERS -> whoMembers = memberNumbers(in.memberNumbers());
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
            case FIXED -> price = Money.checked("price", in.price(), false);
            case GROUPS -> {
            }
            case EXTRA_FIELD -> priceField = field(in.priceField(), "priceField", ExtraFieldType.NUMBER).code();
            case FORMULA -> {
                Formula parsed = Formula.parse(in.formula() == null ? "" : in.formula(), fields);
                if (parsed.splitsTotal() && !Money.fits(parsed.total())) {
                    throw new InvalidInput("formula", "A split of " + parsed.total().toPlainString()
                            + " is more than a charge can hold (" + Money.MAX.toPlainString() + ")");
                }
                formula = in.formula().trim();
            }
            case LINES -> ChargeTemplates.checkedLines(in.lines());
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
                stored == null ? null : stored.createdAt(), stored == null ? null : stored.createdBy(), null, null,
                whoMembers, in.kind() == BillingLine.Kind.SCHEDULED ? in.firstMadeOn() : null,
                in.mail() == null || in.mail());
    }

    /** The members of a MEMBERS line, each a member of the register, joined with {@code |}; none is refused. */
    private String memberNumbers(List<Long> numbers) {
        if (numbers == null || numbers.isEmpty()) {
            throw new InvalidInput("memberNumbers", "Name the members this line bills, by member number");
        }
        Map<Long, String> known = register.names(numbers.stream().filter(java.util.Objects::nonNull).toList());
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < numbers.size(); i++) {
            Long number = numbers.get(i);
            if (number == null || !known.containsKey(number)) {
                throw new InvalidInput("memberNumbers[" + i + "]", "There is no member " + number);
            }
            if (!seen.add(number)) {
                throw new InvalidInput("memberNumbers[" + i + "]", "Member " + number + " is named twice");
            }
        }
        return numbers.stream().map(String::valueOf).collect(Collectors.joining("|"));
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
