package io.duesflow.dunning;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/** The SQL of dunning's own tables: rounds, the charges each looked at, and the list for follow-up by hand. */
@Component
class RoundRows {

    /** A charge as a round records it, before and after sending. */
    record Row(long chargeId, String number, long memberNumber, LocalDate dueDate, BigDecimal owed, int level,
               LocalDate lastRemindedOn, int feeLetters, String outcome, String reason, BigDecimal fee) {
    }

    /** A charge still owed after a run's last round. */
    public record FollowUp(long runId, long chargeId, String chargeNumber, long memberNumber, BigDecimal owed, int level,
                           Instant listedAt) {
    }

    private static final String ROUND_COLUMNS = """
            id, run_id, kind, scheduled_round, state, selected_at, selected_by, reminders, members, owed, skipped, fee,
            pay_by, message, decided_by, decided_at, sent_at, sent, skipped_at_sending, fees_total""";

    private final JdbcClient jdbc;

    RoundRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insertRound(long runId, ReminderRound.Kind kind, Integer scheduledRound, Instant at, String by) {
        return jdbc.sql("""
                        insert into duesflow.reminder_round (run_id, kind, scheduled_round, state, selected_at, selected_by)
                        values (:run, :kind, :scheduled, 'WAITING', :at, :by) returning id""")
                .param("run", runId).param("kind", kind.name()).param("scheduled", scheduledRound)
                .param("at", Timestamp.from(at)).param("by", by).query(Long.class).single();
    }

    /** The charges a round looked at, in one statement per 10 000. */
    void insertCharges(long roundId, List<Row> rows) {
        for (int from = 0; from < rows.size(); from += 10_000) {
            List<Row> slice = rows.subList(from, Math.min(rows.size(), from + 10_000));
            jdbc.sql("""
                            insert into duesflow.reminder_round_charge (round_id, charge_id, charge_number, member_number,
                                due_date, owed, level, last_reminded_on, fee_letters, outcome, reason)
                            select :round, r.* from unnest(:ids, :numbers, :members, :dues, :owed, :levels, :last,
                                                           :letters, :outcomes, :reasons)
                                 as r(charge_id, number, member, due, owed, level, last, letters, outcome, reason)""")
                    .param("round", roundId)
                    .param("ids", array("bigint", slice.stream().map(Row::chargeId)))
                    .param("numbers", array("text", slice.stream().map(Row::number)))
                    .param("members", array("bigint", slice.stream().map(Row::memberNumber)))
                    .param("dues", array("date", slice.stream().map(row -> Date.valueOf(row.dueDate()))))
                    .param("owed", array("numeric", slice.stream().map(Row::owed)))
                    .param("levels", array("int4", slice.stream().map(Row::level)))
                    .param("last", array("date", slice.stream().map(row -> row.lastRemindedOn() == null ? null
                            : Date.valueOf(row.lastRemindedOn()))))
                    .param("letters", array("int4", slice.stream().map(Row::feeLetters)))
                    .param("outcomes", array("text", slice.stream().map(Row::outcome)))
                    .param("reasons", array("text", slice.stream().map(Row::reason)))
                    .update();
        }
    }

    /** The round's counts, from what it recorded. */
    void count(long roundId, ReminderRound.State state) {
        jdbc.sql("""
                        update duesflow.reminder_round r set state = :state,
                            reminders = c.reminders, members = c.members, owed = c.owed, skipped = c.skipped
                        from (select count(*) filter (where outcome = 'SELECTED') as reminders,
                                     count(distinct member_number) filter (where outcome = 'SELECTED') as members,
                                     coalesce(sum(owed) filter (where outcome = 'SELECTED'), 0) as owed,
                                     count(*) filter (where outcome = 'SKIPPED') as skipped
                              from duesflow.reminder_round_charge where round_id = :id) c
                        where r.id = :id""")
                .param("state", state.name()).param("id", roundId).update();
    }

    Optional<ReminderRound> round(long id) {
        return jdbc.sql("select " + ROUND_COLUMNS + " from duesflow.reminder_round where id = :id")
                .param("id", id).query(RoundRows::round).optional();
    }

    /** The round, locked until the transaction ends: a second sending (a retried job, a second node) waits. */
    Optional<ReminderRound> lock(long id) {
        return jdbc.sql("select " + ROUND_COLUMNS + " from duesflow.reminder_round where id = :id for update")
                .param("id", id).query(RoundRows::round).optional();
    }

    List<ReminderRound> rounds(Long runId, int limit) {
        return jdbc.sql("select " + ROUND_COLUMNS + """
                         from duesflow.reminder_round where (cast(:run as bigint) is null or run_id = :run)
                        order by id desc limit :limit""")
                .param("run", runId).param("limit", limit).query(RoundRows::round).list();
    }

    /** The highest of the run's reminder dates a round was held for (0: none yet). */
    int lastScheduledRound(long runId) {
        return jdbc.sql("""
                        select coalesce(max(scheduled_round), 0) from duesflow.reminder_round
                        where run_id = :run and kind = 'SCHEDULED'""")
                .param("run", runId).query(Integer.class).single();
    }

    List<Row> charges(long roundId, String outcome, int limit, long offset) {
        return jdbc.sql("""
                        select charge_id, charge_number, member_number, due_date, owed, level, last_reminded_on,
                               fee_letters, outcome, reason, fee
                        from duesflow.reminder_round_charge
                        where round_id = :round and (cast(:outcome as text) is null or outcome = :outcome)
                        order by member_number, charge_number limit :limit offset :offset""")
                .param("round", roundId).param("outcome", outcome).param("limit", limit).param("offset", offset)
                .query((rs, n) -> row(rs)).list();
    }

    /** The selected charges that already had {@code letters} fee letters: how many, and the first of them. */
    Optional<Row> firstWithFeeLetters(long roundId, int letters, int[] count) {
        List<Row> found = jdbc.sql("""
                        select charge_id, charge_number, member_number, due_date, owed, level, last_reminded_on,
                               fee_letters, outcome, reason, fee, count(*) over () as matching
                        from duesflow.reminder_round_charge
                        where round_id = :round and outcome = 'SELECTED' and fee_letters >= :letters
                        order by charge_number limit 1""")
                .param("round", roundId).param("letters", letters)
                .query((rs, n) -> {
                    count[0] = rs.getInt("matching");
                    return row(rs);
                }).list();
        return found.stream().findFirst();
    }

    /** The selected charges last reminded after {@code day}: how many, and the first of them. */
    Optional<Row> firstRemindedAfter(long roundId, LocalDate day, int[] count) {
        List<Row> found = jdbc.sql("""
                        select charge_id, charge_number, member_number, due_date, owed, level, last_reminded_on,
                               fee_letters, outcome, reason, fee, count(*) over () as matching
                        from duesflow.reminder_round_charge
                        where round_id = :round and outcome = 'SELECTED' and last_reminded_on > :day
                        order by charge_number limit 1""")
                .param("round", roundId).param("day", Date.valueOf(day))
                .query((rs, n) -> {
                    count[0] = rs.getInt("matching");
                    return row(rs);
                }).list();
        return found.stream().findFirst();
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getDate(4).toLocalDate(), rs.getBigDecimal(5),
                rs.getInt(6), rs.getDate(7) == null ? null : rs.getDate(7).toLocalDate(), rs.getInt(8), rs.getString(9),
                rs.getString(10), rs.getBigDecimal(11));
    }

    void decide(long roundId, ReminderRound.State state, BigDecimal fee, LocalDate payBy, String message, String by,
                Instant at) {
        jdbc.sql("""
                        update duesflow.reminder_round set state = :state, fee = :fee, pay_by = :payBy,
                            message = :message, decided_by = :by, decided_at = :at
                        where id = :id""")
                .param("state", state.name()).param("fee", fee).param("payBy", payBy == null ? null : Date.valueOf(payBy))
                .param("message", message).param("by", by).param("at", Timestamp.from(at)).param("id", roundId)
                .update();
    }

    /** What became of each selected charge at sending, in one statement per 10 000. */
    void recordSending(long roundId, List<Row> outcomes) {
        for (int from = 0; from < outcomes.size(); from += 10_000) {
            List<Row> slice = outcomes.subList(from, Math.min(outcomes.size(), from + 10_000));
            jdbc.sql("""
                            update duesflow.reminder_round_charge c set outcome = o.outcome, reason = o.reason, fee = o.fee
                            from unnest(:ids, :outcomes, :reasons, :fees) as o(id, outcome, reason, fee)
                            where c.round_id = :round and c.charge_id = o.id""")
                    .param("round", roundId)
                    .param("ids", array("bigint", slice.stream().map(Row::chargeId)))
                    .param("outcomes", array("text", slice.stream().map(Row::outcome)))
                    .param("reasons", array("text", slice.stream().map(Row::reason)))
                    .param("fees", array("numeric", slice.stream().map(Row::fee)))
                    .update();
        }
    }

    void sent(long roundId, Instant at, int sent, int skipped, BigDecimal fees) {
        jdbc.sql("""
                        update duesflow.reminder_round set state = 'SENT', sent_at = :at, sent = :sent,
                            skipped_at_sending = :skipped, fees_total = :fees
                        where id = :id""")
                .param("at", Timestamp.from(at)).param("sent", sent).param("skipped", skipped).param("fees", fees)
                .param("id", roundId).update();
    }

    int insertFollowUps(long runId, List<FollowUp> rows, Instant at) {
        if (rows.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        insert into duesflow.reminder_follow_up (run_id, charge_id, charge_number, member_number, owed,
                                                                 level, listed_at)
                        select :run, f.* , :at from unnest(:ids, :numbers, :members, :owed, :levels)
                             as f(charge_id, number, member, owed, level)
                        on conflict (run_id, charge_id) do update set owed = excluded.owed, level = excluded.level,
                            listed_at = excluded.listed_at""")
                .param("run", runId).param("at", Timestamp.from(at))
                .param("ids", array("bigint", rows.stream().map(FollowUp::chargeId)))
                .param("numbers", array("text", rows.stream().map(FollowUp::chargeNumber)))
                .param("members", array("bigint", rows.stream().map(FollowUp::memberNumber)))
                .param("owed", array("numeric", rows.stream().map(FollowUp::owed)))
                .param("levels", array("int4", rows.stream().map(FollowUp::level)))
                .update();
    }

    List<FollowUp> followUps(Long runId, int limit) {
        return jdbc.sql("""
                        select run_id, charge_id, charge_number, member_number, owed, level, listed_at
                        from duesflow.reminder_follow_up where (cast(:run as bigint) is null or run_id = :run)
                        order by run_id desc, member_number, charge_number limit :limit""")
                .param("run", runId).param("limit", limit)
                .query((rs, n) -> new FollowUp(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                        rs.getBigDecimal(5), rs.getInt(6), rs.getTimestamp(7).toInstant()))
                .list();
    }

    /** What a charge's rounds did with it, newest first: the reminders page of a charge. */
    List<Object[]> historyOfCharge(long chargeId) {
        return jdbc.sql("""
                        select r.id, r.kind, r.scheduled_round, r.state, c.level, c.outcome, c.reason, c.fee,
                               r.selected_at, r.decided_by, r.sent_at
                        from duesflow.reminder_round_charge c join duesflow.reminder_round r on r.id = c.round_id
                        where c.charge_id = :charge order by r.id desc""")
                .param("charge", chargeId)
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getObject(3, Integer.class),
                        rs.getString(4), rs.getInt(5), rs.getString(6), rs.getString(7), rs.getBigDecimal(8),
                        rs.getTimestamp(9).toInstant(), rs.getString(10),
                        rs.getTimestamp(11) == null ? null : rs.getTimestamp(11).toInstant()})
                .list();
    }

    private static ReminderRound round(ResultSet rs, int row) throws SQLException {
        return new ReminderRound(rs.getLong("id"), rs.getLong("run_id"), ReminderRound.Kind.valueOf(rs.getString("kind")),
                rs.getObject("scheduled_round", Integer.class), ReminderRound.State.valueOf(rs.getString("state")),
                rs.getTimestamp("selected_at").toInstant(), rs.getString("selected_by"), rs.getInt("reminders"),
                rs.getInt("members"), rs.getBigDecimal("owed"), rs.getInt("skipped"), rs.getBigDecimal("fee"),
                rs.getDate("pay_by") == null ? null : rs.getDate("pay_by").toLocalDate(), rs.getString("message"),
                rs.getString("decided_by"),
                rs.getTimestamp("decided_at") == null ? null : rs.getTimestamp("decided_at").toInstant(),
                rs.getTimestamp("sent_at") == null ? null : rs.getTimestamp("sent_at").toInstant(),
                rs.getObject("sent", Integer.class), rs.getObject("skipped_at_sending", Integer.class),
                rs.getBigDecimal("fees_total"));
    }

    private static SqlArrayValue array(String type, java.util.stream.Stream<?> values) {
        return new SqlArrayValue(type, values.toArray());
    }
}
