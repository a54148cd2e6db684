package io.duesflow.dunning;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import io.duesflow.BenchSupport;
import io.duesflow.billing.ApprovalEdits;
import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.billing.ChargeTemplate;
import io.duesflow.billing.Charges;
import io.duesflow.members.Association;
import io.duesflow.members.MemberRegister;
import io.duesflow.members.PostalAddress;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code bench/run dunning --size N}: a sent run of N charges (default 100 000; members in Danish, Dutch and English,
 * each with a mail address) of which every tenth is still unpaid on the first reminder date, the rest paid. Its
 * {@code dunning} instance starts as the billing cycle starts it; the engine's job executor runs it, as in production.
 * <p>
 * Timed: <b>selection</b>, from the start until the round's approval task waits (the timer, collecting the unpaid
 * charges; the association's notice goes out beside the task); <b>approval</b>, from the REST approval with a 50 kr fee until the
 * round is sent (the law's check, the decision, every reminder and fee on its charge, the reminders queued, the fees
 * booked); then <b>sending</b>: until an in-process SMTP server (GreenMail) has received every reminder with its PDF,
 * the production way (the round's call of {@code run-mail}, Camel Mail), whose rate compares with
 * {@code bench/run mail}. The last line is {@code dunning size=N seconds=S baseline_seconds=- ratio=- peak_heap_mb=H}
 * with S selection plus approval (goal ≤ 3 s); the sending's rate is on the line before.
 */
public final class DunningBenchmark {

    private static final PrintStream OUT = System.out;
    private static final Duration PATIENCE = Duration.ofMinutes(20);
    private static final String PASSWORD = BenchSupport.ADMIN_PASSWORD;

    public static void main(String[] args) throws Exception {
        BenchSupport.main("dunning", args, 100_000, DunningBenchmark::run);
    }

    private static String run(int size, Path dataDir) throws Exception {
        int smtpPort = freePort();
        // Every mail in one mailbox: see BenchSupport.smtpServer.
        GreenMail smtp = BenchSupport.smtpServer(smtpPort);
        try (ConfigurableApplicationContext context = BenchSupport.startApplication(dataDir,
                "--duesflow.mail.smtp.host=127.0.0.1", "--duesflow.mail.smtp.port=" + smtpPort,
                "--duesflow.mail.smtp.starttls=false",
                // The round's own mail process sends its reminders, as in production; the outbox route's poll, which
                // only tries again what a server refused, stays out of the way.
                "--duesflow.mail.outbox.poll-interval=1h",
                "--camunda.bpm.job-execution.enabled=true", "--duesflow.cycle.catch-up=false",
                // The first reminder date is today: its round starts at once, whatever the hour.
                "--duesflow.dunning.at=00:00")) {
            MemberRegister register = context.getBean(MemberRegister.class);
            BillingRuns runs = context.getBean(BillingRuns.class);
            Charges charges = context.getBean(Charges.class);
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            RuntimeService runtime = context.getBean(RuntimeService.class);
            TaskService tasks = context.getBean(TaskService.class);
            ReminderRounds rounds = context.getBean(ReminderRounds.class);
            int httpPort = ((WebServerApplicationContext) context).getWebServer().getPort();
            LocalDate today = LocalDate.now(context.getBean(Clock.class));

            Association a = register.association();
            register.updateAssociation(new Association(a.id(), a.version(), "Roklubben Øresund", "kasserer@roklub.dk",
                    new PostalAddress("Strandvejen", "12", "2100", "København Ø", "DK"), "DKK", a.timeZone(),
                    a.languages(), "DK5000400440116243", null, a.sepaCreditorId(), a.betalingsserviceCreditor(),
                    "12345678", a.defaultCollectionMethod(), a.monthlySuspensionFee(), a.receivablesAccount(),
                    a.incomeAccount(), a.feeAccount(), a.bankAccount(), a.sepa(), a.createdAt(), a.createdBy(),
                    a.updatedAt(), a.updatedBy()));
            register.createGroup("Everyone", null, null);
            long load = System.nanoTime();
            StringBuilder csv = new StringBuilder("member_number;name;email;street;building_number;postcode;town;"
                    + "country;join_date;language;collection_method;groups\r\n");
            String[] languages = {"da", "nl", "en"};
            for (int i = 1; i <= size; i++) {
                csv.append(i).append(";Medlem ").append(i).append(" Sørensen;member").append(i).append("@example.org;")
                        .append("Havnegade;").append(i % 200 + 1).append(";1058;København K;DK;2020-01-01;")
                        .append(languages[i % 3]).append(";INVOICE;Everyone\r\n");
            }
            BenchSupport.importCsv(HttpClient.newHttpClient(), new ObjectMapper(), httpPort,
                    csv.toString().getBytes(StandardCharsets.UTF_8), size);
            BillingRun run = runs.createFromTemplate("Kontingent 2027", null, List.of(new ChargeTemplate.Line(
                    "Kontingent 2027", new BigDecimal("450.00"), null)), null, "Everyone", today, null, null);
            runs.generate(run.id());
            runs.approve(run.id(), new ApprovalEdits(null, null, null, null, today, today.plusDays(14), null, null,
                    null, null, null, null));
            // The invoices went out long ago (that is bench/run mail's business), and the run was sent.
            jdbc.sql("update duesflow.mail_outbox set status = 'SENT', sent_at = now() where run_id = :run")
                    .param("run", run.id()).update();
            runs.markSent(run.id());
            List<Long> ids = jdbc.sql("""
                            select id from duesflow.charge where run_id = :run and member_number % 10 <> 0 order by id""")
                    .param("run", run.id()).query(Long.class).list();
            List<Charges.PaymentOrder> paid = new ArrayList<>(ids.size());
            ids.forEach(id -> paid.add(new Charges.PaymentOrder(id, new BigDecimal("450.00"), "paid before the reminder")));
            charges.registerPayments(paid);
            int unpaid = size - ids.size();
            OUT.printf(Locale.ROOT, "%d members, a sent run of %d charges of which %d are paid and %d unpaid on the first "
                    + "reminder date (not timed, %.0f s)%n", size, size, ids.size(), unpaid,
                    BenchSupport.seconds(System.nanoTime() - load));

            // --- selection: from the cycle's start of the run's reminders until the round waits for approval -------
            System.gc();
            BenchSupport.HeapSampler sampler = BenchSupport.HeapSampler.started();
            String database = dataDir.resolve("postgres").toString();
            io.duesflow.mail.CpuUse.Snapshot cpuAtStart = io.duesflow.mail.CpuUse.now(database);
            String businessKey = DunningProcesses.businessKey(run.id());
            long s0 = System.nanoTime();
            String instance = runtime.startProcessInstanceByKey(DunningProcesses.KEY, businessKey,
                    Map.of(DunningVariables.RUN_ID, run.id(), DunningVariables.SEND_NOW, false)).getId();
            awaitUntil("the round's approval task", () -> tasks.createTaskQuery().processInstanceId(instance)
                    .taskDefinitionKey(DunningProcesses.APPROVAL_TASK).count() > 0);
            double selectSeconds = BenchSupport.seconds(System.nanoTime() - s0);
            long roundId = ((Number) runtime.getVariable(instance, DunningVariables.ROUND_ID)).longValue();
            ReminderRound selected = rounds.round(roundId);
            check(selected.reminders() == unpaid, "the round collected " + selected.reminders() + ", expected " + unpaid);
            OUT.printf(Locale.ROOT, "selection: %d unpaid charges of %d collected and the round's approval task "
                    + "waiting (the association's notice goes beside it) in %.2f s%n", selected.reminders(), size, selectSeconds);

            // --- approval: from the treasurer's approval (a 50 kr fee) until every reminder is on its charge ------
            long a0 = System.nanoTime();
            post(httpPort, "/api/dunning/runs/" + run.id() + "/round/approve", "{\"reminderFee\": 50.00, \"payBy\": \""
                    + today.plusDays(14) + "\"}");
            double answered = BenchSupport.seconds(System.nanoTime() - a0);
            awaitUntil("the round sent", () -> rounds.round(roundId).state() == ReminderRound.State.SENT);
            double approveSeconds = BenchSupport.seconds(System.nanoTime() - a0);
            io.duesflow.mail.CpuUse.Snapshot cpuAtSent = io.duesflow.mail.CpuUse.now(database);
            whereTheTimeWent(context.getBean(HistoryService.class), instance);
            ReminderRound sent = rounds.round(roundId);
            check(sent.sent() == unpaid, "the round sent " + sent.sent() + ", expected " + unpaid);
            OUT.printf(Locale.ROOT, "approval: the task completed (answered in %.2f s); %d reminders and fees on their "
                            + "charges, queued and booked (%s in fees), in %.2f s%n", answered, sent.sent(),
                    sent.feesTotal().toPlainString(), approveSeconds);

            // --- sending: until the SMTP server has every reminder --------------------------------------------------
            long m0 = System.nanoTime();
            long nextReport = m0 + Duration.ofSeconds(10).toNanos();
            int done;
            int doneAtReport = 0;
            while ((done = jdbc.sql("""
                            select count(*) from duesflow.mail_outbox
                            where run_id = :run and kind = 'FIRST_REMINDER' and status <> 'QUEUED'""")
                    .param("run", run.id()).query(Integer.class).single()) < unpaid) {
                if (System.nanoTime() - m0 > PATIENCE.toNanos()) {
                    throw new IllegalStateException("Only " + done + " of " + unpaid + " reminders were sent in " + PATIENCE);
                }
                if (System.nanoTime() >= nextReport) {
                    OUT.printf(Locale.ROOT, "  %3.0f s: %d sent, %.0f mails/s in the last 10 s%n",
                            BenchSupport.seconds(System.nanoTime() - m0), done, (done - doneAtReport) / 10.0);
                    doneAtReport = done;
                    nextReport += Duration.ofSeconds(10).toNanos();
                }
                Thread.sleep(20);
            }
            double sendSeconds = BenchSupport.seconds(System.nanoTime() - m0);
            long peak = sampler.stop();
            int received = smtp.getReceivedMessages().length;
            check(received == unpaid + 1, "GreenMail received " + received + " mails, expected " + unpaid
                    + " reminders and the association's notice");
            Map<String, Object> after = jdbc.sql("""
                            select count(*) filter (where reminder_level = 1) as reminded,
                                   count(*) filter (where status = 'PAID' and reminder_level = 0) as paid_untouched,
                                   (select count(*) from duesflow.charge_line l join duesflow.charge c on c.id = l.charge_id
                                    where c.run_id = :run and l.kind = 'FEE') as fee_lines,
                                   (select count(*) from duesflow.journal_line l join duesflow.voucher v on v.id = l.voucher_id
                                    where v.source = 'REMINDER_FEE') as fee_postings
                            from duesflow.charge where run_id = :run""").param("run", run.id()).query().singleRow();
            check(((Number) after.get("reminded")).intValue() == unpaid
                    && ((Number) after.get("paid_untouched")).intValue() == size - unpaid
                    && ((Number) after.get("fee_lines")).intValue() == unpaid
                    && ((Number) after.get("fee_postings")).intValue() == 2 * unpaid, "after the round: " + after);
            whereTheTimeWent(context.getBean(HistoryService.class), instance);
            OUT.printf(Locale.ROOT, "sending: %d reminder mails with PDF received by SMTP in %.2f s, %.0f mails/s "
                    + "(bench/run mail's goal ≥ 250)%n", unpaid, sendSeconds, unpaid / sendSeconds);
            double seconds = selectSeconds + approveSeconds;
            // On a machine shared with other work the wall clock says little: the processor time the selection and the
            // approval took, the application's and its PostgreSQL's, is what two free cores would have to do.
            double jvmCpu = (cpuAtSent.processNanos() - cpuAtStart.processNanos()) / 1e9;
            double databaseCpu = (cpuAtSent.childProcessNanos() - cpuAtStart.childProcessNanos()) / 1e9;
            OUT.printf(Locale.ROOT, "processor time of selection and approval: %.2f s (application %.2f s, PostgreSQL "
                    + "%.2f s), the association's notice beside them included; load average when done %.1f on %d "
                    + "cores%n", jvmCpu + databaseCpu, jvmCpu, databaseCpu,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
            OUT.printf(Locale.ROOT, "selection %.2f s + approval %.2f s = %.2f s (goal ≤ 3); heap peak %d MB, -Xmx %d MB%n",
                    selectSeconds, approveSeconds, seconds, peak, BenchSupport.mb(Runtime.getRuntime().maxMemory()));
            return String.format(Locale.ROOT, "dunning size=%d seconds=%.2f baseline_seconds=- ratio=- peak_heap_mb=%d",
                    size, seconds, peak);
        } finally {
            smtp.stop();
        }
    }

    /**
     * The round's steps from the engine's history: when each began (seconds after the instance started) and how long
     * it took, so the time between steps (a job waiting for the job executor, a commit) shows as well.
     */
    private static void whereTheTimeWent(HistoryService history, String instance) {
        StringBuilder text = new StringBuilder("dunning steps (history, began at +s, took s):");
        long start = history.createHistoricProcessInstanceQuery().processInstanceId(instance).singleResult()
                .getStartTime().getTime();
        history.createHistoricActivityInstanceQuery().processInstanceId(instance)
                .orderByHistoricActivityInstanceStartTime().asc().list().forEach(step -> {
                    if (step.getActivityName() != null && !step.getActivityType().contains("Gateway")
                            && !step.getActivityType().equals("startEvent")) {
                        text.append(String.format(Locale.ROOT, " %s +%.2f %s;", step.getActivityName(),
                                (step.getStartTime().getTime() - start) / 1000.0, step.getDurationInMillis() == null
                                        ? "…" : String.format(Locale.ROOT, "%.2f", step.getDurationInMillis() / 1000.0)));
                    }
                });
        OUT.println(text);
    }

    private static void post(int port, String path, String body) throws Exception {
        String auth = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Basic " + auth)
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static void awaitUntil(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Waited " + PATIENCE + " for " + what + "; see target/bench-dunning.log");
            }
            Thread.sleep(20);
        }
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalStateException("The round is wrong: " + problem);
        }
    }
}
