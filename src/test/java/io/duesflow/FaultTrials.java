package io.duesflow;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code bench/run faults [--size N]}: N crash trials of the whole month's path against the application as its own
 * process ({@code java -jar target/duesflow.jar}, job executor on, embedded PostgreSQL in the trial's data folder) and
 * a real SMTP server in another process ({@code bench/smtp-sink.py}, which records every accepted mail's Message-ID
 * before it answers 250).
 * <p>
 * Each trial, on a copy of a data folder that one first start initialised (schema and engine only): the association
 * is made a SEPA creditor over REST, a register of {@link #MEMBERS} members (half on SEPA direct debit with a mandate,
 * half invoiced) is imported through {@code POST /api/members/import}, a monthly line is defined, a scheduled run over
 * three months is created, generated ({@code POST …/generate}, the engine's jobs) and approved through the REST door
 * (which completes the approval task); the mails go to the SMTP server, the pain.008 files to the bank outbox; then a
 * camt.053 paying two thirds of the invoiced charges by their RF reference is dropped into the bank inbox. At one
 * random moment of one randomly chosen phase (generation, approval, mail sending, pain.008 writing, the camt import,
 * the ledger posting after it) the java process is killed with SIGKILL and started again on the same data folder; the
 * trial then waits until the engine's jobs have finished the run and the statement is booked, and checks, in SQL and
 * in the SMTP server's log:
 * <ul>
 *     <li>every member has exactly one charge per due date of the run (3);</li>
 *     <li>every mail of the run is sent, and reached the SMTP server under its own Message-ID; another Message-ID
 *     for the same document is a double. The same Message-ID received twice is the one exception duesflow owns to
 *     (killed between the server's 250 and the commit that marks the mail sent): it is printed as
 *     {@code resent_same_id}, not counted as a double, since a mail client shows one mail per Message-ID;</li>
 *     <li>one pain.008 per run, collection date and sequence type, in the table and in the outbox folder, and every
 *     SEPA charge collected once;</li>
 *     <li>the statement imported once, every credit in it booked as one payment;</li>
 *     <li>every posting once: one approval line per charge, one voucher per placed file, one bank-file line per
 *     payment (vouchers are keyed by their event, {@code unique (source, source_key)}), and every voucher
 *     balances.</li>
 * </ul>
 * The last line: {@code faults trials=N doubles=D lost=L}.
 * <p>
 * Arguments: trials, the application jar, the SMTP server script, a work folder. {@code -Dfaults.seed=S} repeats a
 * run's random choices, {@code -Dfaults.phases=approval,pain008} chooses the phases (in turn) instead.
 */
public final class FaultTrials {

    static final int MEMBERS = 30;
    static final int MONTHS = 3;
    static final String PASSWORD = "Kasse-faults-secret-1";
    static final String IBAN = "NL91ABNA0417164300";
    static final String CREDITOR_ID = "DE98ZZZ09999999999";
    /** The engine's job lock: a job a killed node had locked waits this long before another start takes it. */
    static final String LOCK_MILLIS = "15000";
    static final Duration PATIENCE = Duration.ofMinutes(3);
    static final String[] PHASES = {"generation", "approval", "mail", "pain008", "camt-import", "ledger-posting"};

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path jar;
    private final Path sink;
    private final Random random;

    private FaultTrials(Path jar, Path sink, long seed) {
        this.jar = jar;
        this.sink = sink;
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws Exception {
        int trials = Integer.parseInt(args[0]);
        Path jar = Path.of(args[1]).toAbsolutePath();
        Path sink = Path.of(args[2]).toAbsolutePath();
        Path work = Path.of(args[3]).toAbsolutePath();
        long seed = Long.getLong("faults.seed", System.nanoTime());
        System.out.printf("seed=%d (repeat with -Dfaults.seed=%d)%n", seed, seed);
        FaultTrials faults = new FaultTrials(jar, sink, seed);
        Path template = work.resolve("template");
        long t0 = System.nanoTime();
        faults.initialise(template);
        System.out.printf(Locale.ROOT, "first start on an empty folder (initdb, Flyway, the engine's schema): %.1f s%n",
                seconds(System.nanoTime() - t0));
        // Each phase comes up once in every six trials, in an order of the seed's.
        List<String> order = new ArrayList<>();
        String chosen = System.getProperty("faults.phases", "");
        while (!chosen.isBlank() && order.size() < trials) {
            order.addAll(List.of(chosen.split(",")));
        }
        while (order.size() < trials) {
            List<String> round = new ArrayList<>(List.of(PHASES));
            java.util.Collections.shuffle(round, faults.random);
            order.addAll(round);
        }
        int doubles = 0;
        int lost = 0;
        int resent = 0;
        for (int i = 1; i <= trials; i++) {
            long start = System.nanoTime();
            Outcome outcome;
            try {
                outcome = faults.trial(i, order.get(i - 1), template, work.resolve("trial-" + i));
            } catch (Exception e) {
                System.out.printf("trial %d: FAILED to run: %s%n", i, e);
                e.printStackTrace(System.err);
                outcome = new Outcome(0, 1, 0, List.of("the trial could not run: " + e.getMessage()));
            }
            doubles += outcome.doubles;
            lost += outcome.lost;
            resent += outcome.resentSameId;
            System.out.printf(Locale.ROOT, "trial %d: %.1f s, doubles=%d lost=%d resent_same_id=%d%s%n", i,
                    seconds(System.nanoTime() - start), outcome.doubles, outcome.lost, outcome.resentSameId,
                    outcome.findings.isEmpty() ? "" : "\n    " + String.join("\n    ", outcome.findings));
        }
        System.out.printf(Locale.ROOT, "resent_same_id=%d (a mail accepted by the SMTP server and sent again under the "
                + "same Message-ID after a kill before its commit; not counted as a double)%n", resent);
        System.out.printf(Locale.ROOT, "all trials: %.1f s%n", seconds(System.nanoTime() - t0));
        System.out.printf("faults trials=%d doubles=%d lost=%d%n", trials, doubles, lost);
        System.exit(doubles == 0 && lost == 0 ? 0 : 1);
    }

    record Outcome(int doubles, int lost, int resentSameId, List<String> findings) {
    }

    // --- the application as its own process ----------------------------------------------------------------------

    /** One application process on a data folder; started again after a kill on the same folder and port. */
    final class App {
        final Path dir;
        final int port;
        final int smtpPort;
        final AtomicInteger starts = new AtomicInteger();
        final AtomicReference<Process> process = new AtomicReference<>();

        App(Path dir, int port, int smtpPort) {
            this.dir = dir;
            this.port = port;
            this.smtpPort = smtpPort;
        }

        void start() throws IOException {
            int n = starts.incrementAndGet();
            ProcessBuilder builder = new ProcessBuilder("java", "-Xmx512m", "-jar", jar.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("app-" + n + ".log").toFile());
            Map<String, String> env = builder.environment();
            env.put("DUESFLOW_DATA_DIR", dir.toString());
            env.put("DUESFLOW_PORT", String.valueOf(port));
            env.put("DUESFLOW_ADMIN_USER", "admin");
            env.put("DUESFLOW_ADMIN_PASSWORD", PASSWORD);
            env.put("DUESFLOW_CYCLE_CATCH_UP", "false");
            env.put("DUESFLOW_BANK_INBOX_POLL_INTERVAL", "1s");
            env.put("DUESFLOW_BANK_INBOX_SETTLE_TIME", "1s");
            env.put("CAMUNDA_BPM_JOBEXECUTION_LOCKTIMEINMILLIS", LOCK_MILLIS);
            if (smtpPort > 0) {
                env.put("DUESFLOW_SMTP_HOST", "127.0.0.1");
                env.put("DUESFLOW_SMTP_PORT", String.valueOf(smtpPort));
                env.put("DUESFLOW_SMTP_STARTTLS", "false");
            }
            process.set(builder.start());
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

        void awaitReady() throws Exception {
            await("the application to be ready", Duration.ofMinutes(3), () -> {
                if (!process.get().isAlive()) {
                    throw new IllegalStateException("the application died; see " + dir.resolve("app-" + starts.get()
                            + ".log"));
                }
                return ready();
            });
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
                if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            }
        }

        // --- REST, tried again while the application is down -----------------------------------------------------

        JsonNode call(String method, String path, String contentType, byte[] body, int... expected) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                            .getBytes(StandardCharsets.UTF_8)))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (int status : expected) {
                if (response.statusCode() == status) {
                    return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
                }
            }
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + abbreviate(response.body()));
        }

        JsonNode json(String method, String path, Object body, int... expected) throws Exception {
            return call(method, path, "application/json", body == null ? null : JSON.writeValueAsBytes(body),
                    expected);
        }

        /** A GET, or null while the application does not answer. */
        JsonNode get(String path) {
            try {
                return call("GET", path, null, null, 200);
            } catch (IOException e) {
                return null;
            } catch (Exception e) {
                return null;
            }
        }

        /** The embedded server's port, from its pid file (it changes with every start). */
        Connection sql() throws IOException, SQLException {
            List<String> pid = Files.readAllLines(dir.resolve("postgres/postmaster.pid"));
            return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pid.get(3).trim() + "/duesflow",
                    "postgres", "");
        }

        long number(String query, Object... params) {
            try (Connection c = sql(); PreparedStatement s = c.prepareStatement(query)) {
                for (int i = 0; i < params.length; i++) {
                    s.setObject(i + 1, params[i]);
                }
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getLong(1) : 0;
                }
            } catch (IOException | SQLException e) {
                return -1;
            }
        }

        List<Map<String, Object>> rows(String query, Object... params) throws IOException, SQLException {
            try (Connection c = sql(); PreparedStatement s = c.prepareStatement(query)) {
                for (int i = 0; i < params.length; i++) {
                    s.setObject(i + 1, params[i]);
                }
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
    }

    /** A kill at a random moment after a trigger, and the start again on the same folder, in a thread of its own. */
    final class Killer {
        final App app;
        final String phase;
        volatile String what;
        volatile Thread thread;

        Killer(App app, String phase) {
            this.app = app;
            this.phase = phase;
        }

        /** Arms the kill when {@code phase} is the trial's: after a random delay of up to {@code maxMillis}. */
        void at(String phase, long minMillis, long maxMillis) {
            if (!phase.equals(this.phase) || thread != null) {
                return;
            }
            long delay = minMillis + (long) (random.nextDouble() * (maxMillis - minMillis));
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(delay);
                    app.kill();
                    what = String.format(Locale.ROOT, "kill -9 during %s, %d ms after its start; %s", phase, delay,
                            state(app));
                    app.start();
                } catch (Exception e) {
                    what = "the kill failed: " + e;
                }
            }, "killer");
            t.setDaemon(true);
            thread = t;
            t.start();
        }

        void awaitRestart() throws Exception {
            if (thread != null) {
                thread.join();
                app.awaitReady();
            }
        }
    }

    /** What the run looked like just after the kill (read from the database the killed application left). */
    private static String state(App app) {
        if (app.number("select 1") < 0) {
            return "its PostgreSQL went with it";
        }
        return "charges " + app.number("select count(*) from duesflow.charge")
                + ", mails sent " + app.number("select count(*) from duesflow.mail_outbox where status = 'SENT'")
                + ", pain.008 files " + app.number("select count(*) from duesflow.sepa_file")
                + ", bank files " + app.number("select count(*) from duesflow.bank_file")
                + ", vouchers " + app.number("select count(*) from duesflow.voucher");
    }

    // --- the trial ------------------------------------------------------------------------------------------------

    private void initialise(Path template) throws Exception {
        if (Files.exists(template.resolve("postgres/PG_VERSION"))) {
            return; // bench/faults.sh keeps it while the jar is the same
        }
        Files.createDirectories(template);
        App app = new App(template, freePort(), 0);
        app.start();
        try {
            app.awaitReady();
        } finally {
            app.stop();
        }
    }

    private Outcome trial(int trial, String phase, Path template, Path dir) throws Exception {
        copy(template, dir);
        Files.deleteIfExists(dir.resolve("app-1.log"));
        int smtpPort = freePort();
        Path smtpLog = dir.resolve("smtp-received.txt");
        Files.writeString(smtpLog, "");
        Process smtp = new ProcessBuilder("python3", sink.toString(), String.valueOf(smtpPort), smtpLog.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("smtp.log").toFile()).start();
        App app = new App(dir, freePort(), smtpPort);
        Killer killer = new Killer(app, phase);
        try {
            app.start();
            app.awaitReady();
            return run(trial, app, killer, smtpLog);
        } finally {
            app.stop();
            smtp.destroy();
            smtp.waitFor();
        }
    }

    private Outcome run(int trial, App app, Killer killer, Path smtpLog) throws Exception {
        // --- the association, the register, the line: set up before any kill --------------------------------------
        JsonNode association = app.json("GET", "/api/association", null, 200);
        ObjectNode changes = JSON.createObjectNode();
        changes.put("version", association.path("version").asInt());
        changes.put("currency", "EUR");
        changes.put("iban", IBAN);
        changes.put("sepaCreditorId", CREDITOR_ID);
        // RCUR from the first collection: all three months are collected at approval (with FRST first, the later
        // months wait for the collection's next attempt, minutes later).
        changes.putObject("sepa").put("rcurFromFirst", true);
        app.json("PUT", "/api/association", changes, 200);
        StringBuilder csv = new StringBuilder(
                "member_number;name;email;join_date;language;collection_method;sepa_mandate_id;iban;mandate_signed_on\r\n");
        for (int m = 1; m <= MEMBERS; m++) {
            boolean sepa = m % 2 == 1;
            csv.append(m).append(";Member ").append(m).append(";member").append(m).append("@example.org;2020-01-01;da;")
                    .append(sepa ? "SEPA_DIRECT_DEBIT" : "INVOICE").append(';')
                    .append(sepa ? "M-" + m + ";" + iban(m) + ";2024-05-01" : ";;").append("\r\n");
        }
        JsonNode imported = app.call("POST", "/api/members/import", "text/csv; charset=UTF-8",
                csv.toString().getBytes(StandardCharsets.UTF_8), 200);
        if (imported.path("created").asInt() != MEMBERS) {
            throw new IllegalStateException("the import went wrong: " + abbreviate(imported.toString()));
        }
        LocalDate first = LocalDate.now(ZoneId.of("Europe/Copenhagen")).withDayOfMonth(1).plusMonths(1);
        LocalDate last = first.plusMonths(MONTHS).minusDays(1);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("name", "Dues");
        line.put("position", 1);
        line.put("kind", "SCHEDULED");
        line.put("frequency", "MONTHLY");
        line.put("firstDueDate", first.toString());
        line.put("active", true);
        line.put("who", "ALL");
        line.put("priceKind", "FIXED");
        line.put("price", new BigDecimal("20.00"));
        app.json("POST", "/api/billing/lines", line, 200, 201);
        JsonNode created = app.json("POST", "/api/billing/runs", Map.of("kind", "SCHEDULED", "name", "Trial " + trial,
                "from", first.toString(), "to", last.toString()), 201);
        long runId = created.path("id").asLong();
        String key = "run-" + runId;

        // --- generate, approve, send: driven again after a kill until the run is sent ------------------------------
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        boolean generateSent = false;
        boolean approveSent = false;
        int expectedCharges = MEMBERS * MONTHS;
        while (true) {
            if (System.nanoTime() > deadline) {
                return checked(app, runId, smtpLog, killer, List.of(), "the run was not sent within " + PATIENCE
                        + " (state " + runState(app, runId) + ")");
            }
            String state = runState(app, runId);
            if ("SENT".equals(state) && "DONE".equals(collectionState(app, runId))) {
                break;
            }
            if (!generateSent && waiting(app, key, "CheckPreview")) {
                try {
                    app.json("POST", "/api/billing/runs/" + runId + "/generate", null, 202);
                    generateSent = true;
                    killer.at("generation", 0, 1500);
                } catch (IOException e) {
                    // down: tried again
                }
            } else if (!approveSent && waiting(app, key, "ApproveRun")) {
                try {
                    app.json("POST", "/api/billing/runs/" + runId + "/approve", Map.of(), 200);
                    approveSent = true;
                    killer.at("approval", 0, 800);
                } catch (IOException e) {
                    // down: tried again
                }
            }
            long received = lines(smtpLog);
            if (received > 0) {
                killer.at("mail", 0, 600);
            }
            if (received >= expectedCharges) {
                killer.at("pain008", 0, 1500);
            }
            Thread.sleep(100);
        }
        // A phase after the run's sending whose kill has not come yet waits for it to be over first.
        if (killer.thread != null) {
            killer.awaitRestart();
        }

        // --- the statement: two thirds of the invoiced charges paid by their RF reference ---------------------------
        List<Map<String, Object>> invoiced = app.rows("""
                select c.number, c.rf_reference, c.total, c.member_number from duesflow.charge c
                where c.run_id = ? and c.collection_method = 'INVOICE' and c.rf_reference is not null
                order by c.id""", runId);
        List<Map<String, Object>> paid = new ArrayList<>();
        for (int i = 0; i < invoiced.size(); i++) {
            if (i % 3 != 2) {
                paid.add(invoiced.get(i));
            }
        }
        Path inbox = app.dir.resolve("bank/inbox");
        Files.createDirectories(inbox);
        Path part = inbox.resolve(".trial-" + trial + ".part");
        Files.writeString(part, camt(trial, LocalDate.now(ZoneId.of("Europe/Copenhagen")), paid));
        Files.move(part, inbox.resolve("statement-" + trial + ".xml"), StandardCopyOption.ATOMIC_MOVE);
        killer.at("camt-import", 300, 2500);
        long statementDeadline = System.nanoTime() + PATIENCE.toNanos();
        String notBooked = null;
        while (true) {
            long files = app.number("select count(*) from duesflow.bank_file");
            // The payments' postings are booked in the import's own transaction: the moment to kill is while the
            // inbox holds the file under its read lock (being imported), else just after the import's commit.
            if (files >= 1 || Files.exists(inbox.resolve("statement-" + trial + ".xml.camelLock"))) {
                killer.at("ledger-posting", 0, 150);
            }
            long payments = app.number("select count(*) from duesflow.payment");
            if (files >= 1 && payments >= paid.size() && killer.thread != null && !killer.thread.isAlive()
                    && app.ready()) {
                break;
            }
            if (files >= 1 && payments >= paid.size() && killer.thread == null) {
                break;
            }
            if (System.nanoTime() > statementDeadline) {
                notBooked = "the statement was not booked within " + PATIENCE + " (bank files " + files
                        + ", payments " + payments + " of " + paid.size() + ")";
                break;
            }
            Thread.sleep(100);
        }
        killer.awaitRestart();
        // Whatever a restart may still do (a resent mail, a file placed again) has its chance before the count.
        Thread.sleep(3000);
        return checked(app, runId, smtpLog, killer, paid, notBooked);
    }

    // --- the checks -----------------------------------------------------------------------------------------------

    private static final Pattern ID = Pattern.compile("<?([a-z-]+)-(\\d+)\\.[^@]*@duesflow>?");

    private Outcome checked(App app, long runId, Path smtpLog, Killer killer, List<Map<String, Object>> paid,
                            String problem) throws Exception {
        List<String> findings = new ArrayList<>();
        if (killer.what != null) {
            findings.add(killer.what);
        } else {
            findings.add("no kill: the " + killer.phase + " phase was over before its moment");
        }
        if (problem != null) {
            findings.add("PROBLEM: " + problem);
        }
        int doubles = 0;
        int lost = 0;

        // every member: one charge per due date of the run
        List<Map<String, Object>> perMember = app.rows("""
                select m.n as member, count(c.id) as charges, count(distinct c.due_date) as dates
                from generate_series(1, ?) m(n)
                left join duesflow.charge c on c.member_number = m.n and c.run_id = ?
                group by m.n""", MEMBERS, runId);
        for (Map<String, Object> row : perMember) {
            long charges = ((Number) row.get("charges")).longValue();
            long dates = ((Number) row.get("dates")).longValue();
            if (charges > dates) {
                doubles += (int) (charges - dates);
                findings.add("member " + row.get("member") + " has " + charges + " charges on " + dates + " dates");
            }
            if (dates < MONTHS) {
                lost += (int) (MONTHS - dates);
                findings.add("member " + row.get("member") + " is billed on " + dates + " of " + MONTHS + " dates");
            }
        }

        // every mail of the run sent once, under its own Message-ID
        Map<String, Integer> received = new HashMap<>();
        for (String id : Files.readAllLines(smtpLog)) {
            received.merge(id.trim().replaceAll("^<|>$", ""), 1, Integer::sum);
        }
        List<Map<String, Object>> outbox = app.rows("""
                select kind, document_id, status, message_id from duesflow.mail_outbox where run_id = ?""", runId);
        Map<String, String> documentOfId = new HashMap<>();
        int resentSameId = 0;
        int notSent = 0;
        int notReceived = 0;
        for (Map<String, Object> mail : outbox) {
            String id = (String) mail.get("message_id");
            documentOfId.put(id, mail.get("kind") + "/" + mail.get("document_id"));
            if (!"SENT".equals(mail.get("status"))) {
                notSent++;
            }
            int times = received.getOrDefault(id, 0);
            if (times == 0) {
                notReceived++;
            } else {
                resentSameId += times - 1;
            }
        }
        long chargeCount = app.number("select count(*) from duesflow.charge where run_id = ?", runId);
        if (outbox.size() < chargeCount) {
            lost += (int) (chargeCount - outbox.size());
            findings.add(outbox.size() + " invoice mails queued for " + chargeCount + " charges");
        }
        if (notSent > 0 || notReceived > 0) {
            lost += Math.max(notSent, notReceived);
            findings.add(notSent + " mails not marked sent, " + notReceived + " never reached the SMTP server");
        }
        int otherIds = 0;
        for (Map.Entry<String, Integer> got : received.entrySet()) {
            if (documentOfId.containsKey(got.getKey())) {
                continue;
            }
            Matcher m = ID.matcher(got.getKey());
            boolean sameDocument = m.matches() && outbox.stream().anyMatch(mail -> String.valueOf(
                    mail.get("document_id")).equals(m.group(2)) && ((String) mail.get("message_id"))
                    .startsWith(m.group(1) + "-"));
            if (sameDocument) {
                doubles += got.getValue();
                findings.add("a document mailed again under another Message-ID: " + got.getKey());
            } else {
                otherIds += got.getValue();
            }
        }
        if (resentSameId > 0) {
            findings.add(resentSameId + " mail(s) received twice under the same Message-ID (accepted, then the kill "
                    + "before the commit that marks them sent)");
        }
        if (otherIds > 0) {
            findings.add(otherIds + " other mail(s) (notices to the association), not checked");
        }

        // one pain.008 per run, date and sequence; every SEPA charge collected once
        for (Map<String, Object> row : app.rows("""
                select collection_date, sequence_type, count(*) as files from duesflow.sepa_file where run_id = ?
                group by collection_date, sequence_type having count(*) > 1""", runId)) {
            doubles += ((Number) row.get("files")).intValue() - 1;
            findings.add(row.get("files") + " pain.008 files for " + row.get("collection_date") + " "
                    + row.get("sequence_type"));
        }
        long sepaCharges = app.number("select count(*) from duesflow.charge where run_id = ? "
                + "and collection_method = 'SEPA_DIRECT_DEBIT' and not invoiced_instead", runId);
        long collected = app.number("select count(*) from duesflow.sepa_collection where run_id = ?", runId);
        if (collected < sepaCharges) {
            lost += (int) (sepaCharges - collected);
            findings.add(collected + " of " + sepaCharges + " SEPA charges collected");
        }
        List<String> fileNames = new ArrayList<>();
        for (Map<String, Object> row : app.rows("select file_name from duesflow.sepa_file where run_id = ?", runId)) {
            fileNames.add((String) row.get("file_name"));
        }
        List<String> inOutbox;
        try (Stream<Path> files = Files.list(app.dir.resolve("bank/outbox"))) {
            inOutbox = files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
        } catch (IOException e) {
            inOutbox = List.of();
        }
        for (String name : fileNames) {
            if (!inOutbox.contains(name)) {
                lost++;
                findings.add("pain.008 " + name + " recorded but not in the bank outbox");
            }
        }
        for (String name : inOutbox) {
            if (!fileNames.contains(name)) {
                doubles++;
                findings.add("a file in the bank outbox that no sepa_file row names: " + name);
            }
        }
        if (fileNames.isEmpty()) {
            lost++;
            findings.add("no pain.008 written");
        }

        // the statement imported once, each credit one payment
        if (!paid.isEmpty()) {
            long files = app.number("select count(*) from duesflow.bank_file");
            if (files == 0) {
                lost++;
                findings.add("the statement was never imported");
            } else if (files > 1) {
                doubles += (int) (files - 1);
                findings.add("the statement imported " + files + " times");
            }
        }
        for (Map<String, Object> charge : paid) {
            long payments = app.number("select count(*) from duesflow.payment where charge_number = ?",
                    charge.get("number"));
            if (payments != 1) {
                if (payments > 1) {
                    doubles += (int) (payments - 1);
                } else {
                    lost++;
                }
                findings.add("charge " + charge.get("number") + " has " + payments + " payments for one credit");
            }
        }

        // every posting once; every voucher balances
        long approvalVouchers = app.number("select count(*) from duesflow.voucher where source = 'RUN_APPROVED' "
                + "and source_key = ?", String.valueOf(runId));
        if (approvalVouchers != 1) {
            lost++;
            findings.add(approvalVouchers + " vouchers for the run's approval");
        }
        for (Map<String, Object> row : app.rows("""
                select c.number, (select count(*) from duesflow.journal_line l join duesflow.voucher v on v.id = l.voucher_id
                                  where v.source = 'RUN_APPROVED' and l.charge_id = c.id and l.amount > 0) as lines
                from duesflow.charge c where c.run_id = ?""", runId)) {
            long lines = ((Number) row.get("lines")).longValue();
            if (lines != 1) {
                if (lines > 1) {
                    doubles += (int) (lines - 1);
                } else {
                    lost++;
                }
                findings.add("charge " + row.get("number") + " posted " + lines + " times at approval");
            }
        }
        for (Map<String, Object> row : app.rows("""
                select f.file_name, (select count(*) from duesflow.voucher v where v.source = 'COLLECTION_PLACED'
                                     and v.source_key = f.file_name || '/' || f.collection_date) as vouchers
                from duesflow.sepa_file f where f.run_id = ?""", runId)) {
            long vouchers = ((Number) row.get("vouchers")).longValue();
            if (vouchers != 1) {
                lost++;
                findings.add("placed file " + row.get("file_name") + " has " + vouchers + " vouchers");
            }
        }
        long placedVouchers = app.number("select count(*) from duesflow.voucher where source = 'COLLECTION_PLACED'");
        if (placedVouchers > fileNames.size()) {
            doubles += (int) (placedVouchers - fileNames.size());
            findings.add(placedVouchers + " collection vouchers for " + fileNames.size() + " files");
        }
        for (Map<String, Object> charge : paid) {
            long lines = app.number("""
                    select count(*) from duesflow.journal_line l join duesflow.voucher v on v.id = l.voucher_id
                    join duesflow.charge c on c.id = l.charge_id
                    where v.source = 'BANK_FILE' and c.number = ? and l.amount < 0""", charge.get("number"));
            if (lines != 1) {
                if (lines > 1) {
                    doubles += (int) (lines - 1);
                } else {
                    lost++;
                }
                findings.add("payment of " + charge.get("number") + " posted " + lines + " times");
            }
        }
        long unbalanced = app.number("""
                select count(*) from (select voucher_id from duesflow.journal_line group by voucher_id
                                      having sum(amount) <> 0) u""");
        if (unbalanced != 0) {
            lost += (int) unbalanced;
            findings.add(unbalanced + " vouchers that do not balance");
        }
        findings.add(String.format(Locale.ROOT, "checked: %d charges, %d mails (%d received), %d pain.008 files, "
                        + "%d payments, %d vouchers; %d starts", chargeCount, outbox.size(),
                received.values().stream().mapToInt(Integer::intValue).sum(), fileNames.size(),
                app.number("select count(*) from duesflow.payment"), app.number("select count(*) from duesflow.voucher"),
                app.starts.get()));
        return new Outcome(doubles, lost, resentSameId, findings);
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static String runState(App app, long runId) {
        JsonNode run = app.get("/api/billing/runs/" + runId);
        return run == null ? null : run.path("state").asText();
    }

    private static String collectionState(App app, long runId) {
        JsonNode run = app.get("/api/billing/runs/" + runId);
        return run == null ? null : run.path("collectionState").asText();
    }

    private static boolean waiting(App app, String businessKey, String task) {
        JsonNode tasks = app.get("/engine-rest/task?processInstanceBusinessKey=" + businessKey
                + "&taskDefinitionKey=" + task);
        return tasks != null && tasks.isArray() && !tasks.isEmpty();
    }

    private static long lines(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        }
    }

    static String iban(int member) {
        return new org.iban4j.Iban.Builder().countryCode(org.iban4j.CountryCode.NL).bankCode("ABNA")
                .accountNumber(String.format("%010d", 5000L + member * 7919L)).build().toString();
    }

    /** A camt.053.001.08 of one credit per charge, each quoting the charge's RF reference. */
    static String camt(int trial, LocalDate on, List<Map<String, Object>> charges) {
        StringBuilder entries = new StringBuilder();
        int n = 0;
        for (Map<String, Object> charge : charges) {
            n++;
            String amount = ((BigDecimal) charge.get("total")).toPlainString();
            entries.append("""
                          <Ntry>
                            <Amt Ccy="EUR">%1$s</Amt>
                            <CdtDbtInd>CRDT</CdtDbtInd>
                            <Sts><Cd>BOOK</Cd></Sts>
                            <BookgDt><Dt>%2$s</Dt></BookgDt>
                            <ValDt><Dt>%2$s</Dt></ValDt>
                            <AcctSvcrRef>FAULTS-%3$d-C%4$d</AcctSvcrRef>
                            <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
                            <NtryDtls>
                              <TxDtls>
                                <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
                                <Amt Ccy="EUR">%1$s</Amt>
                                <CdtDbtInd>CRDT</CdtDbtInd>
                                <RltdPties><Dbtr><Pty><Nm>Member %5$s</Nm></Pty></Dbtr></RltdPties>
                                <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp>
                                  <Ref>%6$s</Ref></CdtrRefInf></Strd></RmtInf>
                              </TxDtls>
                            </NtryDtls>
                          </Ntry>
                    """.formatted(amount, on, trial, n, charge.get("member_number"), charge.get("rf_reference")));
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
                  <BkToCstmrStmt>
                    <GrpHdr><MsgId>FAULTS-%1$d-%4$d</MsgId><CreDtTm>%2$sT23:00:00</CreDtTm></GrpHdr>
                    <Stmt>
                      <Id>FAULTS-%1$d-%2$s</Id>
                      <CreDtTm>%2$sT23:00:00</CreDtTm>
                      <Acct><Id><IBAN>%3$s</IBAN></Id><Ccy>EUR</Ccy></Acct>
                      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0</Amt><CdtDbtInd>CRDT</CdtDbtInd>
                        <Dt><Dt>%2$s</Dt></Dt></Bal>
                %5$s    </Stmt>
                  </BkToCstmrStmt>
                </Document>
                """.formatted(trial, on, IBAN, System.nanoTime(), entries);
    }

    private static void copy(Path from, Path to) throws IOException, InterruptedException {
        if (Files.exists(to)) {
            new ProcessBuilder("rm", "-rf", to.toString()).inheritIO().start().waitFor();
        }
        int status = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).inheritIO().start().waitFor();
        if (status != 0) {
            throw new IOException("cp -a " + from + " " + to + " failed");
        }
    }

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

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String abbreviate(String text) {
        return text.length() <= 1500 ? text : text.substring(0, 1500) + " …";
    }
}
