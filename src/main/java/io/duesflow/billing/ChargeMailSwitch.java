package io.duesflow.billing;

import java.sql.Date;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * The day a run's drafts are made and whether they are mailed, as their lines and the run's approval say: a periodic
 * invoice made on the 25th is dated the 25th and not mailed before it; a line or a run switched to "do not mail" leaves
 * its charges approved and numbered, waiting in the open list. Only charges that differ from "made when approved,
 * mailed" are written, so an ordinary run costs no statement at all.
 */
@Component
class ChargeMailSwitch {

    private final JdbcClient jdbc;

    ChargeMailSwitch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** After a chunk's drafts were inserted: their made-on days and mail switches, from the plan. */
    void mark(long runId, List<Simulation.Charge> chunk) {
        List<Simulation.Charge> marked = chunk.stream().filter(c -> c.madeOn() != null || !c.mail()).toList();
        if (marked.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        update duesflow.charge c set made_on = m.made_on, mail = m.mail,
                            mail_note = case when m.mail then null else 'not mailed: a billing line of it says so' end
                        from unnest(:members, :dues, :madeOn, :mail) as m(member, due, made_on, mail)
                        where c.run_id = :run and c.member_number = m.member and c.due_date = m.due
                          and c.status = 'DRAFT'""")
                .param("run", runId)
                .param("members", new SqlArrayValue("bigint", marked.stream().map(Simulation.Charge::memberNumber).toArray()))
                .param("dues", new SqlArrayValue("date", marked.stream().map(c -> Date.valueOf(c.dueDate())).toArray()))
                .param("madeOn", new SqlArrayValue("date", marked.stream()
                        .map(c -> c.madeOn() == null ? null : Date.valueOf(c.madeOn())).toArray()))
                .param("mail", new SqlArrayValue("boolean", marked.stream().map(Simulation.Charge::mail).toArray()))
                .update();
    }

    /** The run's switch at approval: none of its charges is mailed. */
    void holdRun(long runId) {
        jdbc.sql("""
                        update duesflow.charge set mail = false,
                            mail_note = 'not mailed: run ' || run_id || ' was approved without mail'
                        where run_id = :run and status = 'DRAFT' and mail""")
                .param("run", runId).update();
    }

    /** How many of the run's charges are not mailed. */
    int notMailed(long runId) {
        return jdbc.sql("select count(*) from duesflow.charge where run_id = :run and not mail")
                .param("run", runId).query(Integer.class).single();
    }
}
