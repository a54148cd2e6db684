package io.duesflow.members;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.duesflow.platform.CurrentUser;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Who changed what and when in the register, written in the same transaction as the change. */
@Component
class ChangeLog {

    private final JdbcClient jdbc;
    private final Clock clock;

    ChangeLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void record(String entity, Object key, String action, String details) {
        jdbc.sql("""
                        insert into duesflow.change_log (changed_at, changed_by, entity, entity_key, action, details)
                        values (:at, :by, :entity, :key, :action, :details)""")
                .param("at", java.sql.Timestamp.from(Instant.now(clock)))
                .param("by", CurrentUser.name())
                .param("entity", entity)
                .param("key", String.valueOf(key))
                .param("action", action)
                .param("details", details)
                .update();
    }

    /**
     * One entry per row of {@code changes}, in one statement: {@code changes} is a query answering {@code entity_key}
     * and {@code details} (built from our own SQL, its values bound as {@code params}); rows without details are left
     * out. Answers how many were written.
     */
    int recordAll(String entity, String action, String changes, Map<String, ?> params) {
        return jdbc.sql("""
                        insert into duesflow.change_log (changed_at, changed_by, entity, entity_key, action, details)
                        select :at, :by, :entity, c.entity_key, :action, c.details
                        from (%s) c
                        where c.details <> ''""".formatted(changes))
                .params(params)
                .param("at", java.sql.Timestamp.from(Instant.now(clock)))
                .param("by", CurrentUser.name())
                .param("entity", entity)
                .param("action", action)
                .update();
    }

    List<Entry> of(String entity, Object key) {
        return jdbc.sql("""
                        select changed_at, changed_by, action, details from duesflow.change_log
                        where entity = :entity and entity_key = :key order by id""")
                .param("entity", entity).param("key", String.valueOf(key))
                .query((rs, row) -> new Entry(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }

    record Entry(Instant changedAt, String changedBy, String action, String details) {
    }
}
