package io.duesflow.payments;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.duesflow.platform.AdvisoryLock;
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
    private AdvisoryLock held;

    InboxLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        try {
            held = AdvisoryLock.tryTake(dataSource, LOCK_CLASS, LOCK_ID);
        } catch (SQLException e) {
            log.warn("The bank inbox is not read this time: its lock cannot be taken ({})", e.getMessage());
            return false;
        }
        if (held == null) {
            skipped.incrementAndGet();
            return false;
        }
        return true;
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
        AdvisoryLock lock = held;
        held = null;
        if (lock != null) {
            lock.release();
        }
    }
}
