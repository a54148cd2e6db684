package io.duesflow.platform;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL session advisory lock held on a pooled connection of its own, for work that one node of a cluster does
 * at a time. A node that dies loses its connection and with it the lock.
 */
public final class AdvisoryLock {

    private static final Logger log = LoggerFactory.getLogger(AdvisoryLock.class);

    private final Connection connection;
    private final String key;

    private AdvisoryLock(Connection connection, String key) {
        this.connection = connection;
        this.key = key;
    }

    /** Waits until this session has the lock. */
    public static AdvisoryLock take(DataSource dataSource, int lockClass, int lockId) throws SQLException {
        Connection connection = dataSource.getConnection();
        String key = lockClass + ", " + lockId;
        try (Statement statement = connection.createStatement()) {
            statement.execute("select pg_advisory_lock(" + key + ")");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return new AdvisoryLock(connection, key);
    }

    /** The lock, or null at once when another session holds it. */
    public static AdvisoryLock tryTake(DataSource dataSource, int lockClass, int lockId) throws SQLException {
        Connection connection = dataSource.getConnection();
        String key = lockClass + ", " + lockId;
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select pg_try_advisory_lock(" + key + ")")) {
            if (result.next() && result.getBoolean(1)) {
                return new AdvisoryLock(connection, key);
            }
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        connection.close();
        return null;
    }

    public void release() {
        try (Statement statement = connection.createStatement()) {
            statement.execute("select pg_advisory_unlock(" + key + ")");
            connection.close();
        } catch (SQLException e) {
            // A pooled connection that may still hold the lock must not go back to the pool: ended, it gives it back.
            try {
                connection.abort(Runnable::run);
            } catch (SQLException ignored) {
                log.warn("The connection of advisory lock ({}) could not be closed: {}", key, ignored.getMessage());
            }
        }
    }
}
