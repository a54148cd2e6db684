package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * register of any size never sits in memory whole. The chunks are cut once, when the generation starts, by member
 * number ({@link RunChunks}): chunk n is the same members whichever node runs it, in whatever order, and side by side
 * with the others. A chunk is made done in the transaction that bills it, so one that is retried or run twice bills
 * nobody again, and a crash loses nothing committed. The shares of split lines ({@code fordeling}) depend on
 * everybody, so they are made once, over the whole register, when the generation starts.
 */
@Component
class RunGeneration {

    private final BillingRunRepository runs;
    private final ChargeRepository charges;
    private final RunChunks chunks;
    private final BillingRules rules;
    private final ChargeTexts texts;
    private final MemberRegister register;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final ChargeMailSwitch mailSwitch;
    private final Clock clock;
    private final int threads;

    RunGeneration(BillingRunRepository runs, ChargeRepository charges, RunChunks chunks, BillingRules rules,
                  ChargeTexts texts, MemberRegister register, JdbcClient jdbc, PlatformTransactionManager transactions,
                  ChargeMailSwitch mailSwitch, BillingProperties properties, Clock clock) {
        this.threads = properties.generationThreads();
        this.mailSwitch = mailSwitch;
        this.runs = runs;
        this.charges = charges;
        this.chunks = chunks;
        this.rules = rules;
        this.texts = texts;
        this.register = register;
        this.jdbc = jdbc;
        // Each chunk commits on its own, also when an engine job calls it: a chunk that fails rolls back itself and
        // nothing of the job's own bookkeeping, so the job records the failure and its retry bills the chunk again;
        // a chunk that committed is done, whatever becomes of the job (an optimistic-locking failure of the engine's
        // own transaction, a node that dies before the job completes): its retry finds it done.
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** What one chunk billed: {@code before} when it had been done already and billed nothing now. */
    record ChunkBilled(RunChunks.Chunk chunk, int chunksTotal, int charges, boolean before) {
    }

    /**
     * Generates what is left of a {@code GENERATING} run, its chunks side by side on a few threads of its own (each
     * chunk its own transaction, as the process's jobs do), and marks it {@code GENERATED}. A chunk that fails fails
     * the generation and no further chunk is begun; the chunks done stay done, and generating again bills the rest.
     */
    void generate(long runId) {
        prepare(runId);
        List<Integer> open = chunks.open(runId);
        if (threads == 1 || open.size() <= 1) {
            open.forEach(number -> chunk(runId, number));
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, open.size()));
            try {
                List<Future<ChunkBilled>> billed = new ArrayList<>();
                for (int number : open) {
                    billed.add(pool.submit(() -> chunk(runId, number)));
                }
                for (Future<ChunkBilled> chunk : billed) {
                    chunk.get();
                }
            } catch (ExecutionException e) {
                pool.shutdownNow();
                throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Run " + runId + ": the generation was interrupted", e);
            } finally {
                pool.shutdown();
            }
        }
        finish(runId);
    }

    /**
     * Before the first chunk (and again, harmlessly, on a resume): the chunks, cut from the register as it is now,
     * and the split lines' shares over the whole register. Answers how many chunks the run has.
     */
    int prepare(long runId) {
        return transaction.execute(status -> {
            // Not locked: the caller may hold the run's row in its own transaction (it just started generating it), and
            // both steps below can be repeated harmlessly.
            BillingRun run = runs.findById(runId).orElseThrow();
            int total = chunks.plan(runId, register.chunkBounds(run.chunkSize()));
            Recipe recipe = recipe(run, runLines(runId));
            if (recipe.splits() && !charges.hasShares(runId)) {
                charges.storeShares(runId, shares(run, recipe));
            }
            return total;
        });
    }

    /** A generation afresh: the chunks of the last one are forgotten, in the caller's transaction. */
    void forgetChunks(long runId) {
        chunks.forget(runId);
    }

    /**
     * Chunk {@code number}: its members read, priced and billed in one transaction that also makes it done; a chunk
     * done already bills nothing.
     */
    ChunkBilled chunk(long runId, int number) {
        return transaction.execute(status -> {
            // The chunk's row is held for the chunk: two nodes running the same chunk run it one after the other, and
            // the second finds it done. Other chunks of the run go on side by side.
            RunChunks.Chunk chunk = chunks.lock(runId, number).orElseThrow(() -> new IllegalStateException(
                    "Run " + runId + " has no chunk " + number + "; its generation was not started, or started afresh"));
            BillingRun run = runs.findById(runId).orElseThrow();
            if (chunk.done()) {
                return new ChunkBilled(chunk, run.chunksTotal(), chunk.charges(), true);
            }
            Recipe recipe = recipe(run, runLines(runId));
            LinePricing.SplitShares shares = recipe.splits() ? storedShares(runId) : null;
            BillingRules.ChunkPlan plan = rules.planChunk(recipe.occurrences(), recipe.reference(), recipe.from(),
                    recipe.to(), recipe.who(), runId, chunk.afterMember(), chunk.throughMember(), shares);
            int inserted = 0;
            if (plan.membersRead() > 0) {
                Simulation priced = recipe.discount(plan.simulation(), texts);
                inserted = priced.charges().isEmpty() ? 0
                        : charges.insertChunk(runId, run.message(), priced.charges(), Instant.now(clock));
                mailSwitch.mark(runId, priced.charges());
                charges.recordFlags(runId, priced);
            }
            chunks.done(runId, number, inserted, plan.membersRead());
            return new ChunkBilled(chunk, run.chunksTotal(), inserted, false);
        });
    }

    /** The numbers of the run's chunks not done yet, in order. */
    List<Integer> openChunks(long runId) {
        return chunks.open(runId);
    }

    /** The run's chunk, as it stands. */
    Optional<RunChunks.Chunk> chunkOf(long runId, int number) {
        return chunks.find(runId, number);
    }

    /**
     * {@code GENERATING → GENERATED}, with the run's counts and total, once every chunk is done. Repeated on a
     * generated run (the engine's job retried after this committed) it changes nothing.
     */
    void finish(long runId) {
        transaction.executeWithoutResult(status -> {
            BillingRun locked = lockedRun(runId);
            if (locked.state() == BillingRun.State.GENERATED) {
                return;
            }
            List<Integer> open = chunks.open(runId);
            if (!open.isEmpty()) {
                throw new IllegalStateException("Run " + runId + " (" + locked.name() + ") cannot be generated yet: "
                        + open.size() + " of its " + locked.chunksTotal() + " chunks are not billed (chunk "
                        + open.get(0) + " first)");
            }
            jdbc.sql("""
                            update duesflow.billing_run set
                                chunks_total = (select count(*) from duesflow.billing_run_chunk where run_id = :id),
                                chunks_done = (select count(*) from duesflow.billing_run_chunk where run_id = :id and done)
                            where id = :id""").param("id", runId).update();
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
