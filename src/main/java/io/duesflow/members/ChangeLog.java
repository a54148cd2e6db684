package io.duesflow.members;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

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
