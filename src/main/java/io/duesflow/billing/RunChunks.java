package io.duesflow.billing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * A run's generation chunks ({@code billing_run_chunk}): fixed member ranges decided when the generation starts, each
 * done once. The run's counters ({@code chunks_done}, {@code charge_count}) move by SQL increments in the chunk's own
 * transaction, so chunks committing side by side on several nodes never overwrite each other's progress.
 */
@Component
class RunChunks {

    /** One chunk: the members numbered after {@code afterMember} through {@code throughMember} (null: no bound). */
    record Chunk(int number, Long afterMember, Long throughMember, boolean done, int charges) {
    }

    private final JdbcClient jdbc;

    RunChunks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The chunks between these bounds (each the last member of its chunk), unless the run has its chunks already (a
     * start repeated after a crash keeps the chunks, and what they billed, as they are). Answers how many it has.
     */
    int plan(long runId, List<Long> bounds) {
        List<Object> after = new ArrayList<>();
        List<Object> through = new ArrayList<>();
        after.add(null);
        for (Long bound : bounds) {
            through.add(bound);
            after.add(bound);
        }
        through.add(null);
        jdbc.sql("""
                        insert into duesflow.billing_run_chunk (run_id, number, after_member, through_member)
                        select :run, c.number, c.after_member, c.through_member
                        from unnest(:after, :through) with ordinality as c(after_member, through_member, number)
                        where not exists (select 1 from duesflow.billing_run_chunk where run_id = :run)
                        on conflict do nothing""")
                .param("run", runId)
                .param("after", new SqlArrayValue("bigint", after.toArray()))
                .param("through", new SqlArrayValue("bigint", through.toArray()))
                .update();
        int total = jdbc.sql("select count(*) from duesflow.billing_run_chunk where run_id = :run").param("run", runId)
                .query(Integer.class).single();
        jdbc.sql("update duesflow.billing_run set chunks_total = :total where id = :run")
                .param("total", total).param("run", runId).update();
        return total;
    }

    /** A generation afresh (after a rejection): the old chunks go, the next start cuts the register anew. */
    void forget(long runId) {
        jdbc.sql("delete from duesflow.billing_run_chunk where run_id = :run").param("run", runId).update();
    }

    /** The chunk, held for the caller's transaction: whoever else runs it meanwhile waits, then finds it done. */
    Optional<Chunk> lock(long runId, int number) {
        return jdbc.sql("""
                        select number, after_member, through_member, done, charge_count from duesflow.billing_run_chunk
                        where run_id = :run and number = :number for update""")
                .param("run", runId).param("number", number).query(RunChunks::chunk).optional();
    }

    Optional<Chunk> find(long runId, int number) {
        return jdbc.sql("""
                        select number, after_member, through_member, done, charge_count from duesflow.billing_run_chunk
                        where run_id = :run and number = :number""")
                .param("run", runId).param("number", number).query(RunChunks::chunk).optional();
    }

    /** The chunks not done yet, in order. */
    List<Integer> open(long runId) {
        return jdbc.sql("select number from duesflow.billing_run_chunk where run_id = :run and not done order by number")
                .param("run", runId).query(Integer.class).list();
    }

    /** The chunk is done with these charges; the run's counters move on by it, in the same transaction. */
    void done(long runId, int number, int charges, int membersRead) {
        jdbc.sql("""
                        update duesflow.billing_run_chunk set done = true, charge_count = :charges,
                            members_read = :read, done_at = now()
                        where run_id = :run and number = :number""")
                .param("charges", charges).param("read", membersRead).param("run", runId).param("number", number)
                .update();
        jdbc.sql("""
                        update duesflow.billing_run set chunks_done = chunks_done + 1,
                            charge_count = charge_count + :charges
                        where id = :run""")
                .param("charges", charges).param("run", runId).update();
    }

    private static Chunk chunk(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Chunk(rs.getInt(1), rs.getObject(2, Long.class), rs.getObject(3, Long.class), rs.getBoolean(4), rs.getInt(5));
    }
}
