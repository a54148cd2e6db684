package io.duesflow.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the embedded server when its JVM ends without stopping it (SIGKILL, the OOM killer, a crash).
 *
 * <p>Why it is needed: pg_ctl starts the postmaster as a daemon in its own session, and once pg_ctl exits the
 * postmaster belongs to init, so nothing ties its life to the JVM's; a JVM killed with SIGKILL runs no shutdown hook
 * and the server runs on, holding the data folder.
 *
 * <p>How: a {@code /bin/sh} beside the server blocks reading a pipe whose only writing end is held by this JVM. The
 * kernel closes that end when the JVM ends, however it ends, so the read returns at once (no polling, and no JVM pid
 * to be reused by another program meanwhile); the shell then sends the postmaster SIGINT, PostgreSQL's fast shutdown,
 * if the folder's pid file still names it. Nothing else holds the writing end: Java closes every inherited
 * descriptor in the processes it starts. The shell ignores INT, TERM, HUP and QUIT, so a Ctrl-C to the terminal's
 * process group leaves the server to the JVM's own orderly stop; its output goes nowhere, so no broken pipe can kill
 * it before it acts. {@code read} and {@code kill} are shell built-ins, so it has no children of its own. On a normal
 * stop the JVM kills the watchdog and reaps it before stopping the server; after a crash the orphaned watchdog is
 * reaped by init when it has done its job.
 */
final class PostgresWatchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresWatchdog.class);
    private static final Path SHELL = Path.of("/bin/sh");
    private static final String SCRIPT = """
            trap '' INT TERM HUP QUIT
            read -r ignored
            read -r named < "$1/postmaster.pid" && [ "$named" = "$2" ] && kill -INT "$2"
            """;

    private final Process process;

    private PostgresWatchdog(Process process) {
        this.process = process;
    }

    /** Watches the server running on {@code folder}; none where there is no POSIX shell (Windows). */
    static PostgresWatchdog watch(Path folder) {
        if (!Files.isExecutable(SHELL)) {
            log.info("No {}: the embedded PostgreSQL is stopped at shutdown only, not after a crash", SHELL);
            return new PostgresWatchdog(null);
        }
        try {
            String postmasterPid = Files.readAllLines(folder.resolve("postmaster.pid")).get(0).trim();
            Process process = new ProcessBuilder(SHELL.toString(), "-c", SCRIPT, "duesflow-postgres-watchdog",
                    folder.toString(), postmasterPid)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new PostgresWatchdog(process);
        } catch (IOException | IndexOutOfBoundsException e) {
            log.warn("Cannot start the watchdog of the embedded PostgreSQL; it may outlive a crash of duesflow", e);
            return new PostgresWatchdog(null);
        }
    }

    /** The JVM stops the server itself: the watchdog must not act, so it is killed (it ignores gentler signals). */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
