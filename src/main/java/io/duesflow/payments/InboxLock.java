package io.duesflow.payments;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Only one node reads the bank inbox at a time: a poll begins only when this node holds a PostgreSQL advisory lock,
 * taken on a connection of its own for the length of the poll and given back after it. Another node's poll meanwhile
 * skips; a node that dies loses its connection and with it the lock. (The files' content hashes would refuse a
 * second import anyway; the lock keeps two nodes from even reading the same file.)
 */
@org.springframework.stereotype.Component
final class InboxLock implements PollingConsumerPollStrategy {

    private static final Logger log = LoggerFactory.getLogger(InboxLock.class);
    static final int LOCK_CLASS = 7015;
    static final int LOCK_ID = 1;

    private final DataSource dataSource;
    private final AtomicInteger skipped = new AtomicInteger();
    private Connection held;

    InboxLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        try {
            Connection connection = dataSource.getConnection();
            boolean locked;
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("select pg_try_advisory_lock(" + LOCK_CLASS + ", "
                         + LOCK_ID + ")")) {
                locked = result.next() && result.getBoolean(1);
            }
            if (!locked) {
                connection.close();
                skipped.incrementAndGet();
                return false;
            }
            held = connection;
            return true;
        } catch (SQLException e) {
            log.warn("The bank inbox is not read this time: its lock cannot be taken ({})", e.getMessage());
            return false;
        }
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        release();
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        release();
        log.warn("Reading the bank inbox failed: {}", cause.getMessage());
        return false;
    }

    /** Polls skipped because another node (or connection) held the lock. */
    int skippedPolls() {
        return skipped.get();
    }

    private void release() {
        Connection connection = held;
        held = null;
        if (connection == null) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("select pg_advisory_unlock(" + LOCK_CLASS + ", " + LOCK_ID + ")");
            connection.close();
        } catch (SQLException e) {
            // A pooled connection that may still hold the lock must not go back to the pool.
            try {
                connection.abort(Runnable::run);
            } catch (SQLException ignored) {
                log.warn("The bank inbox lock's connection could not be closed: {}", ignored.getMessage());
            }
        }
    }
}
