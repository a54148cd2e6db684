package io.duesflow.cycle;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duesflow.BenchSupport;
import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRunBenchmark;
import io.duesflow.billing.BillingRuns;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code bench/run cycle-approve --size N}: the billing-run benchmark's run (two yearly lines over N members, one
 * charge of two lines each), the way a treasurer has it done: created over REST, which starts its process;
 * {@code POST …/generate} answers 202 and the engine's job executor (on, as in production) generates it chunk by
 * chunk; when the approval task waits, {@code POST …/approve} completes it and the numbering step runs as its job.
 * Timed: from the generate call until the approval task waits, plus from the approve call until the run is numbered.
 * <p>
 * Baseline, in the same JVM and database, before: the billing-run benchmark's path on the same register (the
 * service generating in one loop, then approving), for the occurrences a year earlier, so both runs bill N charges.
 * The last line is {@code cycle-approve size=N seconds=S baseline_seconds=B ratio=R peak_heap_mb=H}; goal ratio
 * ≤ 1.3 and heap ≤ 512 MB (peak heap sampled every 10 ms through both timed parts of the process path, under
 * -Xmx512m).
 */
public final class CycleApproveBenchmark {

    private static final PrintStream OUT = System.out;
    private static final LocalDate NEXT_YEAR = BillingRunBenchmark.DUE.plusYears(1);
    private static final Duration PATIENCE = Duration.ofMinutes(20);

    public static void main(String[] args) throws Exception {
        BenchSupport.main("cycle-approve", args, 100_000, CycleApproveBenchmark::run);
    }

    private static String run(int size, Path dataDir) throws Exception {
        try (ConfigurableApplicationContext context = BenchSupport.startApplication(dataDir,
                "--camunda.bpm.job-execution.enabled=true", "--duesflow.cycle.catch-up=false")) {
            BillingRuns runs = context.getBean(BillingRuns.class);
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            TaskService tasks = context.getBean(TaskService.class);
            RuntimeService runtime = context.getBean(RuntimeService.class);
            Rest rest = new Rest(((WebServerApplicationContext) context).getWebServer().getPort());
            BillingRunBenchmark.registerAndLines(context, size);
            BigDecimal expectedTotal = BillingRunBenchmark.DUES.add(BillingRunBenchmark.MAGAZINE)
                    .multiply(BigDecimal.valueOf(size));

            // --- baseline: the billing-run benchmark's path, the services called in a loop ---------------------------
            BillingRun direct = runs.createScheduled("Dues 2027", BillingRunBenchmark.DUE, BillingRunBenchmark.DUE, null);
            System.gc();
            long b0 = System.nanoTime();
            BillingRun directGenerated = runs.generate(direct.id());
            double baselineGenerate = BenchSupport.seconds(System.nanoTime() - b0);
            long b1 = System.nanoTime();
            runs.approve(direct.id(), null);
            double baselineApprove = BenchSupport.seconds(System.nanoTime() - b1);
            check(directGenerated.chargeCount() == size, "the baseline run billed " + directGenerated.chargeCount());
            OUT.printf(Locale.ROOT, "baseline (billing-run's path): generation %.2f s + approval %.2f s = %.2f s%n",
                    baselineGenerate, baselineApprove, baselineGenerate + baselineApprove);

            // --- the process path, as a treasurer has it done ---------------------------------------------------------
            JsonNode created = rest.post("/api/billing/runs", Map.of("kind", "SCHEDULED", "name", "Dues 2028",
                    "from", NEXT_YEAR.toString(), "to", NEXT_YEAR.toString()), 201);
            long runId = created.path("id").asLong();
            String businessKey = RunProcesses.businessKey(runId);
            awaitUntil("the preview task", () -> waiting(tasks, businessKey, RunProcesses.PREVIEW_TASK));
            System.gc();
            BenchSupport.HeapSampler sampler = BenchSupport.HeapSampler.started();
            long g0 = System.nanoTime();
            JsonNode accepted = rest.post("/api/billing/runs/" + runId + "/generate", null, 202);
            double answeredIn = BenchSupport.seconds(System.nanoTime() - g0);
            int[] progressSeen = {0, 0};
            awaitUntil("the approval task", () -> {
                Object done = runtime.createProcessInstanceQuery().processInstanceBusinessKey(businessKey).list().stream()
                        .findFirst().map(p -> runtime.getVariable(p.getId(), "chunksDone")).orElse(null);
                if (done instanceof Number n && n.intValue() > 0 && progressSeen[0] == 0) {
                    progressSeen[0] = n.intValue();
                }
                if (done instanceof Number n) {
                    progressSeen[1] = Math.max(progressSeen[1], n.intValue());
                }
                return waiting(tasks, businessKey, RunProcesses.APPROVAL_TASK);
            });
            double generateSeconds = BenchSupport.seconds(System.nanoTime() - g0);
            BillingRun generated = runs.run(runId);
            check(generated.chargeCount() == size && generated.total().compareTo(expectedTotal) == 0,
                    "the process generated " + generated.chargeCount() + " charges, total " + generated.total()
                            + "; expected " + size + " and " + expectedTotal);
            OUT.printf(Locale.ROOT, "process: POST …/generate answered 202 (%s, %d/%d chunks) in %.3f s; the engine's "
                            + "jobs generated %d charges in %d chunks (progress seen in the process: %d … %d) in %.2f s%n",
                    accepted.path("state").asText(), accepted.path("chunksDone").asInt(),
                    accepted.path("chunksTotal").asInt(), answeredIn, generated.chargeCount(), generated.chunksTotal(),
                    progressSeen[0], progressSeen[1], generateSeconds);

            long a0 = System.nanoTime();
            rest.post("/api/billing/runs/" + runId + "/approve", Map.of(), 200);
            awaitUntil("the numbered run", () -> {
                BillingRun.State state = runs.run(runId).state();
                return state == BillingRun.State.APPROVED || state == BillingRun.State.SENT;
            });
            double approveSeconds = BenchSupport.seconds(System.nanoTime() - a0);
            long peak = sampler.stop();
            // The run's mail and collection follow as their own steps; they are other benchmarks' business.
            runtime.createProcessInstanceQuery().processInstanceBusinessKey(businessKey).list()
                    .forEach(p -> runtime.suspendProcessInstanceById(p.getId()));
            Map<String, Object> numbered = jdbc.sql("""
                            select count(*) as charges, count(distinct number) as numbers,
                                   count(*) filter (where status = 'OPEN') as open
                            from duesflow.charge where run_id = :id""").param("id", runId).query().singleRow();
            check(((Number) numbered.get("numbers")).intValue() == size, "after approval: " + numbered);
            OUT.printf(Locale.ROOT, "process: POST …/approve completed the task; the numbering step gave %s numbers "
                    + "in %.2f s%n", numbered.get("numbers"), approveSeconds);

            whereTheTimeWent(context.getBean(org.camunda.bpm.engine.HistoryService.class), businessKey);

            double seconds = generateSeconds + approveSeconds;
            double baseline = baselineGenerate + baselineApprove;
            OUT.printf(Locale.ROOT, "heap: peak %d MB through the process path; -Xmx %d MB (goal ≤ 512)%n", peak,
                    BenchSupport.mb(Runtime.getRuntime().maxMemory()));
            OUT.printf(Locale.ROOT, "ratio to billing-run's generate + approve: %.2f (goal ≤ 1.3)%n", seconds / baseline);
            return String.format(Locale.ROOT, "cycle-approve size=%d seconds=%.2f baseline_seconds=%.2f ratio=%.2f "
                    + "peak_heap_mb=%d", size, seconds, baseline, seconds / baseline, peak);
        }
    }

    /**
     * The process path's time by step, from the engine's history: the time inside each step's activity (summed over a
     * loop's rounds), and the time between steps (waiting for the job executor, committing, the history itself).
     */
    private static void whereTheTimeWent(org.camunda.bpm.engine.HistoryService history, String businessKey) {
        String instance = history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(businessKey)
                .processDefinitionKey(RunProcesses.KEY).singleResult().getId();
        var steps = history.createHistoricActivityInstanceQuery().processInstanceId(instance)
                .orderByHistoricActivityInstanceStartTime().asc().orderPartiallyByOccurrence().asc().list();
        Map<String, long[]> byStep = new java.util.LinkedHashMap<>();
        long between = 0;
        java.util.Date lastEnd = null;
        for (var step : steps) {
            if (step.getEndTime() == null || "userTask".equals(step.getActivityType())) {
                lastEnd = step.getEndTime();
                continue;
            }
            long[] sum = byStep.computeIfAbsent(step.getActivityName(), name -> new long[2]);
            sum[0] += step.getEndTime().getTime() - step.getStartTime().getTime();
            sum[1]++;
            if (lastEnd != null && step.getStartTime().after(lastEnd)) {
                between += step.getStartTime().getTime() - lastEnd.getTime();
            }
            lastEnd = step.getEndTime();
        }
        StringBuilder text = new StringBuilder("process path by step (history):");
        byStep.forEach((name, sum) -> {
            if (sum[0] >= 50) {
                text.append(String.format(Locale.ROOT, " %s %.2f s (%d×);", name, sum[0] / 1000.0, sum[1]));
            }
        });
        text.append(String.format(Locale.ROOT, " between steps %.2f s", between / 1000.0));
        OUT.println(text);
    }

    private static boolean waiting(TaskService tasks, String businessKey, String taskKey) {
        return tasks.createTaskQuery().processInstanceBusinessKey(businessKey).taskDefinitionKey(taskKey).count() > 0;
    }

    /** Polls every 20 ms: the job executor works on its own threads; a benchmark only watches. */
    private static void awaitUntil(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Waited " + PATIENCE + " for " + what + "; see target/bench-cycle-approve.log");
            }
            Thread.sleep(20);
        }
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalStateException("The cycle is wrong: " + problem);
        }
    }

    /** The REST door, as the administrator (a member of the treasurers); the cycle benchmark's too. */
    record Rest(int port) {
        private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        private static final ObjectMapper JSON = new ObjectMapper();

        JsonNode post(String path, Object body, int expectedStatus) throws Exception {
            String auth = Base64.getEncoder().encodeToString(("admin:" + BenchSupport.ADMIN_PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Basic " + auth).header("Content-Type", "application/json")
                    .timeout(Duration.ofMinutes(5))
                    .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ", expected "
                        + expectedStatus + ": " + response.body());
            }
            return JSON.readTree(response.body());
        }
    }
}
