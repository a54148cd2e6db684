package io.duesflow.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded PostgreSQL server per data folder and JVM. Several Spring contexts in one JVM (tests) share it,
 * so the server stops only when the last context that uses it closes. A server left running on the folder by a
 * killed application is stopped before this one starts ({@link LeftoverPostgres}), and this one does not outlive
 * its JVM ({@link PostgresWatchdog}).
 */
final class EmbeddedPostgresServer implements AutoCloseable {

    static final String DATABASE = "duesflow";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Map<Path, Running> RUNNING = new HashMap<>();

    private final Path dataDir;
    private final Running running;
    private boolean closed;

    private EmbeddedPostgresServer(Path dataDir, Running running) {
        this.dataDir = dataDir;
        this.running = running;
    }

    static EmbeddedPostgresServer acquire(Path dataDir, boolean cleanStart) {
        Path folder = dataDir.toAbsolutePath().normalize();
        synchronized (RUNNING) {
            Running running = RUNNING.get(folder);
            if (running == null) {
                EmbeddedPostgres postgres = start(folder, cleanStart);
                running = new Running(postgres, PostgresWatchdog.watch(folder));
                RUNNING.put(folder, running);
            }
            running.users++;
            return new EmbeddedPostgresServer(folder, running);
        }
    }

    String jdbcUrl() {
        return running.postgres.getJdbcUrl("postgres", DATABASE);
    }

    int port() {
        return running.postgres.getPort();
    }

    @Override
    public void close() throws IOException {
        synchronized (RUNNING) {
            if (closed) {
                return;
            }
            closed = true;
            if (--running.users == 0) {
                RUNNING.remove(dataDir);
                running.watchdog.close();
                running.postgres.close();
            }
        }
    }

    private static EmbeddedPostgres start(Path folder, boolean cleanStart) {
        ensureWritable(folder);
        LeftoverPostgres.clear(folder);
        if (cleanStart) {
            emptyDataFolder(folder);
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(folder)
                    .setCleanDataDirectory(cleanStart)
                    // Stopped by Spring after the engine and the pool are closed, not by a JVM hook racing them.
                    .setRegisterShutdownHook(false)
                    .setServerConfig("synchronous_commit", cleanStart ? "off" : "on")
                    .start();
            createDatabaseIfMissing(postgres);
            log.info("Embedded PostgreSQL on port {} with its data in {}", postgres.getPort(), folder);
            return postgres;
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).contains("could not lock")) {
                throw LeftoverPostgres.inUse(folder, e);
            }
            throw e;
        } catch (IOException | SQLException e) {
            throw new StartupProblem("The embedded PostgreSQL server could not start in " + folder + ": " + e.getMessage(),
                    "Check that the folder is writable and not used by another PostgreSQL, "
                            + "or point duesflow at a PostgreSQL server with DUESFLOW_DB_URL.", e);
        }
    }

    private static void ensureWritable(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new StartupProblem("The embedded database folder " + folder + " cannot be created: " + e,
                    "Make the folder writable, or choose another with DUESFLOW_DATA_DIR.", e);
        }
        if (!Files.isWritable(folder)) {
            throw new StartupProblem("The embedded database folder " + folder + " is not writable.",
                    "Make the folder writable, or choose another with DUESFLOW_DATA_DIR.");
        }
    }

    /** A clean start after a killed test run: initdb wants an empty folder, and the folder is one it made. */
    private static void emptyDataFolder(Path folder) {
        if (!Files.exists(folder.resolve("PG_VERSION"))) {
            return;
        }
        try (Stream<Path> everything = Files.walk(folder)) {
            for (Path path : everything.sorted(Comparator.reverseOrder()).filter(path -> !path.equals(folder)).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new StartupProblem("The embedded database folder " + folder + " cannot be emptied for a clean start: "
                    + e, "Remove the folder by hand.", e);
        }
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres postgres) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             var exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            if (!exists.executeQuery().next()) {
                try (var create = connection.createStatement()) {
                    create.execute("create database " + DATABASE);
                }
            }
        }
    }

    private static final class Running {
        final EmbeddedPostgres postgres;
        final PostgresWatchdog watchdog;
        int users;

        Running(EmbeddedPostgres postgres, PostgresWatchdog watchdog) {
            this.postgres = postgres;
            this.watchdog = watchdog;
        }
    }
}
