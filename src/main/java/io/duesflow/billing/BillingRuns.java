package io.duesflow.billing;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.duesflow.banking.PaymentReferences;
import io.duesflow.members.MemberRegister;
import io.duesflow.members.MemberSnapshot;
import io.duesflow.platform.CurrentUser;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.NotFound;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The front door to billing runs: create, generate in chunks, reject, approve, expire. Every step either
 * happens whole or not at all, and repeating one never bills anybody twice.
 */
@Service
public class BillingRuns {

    private final BillingRunRepository runs;
    private final BillingRules rules;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final ChargeNumbers chargeNumbers;
    private final CreditNotes creditNotes;
    private final DebtorList debtorList;
    private final ChargeTemplates templates;
    private final MemberRegister register;
    private final Clock clock;

    BillingRuns(BillingRunRepository runs, BillingRules rules, JdbcClient jdbc,
                PlatformTransactionManager transactions, ApplicationEventPublisher events, ChargeNumbers chargeNumbers,
                CreditNotes creditNotes, DebtorList debtorList, ChargeTemplates templates, MemberRegister register,
                Clock clock) {
        this.runs = runs;
        this.rules = rules;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.events = events;
        this.chargeNumbers = chargeNumbers;
        this.creditNotes = creditNotes;
        this.debtorList = debtorList;
        this.templates = templates;
        this.register = register;
        this.clock = clock;
    }

    public BillingRun run(long id) {
        return runs.findById(id).orElseThrow(() -> new NotFound("Billing run", id));
    }

    /** A run of the scheduled lines due in [from, to], to be approved by {@code deadline}. */
    public BillingRun createScheduled(String name, LocalDate from, LocalDate to, LocalDate deadline) {
        if (from == null || to == null || to.isBefore(from)) {
            throw new InvalidInput(from == null ? "from" : "to", "A scheduled run needs a period whose end is not before its start");
        }
        return runs.save(BillingRun.draft(BillingRun.Kind.SCHEDULED, nameOr(name, "Dues " + from + " – " + to), from, to,
                from, null, deadline));
    }

    /** A run of chosen immediate lines, due on {@code dueDate}. */
    public BillingRun createImmediate(String name, List<Long> lineIds, LocalDate dueDate, LocalDate deadline) {
        if (lineIds == null || lineIds.isEmpty()) {
            throw new InvalidInput("lineIds", "Choose the immediate lines to bill");
        }
        requireFuture(dueDate);
        lineIds.forEach(rules::line);
        BillingRun run = BillingRun.draft(BillingRun.Kind.IMMEDIATE, nameOr(name, "Immediate run " + dueDate), dueDate,
                dueDate, LocalDate.now(clock), dueDate, deadline);
        return runs.save(run.forLines(lineIds, null, null));
    }

    /**
     * A run for members who joined late: chosen lines (scheduled or immediate), due on {@code dueDate}, for every
     * member with no charge due after {@code cutOff}, with {@code discountPercent} (0–100, optional) off each line.
     */
    public BillingRun createNewMembers(String name, List<Long> lineIds, LocalDate cutOff, LocalDate dueDate,
                                       BigDecimal discountPercent, LocalDate deadline) {
        if (cutOff == null) {
            throw new InvalidInput("cutOff", "Give the cut-off date: members with a charge due after it are not billed");
        }
        requireFuture(dueDate);
        if (discountPercent != null && (discountPercent.signum() < 0 || discountPercent.compareTo(BigDecimal.valueOf(100)) > 0
                || discountPercent.stripTrailingZeros().scale() > 2)) {
            throw new InvalidInput("discountPercent", "A discount is a percentage from 0 to 100, not " + discountPercent);
        }
        rules.dueOnce(lineIds, dueDate);
        BillingRun run = BillingRun.draft(BillingRun.Kind.NEW_MEMBERS, nameOr(name, "New members since " + cutOff), dueDate,
                dueDate, LocalDate.now(clock), dueDate, deadline);
        return runs.save(run.forLines(lineIds, cutOff, discountPercent));
    }

    /**
     * A run of fixed lines, from a charge template or written for the occasion, to one member (a single charge)
     * or to every member of a group. The lines are copied onto the run: changing the template later does not
     * change it.
     */
    public BillingRun createFromTemplate(String name, Long templateId, List<ChargeTemplate.Line> lines, Long memberNumber,
                                         String group, LocalDate dueDate, String message, LocalDate deadline) {
        if ((memberNumber == null) == (group == null || group.isBlank())) {
            throw new InvalidInput("memberNumber", "Bill either one member (memberNumber) or a whole group (group)");
        }
        if (memberNumber != null) {
            register.member(memberNumber);
        } else if (!register.groupsByName().containsKey(group.trim())) {
            throw new InvalidInput("group", "There is no group called '" + group + "'");
        }
        requireFuture(dueDate);
        ChargeTemplate template = templateId == null ? null : templates.template(templateId);
        List<ChargeTemplate.Line> billed = ChargeTemplates.checkedLines(template != null && (lines == null || lines.isEmpty())
                ? template.lines() : lines);
        String what = template != null ? template.name() : billed.get(0).text();
        String defaultName = memberNumber != null ? what + " for member " + memberNumber : what + " for " + group.trim();
        return transaction.execute(status -> {
            BillingRun saved = runs.save(BillingRun.draft(BillingRun.Kind.TEMPLATE, nameOr(name, defaultName), dueDate,
                    dueDate, LocalDate.now(clock), dueDate, deadline)
                    .forTarget(memberNumber, memberNumber == null ? group.trim() : null, templateId,
                            message == null || message.isBlank() ? null : message.trim()));
            String incomeAccount = register.association().incomeAccount();
            for (int i = 0; i < billed.size(); i++) {
                ChargeTemplate.Line line = billed.get(i);
                jdbc.sql("""
                                insert into duesflow.billing_run_line (run_id, position, text, amount, ledger_account)
                                values (:run, :position, :text, :amount, :account)""")
                        .param("run", saved.id()).param("position", i + 1).param("text", line.text())
                        .param("amount", line.amount())
                        .param("account", line.ledgerAccount() != null ? line.ledgerAccount() : incomeAccount).update();
            }
            return saved;
        });
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

    /**
     * Generates the run's charges, a chunk of members per transaction. Safe to call again after a crash or
     * on a rejected run: charges are keyed by (run, member, due date), so nothing is billed twice, and a
     * rejected run picks up members who joined since.
     */
    public BillingRun generate(long runId) {
        BillingRun run = run(runId);
        run.require(BillingRun.State.DRAFT, BillingRun.State.REJECTED, BillingRun.State.GENERATED);
        if (run.state() == BillingRun.State.REJECTED) {
            jdbc.sql("update duesflow.billing_run set state = 'DRAFT', chunks_done = 0 where id = :id").param("id", runId).update();
        }
        List<Simulation.Charge> charges = plan(run).charges();
        int chunkSize = run.chunkSize();
        int chunks = (charges.size() + chunkSize - 1) / chunkSize;
        jdbc.sql("update duesflow.billing_run set chunks_total = :chunks where id = :id")
                .param("chunks", chunks).param("id", runId).update();
        for (int chunk = run.state() == BillingRun.State.REJECTED ? 0 : run.chunksDone(); chunk < chunks; chunk++) {
            int from = chunk * chunkSize;
            List<Simulation.Charge> slice = charges.subList(from, Math.min(charges.size(), from + chunkSize));
            int done = chunk + 1;
            transaction.executeWithoutResult(status -> {
                insertChunk(runId, slice);
                jdbc.sql("update duesflow.billing_run set chunks_done = greatest(chunks_done, :done) where id = :id")
                        .param("done", done).param("id", runId).update();
            });
        }
        transaction.executeWithoutResult(status -> jdbc.sql("""
                        update duesflow.billing_run r set state = 'GENERATED', version = version + 1,
                            charge_count = c.charges, member_count = c.members, total = c.total,
                            updated_at = :now, updated_by = :by
                        from (select count(*) as charges, count(distinct member_number) as members,
                                     coalesce(sum(total), 0) as total
                              from duesflow.charge where run_id = :id) c
                        where r.id = :id""")
                .param("id", runId).param("now", Timestamp.from(Instant.now(clock))).param("by", CurrentUser.name())
                .update());
        return run(runId);
    }

    /** What the run bills, by its kind; always through the simulation's own pricing. */
    private Simulation plan(BillingRun run) {
        return switch (run.kind()) {
            case SCHEDULED, REMINDER_FEE -> rules.simulate(
                    new SimulationRequest(run.periodFrom(), run.periodTo(), null, null, run.referenceDate()));
            case IMMEDIATE -> rules.simulate(
                    new SimulationRequest(null, null, run.immediateLineIds(), run.dueDate(), run.referenceDate()));
            case NEW_MEMBERS -> {
                Set<Long> billedSince = new HashSet<>(jdbc.sql("""
                                select distinct member_number from duesflow.charge
                                where kind = 'INVOICE' and status <> 'DRAFT' and due_date > :cutOff""")
                        .param("cutOff", run.cutOff()).query(Long.class).list());
                yield rules.plan(rules.dueOnce(run.immediateLineIds(), run.dueDate()), run.referenceDate(),
                                run.periodFrom(), run.periodTo(), member -> !billedSince.contains(member.memberNumber()))
                        .discounted(run.discountPercent());
            }
            case TEMPLATE -> {
                List<ChargeTemplate.Line> lines = jdbc.sql("""
                                select text, amount, ledger_account from duesflow.billing_run_line
                                where run_id = :id order by position""")
                        .param("id", run.id())
                        .query((rs, n) -> new ChargeTemplate.Line(rs.getString(1), rs.getBigDecimal(2), rs.getString(3)))
                        .list();
                Predicate<MemberSnapshot> target = run.targetMember() != null
                        ? member -> member.memberNumber() == run.targetMember()
                        : member -> member.inGroup(run.targetGroup());
                yield rules.plan(BillingRules.fixedLines(lines, run.dueDate()), run.referenceDate(), run.periodFrom(),
                        run.periodTo(), target);
            }
        };
    }

    /** One chunk, set-based: the charges and their lines as arrays, two statements whatever the chunk size. */
    private void insertChunk(long runId, List<Simulation.Charge> slice) {
        int lines = slice.stream().mapToInt(c -> c.lines().size()).sum();
        Object[] members = new Object[slice.size()], dues = new Object[slice.size()], starts = new Object[slice.size()],
                ends = new Object[slice.size()], methods = new Object[slice.size()], invoiced = new Object[slice.size()],
                totals = new Object[slice.size()];
        Object[] lineMembers = new Object[lines], lineDues = new Object[lines], positions = new Object[lines],
                texts = new Object[lines], amounts = new Object[lines], accounts = new Object[lines], sources = new Object[lines];
        int l = 0;
        for (int i = 0; i < slice.size(); i++) {
            Simulation.Charge charge = slice.get(i);
            members[i] = charge.memberNumber();
            dues[i] = Date.valueOf(charge.dueDate());
            starts[i] = Date.valueOf(charge.periodStart());
            ends[i] = Date.valueOf(charge.periodEnd());
            methods[i] = charge.collectionMethod().name();
            invoiced[i] = charge.invoicedInstead();
            totals[i] = charge.total();
            int position = 1;
            for (Simulation.Line line : charge.lines()) {
                lineMembers[l] = charge.memberNumber();
                lineDues[l] = dues[i];
                positions[l] = position++;
                texts[l] = line.text();
                amounts[l] = line.amount();
                accounts[l] = line.ledgerAccount();
                sources[l] = line.lineId();
                l++;
            }
        }
        jdbc.sql("""
                        with inserted as (
                            insert into duesflow.charge (run_id, member_number, due_date, period_start, period_end, status,
                                                         collection_method, invoiced_instead, total, created_at, message)
                            select :run, c.member, c.due, c.start, c.finish, 'DRAFT', c.method, c.invoiced, c.total, now(),
                                   (select message from duesflow.billing_run where id = :run)
                            from unnest(:members, :dues, :starts, :ends, :methods, :invoiced, :totals)
                                 as c(member, due, start, finish, method, invoiced, total)
                            on conflict (run_id, member_number, due_date) do nothing
                            returning id, member_number, due_date)
                        insert into duesflow.charge_line (charge_id, position, text, amount, ledger_account, billing_line_id)
                        select i.id, l.position, l.text, l.amount, l.account, l.source
                        from inserted i
                        join unnest(:lineMembers, :lineDues, :positions, :texts, :amounts, :accounts, :sources)
                             as l(member, due, position, text, amount, account, source)
                          on l.member = i.member_number and l.due = i.due_date""")
                .param("run", runId)
                .param("members", new SqlArrayValue("bigint", members))
                .param("dues", new SqlArrayValue("date", dues))
                .param("starts", new SqlArrayValue("date", starts))
                .param("ends", new SqlArrayValue("date", ends))
                .param("methods", new SqlArrayValue("text", methods))
                .param("invoiced", new SqlArrayValue("boolean", invoiced))
                .param("totals", new SqlArrayValue("numeric", totals))
                .param("lineMembers", new SqlArrayValue("bigint", lineMembers))
                .param("lineDues", new SqlArrayValue("date", lineDues))
                .param("positions", new SqlArrayValue("int4", positions))
                .param("texts", new SqlArrayValue("text", texts))
                .param("amounts", new SqlArrayValue("numeric", amounts))
                .param("accounts", new SqlArrayValue("text", accounts))
                .param("sources", new SqlArrayValue("bigint", sources))
                .update();
    }

    /** Rejecting deletes the drafts; no charge number was given, so none is burnt. */
    public BillingRun reject(long runId) {
        return transaction.execute(status -> {
            BillingRun run = run(runId);
            run.require(BillingRun.State.DRAFT, BillingRun.State.GENERATED);
            jdbc.sql("delete from duesflow.charge where run_id = :id and status = 'DRAFT'").param("id", runId).update();
            setState(runId, BillingRun.State.REJECTED);
            return run(runId);
        });
    }

    /** Not approved by its deadline: nothing of it may be sent, and its drafts are removed. */
    public BillingRun expire(long runId) {
        return transaction.execute(status -> {
            BillingRun run = run(runId);
            run.require(BillingRun.State.DRAFT, BillingRun.State.GENERATED);
            jdbc.sql("delete from duesflow.charge where run_id = :id and status = 'DRAFT'").param("id", runId).update();
            setState(runId, BillingRun.State.EXPIRED);
            return run(runId);
        });
    }

    /**
     * Approves a generated run with the treasurer's edits, numbers its charges without gaps per year and gives
     * each its payment references, all in one transaction; then announces {@link RunApproved}.
     */
    public BillingRun approve(long runId, ApprovalEdits edits) {
        ApprovalEdits changes = edits == null ? ApprovalEdits.NONE : edits;
        return transaction.execute(status -> {
            BillingRun run = run(runId);
            run.require(BillingRun.State.GENERATED);
            LocalDate today = LocalDate.now(clock);
            if (run.deadline() != null && today.isAfter(run.deadline())) {
                throw new InvalidInput("deadline", "Run " + runId + " had to be approved by " + run.deadline());
            }
            if (changes.dueDate() != null && changes.dueDate().isBefore(today)) {
                throw new InvalidInput("dueDate", "The due date " + changes.dueDate() + " is in the past");
            }
            if (changes.feeAmount() != null && (changes.feeAmount().signum() < 0 || changes.feeAmount().scale() > 2)) {
                throw new InvalidInput("feeAmount", "A fee is an amount of at least 0 with at most two decimals");
            }
            applyEdits(runId, changes);
            carryArrears(runId, changes.arrears() == null ? ApprovalEdits.ArrearsRule.LEAVE : changes.arrears());
            int numbered = numberCharges(runId, today.getYear());
            Instant now = Instant.now(clock);
            jdbc.sql("""
                            update duesflow.billing_run set state = 'APPROVED', version = version + 1,
                                name = coalesce(:name, name), message = coalesce(:message, message),
                                first_reminder_on = coalesce(:first, first_reminder_on),
                                second_reminder_on = coalesce(:second, second_reminder_on),
                                arrears_rule = :arrears,
                                total = (select coalesce(sum(total), 0) from duesflow.charge where run_id = :id),
                                approved_at = :now, approved_by = :by, updated_at = :now, updated_by = :by
                            where id = :id""")
                    .param("name", changes.name()).param("message", changes.message())
                    .param("first", changes.firstReminderOn()).param("second", changes.secondReminderOn())
                    .param("arrears", (changes.arrears() == null ? ApprovalEdits.ArrearsRule.LEAVE : changes.arrears()).name())
                    .param("id", runId).param("now", Timestamp.from(now)).param("by", CurrentUser.name()).update();
            events.publishEvent(new RunApproved(runId, numbered));
            return run(runId);
        });
    }

    private void applyEdits(long runId, ApprovalEdits edits) {
        // Only when there is something to change: rewriting every charge of a large run with its own values costs
        // seconds.
        if (edits.dueDate() != null || edits.periodStart() != null || edits.periodEnd() != null
                || edits.message() != null) {
            jdbc.sql("""
                            update duesflow.charge set due_date = coalesce(:due, due_date),
                                period_start = coalesce(:start, period_start), period_end = coalesce(:end, period_end),
                                message = coalesce(:message, message)
                            where run_id = :id""")
                    .param("due", edits.dueDate()).param("start", edits.periodStart()).param("end", edits.periodEnd())
                    .param("message", edits.message()).param("id", runId).update();
        }
        if (edits.ledgerAccount() != null && !edits.ledgerAccount().isBlank()) {
            jdbc.sql("""
                            update duesflow.charge_line set ledger_account = :account
                            where billing_line_id is not null
                              and charge_id in (select id from duesflow.charge where run_id = :id)""")
                    .param("account", edits.ledgerAccount().trim()).param("id", runId).update();
        }
        if (edits.feeAmount() != null && edits.feeAmount().signum() > 0) {
            if (edits.feeText() == null || edits.feeText().isBlank() || edits.feeAccount() == null || edits.feeAccount().isBlank()) {
                throw new InvalidInput("feeText", "A fee line needs its text and its ledger account");
            }
            jdbc.sql("""
                            insert into duesflow.charge_line (charge_id, position, text, amount, ledger_account)
                            select c.id, (select max(position) + 1 from duesflow.charge_line l where l.charge_id = c.id),
                                   :text, :amount, :account
                            from duesflow.charge c where c.run_id = :id""")
                    .param("text", edits.feeText().trim()).param("amount", edits.feeAmount())
                    .param("account", edits.feeAccount().trim()).param("id", runId).update();
            jdbc.sql("update duesflow.charge set total = total + :amount where run_id = :id")
                    .param("amount", edits.feeAmount()).param("id", runId).update();
        }
    }

    /**
     * Older unpaid charges of the run's members move onto the member's earliest new charge as one "arrears" line
     * booked to receivables, not income, and point at it: the debt is owed, reminded and booked in one place.
     */
    private void carryArrears(long runId, ApprovalEdits.ArrearsRule rule) {
        if (rule == ApprovalEdits.ArrearsRule.LEAVE) {
            return;
        }
        String receivables = jdbc.sql("select receivables_account from duesflow.association where id = 1")
                .query(String.class).single();
        jdbc.sql("""
                        create temporary table carried on commit drop as
                        select old.id as old_id, target.id as target_id, old.total - old.paid - old.credited as owed,
                               old.number as old_number
                        from duesflow.charge old
                        join lateral (select c.id from duesflow.charge c
                                      where c.run_id = :run and c.member_number = old.member_number
                                      order by c.due_date limit 1) target on true
                        where old.kind = 'INVOICE' and old.status in ('OPEN', 'PARTLY_PAID')
                          and old.carried_into_charge_id is null and old.run_id is distinct from :run
                          and old.total - old.paid - old.credited > 0""")
                .param("run", runId).update();
        jdbc.sql("""
                        insert into duesflow.charge_line (charge_id, position, text, amount, ledger_account, kind)
                        select target_id, 1000 + row_number() over (partition by target_id order by old_id),
                               'Arrears ' || coalesce(old_number, ''), owed, :receivables, 'ARREARS'
                        from carried""")
                .param("receivables", receivables).update();
        jdbc.sql("""
                        update duesflow.charge c set total = c.total + a.owed
                        from (select target_id, sum(owed) as owed from carried group by target_id) a
                        where c.id = a.target_id""").update();
        jdbc.sql("""
                        update duesflow.charge c set carried_into_charge_id = carried.target_id,
                            status = case when :cancel then 'CANCELLED' else c.status end
                        from carried where c.id = carried.old_id""")
                .param("cancel", rule == ApprovalEdits.ArrearsRule.ADD_LINE_AND_CANCEL).update();
    }

    /**
     * Gap-free numbers per year ({@code 2027-00042}): the year's counter row is locked for the rest of the
     * approval, so two nodes approving at once number one after the other.
     */
    private int numberCharges(long runId, int year) {
        List<Long> chargeIds = jdbc.sql("select id from duesflow.charge where run_id = :id order by member_number, due_date")
                .param("id", runId).query(Long.class).list();
        List<String> numbers = chargeNumbers.take(year, chargeIds.size());
        // Set-based, a slice at a time: one statement per 10 000 charges instead of one per charge.
        for (int from = 0; from < chargeIds.size(); from += 10_000) {
            int to = Math.min(chargeIds.size(), from + 10_000);
            Object[] ids = new Object[to - from], numberSlice = new Object[to - from], rfs = new Object[to - from],
                    paymentIds = new Object[to - from];
            for (int i = from; i < to; i++) {
                String number = numbers.get(i);
                ids[i - from] = chargeIds.get(i);
                numberSlice[i - from] = number;
                rfs[i - from] = PaymentReferences.rfFromCharge(number);
                paymentIds[i - from] = PaymentReferences.fik71PaymentId(Long.parseLong(number.replace("-", "")));
            }
            jdbc.sql("""
                            update duesflow.charge c set number = n.number, rf_reference = n.rf, payment_id = n.payment_id,
                                status = 'OPEN'
                            from unnest(:ids, :numbers, :rfs, :paymentIds) as n(id, number, rf, payment_id)
                            where c.id = n.id""")
                    .param("ids", new SqlArrayValue("bigint", ids))
                    .param("numbers", new SqlArrayValue("text", numberSlice))
                    .param("rfs", new SqlArrayValue("text", rfs))
                    .param("paymentIds", new SqlArrayValue("text", paymentIds))
                    .update();
        }
        return chargeIds.size();
    }

    private void setState(long runId, BillingRun.State state) {
        jdbc.sql("""
                        update duesflow.billing_run set state = :state, version = version + 1, updated_at = :now,
                            updated_by = :by where id = :id""")
                .param("state", state.name()).param("now", Timestamp.from(Instant.now(clock)))
                .param("by", CurrentUser.name()).param("id", runId).update();
    }

    /**
     * A credit note for a charge: the chosen lines (all when none are chosen) with the opposite sign, each no
     * more than its line, together never more than what is still creditable.
     */
    public ChargeView creditNote(String chargeNumber, List<CreditNotes.CreditedLine> lines) {
        return transaction.execute(status -> creditNotes.create(chargeNumber, lines));
    }

    /** Open and partly paid charges with what is owed, days overdue and reminder level. */
    public List<DebtorList.Debtor> debtors(Long runId, String group, String collectionMethod) {
        return debtorList.find(runId, group, collectionMethod);
    }

    /** The charges of a run, a page at a time, with their lines. */
    public List<ChargeView> charges(long runId, int page, int size) {
        run(runId);
        List<ChargeView> charges = jdbc.sql("""
                        select id, number, member_number, due_date, period_start, period_end, status, collection_method,
                               invoiced_instead, rf_reference, payment_id, total, message
                        from duesflow.charge where run_id = :id order by member_number, due_date
                        limit :limit offset :offset""")
                .param("id", runId).param("limit", size).param("offset", (long) page * size)
                .query((rs, row) -> new ChargeView(rs.getLong("id"), rs.getString("number"), rs.getLong("member_number"),
                        rs.getDate("due_date").toLocalDate(), rs.getDate("period_start").toLocalDate(),
                        rs.getDate("period_end").toLocalDate(), rs.getString("status"), rs.getString("collection_method"),
                        rs.getBoolean("invoiced_instead"), rs.getString("rf_reference"), rs.getString("payment_id"),
                        rs.getBigDecimal("total"), rs.getString("message"), new ArrayList<>()))
                .list();
        if (!charges.isEmpty()) {
            var byId = charges.stream().collect(Collectors.toMap(ChargeView::id, c -> c));
            jdbc.sql("""
                            select charge_id, text, amount, ledger_account from duesflow.charge_line
                            where charge_id = any(:ids) order by charge_id, position""")
                    .param("ids", new SqlArrayValue("bigint", byId.keySet().toArray()))
                    .query(rs -> {
                        byId.get(rs.getLong(1)).lines().add(new ChargeView.Line(rs.getString(2), rs.getBigDecimal(3), rs.getString(4)));
                    });
        }
        return charges;
    }

    /**
     * The run's charges to collect by SEPA direct debit: approved, owed, from members on direct debit with a
     * valid mandate when billed (the others were invoiced). Refused for a run nobody approved.
     */
    public List<ChargeToCollect> directDebitCharges(long runId) {
        run(runId).require(BillingRun.State.APPROVED, BillingRun.State.SENT);
        return jdbc.sql("""
                        select id, number, member_number, due_date, total - paid - credited as owed, rf_reference
                        from duesflow.charge
                        where run_id = :id and kind = 'INVOICE' and collection_method = 'SEPA_DIRECT_DEBIT'
                          and not invoiced_instead and status in ('OPEN', 'PARTLY_PAID')
                          and carried_into_charge_id is null and total - paid - credited > 0
                        order by member_number, due_date""")
                .param("id", runId)
                .query((rs, n) -> new ChargeToCollect(rs.getLong(1), rs.getString(2), rs.getLong(3),
                        rs.getDate(4).toLocalDate(), rs.getBigDecimal(5), rs.getString(6)))
                .list();
    }

    /** The ids of an approved run's invoices, the documents its approval sends. */
    public List<Long> invoiceIds(long runId) {
        return jdbc.sql("""
                        select id from duesflow.charge
                        where run_id = :id and kind = 'INVOICE' and number is not null and status <> 'DRAFT'
                        order by number""")
                .param("id", runId).query(Long.class).list();
    }

    /** Charges and credit notes by id, with their lines, for their documents; drafts are never among them. */
    public List<ChargeForDocument> forDocuments(java.util.Collection<Long> chargeIds) {
        if (chargeIds.isEmpty()) {
            return List.of();
        }
        java.util.Map<Long, List<ChargeView.Line>> lines = new java.util.HashMap<>();
        jdbc.sql("""
                        select charge_id, text, amount, ledger_account from duesflow.charge_line
                        where charge_id = any(:ids) order by charge_id, position""")
                .param("ids", new SqlArrayValue("bigint", chargeIds.toArray()))
                .query(rs -> {
                    lines.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>())
                            .add(new ChargeView.Line(rs.getString(2), rs.getBigDecimal(3), rs.getString(4)));
                });
        return jdbc.sql("""
                        select c.id, c.kind, c.number, c.member_number, c.run_id,
                               coalesce(cast(r.approved_at as date), cast(c.created_at as date)) as issued_on,
                               c.due_date, c.period_start, c.period_end, c.status, c.collection_method,
                               c.invoiced_instead, c.rf_reference, c.payment_id, c.total, c.paid, c.message,
                               o.number as credits_number, o.due_date as credits_due_date
                        from duesflow.charge c
                        left join duesflow.billing_run r on r.id = c.run_id
                        left join duesflow.charge o on o.id = c.credits_charge_id
                        where c.id = any(:ids) and c.status <> 'DRAFT' and c.number is not null""")
                .param("ids", new SqlArrayValue("bigint", chargeIds.toArray()))
                .query((rs, n) -> new ChargeForDocument(rs.getLong("id"), rs.getString("kind"), rs.getString("number"),
                        rs.getLong("member_number"), (Long) rs.getObject("run_id", Long.class),
                        rs.getDate("issued_on").toLocalDate(), rs.getDate("due_date").toLocalDate(),
                        rs.getDate("period_start").toLocalDate(), rs.getDate("period_end").toLocalDate(),
                        rs.getString("status"), rs.getString("collection_method"), rs.getBoolean("invoiced_instead"),
                        rs.getString("rf_reference"), rs.getString("payment_id"), rs.getBigDecimal("total"),
                        rs.getBigDecimal("paid"), rs.getString("message"), rs.getString("credits_number"),
                        rs.getDate("credits_due_date") == null ? null : rs.getDate("credits_due_date").toLocalDate(),
                        lines.getOrDefault(rs.getLong("id"), List.of())))
                .list();
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
