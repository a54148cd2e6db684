package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.duesflow.members.MemberRegister;
import io.duesflow.platform.CurrentUser;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.NotFound;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The front door to billing runs and their life cycle: create, generate in chunks, reject, approve, expire. Every step
 * either happens whole or not at all, and repeating one never bills anybody twice. The work on a run's charges is in
 * {@link RunGeneration} and {@link RunApproval}; one charge's life is {@link Charges}'.
 */
@Service
public class BillingRuns {

    private final BillingRunRepository runs;
    private final ChargeRepository charges;
    private final RunGeneration generation;
    private final RunApproval approval;
    private final BillingRules rules;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final PlatformTransactionManager transactionManager;
    private final ApplicationEventPublisher events;
    private final DebtorList debtorList;
    private final ChargeTemplates templates;
    private final MemberRegister register;
    private final BillingProperties properties;
    private final Clock clock;

    BillingRuns(BillingRunRepository runs, ChargeRepository charges, RunGeneration generation, RunApproval approval,
                BillingRules rules, JdbcClient jdbc, PlatformTransactionManager transactions,
                ApplicationEventPublisher events, DebtorList debtorList, ChargeTemplates templates,
                MemberRegister register, BillingProperties properties, Clock clock) {
        this.runs = runs;
        this.charges = charges;
        this.generation = generation;
        this.approval = approval;
        this.rules = rules;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.transactionManager = transactions;
        this.events = events;
        this.debtorList = debtorList;
        this.templates = templates;
        this.register = register;
        this.properties = properties;
        this.clock = clock;
    }

    public BillingRun run(long id) {
        return runs.findById(id).orElseThrow(() -> new NotFound("Billing run", id));
    }

    /**
     * What a new run is, whichever door it comes through (REST, a start form, the monthly cycle). SCHEDULED:
     * {@code from}–{@code to}. IMMEDIATE: {@code lineIds} and {@code dueDate}. NEW_MEMBERS: {@code lineIds},
     * {@code cutOff}, {@code dueDate}, optional {@code discountPercent}. TEMPLATE: {@code templateId} or {@code lines},
     * either {@code memberNumber} (a single charge) or {@code group}, {@code dueDate}, optional {@code message}.
     */
    public record NewRun(BillingRun.Kind kind, String name, LocalDate from, LocalDate to, List<Long> lineIds,
                         LocalDate dueDate, LocalDate deadline, LocalDate cutOff, BigDecimal discountPercent,
                         Long templateId, List<ChargeTemplate.Line> lines, Long memberNumber, String group,
                         String message) {
    }

    /** Creates a run in {@code DRAFT}; nothing is billed before it is generated and approved. */
    public BillingRun create(NewRun spec) {
        Draft draft = draft(spec);
        return store(draft.run(), draft.lines());
    }

    /** Saves a checked new run with a template run's own lines (copied onto it), in one transaction. */
    BillingRun store(BillingRun run, List<ChargeTemplate.Line> lines) {
        return transaction.execute(status -> {
            BillingRun saved = runs.save(run.withChunkSize(properties.chunkSize()));
            for (int i = 0; i < lines.size(); i++) {
                ChargeTemplate.Line line = lines.get(i);
                jdbc.sql("""
                                insert into duesflow.billing_run_line (run_id, position, text, amount, ledger_account)
                                values (:run, :position, :text, :amount, :account)""")
                        .param("run", saved.id()).param("position", i + 1).param("text", line.text())
                        .param("amount", line.amount()).param("account", line.ledgerAccount()).update();
            }
            return saved;
        });
    }

    /** The scheduled lines due in [from, to], to be approved by {@code deadline}: the monthly cycle's run. */
    public BillingRun createScheduled(String name, LocalDate from, LocalDate to, LocalDate deadline) {
        return create(new NewRun(BillingRun.Kind.SCHEDULED, name, from, to, null, null, deadline, null, null, null, null,
                null, null, null));
    }

    /** Fixed lines (a template's, or {@code lines}) to one member or to every member of a group. */
    public BillingRun createFromTemplate(String name, Long templateId, List<ChargeTemplate.Line> lines, Long memberNumber,
                                         String group, LocalDate dueDate, String message, LocalDate deadline) {
        return create(new NewRun(BillingRun.Kind.TEMPLATE, name, null, null, null, dueDate, deadline, null, null,
                templateId, lines, memberNumber, group, message));
    }

    /**
     * What the run would bill, as it would be created now: the simulation of a new-member or template run (or of a
     * single scheduled line over a period) before anything is created or generated. Writes nothing.
     */
    public Simulation preview(NewRun spec) {
        Draft draft = draft(spec);
        return generation.plan(draft.run(), draft.lines());
    }

    /** A checked run not yet saved, with a template run's lines (empty for the other kinds). */
    private record Draft(BillingRun run, List<ChargeTemplate.Line> lines) {
    }

    private Draft draft(NewRun spec) {
        if (spec.kind() == null) {
            throw new InvalidInput("kind", "Choose SCHEDULED, IMMEDIATE, NEW_MEMBERS or TEMPLATE");
        }
        LocalDate today = LocalDate.now(clock);
        return switch (spec.kind()) {
            case SCHEDULED -> {
                if (spec.from() == null || spec.to() == null || spec.to().isBefore(spec.from())) {
                    throw new InvalidInput(spec.from() == null ? "from" : "to",
                            "A scheduled run needs a period whose end is not before its start");
                }
                yield new Draft(BillingRun.draft(BillingRun.Kind.SCHEDULED,
                        nameOr(spec.name(), "Dues " + spec.from() + " – " + spec.to()), spec.from(), spec.to(),
                        spec.from(), null, spec.deadline()), List.of());
            }
            case IMMEDIATE -> {
                if (spec.lineIds() == null || spec.lineIds().isEmpty()) {
                    throw new InvalidInput("lineIds", "Choose the immediate lines to bill");
                }
                requireFuture(spec.dueDate());
                spec.lineIds().forEach(rules::line);
                yield new Draft(BillingRun.draft(BillingRun.Kind.IMMEDIATE,
                        nameOr(spec.name(), "Immediate run " + spec.dueDate()), spec.dueDate(), spec.dueDate(), today,
                        spec.dueDate(), spec.deadline()).forLines(spec.lineIds(), null, null), List.of());
            }
            case NEW_MEMBERS -> {
                if (spec.cutOff() == null) {
                    throw new InvalidInput("cutOff", "Give the cut-off date: members with a charge due after it are "
                            + "not billed");
                }
                requireFuture(spec.dueDate());
                BigDecimal discount = spec.discountPercent();
                if (discount != null && (discount.signum() < 0 || discount.compareTo(BigDecimal.valueOf(100)) > 0
                        || discount.stripTrailingZeros().scale() > 2)) {
                    throw new InvalidInput("discountPercent", "A discount is a percentage from 0 to 100, not "
                            + discount);
                }
                rules.dueOnce(spec.lineIds(), spec.dueDate());
                yield new Draft(BillingRun.draft(BillingRun.Kind.NEW_MEMBERS,
                        nameOr(spec.name(), "New members since " + spec.cutOff()), spec.dueDate(), spec.dueDate(), today,
                        spec.dueDate(), spec.deadline()).forLines(spec.lineIds(), spec.cutOff(), discount), List.of());
            }
            case TEMPLATE -> templateDraft(spec, today);
            case REMINDER_FEE -> throw new InvalidInput("kind", "Reminder-fee runs are created by a dunning round");
        };
    }

    /**
     * Fixed lines, from a charge template or written for the occasion, to one member (a single charge) or to every
     * member of a group. The lines are copied onto the run: changing the template later does not change it.
     */
    private Draft templateDraft(NewRun spec, LocalDate today) {
        Long memberNumber = spec.memberNumber();
        String group = spec.group();
        if ((memberNumber == null) == (group == null || group.isBlank())) {
            throw new InvalidInput("memberNumber", "Bill either one member (memberNumber) or a whole group (group)");
        }
        if (memberNumber != null) {
            register.member(memberNumber);
        } else if (!register.groupsByName().containsKey(group.trim())) {
            throw new InvalidInput("group", "There is no group called '" + group + "'");
        }
        requireFuture(spec.dueDate());
        ChargeTemplate template = spec.templateId() == null ? null : templates.template(spec.templateId());
        List<ChargeTemplate.Line> billed = ChargeTemplates.checkedLines(template != null
                && (spec.lines() == null || spec.lines().isEmpty()) ? template.lines() : spec.lines());
        String incomeAccount = register.association().incomeAccount();
        List<ChargeTemplate.Line> lines = billed.stream().map(line -> new ChargeTemplate.Line(line.text(), line.amount(),
                line.ledgerAccount() != null ? line.ledgerAccount() : incomeAccount)).toList();
        String what = template != null ? template.name() : billed.get(0).text();
        String defaultName = memberNumber != null ? what + " for member " + memberNumber : what + " for " + group.trim();
        String message = spec.message() == null || spec.message().isBlank() ? null : spec.message().trim();
        return new Draft(BillingRun.draft(BillingRun.Kind.TEMPLATE, nameOr(spec.name(), defaultName), spec.dueDate(),
                spec.dueDate(), today, spec.dueDate(), spec.deadline())
                .forTarget(memberNumber, memberNumber == null ? group.trim() : null, spec.templateId(), message), lines);
    }

    private void requireFuture(LocalDate dueDate) {
        if (dueDate == null) {
            throw new InvalidInput("dueDate", "Give the due date of the charges");
        }
        if (dueDate.isBefore(LocalDate.now(clock))) {
            throw new InvalidInput("dueDate", "The due date " + dueDate + " is in the past");
        }
    }

    private static String nameOr(String name, String fallback) {
        return name == null || name.isBlank() ? fallback : name.trim();
    }

    /** Runs a page at a time, newest first, optionally of one state and kind. */
    public List<BillingRun> runs(BillingRun.State state, BillingRun.Kind kind, int page, int size) {
        return runs.findPage(state == null ? null : state.name(), kind == null ? null : kind.name(), size,
                (long) page * size);
    }

    /**
     * Generates the run's charges, a chunk of members per transaction. A run whose generation stopped half-way
     * (a crash) carries on with the chunks not done; a rejected run is generated afresh and picks up members who
     * joined since. A run already generated is refused: reject it first, so the treasurer decides what is thrown away.
     */
    public BillingRun generate(long runId) {
        startGeneration(runId);
        generation.generate(runId);
        return run(runId);
    }

    /**
     * One chunk of a run's generation: chunk {@code number} of {@code chunksTotal}, the members numbered after
     * {@code afterMember} through {@code throughMember} (no bound where null), and the charges it billed.
     */
    public record GenerationChunk(int number, int chunksTotal, Long afterMember, Long throughMember, int charges) {
    }

    /**
     * The first step of generating a run as separate steps (one engine job each): {@code GENERATING}, the run's
     * chunks (member ranges of the chunk size, fixed from here on), the split lines' shares. A rejected run starts
     * afresh; an interrupted one keeps its chunks and what they billed.
     */
    public BillingRun startGeneration(long runId) {
        // Committed at once, on its own: the generation's chunks commit on their own too and must see it, also when
        // an engine job (with its own transaction) starts the generation.
        TransactionTemplate own = new TransactionTemplate(transactionManager);
        own.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
        own.executeWithoutResult(status -> {
            BillingRun run = lock(runId);
            boolean afresh = run.state() != BillingRun.State.GENERATING;
            run.startGenerating();
            runs.save(run);
            if (afresh) {
                generation.forgetChunks(runId);
            }
        });
        generation.prepare(runId);
        return run(runId);
    }

    /**
     * Bills chunk {@code number} (from 1) of a generating run, in its own transaction, whichever node runs it and
     * whatever other chunks run beside it; a chunk billed already bills nobody again.
     */
    public GenerationChunk generateChunk(long runId, int number) {
        Optional<GenerationChunk> billedBefore = generation.chunkOf(runId, number).filter(RunChunks.Chunk::done)
                .map(chunk -> new GenerationChunk(number, run(runId).chunksTotal(), chunk.afterMember(),
                        chunk.throughMember(), chunk.charges()));
        if (billedBefore.isPresent()) {
            // A retry of a chunk whose transaction committed: nothing to bill, whatever the run has become since.
            return billedBefore.get();
        }
        run(runId).require("generate a chunk of it", BillingRun.State.GENERATING);
        RunGeneration.ChunkBilled billed = generation.chunk(runId, number);
        return new GenerationChunk(number, billed.chunksTotal(), billed.chunk().afterMember(),
                billed.chunk().throughMember(), billed.charges());
    }

    /**
     * Bills the first chunk not done of a generating run (its chunks cut first, should its start not have cut them)
     * and answers whether any is left: one chunk after another, for a run's process of the version before its chunks
     * ran side by side, still under way when this version was deployed.
     */
    public boolean generateNextChunk(long runId) {
        run(runId).require("generate a chunk of it", BillingRun.State.GENERATING);
        generation.prepare(runId);
        List<Integer> open = generation.openChunks(runId);
        if (!open.isEmpty()) {
            generation.chunk(runId, open.get(0));
        }
        return open.size() > 1;
    }

    /** Chunk {@code number} of the run's generation, as it was cut; empty when the run has no such chunk. */
    public Optional<GenerationChunk> generationChunk(long runId, int number) {
        int total = run(runId).chunksTotal();
        return generation.chunkOf(runId, number).map(chunk -> new GenerationChunk(number, total, chunk.afterMember(),
                chunk.throughMember(), chunk.charges()));
    }

    /** {@code GENERATING → GENERATED} once every chunk is billed; repeated, it changes nothing. */
    public BillingRun finishGeneration(long runId) {
        generation.finish(runId);
        return run(runId);
    }

    /** Rejecting deletes the drafts; no charge number was given, so none is burnt. */
    public BillingRun reject(long runId) {
        return transaction.execute(status -> {
            BillingRun run = lock(runId);
            run.rejected();
            charges.deleteDrafts(runId);
            charges.deleteFlags(runId);
            return runs.save(run);
        });
    }

    /** Not approved by its deadline: nothing of it may be sent, and its drafts are removed. */
    public BillingRun expire(long runId) {
        return transaction.execute(status -> {
            BillingRun run = lock(runId);
            run.expired();
            charges.deleteDrafts(runId);
            charges.deleteFlags(runId);
            return runs.save(run);
        });
    }

    /**
     * Approves a generated run with the treasurer's edits, numbers its charges without gaps per year, gives each its
     * payment references and decides who collects it, all in one transaction; then announces {@link RunApproved}.
     * The run's row is locked first, so a second approval (a double click, another node) waits and is then refused:
     * a run is approved once.
     */
    public BillingRun approve(long runId, ApprovalEdits edits) {
        ApprovalEdits changes = edits == null ? ApprovalEdits.NONE : edits;
        return transaction.execute(status -> {
            BillingRun run = lock(runId);
            run.require("approve it", BillingRun.State.GENERATED);
            RunApproval.Approved approved = approval.approve(run, changes);
            Instant now = Instant.now(clock);
            run.approved(changes, approved.total(), approved.charges(), now, CurrentUser.name());
            if (approved.collects()) {
                run.collection(BillingRun.CollectionState.PENDING, null, 0, now);
            }
            BillingRun saved = runs.save(run);
            events.publishEvent(new RunApproved(runId, approved.charges()));
            return saved;
        });
    }

    /**
     * Refuses, naming the field and the rule, edits an approval would refuse, without changing anything: the
     * approval form's check before its task is completed.
     */
    public void checkApproval(long runId, ApprovalEdits edits) {
        BillingRun run = run(runId);
        run.require("approve it", BillingRun.State.GENERATED);
        approval.check(run, edits == null ? ApprovalEdits.NONE : edits);
    }

    /**
     * What a treasurer reads before approving: the run's totals per line, and the members it flagged (skipped with
     * the reason, invoiced instead of collected, without a mail address), the first {@code limit} of each with how
     * many there are in all; and whether its charges fall due on one day.
     */
    public record Summary(BillingRun run, List<RunLineTotal> lines, List<RunFlag> skipped, int skippedCount,
                          List<RunFlag> invoicedInstead, int invoicedInsteadCount,
                          List<RunFlag> noMailAddress, int noMailAddressCount,
                          boolean betalingsservice, List<LocalDate> dueDates) {

        /** The one day every charge of the run is due, or null when they fall on several (or there are none). */
        public LocalDate singleDueDate() {
            return dueDates.size() == 1 ? dueDates.get(0) : null;
        }
    }

    public Summary summary(long runId, int limit) {
        BillingRun run = run(runId);
        return new Summary(run, charges.lineTotals(runId), named(charges.flags(runId, "SKIPPED", limit)),
                charges.flagCount(runId, "SKIPPED"), named(charges.flags(runId, "INVOICED_INSTEAD", limit)),
                charges.flagCount(runId, "INVOICED_INSTEAD"), named(charges.flags(runId, "NO_MAIL_ADDRESS", limit)),
                charges.flagCount(runId, "NO_MAIL_ADDRESS"), charges.hasBetalingsserviceCharges(runId),
                charges.dueDates(runId));
    }

    private List<RunFlag> named(List<RunFlag> flags) {
        java.util.Map<Long, String> names = register.names(flags.stream().map(RunFlag::memberNumber).toList());
        return flags.stream().map(f -> new RunFlag(f.memberNumber(), names.get(f.memberNumber()), f.kind(),
                f.line(), f.reason())).toList();
    }

    /** What the run bills, priced now over the whole register: its simulation, before or after generating. */
    public Simulation simulation(long runId) {
        BillingRun run = run(runId);
        return generation.plan(run, generation.runLines(runId));
    }

    /** Everything of an approved run has been handed on: its mail sent or queued, its collection recorded. */
    public BillingRun markSent(long runId) {
        return transaction.execute(status -> {
            BillingRun run = lock(runId);
            run.sent();
            return runs.save(run);
        });
    }

    /**
     * How the run's collection stands, as the collection records it: pending, done, or failed with the reason and
     * when it is tried again. The run shows it; nothing about a failed collection is silent.
     */
    public BillingRun recordCollection(long runId, BillingRun.CollectionState state, String error, int attempts,
                                       Instant nextAttemptAt) {
        return transaction.execute(status -> {
            BillingRun run = lock(runId);
            run.collection(state, error, attempts, nextAttemptAt);
            return runs.save(run);
        });
    }

    /** Approved runs whose collection is pending or failed and due to be tried (again) at {@code now}. */
    public List<Long> collectionsDue(Instant now) {
        return runs.findCollectionsDue(now);
    }

    private BillingRun lock(long runId) {
        return runs.lockById(runId).orElseThrow(() -> new NotFound("Billing run", runId));
    }

    /** Open and partly paid charges with what is owed, days overdue and reminder level. */
    public List<DebtorList.Debtor> debtors(Long runId, String group, String collectionMethod) {
        return debtorList.find(runId, group, collectionMethod);
    }

    /** The debtor list at one reminder level (0, 1, 2), or all levels when {@code level} is null. */
    public List<DebtorList.Debtor> debtors(Long runId, String group, String collectionMethod, Integer level) {
        return debtorList.find(runId, group, collectionMethod, level);
    }

    /** The charges of a run, a page at a time, with their lines. */
    public List<ChargeView> charges(long runId, int page, int size) {
        run(runId);
        return charges.page(runId, page, size);
    }

    /**
     * The run's charges decided at approval for SEPA collection and not yet in a file. Refused for a run nobody
     * approved: nothing leaves the house before approval.
     */
    public List<ChargeToCollect> directDebitCharges(long runId) {
        run(runId).require("collect it", BillingRun.State.APPROVED, BillingRun.State.SENT);
        return charges.toCollectBySepa(runId);
    }

    /**
     * The run's charges decided at approval for Betalingsservice and not yet in a delivery. Refused for a run nobody
     * approved: nothing leaves the house before approval.
     */
    public List<ChargeToCollect> betalingsserviceCharges(long runId) {
        run(runId).require("collect it", BillingRun.State.APPROVED, BillingRun.State.SENT);
        return charges.toCollectByBetalingsservice(runId);
    }

    /**
     * The same, handed over {@code chunk} charges at a time in member order, in the caller's transaction: a
     * collection of 100 000 charges never holds them all at once.
     */
    public void betalingsserviceCharges(long runId, int chunk, Consumer<List<ChargeToCollect>> each) {
        run(runId).require("collect it", BillingRun.State.APPROVED, BillingRun.State.SENT);
        // Before every member: any member number is greater, whatever the date.
        long afterMember = Long.MIN_VALUE;
        LocalDate afterDue = LocalDate.EPOCH;
        while (true) {
            List<ChargeToCollect> next = charges.toCollectByBetalingsservice(runId, afterMember, afterDue, chunk);
            if (next.isEmpty()) {
                return;
            }
            each.accept(next);
            ChargeToCollect last = next.get(next.size() - 1);
            afterMember = last.memberNumber();
            afterDue = last.dueDate();
            if (next.size() < chunk) {
                return;
            }
        }
    }

    /** The ids of an approved run's invoices, the documents its approval sends. */
    public List<Long> invoiceIds(long runId) {
        return charges.invoiceIds(runId);
    }

    /** Charges and credit notes by id, with their lines, for their documents; drafts are never among them. */
    public List<ChargeForDocument> forDocuments(java.util.Collection<Long> chargeIds) {
        return charges.forDocuments(chargeIds);
    }

    /**
     * Only the lines of these charges, by charge id in position order: what a collection delivery prints for each
     * (a chunk of 5 000 reads its own lines, not the documents' reminders and credit notes).
     */
    public Map<Long, List<ChargeView.Line>> chargeLines(java.util.Collection<Long> chargeIds) {
        return charges.lines(chargeIds);
    }

    /** The charge templates, by name. */
    public List<ChargeTemplate> templates() {
        return templates.all();
    }

    public ChargeTemplate template(long id) {
        return templates.template(id);
    }

    /** Creates a template ({@code id} null) or changes one; {@code version} guards against a stale change. */
    public ChargeTemplate saveTemplate(Long id, Integer version, String name, List<ChargeTemplate.Line> lines) {
        return templates.save(id, version, name, lines);
    }

    public void deleteTemplate(long id) {
        templates.delete(id);
    }
}
