package io.duesflow.billing;

import java.time.Clock;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.duesflow.billing.criteria.Criteria;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.NotFound;
import org.springframework.stereotype.Service;

/**
 * Bulk invoicing from an existing invoice (the Dutch manual's "Dupliceren geavanceerd"): any approved invoice is the
 * model, and the same invoice (its lines, its message) is billed to a group, a selection of members or the members a
 * criteria expression selects, as a template run that goes through the same look, generation and approval as any
 * run. The model's lines are copied onto the run, so what becomes of the model later does not change it. A copy that
 * would bill nobody is refused, and no run is created.
 */
@Service
public class BulkInvoices {

    /**
     * Whom to bill like the model: exactly one of {@code group}, {@code memberNumbers} (a selection) and
     * {@code criteria} (a filter, in the criteria language of billing lines: {@code i_gruppe("Senior") og alder<67}).
     *
     * @param message printed on the charges; empty: the model's message
     */
    public record Copy(String name, String group, List<Long> memberNumbers, String criteria, LocalDate dueDate,
                       String message, LocalDate deadline) {
    }

    private final ChargeRepository charges;
    private final BillingRuns runs;
    private final RunGeneration generation;
    private final MemberRegister register;
    private final Clock clock;

    BulkInvoices(ChargeRepository charges, BillingRuns runs, RunGeneration generation, MemberRegister register,
                 Clock clock) {
        this.charges = charges;
        this.runs = runs;
        this.generation = generation;
        this.register = register;
        this.clock = clock;
    }

    /** What the copy would bill, before anything is created: the run's simulation. */
    public Simulation preview(String modelNumber, Copy copy) {
        Planned planned = plan(modelNumber, copy);
        return planned.simulation();
    }

    /** The copy as a template run in {@code DRAFT}; its process takes it from there. */
    public BillingRun create(String modelNumber, Copy copy) {
        Planned planned = plan(modelNumber, copy);
        return runs.store(planned.run(), planned.lines());
    }

    private record Planned(BillingRun run, List<ChargeTemplate.Line> lines, Simulation simulation) {
    }

    private Planned plan(String modelNumber, Copy copy) {
        Charge model = charges.findByNumber(modelNumber == null ? "" : modelNumber.trim())
                .orElseThrow(() -> new NotFound("Charge", modelNumber));
        if (model.kind() != Charge.Kind.INVOICE) {
            throw new InvalidInput("number", modelNumber + " is a credit note; copy an invoice");
        }
        // What the invoice bills, not what it carried from older ones or what a credit note took off.
        List<ChargeTemplate.Line> lines = model.lines().stream()
                .filter(line -> line.kind() == ChargeLine.Kind.LINE || line.kind() == ChargeLine.Kind.FEE)
                .filter(line -> line.amount().isPositive())
                .map(line -> new ChargeTemplate.Line(line.text(), line.amount().amount(), line.ledgerAccount()))
                .toList();
        if (lines.isEmpty()) {
            throw new InvalidInput("number", "Invoice " + modelNumber + " has no line to copy (only arrears)");
        }
        String target = target(copy);
        LocalDate today = LocalDate.now(clock);
        if (copy.dueDate() == null) {
            throw new InvalidInput("dueDate", "Give the due date of the copies");
        }
        if (copy.dueDate().isBefore(today)) {
            throw new InvalidInput("dueDate", "The due date " + copy.dueDate() + " is in the past");
        }
        String group = target.equals("group") ? copy.group().trim() : null;
        String criteria = target.equals("criteria")
                ? Criteria.parse(copy.criteria(), register.extraFields()).text() : null;
        List<Long> members = target.equals("memberNumbers") ? checkedMembers(copy.memberNumbers()) : List.of();
        String message = copy.message() == null || copy.message().isBlank() ? model.message() : copy.message().trim();
        String whom = group != null ? group : criteria != null ? "members with " + criteria : members.size() + " members";
        String name = copy.name() == null || copy.name().isBlank() ? "Copy of " + modelNumber + " for " + whom
                : copy.name().trim();
        BillingRun run = BillingRun.draft(BillingRun.Kind.TEMPLATE, name, copy.dueDate(), copy.dueDate(), today,
                copy.dueDate(), copy.deadline()).forTarget(null, group, null, message)
                .forCopy(model.id(), members, criteria);
        Simulation simulation = generation.plan(run, lines);
        if (simulation.chargeCount() == 0) {
            throw new InvalidInput(target, "Nobody to bill: " + (group != null ? "the group '" + group + "' has no "
                    + "member for the due date" : criteria != null ? "the expression selects no member"
                    : "none of the members is a member for the due date")
                    + (simulation.skipped().isEmpty() ? "" : " (" + simulation.skipped().get(0).reason() + ")"));
        }
        return new Planned(run, lines, simulation);
    }

    /** Which one of the three ways to choose members the copy uses; none or two are refused. */
    private String target(Copy copy) {
        boolean group = copy.group() != null && !copy.group().isBlank();
        boolean selection = copy.memberNumbers() != null;
        boolean filter = copy.criteria() != null && !copy.criteria().isBlank();
        int ways = (group ? 1 : 0) + (selection ? 1 : 0) + (filter ? 1 : 0);
        if (ways != 1) {
            throw new InvalidInput("group", "Bill the copy to a group, a selection of members (memberNumbers) or the "
                    + "members a criteria expression selects: one of the three");
        }
        if (group && !register.groupsByName().containsKey(copy.group().trim())) {
            throw new InvalidInput("group", "There is no group called '" + copy.group() + "'");
        }
        if (selection && copy.memberNumbers().isEmpty()) {
            throw new InvalidInput("memberNumbers", "The selection is empty: choose the members to bill");
        }
        return group ? "group" : selection ? "memberNumbers" : "criteria";
    }

    private List<Long> checkedMembers(List<Long> numbers) {
        Map<Long, String> known = register.names(numbers.stream().filter(java.util.Objects::nonNull).toList());
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < numbers.size(); i++) {
            Long number = numbers.get(i);
            if (number == null || !known.containsKey(number)) {
                throw new InvalidInput("memberNumbers[" + i + "]", "There is no member " + number);
            }
            if (!seen.add(number)) {
                throw new InvalidInput("memberNumbers[" + i + "]", "Member " + number + " is named twice");
            }
        }
        return List.copyOf(numbers);
    }
}
