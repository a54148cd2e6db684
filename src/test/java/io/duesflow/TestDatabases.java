package io.duesflow;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A database of its own for a test context that must start on an empty register or with other deployed processes.
 * On the embedded PostgreSQL the context's own {@code duesflow.database.embedded.data-dir} gives it one; against the
 * server named by {@code DUESFLOW_TEST_DB_URL} (CI's second run) this creates a fresh database beside the shared one,
 * named after it with a suffix, and points the context at it. The role needs CREATEDB there ({@code .ci/run} gives it).
 */
public final class TestDatabases {

    private static final Map<String, String> CREATED = new ConcurrentHashMap<>();

    private TestDatabases() {
    }

    /** Registers the context's datasource URL when the tests run against a server; nothing on the embedded one. */
    public static void own(String suffix, DynamicPropertyRegistry registry) {
        String sharedUrl = System.getenv("DUESFLOW_TEST_DB_URL");
        if (sharedUrl == null || sharedUrl.isBlank()) {
            return;
        }
        registry.add("spring.datasource.url", () -> CREATED.computeIfAbsent(suffix, s -> freshDatabase(sharedUrl, s)));
    }

    private static String freshDatabase(String sharedUrl, String suffix) {
        int slash = sharedUrl.lastIndexOf('/');
        int query = sharedUrl.indexOf('?', slash);
        String sharedName = sharedUrl.substring(slash + 1, query < 0 ? sharedUrl.length() : query);
        String name = sharedName + "_" + suffix;
        if (!name.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        String user = System.getenv().getOrDefault("DUESFLOW_TEST_DB_USER", "postgres");
        String password = System.getenv().getOrDefault("DUESFLOW_TEST_DB_PASSWORD", "");
        try (Connection connection = DriverManager.getConnection(sharedUrl, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists " + name + " with (force)");
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the test database " + name + " beside " + sharedUrl
                    + " (does " + user + " have CREATEDB?)", e);
        }
        return sharedUrl.substring(0, slash + 1) + name + (query < 0 ? "" : sharedUrl.substring(query));
    }
}
