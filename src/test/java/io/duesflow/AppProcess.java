package io.duesflow;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The application as its own process ({@code java -jar target/duesflow.jar}, job executor on) for the trials that
 * kill it, run two of it, or take its database or SMTP server away: started (again) on the same data folder and port,
 * driven over REST as the administrator, and looked into with SQL, on its embedded PostgreSQL or on a server.
 */
final class AppProcess {

    static final String PASSWORD = "Kasse-faults-secret-1";
    /** The engine's job lock: a job a killed node had locked waits this long before another start (or node) takes it. */
    static final String LOCK_MILLIS = "15000";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Where SQL goes: the application's embedded PostgreSQL (its port changes with every start) or a server. */
    @FunctionalInterface
    interface Database {
        Connection connect() throws IOException, SQLException;

        /** A server at a JDBC URL: the application is pointed at it too. */
        static Database server(String url, String user, String password) {
            return new Server(url, user, password);
        }
    }

    record Server(String url, String user, String password) implements Database {
        @Override
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }
    }

    final Path jar;
    final Path dir;
    final int port;
    final String name;
    final AtomicInteger starts = new AtomicInteger();
    private final AtomicReference<Process> process = new AtomicReference<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> arguments = new ArrayList<>();
    private final Database database;
    private final AtomicLong peakHeapBytes = new AtomicLong();

    /** On the embedded PostgreSQL under {@code dir/postgres}. */
    AppProcess(Path jar, Path dir, int port, int smtpPort) {
        this(jar, dir, port, smtpPort, "app", null);
    }

    /**
     * On {@code database} when it is a {@link Server}, else on the embedded PostgreSQL under {@code dir/postgres};
     * {@code smtpPort} 0 writes mail into the pickup folder.
     */
    AppProcess(Path jar, Path dir, int port, int smtpPort, String name, Server database) {
        this.jar = jar;
        this.dir = dir;
        this.port = port;
        this.name = name;
        this.database = database != null ? database : this::embedded;
        environment.put("DUESFLOW_DATA_DIR", dir.toString());
        environment.put("DUESFLOW_PORT", String.valueOf(port));
        environment.put("DUESFLOW_ADMIN_USER", "admin");
        environment.put("DUESFLOW_ADMIN_PASSWORD", PASSWORD);
        environment.put("DUESFLOW_CYCLE_CATCH_UP", "false");
        environment.put("DUESFLOW_BANK_INBOX_POLL_INTERVAL", "1s");
        environment.put("DUESFLOW_BANK_INBOX_SETTLE_TIME", "1s");
        environment.put("DUESFLOW_JOB_LOCK_TIME_MS", LOCK_MILLIS);
        if (smtpPort > 0) {
            environment.put("DUESFLOW_SMTP_HOST", "127.0.0.1");
            environment.put("DUESFLOW_SMTP_PORT", String.valueOf(smtpPort));
            environment.put("DUESFLOW_SMTP_STARTTLS", "false");
        }
        if (database != null) {
            environment.put("DUESFLOW_DB_URL", database.url());
            environment.put("DUESFLOW_DB_USER", database.user());
            environment.put("DUESFLOW_DB_PASSWORD", database.password());
        }
    }

    /** One more environment variable for every start. */
    AppProcess with(String variable, String value) {
        environment.put(variable, value);
        return this;
    }

    /** One more command-line argument ({@code --property=value}) for every start. */
    AppProcess withArgument(String argument) {
        arguments.add(argument);
        return this;
    }

    void start() throws IOException {
        int n = starts.incrementAndGet();
        List<String> command = new ArrayList<>(List.of("java", "-Xmx512m", "-jar", jar.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log(n).toFile());
        builder.environment().putAll(environment);
        process.set(builder.start());
    }

    Path log(int start) {
        return dir.resolve(name + "-" + start + ".log");
    }

    boolean ready() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("UP");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Ready within 20 minutes: three JVMs starting at once on a two-core machine at load 27 took more than ten. */
    void awaitReady() throws Exception {
        await(name + " to be ready", Duration.ofMinutes(20), () -> {
            if (!process.get().isAlive()) {
                throw new IllegalStateException(name + " died; see " + log(starts.get()));
            }
            return ready();
        });
    }

    boolean alive() {
        Process p = process.get();
        return p != null && p.isAlive();
    }

    void kill() throws InterruptedException {
        Process p = process.get();
        p.destroyForcibly();
        p.waitFor();
    }

    void stop() throws InterruptedException {
        Process p = process.get();
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    /** The heap in use as the application reports it (its metrics endpoint), kept when it is the largest seen. */
    void sampleHeap() {
        JsonNode used = get("/actuator/metrics/jvm.memory.used?tag=area:heap");
        if (used != null) {
            long bytes = used.path("measurements").path(0).path("value").asLong();
            peakHeapBytes.accumulateAndGet(bytes, Math::max);
        }
    }

    long peakHeapMb() {
        return BenchSupport.mb(peakHeapBytes.get());
    }

    // --- REST as the administrator ------------------------------------------------------------------------------

    JsonNode call(String method, String path, String contentType, byte[] body, int... expected) throws Exception {
        HttpResponse<String> response = send(method, path, contentType, body);
        for (int status : expected) {
            if (response.statusCode() == status) {
                return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
            }
        }
        throw new IllegalStateException(name + ": " + method + " " + path + " answered " + response.statusCode() + ": "
                + abbreviate(response.body()));
    }

    HttpResponse<String> send(String method, String path, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String method, String path, Object body, int... expected) throws Exception {
        return call(method, path, "application/json", body == null ? null : JSON.writeValueAsBytes(body), expected);
    }

    /** A GET, or null while the application does not answer. */
    JsonNode get(String path) {
        try {
            return call("GET", path, null, null, 200);
        } catch (Exception e) {
            return null;
        }
    }

    // --- SQL ------------------------------------------------------------------------------------------------------

    /** The embedded server's port, from its pid file. */
    private Connection embedded() throws IOException, SQLException {
        List<String> pid = Files.readAllLines(dir.resolve("postgres/postmaster.pid"));
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pid.get(3).trim() + "/duesflow",
                "postgres", "");
    }

    /** The first column of the first row, 0 without rows, -1 while the database does not answer. */
    long number(String query, Object... params) {
        try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(query)) {
            bind(s, params);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        } catch (IOException | SQLException e) {
            return -1;
        }
    }

    /** A change made behind the application's back, for a trial's set-up. */
    int update(String statement, Object... params) throws IOException, SQLException {
        try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(statement)) {
            bind(s, params);
            return s.executeUpdate();
        }
    }

    List<Map<String, Object>> rows(String query, Object... params) throws IOException, SQLException {
        try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(query)) {
            bind(s, params);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int col = 1; col <= r.getMetaData().getColumnCount(); col++) {
                        row.put(r.getMetaData().getColumnLabel(col), r.getObject(col));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    private static void bind(PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
    }

    // --- small things the trials share ------------------------------------------------------------------------------

    static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void await(String what, Duration patience, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited " + patience + " for " + what);
            }
            Thread.sleep(100);
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 1500 ? text : text.substring(0, 1500) + " …";
    }
}
