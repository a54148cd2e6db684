package io.duesflow.billing;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;

/** The set-based statements over a run's charges; see {@link RunCharges}. */
class RunChargesImpl implements RunCharges {

    private final JdbcClient jdbc;

    RunChargesImpl(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The statuses a charge may move to {@code target} from, as a parameter for {@code status = any(:from)}. */
    private static SqlArrayValue from(Charge.Status target) {
        return new SqlArrayValue("text", target.from().stream().map(Enum::name).toArray());
    }

    /** Charges, their lines and their billed occurrences in one statement, whatever the chunk's size. */
    @Override
    public int insertChunk(long runId, String message, List<Simulation.Charge> slice, Instant createdAt) {
        int lineCount = slice.stream().mapToInt(c -> c.lines().size()).sum();
        int n = slice.size();
        Object[] members = new Object[n], dues = new Object[n], starts = new Object[n], ends = new Object[n],
                methods = new Object[n], invoiced = new Object[n], totals = new Object[n], languages = new Object[n];
        Object[] lineMembers = new Object[lineCount], lineDues = new Object[lineCount], positions = new Object[lineCount],
                texts = new Object[lineCount], amounts = new Object[lineCount], accounts = new Object[lineCount],
                sources = new Object[lineCount], defaults = new Object[lineCount];
        List<Object> occurrenceLines = new ArrayList<>(), occurrenceMembers = new ArrayList<>(), occurrenceDues = new ArrayList<>();
        int l = 0;
        for (int i = 0; i < n; i++) {
            Simulation.Charge charge = slice.get(i);
            members[i] = charge.memberNumber();
            dues[i] = Date.valueOf(charge.dueDate());
            starts[i] = Date.valueOf(charge.periodStart());
            ends[i] = Date.valueOf(charge.periodEnd());
            methods[i] = charge.collectionMethod().name();
            invoiced[i] = charge.invoicedInstead();
            totals[i] = charge.total();
            languages[i] = charge.language();
            int position = 1;
            Set<Long> billingLines = new LinkedHashSet<>();
            for (Simulation.Line line : charge.lines()) {
                lineMembers[l] = charge.memberNumber();
                lineDues[l] = dues[i];
                positions[l] = position++;
                texts[l] = line.text();
                amounts[l] = line.amount();
                accounts[l] = line.ledgerAccount();
                sources[l] = line.lineId();
                defaults[l] = line.defaultAccount();
                l++;
                if (line.lineId() != null) {
                    billingLines.add(line.lineId());
                }
            }
            for (Long billingLine : billingLines) {
                occurrenceLines.add(billingLine);
                occurrenceMembers.add(charge.memberNumber());
                occurrenceDues.add(dues[i]);
            }
        }
        // A charge already there (a chunk retried) is not inserted again, and so neither are its lines and
        // occurrences; an occurrence another run holds makes the whole chunk fail, never bill it twice.
        return jdbc.sql("""
                        with inserted as (
                            insert into duesflow.charge (run_id, member_number, due_date, period_start, period_end, status,
                                                         collection_method, invoiced_instead, total, created_at, message,
                                                         language)
                            select :run, c.member, c.due, c.start, c.finish, 'DRAFT', c.method, c.invoiced, c.total, :createdAt,
                                   :message, c.language
                            from unnest(:members, :dues, :starts, :ends, :methods, :invoiced, :totals, :languages)
                                 as c(member, due, start, finish, method, invoiced, total, language)
                            on conflict (run_id, member_number, due_date) do nothing
                            returning id, member_number, due_date),
                        lines as (
                            insert into duesflow.charge_line (charge_id, position, text, amount, ledger_account,
                                                              billing_line_id, default_account)
                            select i.id, l.position, l.text, l.amount, l.account, l.source, l.is_default
                            from inserted i
                            join unnest(:lineMembers, :lineDues, :positions, :texts, :amounts, :accounts, :sources, :defaults)
                                 as l(member, due, position, text, amount, account, source, is_default)
                              on l.member = i.member_number and l.due = i.due_date),
                        occurrences as (
                            insert into duesflow.billed_occurrence (billing_line_id, member_number, due_date, run_id, charge_id)
                            select o.line, i.member_number, i.due_date, :run, i.id
                            from inserted i
                            join unnest(:occurrenceLines, :occurrenceMembers, :occurrenceDues) as o(line, member, due)
                              on o.member = i.member_number and o.due = i.due_date)
                        select count(*) from inserted""")
                .param("run", runId).param("message", message).param("createdAt", Timestamp.from(createdAt))
                .param("members", new SqlArrayValue("bigint", members))
                .param("dues", new SqlArrayValue("date", dues))
                .param("starts", new SqlArrayValue("date", starts))
                .param("ends", new SqlArrayValue("date", ends))
                .param("methods", new SqlArrayValue("text", methods))
                .param("invoiced", new SqlArrayValue("boolean", invoiced))
                .param("totals", new SqlArrayValue("numeric", totals))
                .param("languages", new SqlArrayValue("text", languages))
                .param("lineMembers", new SqlArrayValue("bigint", lineMembers))
                .param("lineDues", new SqlArrayValue("date", lineDues))
                .param("positions", new SqlArrayValue("int4", positions))
                .param("texts", new SqlArrayValue("text", texts))
                .param("amounts", new SqlArrayValue("numeric", amounts))
                .param("accounts", new SqlArrayValue("text", accounts))
                .param("sources", new SqlArrayValue("bigint", sources))
                .param("defaults", new SqlArrayValue("boolean", defaults))
                .param("occurrenceLines", new SqlArrayValue("bigint", occurrenceLines.toArray()))
                .param("occurrenceMembers", new SqlArrayValue("bigint", occurrenceMembers.toArray()))
                .param("occurrenceDues", new SqlArrayValue("date", occurrenceDues.toArray()))
                .query(Integer.class).single();
    }

    @Override
    public int deleteDrafts(long runId) {
        return jdbc.sql("delete from duesflow.charge where run_id = :id and status = 'DRAFT'").param("id", runId).update();
    }

    @Override
    public Totals totals(long runId) {
        return jdbc.sql("""
                        select count(*), count(distinct member_number), coalesce(sum(total), 0)
                        from duesflow.charge where run_id = :id""")
                .param("id", runId)
                .query((rs, n) -> new Totals(rs.getInt(1), rs.getInt(2), rs.getBigDecimal(3).setScale(2))).single();
    }

    @Override
    public List<LocalDate> dueDates(long runId) {
        return jdbc.sql("select distinct due_date from duesflow.charge where run_id = :id order by due_date")
                .param("id", runId).query(LocalDate.class).list();
    }

    @Override
    public List<Period> periods(long runId) {
        return jdbc.sql("""
                        select distinct period_start, period_end from duesflow.charge where run_id = :id
                        order by period_start, period_end""")
                .param("id", runId)
                .query((rs, n) -> new Period(rs.getDate(1).toLocalDate(), rs.getDate(2).toLocalDate())).list();
    }

    @Override
    public void editCharges(long runId, LocalDate dueDate, LocalDate periodStart, LocalDate periodEnd, String message) {
        jdbc.sql("""
                        update duesflow.charge set due_date = coalesce(:due, due_date),
                            period_start = coalesce(:start, period_start), period_end = coalesce(:end, period_end),
                            message = coalesce(:message, message), version = version + 1
                        where run_id = :id and status = 'DRAFT'""")
                .param("due", dueDate).param("start", periodStart).param("end", periodEnd).param("message", message)
                .param("id", runId).update();
    }

    @Override
    public int replaceDefaultAccounts(long runId, String account) {
        return jdbc.sql("""
                        update duesflow.charge_line set ledger_account = :account
                        where default_account and charge_id in (select id from duesflow.charge where run_id = :id)""")
                .param("account", account).param("id", runId).update();
    }

    @Override
    public int addFeeLine(long runId, String text, BigDecimal amount, String account) {
        int added = jdbc.sql("""
                        insert into duesflow.charge_line (charge_id, position, text, amount, ledger_account, kind)
                        select c.id, (select max(position) + 1 from duesflow.charge_line l where l.charge_id = c.id),
                               :text, :amount, :account, 'FEE'
                        from duesflow.charge c where c.run_id = :id and c.status = 'DRAFT'""")
                .param("text", text).param("amount", amount).param("account", account).param("id", runId).update();
        jdbc.sql("update duesflow.charge set total = total + :amount where run_id = :id and status = 'DRAFT'")
                .param("amount", amount).param("id", runId).update();
        return added;
    }

    @Override
    public List<Long> draftIds(long runId) {
        return jdbc.sql("""
                        select id from duesflow.charge where run_id = :id and status = 'DRAFT'
                        order by member_number, due_date""")
                .param("id", runId).query(Long.class).list();
    }

    @Override
    public void open(List<Long> ids, List<String> numbers, List<String> rfReferences, List<String> paymentIds,
                     String reason, String by) {
        // A slice at a time: one statement per 10 000 charges instead of one per charge.
        for (int from = 0; from < ids.size(); from += 10_000) {
            int to = Math.min(ids.size(), from + 10_000);
            jdbc.sql("""
                            update duesflow.charge c set number = n.number, rf_reference = n.rf, payment_id = n.payment_id,
                                status = 'OPEN', status_reason = :reason, status_changed_by = :by, version = c.version + 1
                            from unnest(:ids, :numbers, :rfs, :paymentIds) as n(id, number, rf, payment_id)
                            where c.id = n.id and c.status = 'DRAFT'""")
                    .param("ids", new SqlArrayValue("bigint", ids.subList(from, to).toArray()))
                    .param("numbers", new SqlArrayValue("text", numbers.subList(from, to).toArray()))
                    .param("rfs", new SqlArrayValue("text", rfReferences.subList(from, to).toArray()))
                    .param("paymentIds", new SqlArrayValue("text", paymentIds.subList(from, to).toArray()))
                    .param("reason", reason).param("by", by)
                    .update();
        }
    }

    @Override
    public int carryArrears(long runId, boolean cancel, LocalDate today, String receivablesAccount, ChargeTexts texts,
                            String by) {
        jdbc.sql("""
                        create temporary table carried on commit drop as
                        select old.id as old_id, old.number as old_number, target.id as target_id,
                               target.number as target_number, target.language as language,
                               old.total - old.paid - old.credited as owed
                        from duesflow.charge old
                        join lateral (select c.id, c.number, c.language from duesflow.charge c
                                      where c.run_id = :run and c.member_number = old.member_number
                                      order by c.due_date limit 1) target on true
                        where old.kind = 'INVOICE' and old.status = any(:owed) and old.due_date < :today
                          and old.run_id is distinct from :run and old.total - old.paid - old.credited > 0""")
                .param("run", runId).param("today", Date.valueOf(today))
                .param("owed", new SqlArrayValue("text", new Object[] {"OPEN", "PARTLY_PAID"}))
                .update();
        List<Object[]> rows = jdbc.sql("select old_id, old_number, language from carried")
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3)}).list();
        if (rows.isEmpty()) {
            jdbc.sql("drop table carried").update();
            return 0;
        }
        Object[] oldIds = rows.stream().map(r -> r[0]).toArray();
        Object[] lineTexts = rows.stream().map(r -> texts.arrears((String) r[1], (String) r[2])).toArray();
        jdbc.sql("""
                        insert into duesflow.charge_line (charge_id, position, text, amount, ledger_account, kind,
                                                          carried_charge_id)
                        select c.target_id, 1000 + row_number() over (partition by c.target_id order by c.old_id),
                               t.text, c.owed, :receivables, 'ARREARS', c.old_id
                        from carried c join unnest(:ids, :texts) as t(id, text) on t.id = c.old_id""")
                .param("receivables", receivablesAccount)
                .param("ids", new SqlArrayValue("bigint", oldIds)).param("texts", new SqlArrayValue("text", lineTexts))
                .update();
        jdbc.sql("""
                        update duesflow.charge c set total = c.total + a.owed, version = c.version + 1
                        from (select target_id, sum(owed) as owed from carried group by target_id) a
                        where c.id = a.target_id""").update();
        Charge.Status next = cancel ? Charge.Status.CANCELLED : Charge.Status.CARRIED;
        int moved = jdbc.sql("""
                        update duesflow.charge c set carried_into_charge_id = carried.target_id, status = :next,
                            status_reason = 'arrears carried into ' || carried.target_number, status_changed_by = :by,
                            version = c.version + 1
                        from carried where c.id = carried.old_id and c.status = any(:from)""")
                .param("next", next.name()).param("by", by).param("from", from(next)).update();
        jdbc.sql("drop table carried").update();
        return moved;
    }

    @Override
    public List<CollectionDecision.Candidate> collectionCandidates(long runId, long afterChargeId, int limit) {
        return jdbc.sql("""
                        select id, number, member_number, collection_method, total - paid - credited, rf_reference
                        from duesflow.charge where run_id = :id and kind = 'INVOICE' and status = 'OPEN'
                          and collection_method in ('SEPA_DIRECT_DEBIT', 'BETALINGSSERVICE') and id > :after
                        order by id limit :limit""")
                .param("id", runId).param("after", afterChargeId).param("limit", limit)
                .query((rs, n) -> new CollectionDecision.Candidate(rs.getLong(1), rs.getString(2), rs.getLong(3),
                        rs.getString(4), rs.getBigDecimal(5), rs.getString(6)))
                .list();
    }

    @Override
    public void recordCollectionDecisions(List<CollectionDecision.Decision> decisions) {
        for (int from = 0; from < decisions.size(); from += 10_000) {
            List<CollectionDecision.Decision> slice = decisions.subList(from, Math.min(decisions.size(), from + 10_000));
            jdbc.sql("""
                            update duesflow.charge c set collected_by = d.collected_by, invoiced_instead = d.invoiced,
                                collection_note = d.note
                            from unnest(:ids, :by, :invoiced, :notes) as d(id, collected_by, invoiced, note)
                            where c.id = d.id""")
                    .param("ids", new SqlArrayValue("bigint", slice.stream().map(CollectionDecision.Decision::chargeId).toArray()))
                    .param("by", new SqlArrayValue("text", slice.stream()
                            .map(d -> d.collectedBy() == null ? null : d.collectedBy().name()).toArray()))
                    .param("invoiced", new SqlArrayValue("boolean", slice.stream()
                            .map(CollectionDecision.Decision::invoicedInstead).toArray()))
                    .param("notes", new SqlArrayValue("text", slice.stream().map(CollectionDecision.Decision::note).toArray()))
                    .update();
        }
    }

    @Override
    public List<ChargeView> page(long runId, int page, int size) {
        List<ChargeView> charges = jdbc.sql("""
                        select id, number, member_number, due_date, period_start, period_end, status, collection_method,
                               invoiced_instead, collected_by, collection_note, rf_reference, payment_id, total, paid,
                               credited, message
                        from duesflow.charge where run_id = :id order by member_number, due_date
                        limit :limit offset :offset""")
                .param("id", runId).param("limit", size).param("offset", (long) page * size)
                .query((rs, row) -> new ChargeView(rs.getLong("id"), rs.getString("number"), rs.getLong("member_number"),
                        rs.getDate("due_date").toLocalDate(), rs.getDate("period_start").toLocalDate(),
                        rs.getDate("period_end").toLocalDate(), rs.getString("status"), rs.getString("collection_method"),
                        rs.getBoolean("invoiced_instead"), rs.getString("collected_by"), rs.getString("collection_note"),
                        rs.getString("rf_reference"), rs.getString("payment_id"), rs.getBigDecimal("total"),
                        rs.getBigDecimal("paid"), rs.getBigDecimal("credited"), rs.getString("message"),
                        new ArrayList<>()))
                .list();
        if (!charges.isEmpty()) {
            Map<Long, List<ChargeView.Line>> lines = lines(charges.stream().map(ChargeView::id).toList());
            charges.forEach(charge -> charge.lines().addAll(lines.getOrDefault(charge.id(), List.of())));
        }
        return charges;
    }

    @Override
    public Map<Long, List<ChargeView.Line>> lines(Collection<Long> chargeIds) {
        Map<Long, List<ChargeView.Line>> lines = new HashMap<>();
        if (chargeIds.isEmpty()) {
            return lines;
        }
        jdbc.sql("""
                        select charge_id, position, text, amount, ledger_account, kind from duesflow.charge_line
                        where charge_id = any(:ids) order by charge_id, position""")
                .param("ids", new SqlArrayValue("bigint", chargeIds.toArray()))
                .query(rs -> {
                    lines.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(new ChargeView.Line(rs.getInt(2),
                            rs.getString(3), rs.getBigDecimal(4), rs.getString(5), rs.getString(6)));
                });
        return lines;
    }

    @Override
    public List<Long> invoiceIds(long runId) {
        return jdbc.sql("""
                        select id from duesflow.charge
                        where run_id = :id and kind = 'INVOICE' and number is not null and status <> 'DRAFT' and mail
                        order by number""")
                .param("id", runId).query(Long.class).list();
    }

    @Override
    public List<ChargeForDocument> forDocuments(Collection<Long> chargeIds) {
        if (chargeIds.isEmpty()) {
            return List.of();
        }
        Map<Long, List<ChargeView.Line>> lines = lines(chargeIds);
        Map<Long, List<ChargeReminders.ChargeReminder>> reminders = new HashMap<>();
        jdbc.sql("""
                        select charge_id, round_id, level, reminded_on, pay_by, fee, fee_position, message
                        from duesflow.charge_reminder where charge_id = any(:ids) order by charge_id, level""")
                .param("ids", new SqlArrayValue("bigint", chargeIds.toArray()))
                .query(rs -> {
                    reminders.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(
                            new ChargeReminders.ChargeReminder(rs.getLong(2), rs.getInt(3), rs.getDate(4).toLocalDate(),
                                    rs.getDate(5).toLocalDate(), rs.getBigDecimal(6), rs.getObject(7, Integer.class),
                                    rs.getString(8)));
                });
        return jdbc.sql("""
                        select c.id, c.kind, c.number, c.member_number, c.run_id,
                               greatest(c.made_on, coalesce(cast(r.approved_at as date), cast(c.created_at as date)))
                                   as issued_on,
                               c.due_date, c.period_start, c.period_end, c.status, c.collection_method,
                               c.invoiced_instead, c.collected_by, c.rf_reference, c.payment_id, c.total, c.paid,
                               c.message, o.number as credits_number, o.due_date as credits_due_date, c.credited
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
                        rs.getString("collected_by") == null ? null : Charge.CollectedBy.valueOf(rs.getString("collected_by")),
                        rs.getString("rf_reference"), rs.getString("payment_id"), rs.getBigDecimal("total"),
                        rs.getBigDecimal("paid"), rs.getString("message"), rs.getString("credits_number"),
                        rs.getDate("credits_due_date") == null ? null : rs.getDate("credits_due_date").toLocalDate(),
                        lines.getOrDefault(rs.getLong("id"), List.of()), rs.getBigDecimal("credited"),
                        reminders.getOrDefault(rs.getLong("id"), List.of())))
                .list();
    }

    @Override
    public List<ChargeToCollect> toCollectBySepa(long runId) {
        return jdbc.sql("""
                        select id, number, member_number, due_date, total - paid - credited as owed, rf_reference
                        from duesflow.charge
                        where run_id = :id and kind = 'INVOICE' and collected_by = 'SEPA_DIRECT_DEBIT'
                          and status in ('OPEN', 'PARTLY_PAID') and total - paid - credited > 0
                          -- Not mailed, not announced: a charge held back from mail is collected by hand, with the
                          -- collection of everything open, never by its run on its own.
                          and mail
                        order by member_number, due_date""")
                .param("id", runId)
                .query((rs, n) -> new ChargeToCollect(rs.getLong(1), rs.getString(2), rs.getLong(3),
                        rs.getDate(4).toLocalDate(), rs.getBigDecimal(5), rs.getString(6)))
                .list();
    }

    @Override
    public List<ChargeToCollect> toCollectByBetalingsservice(long runId) {
        return jdbc.sql("""
                        select id, number, member_number, due_date, total - paid - credited as owed, rf_reference
                        from duesflow.charge
                        where run_id = :id and kind = 'INVOICE' and collected_by = 'BETALINGSSERVICE'
                          and status in ('OPEN', 'PARTLY_PAID') and total - paid - credited > 0
                        order by member_number, due_date""")
                .param("id", runId)
                .query((rs, n) -> new ChargeToCollect(rs.getLong(1), rs.getString(2), rs.getLong(3),
                        rs.getDate(4).toLocalDate(), rs.getBigDecimal(5), rs.getString(6)))
                .list();
    }

    @Override
    public List<ChargeToCollect> toCollectByBetalingsservice(long runId, long afterMember, LocalDate afterDue,
                                                             int limit) {
        // The row comparison starts with run_id so that it walks the unique index (run_id, member_number, due_date)
        // from where the last chunk ended, instead of reading the run from its start every time.
        return jdbc.sql("""
                        select id, number, member_number, due_date, total - paid - credited as owed, rf_reference
                        from duesflow.charge
                        where run_id = :id and (run_id, member_number, due_date) > (:id, :member, :due)
                          and kind = 'INVOICE' and collected_by = 'BETALINGSSERVICE'
                          and status in ('OPEN', 'PARTLY_PAID') and total - paid - credited > 0
                        order by member_number, due_date
                        limit :limit""")
                .param("id", runId).param("member", afterMember).param("due", Date.valueOf(afterDue))
                .param("limit", limit)
                .query((rs, n) -> new ChargeToCollect(rs.getLong(1), rs.getString(2), rs.getLong(3),
                        rs.getDate(4).toLocalDate(), rs.getBigDecimal(5), rs.getString(6)))
                .list();
    }

    @Override
    public int putInCollection(Collection<Long> chargeIds, String reason, String by) {
        if (chargeIds.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        update duesflow.charge set status = 'IN_COLLECTION', status_reason = :reason,
                            status_changed_by = :by, version = version + 1
                        where id = any(:ids) and kind = 'INVOICE' and status = any(:from)""")
                .param("ids", new SqlArrayValue("bigint", chargeIds.toArray())).param("reason", reason)
                .param("by", by).param("from", from(Charge.Status.IN_COLLECTION)).update();
    }

    @Override
    public LinePricing.AlreadyBilled alreadyBilled(Collection<Long> lineIds, LocalDate from, LocalDate to, Long exceptRun,
                                                   Long afterMember, Long lastMember) {
        if (lineIds.isEmpty()) {
            return LinePricing.AlreadyBilled.NOTHING;
        }
        record Occurrence(long line, long member, LocalDate due) {
        }
        Map<Occurrence, Long> billed = new HashMap<>();
        jdbc.sql("""
                        select billing_line_id, member_number, due_date, run_id from duesflow.billed_occurrence
                        where billing_line_id = any(:lines) and due_date between :from and :to
                          and run_id is distinct from :run
                          and (cast(:after as bigint) is null or member_number > :after)
                          and (cast(:last as bigint) is null or member_number <= :last)""")
                .param("lines", new SqlArrayValue("bigint", lineIds.toArray())).param("from", Date.valueOf(from))
                .param("to", Date.valueOf(to)).param("run", exceptRun).param("after", afterMember)
                .param("last", lastMember)
                .query(rs -> {
                    billed.put(new Occurrence(rs.getLong(1), rs.getLong(2), rs.getDate(3).toLocalDate()), rs.getLong(4));
                });
        return billed.isEmpty() ? LinePricing.AlreadyBilled.NOTHING
                : (line, member, due) -> billed.get(new Occurrence(line, member, due));
    }

    @Override
    public Set<Long> membersBilledAfter(LocalDate cutOff) {
        return new HashSet<>(jdbc.sql("""
                        select distinct c.member_number from duesflow.charge c
                        join duesflow.billing_run r on r.id = c.run_id
                        where c.kind = 'INVOICE' and c.status not in ('DRAFT', 'CANCELLED', 'CREDITED')
                          and r.kind <> 'TEMPLATE' and c.due_date > :cutOff""")
                .param("cutOff", Date.valueOf(cutOff)).query(Long.class).list().stream().collect(Collectors.toSet()));
    }

    @Override
    public void storeShares(long runId, List<Share> shares) {
        for (int from = 0; from < shares.size(); from += 10_000) {
            List<Share> slice = shares.subList(from, Math.min(shares.size(), from + 10_000));
            jdbc.sql("""
                            insert into duesflow.run_split_share (run_id, billing_line_id, member_number, due_date, amount)
                            select :run, s.line, s.member, s.due, s.amount
                            from unnest(:lines, :members, :dues, :amounts) as s(line, member, due, amount)
                            on conflict do nothing""")
                    .param("run", runId)
                    .param("lines", new SqlArrayValue("bigint", slice.stream().map(Share::lineId).toArray()))
                    .param("members", new SqlArrayValue("bigint", slice.stream().map(Share::memberNumber).toArray()))
                    .param("dues", new SqlArrayValue("date", slice.stream().map(share -> Date.valueOf(share.dueDate())).toArray()))
                    .param("amounts", new SqlArrayValue("numeric", slice.stream().map(Share::amount).toArray()))
                    .update();
        }
    }

    @Override
    public boolean hasShares(long runId) {
        return jdbc.sql("select exists (select 1 from duesflow.run_split_share where run_id = :run)").param("run", runId)
                .query(Boolean.class).single();
    }

    @Override
    public List<Share> shares(long runId, Collection<Long> memberNumbers) {
        return jdbc.sql("""
                        select billing_line_id, member_number, due_date, amount from duesflow.run_split_share
                        where run_id = :run and member_number = any(:members)""")
                .param("run", runId).param("members", new SqlArrayValue("bigint", memberNumbers.toArray()))
                .query((rs, n) -> new Share(rs.getLong(1), rs.getLong(2), rs.getDate(3).toLocalDate(), rs.getBigDecimal(4)))
                .list();
    }

    @Override
    public void recordFlags(long runId, Simulation chunk) {
        List<Object[]> flags = new ArrayList<>();
        Map<Long, String> names = new HashMap<>();
        chunk.charges().forEach(charge -> names.put(charge.memberNumber(), charge.name()));
        for (Simulation.Skipped skipped : chunk.skipped()) {
            flags.add(new Object[] {skipped.memberNumber(), "SKIPPED", skipped.lineName() == null ? "" : skipped.lineName(),
                    skipped.reason()});
        }
        for (Simulation.Charge charge : chunk.charges()) {
            if (charge.invoicedInstead()) {
                flags.add(new Object[] {charge.memberNumber(), "INVOICED_INSTEAD", "", "on " + charge.collectionMethod()
                        + " without a valid mandate or agreement"});
            }
            if (!charge.mailAddress()) {
                flags.add(new Object[] {charge.memberNumber(), "NO_MAIL_ADDRESS", "", "no mail address: the invoice is printed"});
            }
        }
        if (flags.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into duesflow.run_flag (run_id, member_number, kind, line_name, reason)
                        select :run, f.member, f.kind, f.line, f.reason
                        from unnest(:members, :kinds, :lines, :reasons) as f(member, kind, line, reason)
                        on conflict do nothing""")
                .param("run", runId)
                .param("members", new SqlArrayValue("bigint", flags.stream().map(f -> f[0]).toArray()))
                .param("kinds", new SqlArrayValue("text", flags.stream().map(f -> f[1]).toArray()))
                .param("lines", new SqlArrayValue("text", flags.stream().map(f -> f[2]).toArray()))
                .param("reasons", new SqlArrayValue("text", flags.stream().map(f -> f[3]).toArray()))
                .update();
    }

    @Override
    public void deleteFlags(long runId) {
        jdbc.sql("delete from duesflow.run_flag where run_id = :run").param("run", runId).update();
    }

    @Override
    public List<RunFlag> flags(long runId, String kind, int limit) {
        return jdbc.sql("""
                        select f.member_number, f.kind, nullif(f.line_name, ''), f.reason from duesflow.run_flag f
                        where f.run_id = :run and f.kind = :kind order by f.member_number, f.line_name limit :limit""")
                .param("run", runId).param("kind", kind).param("limit", limit)
                .query((rs, n) -> new RunFlag(rs.getLong(1), null, rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }

    @Override
    public int flagCount(long runId, String kind) {
        return jdbc.sql("select count(*) from duesflow.run_flag where run_id = :run and kind = :kind")
                .param("run", runId).param("kind", kind).query(Integer.class).single();
    }

    @Override
    public List<RunLineTotal> lineTotals(long runId) {
        return jdbc.sql("""
                        select l.text, count(*), sum(l.amount), min(l.position) from duesflow.charge_line l
                        join duesflow.charge c on c.id = l.charge_id
                        where c.run_id = :run group by l.text order by min(l.position), l.text""")
                .param("run", runId)
                .query((rs, n) -> new RunLineTotal(rs.getString(1), rs.getInt(2), rs.getBigDecimal(3))).list();
    }

    @Override
    public boolean hasBetalingsserviceCharges(long runId) {
        return jdbc.sql("""
                        select exists (select 1 from duesflow.charge
                                       where run_id = :run and collection_method = 'BETALINGSSERVICE')""")
                .param("run", runId).query(Boolean.class).single();
    }
}
