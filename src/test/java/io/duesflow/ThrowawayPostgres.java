package io.duesflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the trials' own (the Debian binaries' {@code initdb} and {@code pg_ctl}, on a free loopback
 * port, in a folder of the trial's), so that restarting it mid-run takes nobody else's database away. Run as the
 * {@code postgres} user when the trials run as root (Debian's initdb refuses root). Trusts loopback connections.
 */
final class ThrowawayPostgres implements AutoCloseable {

    final int port;
    private final Path dir;
    private final Path bin;
    private final boolean root;

    ThrowawayPostgres(Path dir) throws IOException, InterruptedException {
        this.dir = dir.toAbsolutePath();
        this.port = AppProcess.freePort();
        this.bin = binaries();
        this.root = "root".equals(System.getProperty("user.name"));
        if (Files.exists(this.dir)) {
            BenchSupport.deleteRecursively(this.dir);
        }
        Files.createDirectories(this.dir);
        if (root) {
            run(false, "chown", "postgres:postgres", this.dir.toString());
        }
        run(true, bin.resolve("initdb").toString(), "-D", data(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                "--no-sync");
    }

    AppProcess.Server database(String name) {
        return new AppProcess.Server("jdbc:postgresql://127.0.0.1:" + port + "/" + name, "postgres", "");
    }

    ThrowawayPostgres start() throws IOException, InterruptedException {
        pgCtl("start", "-w", "-t", "60", "-l", dir.resolve("server.log").toString(), "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off");
        return this;
    }

    /** A fast restart: every open connection is cut, as when the server is restarted under a running application. */
    void restart() throws IOException, InterruptedException {
        pgCtl("restart", "-m", "fast", "-w", "-t", "60", "-l", dir.resolve("server.log").toString(), "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off");
    }

    void stop() throws IOException, InterruptedException {
        pgCtl("stop", "-m", "fast", "-w");
    }

    void createDatabase(String name) throws IOException, InterruptedException {
        run(true, bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "postgres",
                name);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (Files.exists(dir.resolve("data/postmaster.pid"))) {
            stop();
        }
        // The server's log stays for a look.
        BenchSupport.deleteRecursively(dir.resolve("data"));
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private void pgCtl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", data()));
        command.addAll(List.of(arguments));
        run(true, command.toArray(String[]::new));
    }

    private void run(boolean asPostgres, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if (asPostgres && root) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("commands.log").toFile())).start();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", line) + " failed; see " + dir.resolve("commands.log") + " and "
                    + dir.resolve("server.log"));
        }
    }

    /** The newest PostgreSQL the machine has under /usr/lib/postgresql. */
    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new IOException("no PostgreSQL binaries under /usr/lib/postgresql (apt-get install postgresql)");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(v -> Files.isExecutable(v.resolve("bin/pg_ctl")))
                    .max(Comparator.comparing(v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", ""))))
                    .orElseThrow(() -> new IOException("no pg_ctl under /usr/lib/postgresql")).resolve("bin");
        }
    }
}
