package io.duesflow.payments;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Camel's idempotent repository in PostgreSQL ({@code bank_inbox_message}), the keys written in the caller's
 * transaction: a key added by an import that rolls back is gone with it, one added by an import that committed
 * stays through restarts and is seen by every node. A second node adding the same key at the same time waits for the
 * first one's transaction and is then told the key is known.
 */
final class JdbcIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    private final String processor;
    private final JdbcClient jdbc;
    private final Clock clock;

    JdbcIdempotentRepository(String processor, JdbcClient jdbc, Clock clock) {
        this.processor = processor;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public boolean add(String key) {
        return jdbc.sql("""
                        insert into duesflow.bank_inbox_message (processor, message_id, created_at)
                        values (:processor, :key, :now) on conflict do nothing""")
                .param("processor", processor).param("key", key).param("now", Timestamp.from(Instant.now(clock)))
                .update() == 1;
    }

    @Override
    public boolean contains(String key) {
        return jdbc.sql("select count(*) from duesflow.bank_inbox_message where processor = :processor and message_id = :key")
                .param("processor", processor).param("key", key).query(Integer.class).single() > 0;
    }

    @Override
    public boolean remove(String key) {
        return jdbc.sql("delete from duesflow.bank_inbox_message where processor = :processor and message_id = :key")
                .param("processor", processor).param("key", key).update() > 0;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        jdbc.sql("delete from duesflow.bank_inbox_message where processor = :processor").param("processor", processor)
                .update();
    }
}
