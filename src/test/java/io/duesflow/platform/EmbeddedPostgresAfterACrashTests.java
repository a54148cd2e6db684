package io.duesflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application's JVM ended by SIGKILL ({@code kill -9}, the OOM killer, {@link Process#destroyForcibly()}): no
 * shutdown hook runs, so nothing inside the JVM can stop its embedded server.
 */
class EmbeddedPostgresAfterACrashTests {

    private static final Duration START_UP = Duration.ofSeconds(60);

    @TempDir
    Path folder;

    private final List<Process> started = new ArrayList<>();

    @Test
    void theServerOfAKilledApplicationStopsByItself() throws Exception {
        Path data = folder.resolve("postgres");
        Process application = startApplicationOn(data);
        long server = postmasterPid(data);

        killWithSigkill(application);

        await().atMost(Duration.ofSeconds(10)).until(() -> !running(server));
        assertThat(data.resolve("postmaster.pid")).as("a clean shutdown removes its pid file").doesNotExist();
    }

    @Test
    void aStartOnTheFolderOfAKilledApplicationWhoseServerStillRunsFindsTheData() throws Exception {
        Path data = folder.resolve("postgres");
        Process application = startApplicationOn(data);
        long server = postmasterPid(data);
        try (var connection = DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port(application) + "/duesflow?user=postgres")) {
            connection.createStatement().execute("create table kept(note text); insert into kept values ('still here')");
        }
        // Killed together with whatever it started beside the server, as an older version would have left it.
        application.descendants().filter(process -> process.pid() != server).forEach(ProcessHandle::destroyForcibly);
        killWithSigkill(application);
        assertThat(running(server)).as("the server outlived its application").isTrue();

        try (EmbeddedPostgresServer restarted = EmbeddedPostgresServer.acquire(data, false);
             var connection = DriverManager.getConnection(restarted.jdbcUrl());
             var result = connection.createStatement().executeQuery("select note from kept")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("still here");
            assertThat(running(server)).as("the leftover server").isFalse();
        }
    }

    @Test
    void aServerWhoseApplicationStillRunsIsLeftAlone() throws Exception {
        Path data = folder.resolve("postgres");
        Process application = startApplicationOn(data);
        long server = postmasterPid(data);

        assertThatThrownBy(() -> EmbeddedPostgresServer.acquire(data, false))
                .isInstanceOf(StartupProblem.class)
                .hasMessageContaining("Another duesflow is already using the embedded database in " + data.toAbsolutePath());

        assertThat(running(server)).isTrue();
        assertThat(application.isAlive()).isTrue();
    }

    @Test
    void aPidFileLeftByAServerThatIsGoneDoesNotBlockAStart() throws Exception {
        Path data = folder.resolve("postgres");
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        leaveStalePidFile(data, finished.pid());

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.acquire(data, false)) {
            assertThat(postmasterPid(data)).isNotEqualTo(finished.pid());
        }
    }

    @Test
    void aPidFileNamingAnUnrelatedLiveProcessDoesNotBlockAStartNorStopsThatProcess() throws Exception {
        Path data = folder.resolve("postgres");
        Process unrelated = new ProcessBuilder("cat").start();
        started.add(unrelated);
        leaveStalePidFile(data, unrelated.pid());

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.acquire(data, false)) {
            assertThat(postmasterPid(data)).isNotEqualTo(unrelated.pid());
        }
        assertThat(unrelated.isAlive()).isTrue();
    }

    @AfterEach
    void stopWhatATestLeftRunning() throws Exception {
        Path pidFile = folder.resolve("postgres/postmaster.pid");
        Long leftover = Files.exists(pidFile) ? postmasterPid(folder.resolve("postgres")) : null;
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        if (leftover != null && running(leftover)) {
            ProcessHandle.of(leftover).ifPresent(ProcessHandle::destroy);
            await().atMost(Duration.ofSeconds(30)).until(() -> !running(leftover));
        }
    }

    /** Starts the embedded server in another JVM, on {@code data}, as the application does. */
    private Process startApplicationOn(Path data) throws IOException {
        Path log = folder.resolve("application-" + started.size() + ".log");
        Process application = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StandaloneEmbeddedPostgres.class.getName(), data.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(application);
        await().atMost(START_UP).until(() -> {
            if (!application.isAlive()) {
                throw new AssertionError("The application ended before its database was up:\n" + Files.readString(log));
            }
            return Files.readString(log).contains(StandaloneEmbeddedPostgres.READY);
        });
        return application;
    }

    private int port(Process application) throws IOException {
        Path log = folder.resolve("application-" + started.indexOf(application) + ".log");
        String output = Files.readString(log);
        int start = output.indexOf(StandaloneEmbeddedPostgres.READY) + StandaloneEmbeddedPostgres.READY.length();
        return Integer.parseInt(output.substring(start).lines().findFirst().orElseThrow().trim());
    }

    private static void killWithSigkill(Process application) throws InterruptedException {
        application.destroyForcibly().waitFor();
    }

    /** An initialised data folder whose postmaster.pid names {@code pid}, as a crash or a reboot leaves it. */
    private static void leaveStalePidFile(Path data, long pid) throws IOException {
        List<String> pidFile;
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.acquire(data, false)) {
            pidFile = new ArrayList<>(Files.readAllLines(data.resolve("postmaster.pid")));
        }
        pidFile.set(0, Long.toString(pid));
        Files.write(data.resolve("postmaster.pid"), pidFile);
    }

    private static long postmasterPid(Path data) throws IOException {
        return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    }

    private static boolean running(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
