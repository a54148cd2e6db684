package io.duesflow;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** What the benchmarks share: the application on a fresh embedded PostgreSQL, a heap sampler, units. */
public final class BenchSupport {

    public static final String ADMIN_PASSWORD = "Kasse-bench-secret-1";

    private BenchSupport() {
    }

    /** One benchmark: does its work on {@code size} rows under a fresh {@code dataDir} and returns its result line. */
    /** Standard output as the JVM started: the benchmarks' own lines; {@link #main} sends the rest to stderr. */
    static final PrintStream OUT = System.out;

    @FunctionalInterface
    public interface Benchmark {
        String run(int size, Path dataDir) throws Exception;
    }

    /**
     * A benchmark's main: the size from the first argument, a temporary data folder removed afterwards, everything
     * else that writes to stdout (the application's logging) sent to stderr, the result line last on stdout.
     */
    public static void main(String name, String[] args, int defaultSize, Benchmark benchmark) throws Exception {
        System.setOut(System.err);
        int size = args.length > 0 ? Integer.parseInt(args[0]) : defaultSize;
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive");
        }
        Path dataDir = Files.createTempDirectory("duesflow-bench-" + name);
        String result;
        try {
            result = benchmark.run(size, dataDir);
        } finally {
            deleteRecursively(dataDir);
        }
        OUT.println(result);
        OUT.flush();
        // Non-daemon threads of the closed context (if any) must not keep the JVM alive.
        System.exit(0);
    }

    /**
     * The whole application with its web server on a free port, on a fresh embedded PostgreSQL under
     * {@code dataDir}, job execution off unless an argument turns it on (most benchmarks call the services
     * themselves), logging at WARN.
     */
    public static ConfigurableApplicationContext startApplication(Path dataDir, String... moreArguments) {
        java.util.List<String> arguments = new java.util.ArrayList<>(java.util.List.of(
                "--duesflow.data-dir=" + dataDir.resolve("data"),
                "--duesflow.database.embedded.data-dir=" + dataDir.resolve("postgres"),
                "--duesflow.database.embedded.clean-start=true",
                "--duesflow.admin.password=" + ADMIN_PASSWORD,
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN"));
        arguments.addAll(java.util.List.of(moreArguments));
        if (arguments.stream().noneMatch(argument -> argument.startsWith("--camunda.bpm.job-execution.enabled="))) {
            arguments.add("--camunda.bpm.job-execution.enabled=false");
        }
        long start = System.nanoTime();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(DuesflowApplication.class)
                // A servlet context: the security configuration needs HttpSecurity, and some benchmarks load
                // members through the REST import.
                .web(WebApplicationType.SERVLET)
                // As command-line arguments: they win over application.yml, which builder properties would not.
                .run(arguments.toArray(String[]::new));
        OUT.printf(Locale.ROOT, "application context on a fresh embedded PostgreSQL started in %.2f s%n",
                seconds(System.nanoTime() - start));
        return context;
    }

    /**
     * A started GreenMail SMTP server on the port, without authentication, filing every mail it receives in one
     * mailbox. GreenMail keeps a mailbox per recipient and finds it by a linear search of all mailboxes by name: with
     * 10 000 members that search cost the server (in the benchmark's JVM, on the same cores) more than rendering
     * and sending the mails. Every mail still goes through GreenMail's SMTP session and is parsed and stored whole;
     * only where it is filed changes. Who received a mail is its To header.
     */
    public static com.icegreen.greenmail.util.GreenMail smtpServer(int port) {
        com.icegreen.greenmail.util.GreenMail smtp = new com.icegreen.greenmail.util.GreenMail(
                new com.icegreen.greenmail.util.ServerSetup(port, "127.0.0.1",
                        com.icegreen.greenmail.util.ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(com.icegreen.greenmail.configuration.GreenMailConfiguration.aConfig()
                        .withDisabledAuthentication());
        smtp.start();
        com.icegreen.greenmail.user.GreenMailUser sink = smtp.setUser("bench-sink@example.org", "bench-sink",
                "bench-sink");
        smtp.getManagers().getUserManager().setMessageDeliveryHandler((message, recipient) -> sink);
        return smtp;
    }

    public static double seconds(long nanos) {
        return nanos / 1e9;
    }

    public static long mb(long bytes) {
        return Math.round(bytes / 1048576.0);
    }

    public static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The heap in use, sampled every 10 ms on a thread of its own; the maximum seen. */
    public static final class HeapSampler {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private Thread thread;
        private volatile long peakHeap;

        public static HeapSampler started() {
            HeapSampler sampler = new HeapSampler();
            sampler.peakHeap = sampler.memory.getHeapMemoryUsage().getUsed();
            sampler.thread = new Thread(() -> {
                while (sampler.running.get()) {
                    sampler.peakHeap = Math.max(sampler.peakHeap, sampler.memory.getHeapMemoryUsage().getUsed());
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.thread.setDaemon(true);
            sampler.thread.start();
            return sampler;
        }

        /** Stops sampling; the peak in MB. */
        public long stop() throws InterruptedException {
            running.set(false);
            thread.join();
            peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
            return mb(peakHeap);
        }
    }
    /** Loads members through the REST CSV import, all-or-nothing, and checks every row was created. */
    public static int importCsv(HttpClient http, ObjectMapper json, int port, byte[] file, int rows)
            throws IOException, InterruptedException {
        String auth = Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/members/import"))
                .header("Authorization", "Basic " + auth)
                .header("Content-Type", "text/csv; charset=UTF-8")
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST /api/members/import answered " + response.statusCode() + ": "
                    + abbreviate(response.body()));
        }
        JsonNode report = json.readTree(response.body());
        if (!report.path("applied").asBoolean() || report.path("created").asInt() != rows
                || report.path("rejected").asInt() != 0) {
            throw new IllegalStateException("The import of " + rows + " members went wrong: " + abbreviate(response.body()));
        }
        return report.path("created").asInt();
    }

    private static String abbreviate(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + " …";
    }
}
