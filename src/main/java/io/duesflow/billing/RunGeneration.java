package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.duesflow.billing.pricing.Formula;
import io.duesflow.members.MemberRegister;
import io.duesflow.members.MemberSnapshot;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Generating a run's charges a chunk of the register at a time, each chunk one transaction that reads, prices and
 * bills only its own members: the simulation's own pricing, so generation bills exactly what was simulated, and a
 * register of any size never sits in memory whole. Progress is kept by member: every charge of the members up to
 * {@code generatedThroughMember} is committed, so a generation resumed after a crash carries on with the next member,
 * whatever joined or left the register in between, and never skips or doubles anybody. The shares of split lines
 * ({@code fordeling}) depend on everybody, so they are made once, over the whole register, when the generation starts.
 */
@Component
class RunGeneration {

    private final BillingRunRepository runs;
    private final ChargeRepository charges;
    private final BillingRules rules;
    private final ChargeTexts texts;
    private final MemberRegister register;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final ChargeMailSwitch mailSwitch;
    private final Clock clock;

    RunGeneration(BillingRunRepository runs, ChargeRepository charges, BillingRules rules, ChargeTexts texts,
                  MemberRegister register, JdbcClient jdbc, PlatformTransactionManager transactions,
                  ChargeMailSwitch mailSwitch, Clock clock) {
        this.mailSwitch = mailSwitch;
        this.runs = runs;
        this.charges = charges;
        this.rules = rules;
        this.texts = texts;
        this.register = register;
        this.jdbc = jdbc;
        // Each chunk commits on its own, also when an engine job calls it: a chunk that fails rolls back itself and
        // nothing of the job's own bookkeeping, so the job records the failure and its retry carries on.
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** Where a generation stands after a chunk. */
    record Progress(int chunksDone, int chunksTotal, int charges, boolean done) {
    }

    /** Generates what is left of a {@code GENERATING} run, chunk after chunk, and marks it {@code GENERATED}. */
    void generate(long runId) {
        prepare(runId);
        while (!nextChunk(runId).done()) {
            // one chunk per transaction
        }
        finish(runId);
    }

    /**
     * Before the first chunk (and again, harmlessly, on a resume): how many chunks to expect, and the split lines'
     * shares over the whole register.
     */
    void prepare(long runId) {
        transaction.executeWithoutResult(status -> {
            // Not locked: the caller may hold the run's row in its own transaction (it just started generating it), and
            // both statements below can be repeated harmlessly.
            BillingRun run = runs.findById(runId).orElseThrow();
            int expected = (int) ((register.memberCount() + run.chunkSize() - 1) / run.chunkSize());
            jdbc.sql("update duesflow.billing_run set chunks_total = greatest(:total, chunks_done + 1) where id = :id")
                    .param("total", expected).param("id", runId).update();
            Recipe recipe = recipe(run, runLines(runId));
            if (recipe.splits() && !charges.hasShares(runId)) {
                charges.storeShares(runId, shares(run, recipe));
            }
        });
    }

    /** One chunk of members after the last one committed: read, priced and billed in one transaction. */
    Progress nextChunk(long runId) {
        return transaction.execute(status -> {
            // The run's row is held for the chunk: two nodes taking the same run's chunk take it one after the other.
            BillingRun run = lockedRun(runId);
            Recipe recipe = recipe(run, runLines(runId));
            Long after = run.generatedThroughMember();
            LinePricing.SplitShares shares = recipe.splits() ? storedShares(runId) : null;
            BillingRules.ChunkPlan chunk = rules.planChunk(recipe.occurrences(), recipe.reference(), recipe.from(),
                    recipe.to(), recipe.who(), runId, after, run.chunkSize(), shares);
            if (chunk.membersRead() == 0) {
                return new Progress(run.chunksDone(), run.chunksDone(), run.chargeCount(), true);
            }
            Simulation priced = recipe.discount(chunk.simulation(), texts);
            int inserted = priced.charges().isEmpty() ? 0
                    : charges.insertChunk(runId, run.message(), priced.charges(), Instant.now(clock));
            mailSwitch.mark(runId, priced.charges());
            charges.recordFlags(runId, priced);
            jdbc.sql("""
                            update duesflow.billing_run set chunks_done = chunks_done + 1,
                                chunks_total = greatest(chunks_total, chunks_done + 1),
                                charge_count = charge_count + :inserted, generated_through_member = :last
                            where id = :id""")
                    .param("inserted", inserted).param("last", chunk.lastMember()).param("id", runId).update();
            return new Progress(run.chunksDone() + 1, Math.max(run.chunksTotal(), run.chunksDone() + 1),
                    run.chargeCount() + inserted, chunk.membersRead() < run.chunkSize());
        });
    }

    /** {@code GENERATING → GENERATED}, with the run's counts and total. */
    void finish(long runId) {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("update duesflow.billing_run set chunks_total = chunks_done where id = :id").param("id", runId)
                    .update();
            BillingRun run = lockedRun(runId);
            RunCharges.Totals totals = charges.totals(runId);
            run.generated(totals.charges(), totals.members(), totals.total());
            runs.save(run);
        });
    }

    /** What the run would bill, over the whole register at once: a preview before the run exists. */
    Simulation plan(BillingRun run, List<ChargeTemplate.Line> templateLines) {
        Recipe recipe = recipe(run, templateLines);
        return recipe.discount(rules.plan(recipe.occurrences(), recipe.reference(), recipe.from(), recipe.to(),
                recipe.who(), run.id()), texts);
    }

    /** Which lines a run bills on which due dates, to whom, with what discount: by its kind. */
    private record Recipe(List<LinePricing.Occurrence> occurrences, LocalDate reference, LocalDate from, LocalDate to,
                          Predicate<MemberSnapshot> who, BigDecimal discountPercent, Set<Long> splitLines) {

        boolean splits() {
            return !splitLines.isEmpty();
        }

        Simulation discount(Simulation simulation, ChargeTexts texts) {
            return discountPercent == null ? simulation : simulation.discounted(discountPercent, texts);
        }
    }

    private Recipe recipe(BillingRun run, List<ChargeTemplate.Line> templateLines) {
        Recipe recipe = byKind(run, templateLines);
        Set<Long> splitLines = new java.util.HashSet<>();
        for (LinePricing.Occurrence occurrence : recipe.occurrences()) {
            BillingLine line = occurrence.line();
            if (line.priceKind() == BillingLine.PriceKind.FORMULA
                    && Formula.parse(line.formula(), register.extraFields()).splitsTotal()) {
                splitLines.add(line.id());
            }
        }
        return new Recipe(recipe.occurrences(), recipe.reference(), recipe.from(), recipe.to(), recipe.who(),
                recipe.discountPercent(), splitLines);
    }

    private Recipe byKind(BillingRun run, List<ChargeTemplate.Line> templateLines) {
        return switch (run.kind()) {
            case SCHEDULED, REMINDER_FEE -> scoped(rules.scope(
                    new SimulationRequest(run.periodFrom(), run.periodTo(), null, null, run.referenceDate())));
            case IMMEDIATE -> scoped(rules.scope(
                    new SimulationRequest(null, null, run.immediateLineIds(), run.dueDate(), run.referenceDate())));
            case NEW_MEMBERS -> {
                Set<Long> billedAfter = charges.membersBilledAfter(run.cutOff());
                yield new Recipe(rules.dueOnce(run.immediateLineIds(), run.dueDate()), run.referenceDate(),
                        run.periodFrom(), run.periodTo(), member -> !billedAfter.contains(member.memberNumber()),
                        run.discountPercent(), Set.of());
            }
            case TEMPLATE -> {
                Predicate<MemberSnapshot> target = run.targetMember() != null
                        ? member -> member.memberNumber() == run.targetMember()
                        : run.targetGroup() != null ? member -> member.inGroup(run.targetGroup())
                        : copyTarget(run);
                yield new Recipe(BillingRules.fixedLines(templateLines, run.dueDate()), run.referenceDate(),
                        run.periodFrom(), run.periodTo(), target, null, Set.of());
            }
        };
    }

    /** A copy of a charge ("Dupliceren geavanceerd"): the selected members, or those its expression selects. */
    private Predicate<MemberSnapshot> copyTarget(BillingRun run) {
        if (run.targetCriteria() != null) {
            io.duesflow.billing.criteria.Criteria criteria = io.duesflow.billing.criteria.Criteria.parse(
                    run.targetCriteria(), register.extraFields());
            return member -> {
                try {
                    return criteria.test(member, run.referenceDate());
                } catch (io.duesflow.billing.criteria.CriteriaEvaluationException e) {
                    return false;
                }
            };
        }
        Set<Long> members = Set.copyOf(run.targetMemberNumbers());
        return member -> members.contains(member.memberNumber());
    }

    private static Recipe scoped(BillingRules.Scope scope) {
        return new Recipe(scope.occurrences(), scope.reference(), scope.from(), scope.to(), member -> true, null,
                Set.of());
    }

    /** The split lines priced over the whole register, as shares per member and due date. */
    private List<RunCharges.Share> shares(BillingRun run, Recipe recipe) {
        List<LinePricing.Occurrence> splitLines = recipe.occurrences().stream()
                .filter(o -> recipe.splitLines().contains(o.line().id())).toList();
        Simulation whole = rules.plan(splitLines, recipe.reference(), recipe.from(), recipe.to(), recipe.who(), run.id());
        List<RunCharges.Share> shares = new ArrayList<>();
        for (Simulation.Charge charge : whole.charges()) {
            for (Simulation.Line line : charge.lines()) {
                if (line.lineId() != null) {
                    shares.add(new RunCharges.Share(line.lineId(), charge.memberNumber(), charge.dueDate(), line.amount()));
                }
            }
        }
        return shares;
    }

    /** The stored shares, read for the members a chunk selects when it first asks. */
    private LinePricing.SplitShares storedShares(long runId) {
        record Key(long line, long member, LocalDate due) {
        }
        Map<Key, BigDecimal> byKey = new HashMap<>();
        Set<Long> read = new java.util.HashSet<>();
        return (line, due, selected, association, skipped) -> {
            List<Long> unread = selected.stream().map(MemberSnapshot::memberNumber).filter(m -> !read.contains(m)).toList();
            if (!unread.isEmpty()) {
                for (RunCharges.Share share : charges.shares(runId, unread)) {
                    byKey.put(new Key(share.lineId(), share.memberNumber(), share.dueDate()), share.amount());
                }
                read.addAll(unread);
            }
            Map<Long, List<Simulation.Line>> priced = new HashMap<>();
            for (MemberSnapshot member : selected) {
                BigDecimal amount = byKey.get(new Key(line.id(), member.memberNumber(), due));
                if (amount == null) {
                    skipped.add(LinePricing.skipped(member, line, "not among the members the split was made over "
                            + "when the generation started"));
                } else {
                    priced.put(member.memberNumber(), List.of(new Simulation.Line(line.id(), line.invoiceText(), amount,
                            LinePricing.account(line, association), line.ledgerAccount() == null)));
                }
            }
            return priced;
        };
    }

    /** A template run's own lines, copied onto it when it was created. */
    List<ChargeTemplate.Line> runLines(long runId) {
        return jdbc.sql("""
                        select text, amount, ledger_account from duesflow.billing_run_line
                        where run_id = :id order by position""")
                .param("id", runId)
                .query((rs, n) -> new ChargeTemplate.Line(rs.getString(1), rs.getBigDecimal(2), rs.getString(3)))
                .list();
    }

    private BillingRun lockedRun(long runId) {
        return runs.lockById(runId).orElseThrow();
    }
}
