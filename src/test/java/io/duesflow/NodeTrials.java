package io.duesflow;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.MonthTrial.Outcome;

/**
 * Two trials against the application as its own process on a PostgreSQL server of their own
 * ({@link ThrowawayPostgres}, so that restarting it takes nobody else's database away) and a real SMTP server in
 * another process ({@link SmtpSink}); both end with {@link MonthTrial}'s checks: nothing doubled, nothing lost.
 * <ul>
 *     <li>{@code nodes}: two application processes on one database, both with the job executor, sharing one bank
 *     folder (inbox, outbox). A run is generated in chunks the two job executors take between them (the engine's
 *     job log says which node ran which chunk), approved through the REST door on both nodes at the same moment
 *     (one approval wins, the other is refused), mailed and collected; a statement in the shared inbox is imported
 *     once; the cycle's timer made due fires once.</li>
 *     <li>{@code outages}: one application process whose SMTP server stops during the sending for
 *     {@code size} seconds and starts again, and whose PostgreSQL server is restarted (fast: every connection cut)
 *     during generation, just after the approval, while the SMTP server is down and during the statement's import.
 *     The run still completes, every mail is sent once and no incident is left.</li>
 * </ul>
 * Arguments: nodes|outages, size (members for nodes; seconds the SMTP server stays down for outages), the
 * application jar, the SMTP server script, a work folder.
 */
public final class NodeTrials {

    static final Duration PATIENCE = Duration.ofMinutes(10);
    /** Chunks of this many members (1000 by default), so that a small register still makes several chunks. */
    static final int CHUNK = 100;
    static final DateTimeFormatter ENGINE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);

    private final Path jar;
    private final Path sink;
    private final Path work;
    private final List<String> findings = new ArrayList<>();
    private int doubles;
    private int lost;

    private NodeTrials(Path jar, Path sink, Path work) {
        this.jar = jar;
        this.sink = sink;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int size = Integer.parseInt(args[1]);
        NodeTrials trials = new NodeTrials(Path.of(args[2]).toAbsolutePath(), Path.of(args[3]).toAbsolutePath(),
                Path.of(args[4]).toAbsolutePath());
        boolean passed;
        if ("nodes".equals(mode)) {
            passed = trials.nodes(size);
        } else if ("outages".equals(mode)) {
            passed = trials.outages(size);
        } else {
            throw new IllegalArgumentException("nodes or outages, not " + mode);
        }
        System.exit(passed ? 0 : 1);
    }

    // --- two nodes --------------------------------------------------------------------------------------------------

    private boolean nodes(int members) throws Exception {
        MonthTrial month = new MonthTrial(members, 1);
        Path bank = work.resolve("bank");
        try (ThrowawayPostgres postgres = new ThrowawayPostgres(work.resolve("postgres")).start();
             SmtpSink smtp = new SmtpSink(sink, work).start()) {
            postgres.createDatabase("duesflow_nodes");
            AppProcess.Server database = postgres.database("duesflow_nodes");
            List<AppProcess> nodes = List.of(node("node-a", smtp, database, bank), node("node-b", smtp, database, bank));
            long t0 = System.nanoTime();
            // Both at once, as a cluster is started: Flyway, the engine's schema and the deployment race on one database.
            for (AppProcess node : nodes) {
                node.start();
            }
            try (NodeHeaps heap = new NodeHeaps(nodes)) {
                for (AppProcess node : nodes) {
                    node.awaitReady();
                }
                say("two nodes ready on one database in %.1f s", seconds(t0));
                AppProcess a = nodes.get(0);
                AppProcess b = nodes.get(1);
                long runId = month.createRun(a, "Two nodes");
                AppProcess.await("the preview", PATIENCE, () -> MonthTrial.waiting(b, runId, "CheckPreview"));
                b.json("POST", "/api/billing/runs/" + runId + "/generate", null, 202);
                AppProcess.await("the approval task", PATIENCE, () -> MonthTrial.waiting(a, runId, "ApproveRun"));
                chunksPerNode(a, runId);

                approveOnBothAtOnce(runId, a, b);
                AppProcess.await("the run to be sent and collected", PATIENCE, () -> MonthTrial.sentAndCollected(a, runId)
                        && a.number("select count(*) from duesflow.mail_outbox where run_id = ? and status <> 'SENT'",
                        runId) == 0);
                say("run %d sent and collected, %d mails received; %.1f s", runId, smtp.received(), seconds(t0));

                List<Map<String, Object>> paid = MonthTrial.toBePaid(a, runId);
                MonthTrial.dropStatement(bank.resolve("inbox"), 1, paid);
                AppProcess.await("the statement to be booked", PATIENCE, () -> a.number(
                        "select count(*) from duesflow.payment") >= paid.size() && a.number(
                        "select count(*) from duesflow.bank_file") >= 1);
                say("statement imported by %s", importedBy(nodes));

                timerFiresOnce(a, b);
                // Whatever the other node may still do (a second import, a mail sent again) has its chance first.
                Thread.sleep(3000);
                Outcome outcome = month.check(a, bank.resolve("outbox"), runId, smtp.log, paid, new ArrayList<>());
                incidents(a);
                return finish("nodes", members, t0, heap, outcome);
            } finally {
                for (AppProcess node : nodes) {
                    node.stop();
                }
            }
        }
    }

    private AppProcess node(String name, SmtpSink smtp, AppProcess.Server database, Path bank) throws Exception {
        Path dir = work.resolve(name);
        Files.createDirectories(dir);
        return new AppProcess(jar, dir, AppProcess.freePort(), smtp.port, name, database)
                .with("DUESFLOW_BANK_INBOX", bank.resolve("inbox").toString())
                .with("DUESFLOW_BANK_OUTBOX", bank.resolve("outbox").toString())
                .with("DUESFLOW_BANK_PROCESSED", bank.resolve("processed").toString())
                .with("DUESFLOW_BANK_ERROR", bank.resolve("error").toString())
                .with("DUESFLOW_BILLING_CHUNK_SIZE", String.valueOf(CHUNK))
                // The engine's job log names the node that ran a job.
                .withArgument("--camunda.bpm.generic-properties.properties.hostname=" + name);
    }

    /** The generation's chunks, by the node whose job executor ran them (the engine's job log). */
    private void chunksPerNode(AppProcess app, long runId) throws Exception {
        List<Map<String, Object>> rows = app.rows("""
                select l.hostname_ as node, count(*) as chunks from act_hi_job_log l
                join act_hi_procinst p on p.id_ = l.process_instance_id_
                where p.business_key_ = ? and l.act_id_ = 'GenerateChunk' and l.job_state_ = 2
                group by l.hostname_ order by l.hostname_""", MonthTrial.businessKey(runId));
        StringBuilder line = new StringBuilder("chunks run:");
        for (Map<String, Object> row : rows) {
            line.append(' ').append(row.get("node")).append('=').append(row.get("chunks"));
        }
        long members = app.number("select count(distinct member_number) from duesflow.charge where run_id = ?", runId);
        say("%s (chunks of %d members; %d members billed)", line, CHUNK, members);
    }

    /** The approval through the REST door on both nodes at the same moment: one wins, the other is refused. */
    private void approveOnBothAtOnce(long runId, AppProcess a, AppProcess b) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (AppProcess node : List.of(a, b)) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return node.send("POST", "/api/billing/runs/" + runId + "/approve", "application/json",
                            "{}".getBytes());
                }));
            }
            go.countDown();
            int approved = 0;
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> answer = answers.get(i).get();
                seen.add((i == 0 ? a : b).name + " " + answer.statusCode());
                if (answer.statusCode() == 200) {
                    approved++;
                } else if (answer.statusCode() != 409) {
                    findings.add("approval on " + (i == 0 ? a : b).name + " answered " + answer.statusCode()
                            + " instead of 200 or 409: " + AppProcess.abbreviate(answer.body()));
                    doubles++;
                }
            }
            if (approved != 1) {
                findings.add(approved + " approvals succeeded for one run");
                if (approved > 1) {
                    doubles += approved - 1;
                } else {
                    lost++;
                }
            }
            long approvals = a.number("""
                    select count(*) from act_hi_taskinst t join act_hi_procinst p on p.id_ = t.proc_inst_id_
                    where p.business_key_ = ? and t.task_def_key_ = 'ApproveRun' and t.delete_reason_ = 'completed'""",
                    MonthTrial.businessKey(runId));
            say("approved on both nodes at once: %s; approval tasks completed: %d", String.join(", ", seen), approvals);
            if (approvals != 1) {
                findings.add(approvals + " approval tasks completed");
                doubles += (int) Math.max(0, approvals - 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The cycle's timer start event (the draft day, next on the 1st) made due now: both job executors see it; it
     * starts one billing cycle. (The cycle it starts sends the association its draft notice and then waits for the
     * generation day, after the checked run.)
     */
    private void timerFiresOnce(AppProcess a, AppProcess b) throws Exception {
        JsonNode jobs = a.get("/engine-rest/job?timers=true&processDefinitionKey=billing-cycle&activityId=DraftDay");
        if (jobs == null || !jobs.isArray() || jobs.isEmpty()) {
            lost++;
            findings.add("no timer of the cycle's draft day");
            return;
        }
        b.json("PUT", "/engine-rest/job/" + jobs.get(0).path("id").asText() + "/duedate",
                Map.of("duedate", ENGINE_TIME.format(Instant.now().minusSeconds(1))), 204);
        String fired = "select count(*) from act_hi_procinst where proc_def_key_ = 'billing-cycle' "
                + "and start_act_id_ = 'DraftDay'";
        AppProcess.await("the draft day's timer to fire", PATIENCE, () -> a.number(fired) >= 1);
        Thread.sleep(3000);
        long times = a.number(fired);
        say("a due timer (the cycle's draft day) fired %d time(s)", times);
        if (times != 1) {
            findings.add("the draft day's timer fired " + times + " times");
            doubles += (int) Math.max(0, times - 1);
        }
    }

    private static String importedBy(List<AppProcess> nodes) throws Exception {
        List<String> by = new ArrayList<>();
        for (AppProcess node : nodes) {
            for (int start = 1; start <= node.starts.get(); start++) {
                if (Files.readString(node.log(start)).contains("Bank file statement-")) {
                    by.add(node.name);
                }
            }
        }
        return by.isEmpty() ? "no node's log" : String.join(" and ", by);
    }

    // --- outages ----------------------------------------------------------------------------------------------------

    private boolean outages(int smtpDownSeconds) throws Exception {
        MonthTrial month = new MonthTrial(200, 1);
        try (ThrowawayPostgres postgres = new ThrowawayPostgres(work.resolve("postgres")).start();
             SmtpSink smtp = new SmtpSink(sink, work).start()) {
            postgres.createDatabase("duesflow_outages");
            Path dir = work.resolve("app");
            Files.createDirectories(dir);
            AppProcess app = new AppProcess(jar, dir, AppProcess.freePort(), smtp.port, "app",
                    postgres.database("duesflow_outages"))
                    // Delivery retried after 5 s, 10 s, 20 s … (30 s, 1 min … by default): the trial needn't wait long.
                    .with("DUESFLOW_MAIL_OUTBOX_RETRYBASE", "5s")
                    .with("DUESFLOW_BILLING_CHUNK_SIZE", String.valueOf(CHUNK));
            long t0 = System.nanoTime();
            app.start();
            try (NodeHeaps heap = new NodeHeaps(List.of(app))) {
                app.awaitReady();
                say("application ready on its PostgreSQL server in %.1f s", seconds(t0));
                long runId = month.createRun(app, "Outages");
                AppProcess.await("the preview", PATIENCE, () -> MonthTrial.waiting(app, runId, "CheckPreview"));
                app.json("POST", "/api/billing/runs/" + runId + "/generate", null, 202);
                restart(postgres, "during generation");
                AppProcess.await("the approval task", PATIENCE, () -> MonthTrial.waiting(app, runId, "ApproveRun"));
                app.json("POST", "/api/billing/runs/" + runId + "/approve", Map.of(), 200);
                restart(postgres, "just after the approval");
                AppProcess.await("the first mail", PATIENCE, () -> received(smtp) > 0);
                smtp.stop();
                long stoppedAt = System.nanoTime();
                say("SMTP server stopped after %d mails, for %d s", smtp.received(), smtpDownSeconds);
                Thread.sleep(smtpDownSeconds * 500L);
                restart(postgres, "while the SMTP server is down");
                Thread.sleep(Math.max(0, smtpDownSeconds * 1000L - (System.nanoTime() - stoppedAt) / 1_000_000));
                smtp.start();
                say("SMTP server started again; %d mails sent, %d queued", app.number(
                        "select count(*) from duesflow.mail_outbox where run_id = ? and status = 'SENT'", runId),
                        app.number("select count(*) from duesflow.mail_outbox where run_id = ? and status = 'QUEUED'",
                                runId));
                AppProcess.await("the run to be sent and collected", PATIENCE, () -> MonthTrial.sentAndCollected(app,
                        runId) && app.number("select count(*) from duesflow.mail_outbox where run_id = ? "
                        + "and status <> 'SENT'", runId) == 0);
                say("run %d sent and collected, every mail sent; %.1f s", runId, seconds(t0));

                List<Map<String, Object>> paid = MonthTrial.toBePaid(app, runId);
                MonthTrial.dropStatement(dir.resolve("bank/inbox"), 1, paid);
                AppProcess.await("the import to begin", PATIENCE, () -> Files.exists(
                        dir.resolve("bank/inbox/statement-1.xml.camelLock")) || app.number(
                        "select count(*) from duesflow.bank_file") >= 1);
                restart(postgres, "during the statement's import");
                AppProcess.await("the statement to be booked", PATIENCE, () -> app.number(
                        "select count(*) from duesflow.payment") >= paid.size() && app.number(
                        "select count(*) from duesflow.bank_file") >= 1);
                Thread.sleep(3000);
                Outcome outcome = month.check(app, dir.resolve("bank/outbox"), runId, smtp.log, paid,
                        new ArrayList<>());
                incidents(app);
                if (!app.alive()) {
                    lost++;
                    findings.add("the application did not survive the outages");
                }
                return finish("outages", smtpDownSeconds, t0, heap, outcome);
            } finally {
                app.stop();
            }
        }
    }

    private static long received(SmtpSink smtp) {
        try {
            return smtp.received();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private void restart(ThrowawayPostgres postgres, String when) throws Exception {
        long start = System.nanoTime();
        postgres.restart();
        say("PostgreSQL restarted %s (%.1f s)", when, seconds(start));
    }

    // --- both -------------------------------------------------------------------------------------------------------

    /** An incident left behind is work that stopped: a supervisor would have to look. */
    private void incidents(AppProcess app) throws Exception {
        List<Map<String, Object>> left = app.rows("""
                select i.activity_id_ as activity, i.incident_msg_ as message from act_ru_incident i""");
        for (Map<String, Object> incident : left) {
            lost++;
            findings.add("incident at " + incident.get("activity") + ": " + incident.get("message"));
        }
        say("incidents left: %d", left.size());
    }

    private boolean finish(String name, int size, long t0, NodeHeaps heap, Outcome outcome) throws Exception {
        doubles += outcome.doubles();
        lost += outcome.lost();
        findings.addAll(outcome.findings());
        for (String finding : findings) {
            say("    %s", finding);
        }
        say("resent_same_id=%d", outcome.resentSameId());
        System.out.printf("%s doubles=%d lost=%d%n", name, doubles, lost);
        System.out.printf(Locale.ROOT, "%s size=%d seconds=%.1f baseline_seconds=- ratio=- peak_heap_mb=%d%n", name, size,
                seconds(t0), heap.stop());
        return doubles == 0 && lost == 0;
    }

    /** The nodes' heap, as they report it, every second: the largest of any node. */
    static final class NodeHeaps implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<AppProcess> nodes;
        private final Thread thread;

        NodeHeaps(List<AppProcess> nodes) {
            this.nodes = nodes;
            this.thread = new Thread(() -> {
                while (running.get()) {
                    nodes.forEach(AppProcess::sampleHeap);
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-watch");
            thread.setDaemon(true);
            thread.start();
        }

        long stop() throws InterruptedException {
            running.set(false);
            thread.interrupt();
            thread.join();
            return nodes.stream().mapToLong(AppProcess::peakHeapMb).max().orElse(0);
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }

    private static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, format + "%n", args);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
