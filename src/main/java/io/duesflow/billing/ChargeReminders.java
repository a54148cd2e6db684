package io.duesflow.billing;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.duesflow.members.MemberRegister;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.NotFound;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The front door to a charge's reminders, for dunning: which of a run's invoices are still owed, the reminder going
 * onto a charge (its level, its day, its fee as a {@code FEE} line to the association's fee account), and the
 * treasurer's "no reminders" flag. What counts as owed is the charge's one status ({@link Charge.Status#isOwed()}:
 * open or partly paid, so a debit the bank returned is owed again; paid, cancelled, credited, carried and in-collection
 * charges are not) and {@code total − paid − credited}.
 */
@Service
@Transactional
public class ChargeReminders {

    /**
     * Where an invoice stands for a reminder round.
     *
     * @param reminderLevel  reminders sent so far (0, 1, 2)
     * @param feeLetters     how many of its reminders carried a fee
     * @param stopped        a treasurer stopped its reminders; {@code stoppedReason} says why
     */
    public record ReminderState(long chargeId, String number, long memberNumber, LocalDate dueDate, Charge.Status status,
                                BigDecimal owed, int reminderLevel, LocalDate lastRemindedOn, int feeLetters,
                                boolean stopped, String stoppedReason) {

        /** Still owed, by the charge's one status, and something to pay. */
        public boolean owes() {
            return status.isOwed() && owed.signum() > 0;
        }
    }

    /** One reminder to put on a charge: the level it becomes and the fee it adds (zero for none). */
    public record ReminderOrder(long chargeId, int level, BigDecimal fee) {
    }

    /** A reminder that went onto its charge. */
    public record Reminded(long chargeId, int level, BigDecimal fee) {
    }

    /** A reminder fee as the ledger books it. */
    public record ReminderFee(long chargeId, String number, long memberNumber, BigDecimal fee, String ledgerAccount) {
    }

    /** One reminder of a charge, as the charge's page and its documents show it. */
    public record ChargeReminder(long roundId, int level, LocalDate remindedOn, LocalDate payBy, BigDecimal fee,
                                 Integer feePosition, String message) {
    }

    private static final String STATE_COLUMNS = """
            c.id, c.number, c.member_number, c.due_date, c.status, c.total - c.paid - c.credited as owed,
            c.reminder_level, c.last_reminded_on,
            (select count(*) from duesflow.charge_reminder r where r.charge_id = c.id and r.fee > 0) as fee_letters,
            c.reminders_stopped, c.reminders_stopped_reason""";

    private final JdbcClient jdbc;
    private final ChargeRepository charges;
    private final ChargeTexts texts;
    private final MemberRegister register;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ChargeReminders(JdbcClient jdbc, ChargeRepository charges, ChargeTexts texts, MemberRegister register,
                    ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.charges = charges;
        this.texts = texts;
        this.register = register;
        this.events = events;
        this.clock = clock;
    }

    /** The run's invoices still owed (stopped ones included, flagged), by member number. */
    @Transactional(readOnly = true)
    public List<ReminderState> owedOfRun(long runId) {
        return jdbc.sql("select " + STATE_COLUMNS + """
                         from duesflow.charge c
                        where c.run_id = :run and c.kind = 'INVOICE' and c.status = any(:owed)
                          and c.total - c.paid - c.credited > 0
                        order by c.member_number, c.due_date, c.id""")
                .param("run", runId).param("owed", owedStatuses())
                .query(ChargeReminders::state).list();
    }

    /**
     * The charges as they stand now, locked until the caller's transaction ends: what a round's sending decides on
     * is what it then writes, whatever a payment does meanwhile.
     */
    public Map<Long, ReminderState> lockedStates(Collection<Long> chargeIds) {
        Map<Long, ReminderState> states = new LinkedHashMap<>();
        for (List<Long> slice : slices(new ArrayList<>(chargeIds))) {
            jdbc.sql("select " + STATE_COLUMNS + """
                             from duesflow.charge c where c.id = any(:ids) and c.kind = 'INVOICE'
                            order by c.id for update of c""")
                    .param("ids", new SqlArrayValue("bigint", slice.toArray()))
                    .query(ChargeReminders::state).list().forEach(state -> states.put(state.chargeId(), state));
        }
        return states;
    }

    /**
     * Puts a round's reminders on their charges, set-based: each becomes its level, reminded {@code on}, and its fee
     * (if any) a {@code FEE} line in the member's language to the association's fee account, raising what it owes.
     * A charge that owes nothing now, was stopped, is no longer at the level before, or was reminded by this round
     * already, is left alone: repeating the call adds nothing. Announces {@link ChargesReminded} (mail queues the
     * reminders) and {@link ReminderFeesAdded} (the ledger books the fees), in this transaction.
     *
     * @return the reminders that went on
     */
    public List<Reminded> remind(long roundId, long runId, LocalDate on, LocalDate payBy, String message,
                                 List<ReminderOrder> orders) {
        if (orders.isEmpty()) {
            return List.of();
        }
        String feeAccount = register.association().feeAccount();
        if (orders.stream().anyMatch(order -> order.fee().signum() > 0) && (feeAccount == null || feeAccount.isBlank())) {
            throw new InvalidInput("feeAccount", "The association has no fee account for reminder fees; set "
                    + "feeAccount in its settings");
        }
        Set<Long> remindedByThisRound = remindedBy(roundId, orders);
        List<ReminderOrder> wanted = orders.stream()
                .filter(order -> !remindedByThisRound.contains(order.chargeId())).toList();
        List<Reminded> reminded = new ArrayList<>();
        for (List<ReminderOrder> slice : slices(wanted)) {
            reminded.addAll(jdbc.sql("""
                            with wanted as (
                                select * from unnest(:ids, :levels, :fees) as w(id, level, fee)),
                            reminded as (
                                update duesflow.charge c set reminder_level = w.level, last_reminded_on = :on,
                                    total = c.total + w.fee, version = c.version + 1
                                from wanted w
                                where c.id = w.id and c.kind = 'INVOICE' and c.status = any(:owed)
                                  and c.total - c.paid - c.credited > 0 and not c.reminders_stopped
                                  and c.reminder_level = w.level - 1
                                returning c.id, w.level, w.fee, c.language,
                                          (select coalesce(max(l.position), 0) + 1 from duesflow.charge_line l
                                           where l.charge_id = c.id) as fee_position),
                            fee_lines as (
                                insert into duesflow.charge_line (charge_id, position, text, amount, ledger_account, kind)
                                select r.id, r.fee_position,
                                       case r.language when 'da' then :textDa when 'nl' then :textNl else :textEn end,
                                       r.fee, :account, 'FEE'
                                from reminded r where r.fee > 0)
                            -- The fee's position comes with each reminded charge: joining the two statements' rows
                            -- instead was a nested loop the planner could not see coming (10 000 × 10 000 rows, 80 s).
                            insert into duesflow.charge_reminder (charge_id, round_id, level, reminded_on, pay_by, fee,
                                                                  fee_position, message)
                            select r.id, :round, r.level, :on, :payBy, r.fee,
                                   case when r.fee > 0 then r.fee_position end, :message
                            from reminded r
                            returning charge_id, level, fee""")
                    .param("ids", new SqlArrayValue("bigint", slice.stream().map(ReminderOrder::chargeId).toArray()))
                    .param("levels", new SqlArrayValue("int4", slice.stream().map(ReminderOrder::level).toArray()))
                    .param("fees", new SqlArrayValue("numeric", slice.stream().map(ReminderOrder::fee).toArray()))
                    .param("owed", owedStatuses()).param("on", Date.valueOf(on)).param("payBy", Date.valueOf(payBy))
                    .param("round", roundId).param("message", message).param("account", feeAccount)
                    .param("textDa", texts.text("line.reminder-fee", "da"))
                    .param("textNl", texts.text("line.reminder-fee", "nl"))
                    .param("textEn", texts.text("line.reminder-fee", "en"))
                    .query((rs, n) -> new Reminded(rs.getLong(1), rs.getInt(2), rs.getBigDecimal(3))).list());
        }
        List<Long> first = reminded.stream().filter(r -> r.level() == 1).map(Reminded::chargeId).toList();
        List<Long> second = reminded.stream().filter(r -> r.level() == 2).map(Reminded::chargeId).toList();
        if (!reminded.isEmpty()) {
            events.publishEvent(new ChargesReminded(roundId, runId, first, second));
        }
        List<Reminded> withFee = reminded.stream().filter(r -> r.fee().signum() > 0).toList();
        if (!withFee.isEmpty()) {
            events.publishEvent(new ReminderFeesAdded(roundId, withFee.size(),
                    withFee.stream().map(Reminded::fee).reduce(BigDecimal.ZERO, BigDecimal::add)));
        }
        return reminded;
    }

    /**
     * The charges of {@code orders} this round reminded already (a retried sending). Asked in a statement of its own:
     * inside the update the planner answered it from the round's index entries, which include the ones the same
     * statement was inserting, and every charge rechecked all of them (10 000 reminders: 3 s of a 4 s sending).
     */
    private Set<Long> remindedBy(long roundId, List<ReminderOrder> orders) {
        Set<Long> reminded = new HashSet<>();
        for (List<ReminderOrder> slice : slices(orders)) {
            reminded.addAll(jdbc.sql("""
                            select charge_id from duesflow.charge_reminder
                            where round_id = :round and charge_id = any(:ids)""")
                    .param("round", roundId)
                    .param("ids", new SqlArrayValue("bigint", slice.stream().map(ReminderOrder::chargeId).toArray()))
                    .query(Long.class).list());
        }
        return reminded;
    }

    /** The fees a round added, each with its charge and the account its FEE line names. */
    @Transactional(readOnly = true)
    public List<ReminderFee> feesOfRound(long roundId) {
        return jdbc.sql("""
                        select c.id, c.number, c.member_number, r.fee, l.ledger_account
                        from duesflow.charge_reminder r
                        join duesflow.charge c on c.id = r.charge_id
                        join duesflow.charge_line l on l.charge_id = r.charge_id and l.position = r.fee_position
                        where r.round_id = :round and r.fee > 0
                        order by c.number""")
                .param("round", roundId)
                .query((rs, n) -> new ReminderFee(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getBigDecimal(4),
                        rs.getString(5)))
                .list();
    }

    /** A charge's reminders, oldest first. */
    @Transactional(readOnly = true)
    public List<ChargeReminder> remindersOf(long chargeId) {
        return remindersOf(List.of(chargeId)).getOrDefault(chargeId, List.of());
    }

    /** The reminders of many charges at once, oldest first. */
    @Transactional(readOnly = true)
    public Map<Long, List<ChargeReminder>> remindersOf(Collection<Long> chargeIds) {
        Map<Long, List<ChargeReminder>> reminders = new LinkedHashMap<>();
        if (chargeIds.isEmpty()) {
            return reminders;
        }
        jdbc.sql("""
                        select charge_id, round_id, level, reminded_on, pay_by, fee, fee_position, message
                        from duesflow.charge_reminder where charge_id = any(:ids) order by charge_id, level""")
                .param("ids", new SqlArrayValue("bigint", chargeIds.toArray()))
                .query(rs -> {
                    reminders.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(new ChargeReminder(
                            rs.getLong(2), rs.getInt(3), rs.getDate(4).toLocalDate(), rs.getDate(5).toLocalDate(),
                            rs.getBigDecimal(6), rs.getObject(7, Integer.class), rs.getString(8)));
                });
        return reminders;
    }

    /** No more reminders for the charge (a member with an arrangement); the reason is shown where it is left out. */
    public ReminderState stopReminders(String chargeNumber, String reason) {
        Charge charge = find(chargeNumber);
        if (reason == null || reason.isBlank()) {
            throw new InvalidInput("reason", "Say why the reminders stop (e.g. an arrangement to pay in parts)");
        }
        charge.stopReminders(reason.trim(), Instant.now(clock));
        charges.save(charge);
        return state(charge.id());
    }

    /** Reminder rounds take the charge again while it is owed. */
    public ReminderState resumeReminders(String chargeNumber) {
        Charge charge = find(chargeNumber);
        charge.resumeReminders();
        charges.save(charge);
        return state(charge.id());
    }

    /** Stops the reminders of every charge a member still owes; answers how many. */
    public int stopRemindersOfMember(long memberNumber, String reason) {
        register.member(memberNumber);
        List<String> owed = jdbc.sql("""
                        select number from duesflow.charge
                        where member_number = :member and kind = 'INVOICE' and status = any(:owed)
                          and total - paid - credited > 0 and not reminders_stopped order by number""")
                .param("member", memberNumber).param("owed", owedStatuses()).query(String.class).list();
        owed.forEach(number -> stopReminders(number, reason));
        return owed.size();
    }

    @Transactional(readOnly = true)
    public ReminderState state(String chargeNumber) {
        return state(find(chargeNumber).id());
    }

    private ReminderState state(long chargeId) {
        return jdbc.sql("select " + STATE_COLUMNS + " from duesflow.charge c where c.id = :id")
                .param("id", chargeId).query(ChargeReminders::state).single();
    }

    private Charge find(String number) {
        Charge charge = charges.findByNumber(number).orElseThrow(() -> new NotFound("Charge", number));
        if (charge.kind() != Charge.Kind.INVOICE) {
            throw new InvalidInput("chargeNumber", number + " is a credit note; only invoices are reminded");
        }
        return charge;
    }

    private static ReminderState state(ResultSet rs, int row) throws SQLException {
        return new ReminderState(rs.getLong("id"), rs.getString("number"), rs.getLong("member_number"),
                rs.getDate("due_date").toLocalDate(), Charge.Status.valueOf(rs.getString("status")),
                rs.getBigDecimal("owed"), rs.getInt("reminder_level"),
                rs.getDate("last_reminded_on") == null ? null : rs.getDate("last_reminded_on").toLocalDate(),
                rs.getInt("fee_letters"), rs.getBoolean("reminders_stopped"), rs.getString("reminders_stopped_reason"));
    }

    /** The statuses the one charge state calls owed, as a parameter for {@code status = any(:owed)}. */
    private static SqlArrayValue owedStatuses() {
        return new SqlArrayValue("text", java.util.Arrays.stream(Charge.Status.values()).filter(Charge.Status::isOwed)
                .map(Enum::name).toArray());
    }

    private static <T> List<List<T>> slices(List<T> all) {
        List<List<T>> slices = new ArrayList<>();
        for (int from = 0; from < all.size(); from += 10_000) {
            slices.add(all.subList(from, Math.min(all.size(), from + 10_000)));
        }
        return slices;
    }
}
