package io.duesflow.cycle;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.duesflow.BenchSupport;
import io.duesflow.banking.Camt053BenchFile;
import io.duesflow.banking.Pain008Benchmark;
import io.duesflow.billing.BillingLine;
import io.duesflow.billing.BillingLineInput;
import io.duesflow.billing.BillingRules;
import io.duesflow.mail.CpuUse;
import io.duesflow.members.Association;
import io.duesflow.members.MemberRegister;
import io.duesflow.members.PostalAddress;
import io.duesflow.members.SepaSettings;
import io.duesflow.platform.BusinessClock;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code bench/run cycle --size N}: one whole month for N members (default 100 000) with two monthly lines, through
 * the processes as production runs them (the engine's job executor on, nothing called behind the processes' back):
 * <ol>
 *     <li><b>generate</b>: the month's cycle starts (as the example data's first look starts it: generation at once)
 *     and its run is generated chunk by chunk until the approval task waits;</li>
 *     <li><b>approve</b>: the task completed through {@code POST …/approve} with the reminder dates, until the run is
 *     numbered and booked (dues owed against income, per charge line);</li>
 *     <li><b>invoice mails and pain.008</b>, side by side as after an approval: every member's invoice (PDF) to an
 *     SMTP server in another process ({@code bench/smtp-sink.py}, which logs each accepted mail's Message-ID), and
 *     the direct-debit members' collection placed as schema-checked pain.008 files in the bank outbox;</li>
 *     <li><b>camt.053</b>: a statement paying 90 % of the charges (the collections by their end-to-end ids, the
 *     invoices by their RF references) dropped in the bank inbox, until it is imported, matched and booked;</li>
 *     <li><b>first reminder round</b>: the clock moved to the first reminder date; the run's reminder process
 *     collects the unpaid tenth, its approval task is completed over REST, and the reminders are mailed.</li>
 * </ol>
 * Seven in ten members pay by SEPA direct debit with a mandate, the rest by invoice; all have a mail address. Every
 * step's seconds are printed, and the whole; then what the SMTP server received (doubles = a Message-ID twice),
 * the application's resident memory at its peak (VmHWM) and the processor time. The last line is
 * {@code cycle size=N seconds=S baseline_seconds=- ratio=- peak_heap_mb=H}; goal S ≤ 720 on two cores and a
 * resident memory ≤ 1.5 GB. A Danish association's Betalingsservice share is not in it: one installation bills in
 * one currency, and Danish collection is {@code bench/run betalingsservice}'s business.
 */
public final class CycleBenchmark {

    private static final PrintStream OUT = System.out;
    private static final Duration PATIENCE = Duration.ofMinutes(40);
    private static final LocalDate DUE = LocalDate.of(2027, 2, 1);
    private static final LocalDate FIRST_REMINDER = LocalDate.of(2027, 2, 20);
    private static final BigDecimal DUES = new BigDecimal("37.50");
    private static final BigDecimal MAGAZINE = new BigDecimal("4.25");
    private static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");

    public static void main(String[] args) throws Exception {
        BenchSupport.main("cycle", args, 100_000, CycleBenchmark::run);
    }

    private static String run(int size, Path dataDir) throws Exception {
        Path sink = Path.of(System.getProperty("duesflow.bench.smtp-sink", "bench/smtp-sink.py"));
        int smtpPort = freePort();
        Path smtpLog = dataDir.resolve("smtp-accepted.log");
        Files.createDirectories(dataDir);
        Process smtp = new ProcessBuilder("python3", sink.toString(), String.valueOf(smtpPort), smtpLog.toString())
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("smtp-sink.out").toFile()).start();
        try (ConfigurableApplicationContext context = BenchSupport.startApplication(dataDir,
                "--camunda.bpm.job-execution.enabled=true", "--duesflow.cycle.catch-up=false",
                // A movable clock, as the tests have it: the month starts the day after its draft day.
                "--duesflow.time.start=2027-01-02T07:00:00Z",
                // A job made due by moving the clock is found within two seconds instead of a minute.
                "--camunda.bpm.job-execution.max-wait=2000",
                "--duesflow.mail.smtp.host=127.0.0.1", "--duesflow.mail.smtp.port=" + smtpPort,
                "--duesflow.mail.smtp.starttls=false",
                "--duesflow.bank.inbox-poll.poll-interval=1s", "--duesflow.bank.inbox-poll.settle-time=1s")) {
            awaitPort(smtpPort);
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            TaskService tasks = context.getBean(TaskService.class);
            BusinessClock clock = context.getBean(BusinessClock.class);
            int httpPort = ((WebServerApplicationContext) context).getWebServer().getPort();
            CycleApproveBenchmark.Rest rest = new CycleApproveBenchmark.Rest(httpPort);
            Path inbox = dataDir.resolve("data").resolve("bank").resolve("inbox");
            setUp(context, httpPort, size);

            String database = dataDir.resolve("postgres").toString();
            CpuUse.Snapshot cpuAtStart = CpuUse.now(database);
            BenchSupport.HeapSampler heap = BenchSupport.HeapSampler.started();
            Map<String, Double> steps = new LinkedHashMap<>();
            long start = System.nanoTime();

            // --- generate ------------------------------------------------------------------------------------------
            long t = System.nanoTime();
            check(context.getBean(CycleCatchUp.class).startIfMissed(true), "the month's cycle did not start");
            long runId = awaitValue("the month's run", () -> jdbc.sql("""
                    select id from duesflow.billing_run where period_from = :due""").param("due", DUE)
                    .query(Long.class).optional().orElse(null));
            awaitUntil("the run's approval task", () -> tasks.createTaskQuery()
                    .processInstanceBusinessKey("run-" + runId).taskDefinitionKey("ApproveRun").count() > 0);
            int charges = count(jdbc, "select count(*) from duesflow.charge where run_id = :run", runId);
            check(charges == size, "the run billed " + charges + " members of " + size);
            steps.put("generate", since(t));
            OUT.printf(Locale.ROOT, "generate: the cycle's run billed %d members (two lines each), the approval task "
                    + "waits: %.2f s%n", charges, steps.get("generate"));

            // --- approve -------------------------------------------------------------------------------------------
            t = System.nanoTime();
            rest.post("/api/billing/runs/" + runId + "/approve", Map.of("firstReminderOn", FIRST_REMINDER.toString(),
                    "secondReminderOn", FIRST_REMINDER.plusDays(14).toString()), 200);
            awaitUntil("the numbered and booked run", () -> count(jdbc, """
                    select count(*) from duesflow.charge where run_id = :run and number is not null""", runId) == size
                    && count(jdbc, """
                    select count(*) from duesflow.voucher where source = 'RUN_APPROVED' and source_key = cast(:run as text)""",
                    runId) > 0);
            steps.put("approve", since(t));
            OUT.printf(Locale.ROOT, "approve: the task completed over REST, %d charges numbered and booked: %.2f s%n",
                    size, steps.get("approve"));

            // --- invoice mails and pain.008, side by side ------------------------------------------------------------
            t = System.nanoTime();
            int directDebits = count(jdbc, """
                    select count(*) from duesflow.charge where run_id = :run and collection_method = 'SEPA_DIRECT_DEBIT'""",
                    runId);
            double[] placedAt = {-1};
            long mailsStart = t;
            long nextReport = t + Duration.ofSeconds(30).toNanos();
            while (true) {
                int queued = count(jdbc, """
                        select count(*) from duesflow.mail_outbox where run_id = :run and status = 'QUEUED'""", runId);
                if (placedAt[0] < 0 && count(jdbc, "select count(*) from duesflow.sepa_collection where run_id = :run",
                        runId) == directDebits) {
                    placedAt[0] = since(t);
                    OUT.printf(Locale.ROOT, "  pain.008: %d collections placed in the bank outbox after %.2f s%n",
                            directDebits, placedAt[0]);
                }
                if (queued == 0 && placedAt[0] >= 0) {
                    break;
                }
                if (System.nanoTime() > nextReport) {
                    OUT.printf(Locale.ROOT, "  %4.0f s: %d invoice mails still queued%n", since(mailsStart), queued);
                    nextReport += Duration.ofSeconds(30).toNanos();
                }
                if (System.nanoTime() - t > PATIENCE.toNanos()) {
                    throw new IllegalStateException(queued + " mails still queued after " + PATIENCE);
                }
                Thread.sleep(50);
            }
            steps.put("invoice mails and pain.008", since(t));
            int sentInvoices = count(jdbc, """
                    select count(*) from duesflow.mail_outbox where run_id = :run and status = 'SENT'""", runId);
            OUT.printf(Locale.ROOT, "invoice mails and pain.008: %d invoices accepted by SMTP (%.0f mails/s), %d "
                            + "direct debits in %d pain.008 files: %.2f s%n", sentInvoices,
                    sentInvoices / steps.get("invoice mails and pain.008"), directDebits,
                    count(jdbc, "select count(*) from duesflow.sepa_file where run_id = :run", runId),
                    steps.get("invoice mails and pain.008"));

            // --- camt.053 paying 90 % -----------------------------------------------------------------------------------
            List<Camt053BenchFile.Credit> credits = payments(jdbc, runId);
            BigDecimal paidTotal = credits.stream().map(Camt053BenchFile.Credit::amount)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            Path statement = dataDir.resolve("camt053-cycle.xml");
            Camt053BenchFile.write(statement, "CYCLE-" + runId, "CYCLE-" + runId + "-" + DUE, DUE, paidTotal, credits);
            t = System.nanoTime();
            Files.move(statement, inbox.resolve("camt053-" + DUE + ".xml"));
            awaitUntil("the statement imported", () -> count(jdbc, """
                    select count(*) from duesflow.bank_file where message_id = 'CYCLE-' || :run""", runId) > 0);
            steps.put("camt.053", since(t));
            int paid = count(jdbc, "select count(*) from duesflow.charge where run_id = :run and status = 'PAID'", runId);
            check(paid == credits.size(), paid + " charges paid by a statement of " + credits.size() + " credits");
            OUT.printf(Locale.ROOT, "camt.053: %d credits (%s EUR) imported, matched and booked, %d charges paid: "
                    + "%.2f s%n", credits.size(), paidTotal.toPlainString(), paid, steps.get("camt.053"));

            // --- the first reminder round ------------------------------------------------------------------------------
            int unpaid = size - paid;
            t = System.nanoTime();
            awaitUntil("the month's cycle to end (it starts the run's reminders last)", () -> context.getBean(
                    org.camunda.bpm.engine.HistoryService.class).createHistoricProcessInstanceQuery()
                    .processInstanceBusinessKey("cycle-" + DUE.toString().substring(0, 7)).finished().count() > 0);
            // Next month's cycle would start on the way (its draft day, the 1st) and bill everyone again; it is held,
            // so this step times the round alone.
            context.getBean(ManagementService.class).suspendJobDefinitionByProcessDefinitionKey("billing-cycle");
            clock.moveTo(FIRST_REMINDER.atTime(LocalTime.of(7, 0)).atZone(ZONE).toInstant());
            awaitUntil("the reminder round's approval task", () -> tasks.createTaskQuery()
                    .processInstanceBusinessKey("dunning-" + runId).taskDefinitionKey("ApproveReminderRound")
                    .count() > 0);
            double selected = since(t);
            rest.post("/api/dunning/runs/" + runId + "/round/approve", Map.of("payBy",
                    FIRST_REMINDER.plusDays(10).toString()), 200);
            awaitUntil("every reminder mailed", () -> count(jdbc, """
                    select count(*) from duesflow.mail_outbox where run_id = :run and kind = 'FIRST_REMINDER'
                      and status = 'SENT'""", runId) == unpaid);
            steps.put("first reminder round", since(t));
            OUT.printf(Locale.ROOT, "first reminder round: the clock on to %s, %d unpaid charges collected and the "
                    + "round's task waiting after %.2f s, approved over REST, %d reminders mailed: %.2f s%n",
                    FIRST_REMINDER, unpaid, selected, unpaid, steps.get("first reminder round"));

            double seconds = since(start);
            long peakHeap = heap.stop();
            CpuUse.Snapshot cpuAtEnd = CpuUse.now(database);

            // --- what came out -----------------------------------------------------------------------------------------
            Map<String, Object> billed = jdbc.sql("""
                    select count(*) as charges, count(distinct member_number) as members,
                           (select count(*) from duesflow.voucher v where not exists (select 1 from duesflow.journal_line l
                              where l.voucher_id = v.id)) as empty_vouchers,
                           (select coalesce(sum(amount), 0) from duesflow.journal_line) as imbalance
                    from duesflow.charge where run_id = :run""").param("run", runId).query().singleRow();
            check(((Number) billed.get("charges")).intValue() == size
                    && ((Number) billed.get("members")).intValue() == size, "billed: " + billed);
            check(new BigDecimal(billed.get("imbalance").toString()).signum() == 0, "the ledger: " + billed);
            List<String> accepted = Files.readAllLines(smtpLog);
            java.util.Set<String> distinct = new java.util.HashSet<>(accepted);
            List<String> sent = jdbc.sql("select '<' || message_id || '>' from duesflow.mail_outbox where status = 'SENT'")
                    .query(String.class).list();
            long lost = sent.stream().filter(id -> !distinct.contains(id)).count();
            check(lost == 0, lost + " mails the outbox calls sent never reached the SMTP server");
            OUT.printf(Locale.ROOT, "checked: %d members billed once each; the ledger balances; the outbox sent %d "
                            + "mails, every one received; the SMTP server accepted %d mails under %d Message-IDs "
                            + "(doubles=%d, lost=%d)%n", size, sent.size(), accepted.size(), distinct.size(),
                    accepted.size() - distinct.size(), lost);
            double jvmCpu = (cpuAtEnd.processNanos() - cpuAtStart.processNanos()) / 1e9;
            double databaseCpu = (cpuAtEnd.childProcessNanos() - cpuAtStart.childProcessNanos()) / 1e9;
            StringBuilder split = new StringBuilder("steps:");
            steps.forEach((name, s) -> split.append(String.format(Locale.ROOT, " %s %.1f s;", name, s)));
            OUT.println(split);
            OUT.printf(Locale.ROOT, "whole month %.1f s (goal ≤ 720); processor time %.1f s (application %.1f s, "
                            + "PostgreSQL %.1f s); resident memory at its peak %d MB (goal ≤ 1536), heap peak %d MB, "
                            + "-Xmx %d MB; load average at the end %.1f on %d cores%n", seconds,
                    jvmCpu + databaseCpu, jvmCpu, databaseCpu, residentPeakMb(), peakHeap,
                    BenchSupport.mb(Runtime.getRuntime().maxMemory()),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
            return String.format(Locale.ROOT, "cycle size=%d seconds=%.2f baseline_seconds=- ratio=- peak_heap_mb=%d",
                    size, seconds, peakHeap);
        } finally {
            smtp.destroy();
        }
    }

    /**
     * The association (EUR, a SEPA creditor, collections booked one by one), N members through the CSV import — seven
     * in ten with a SEPA mandate, all with a mail address, three languages — and two monthly lines first due on the
     * 1st of February. Not timed.
     */
    private static void setUp(ConfigurableApplicationContext context, int httpPort, int size) throws Exception {
        MemberRegister register = context.getBean(MemberRegister.class);
        Association a = register.association();
        register.updateAssociation(new Association(a.id(), a.version(), "Roklubben Øresund", "kasserer@roklub.example",
                new PostalAddress("Strandvejen", "12", "2100", "København Ø", "DK"), "EUR", a.timeZone(),
                a.languages(), Camt053BenchFile.ACCOUNT_IBAN, "COBADEFFXXX", "DE98ZZZ09999999999",
                a.betalingsserviceCreditor(), a.fiCreditorNumber(), a.defaultCollectionMethod(),
                a.monthlySuspensionFee(), a.receivablesAccount(), a.incomeAccount(), a.feeAccount(), a.bankAccount(),
                new SepaSettings(SepaSettings.DEFAULTS.pain008Version(), false, false, false,
                        SepaSettings.DEFAULTS.leadDays()), a.createdAt(), a.createdBy(), a.updatedAt(), a.updatedBy()));
        long load = System.nanoTime();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        ObjectMapper json = new ObjectMapper();
        String[] languages = {"da", "nl", "en"};
        int chunk = 50_000;
        for (int first = 1; first <= size; first += chunk) {
            int rows = Math.min(chunk, size - first + 1);
            StringBuilder csv = new StringBuilder(rows * 160).append("member_number;name;email;street;building_number;"
                    + "postcode;town;country;join_date;language;collection_method;sepa_mandate_id;iban;"
                    + "mandate_signed_on\r\n");
            for (int n = first; n < first + rows; n++) {
                boolean debited = n % 10 < 7;
                csv.append(n).append(";Medlem ").append(n).append(" Sørensen;member").append(n).append("@example.org;")
                        .append("Havnegade;").append(n % 200 + 1).append(";1058;København K;DK;2020-01-01;")
                        .append(languages[n % 3]).append(';').append(debited ? "SEPA_DIRECT_DEBIT" : "INVOICE")
                        .append(';');
                if (debited) {
                    csv.append("M-").append(n).append(';').append(Pain008Benchmark.iban("DE", n)).append(";2024-05-01");
                } else {
                    csv.append(";;");
                }
                csv.append("\r\n");
            }
            BenchSupport.importCsv(http, json, httpPort, csv.toString().getBytes(StandardCharsets.UTF_8), rows);
        }
        BillingRules rules = context.getBean(BillingRules.class);
        rules.create(monthlyLine("Kontingent", 1, DUES));
        rules.create(monthlyLine("Klubblad", 2, MAGAZINE));
        OUT.printf(Locale.ROOT, "%d members (seven in ten by SEPA direct debit) and two monthly lines (%s + %s EUR) "
                + "loaded through POST /api/members/import in %.1f s (not timed)%n", size, DUES, MAGAZINE,
                BenchSupport.seconds(System.nanoTime() - load));
    }

    private static BillingLineInput monthlyLine(String name, int position, BigDecimal price) {
        return new BillingLineInput(name, position, BillingLine.Kind.SCHEDULED, BillingLine.Frequency.MONTHLY, DUE, null,
                null, true, BillingLine.Who.ALL, null, null, null, null, BillingLine.PriceKind.FIXED, price, null, null,
                null, null);
    }

    /**
     * What nine in ten members paid, as the bank reports it: every direct debit (a debit the bank has not yet credited
     * is still with the bank, not owed) and the invoices but those of member numbers ending in 9.
     */
    private static List<Camt053BenchFile.Credit> payments(JdbcClient jdbc, long runId) {
        List<Camt053BenchFile.Credit> credits = new ArrayList<>();
        jdbc.sql("""
                        select c.id, c.member_number, c.total, c.rf_reference, s.end_to_end_id, m.name,
                               (select iban from duesflow.sepa_mandate sm where sm.member_id = m.id limit 1) as iban
                        from duesflow.charge c join duesflow.member m on m.member_number = c.member_number
                        left join duesflow.sepa_collection s on s.charge_id = c.id
                        where c.run_id = :run and c.member_number % 10 <> 9 order by c.id""")
                .param("run", runId).query((row, i) -> {
                    String endToEnd = row.getString("end_to_end_id");
                    long number = row.getLong("member_number");
                    String iban = row.getString("iban") != null ? row.getString("iban")
                            : Pain008Benchmark.iban("NL", number);
                    return endToEnd != null
                            ? new Camt053BenchFile.Credit(row.getLong("id"), row.getBigDecimal("total"),
                                    Camt053BenchFile.Match.END_TO_END_ID, endToEnd, null, row.getString("name"), iban,
                                    null)
                            : new Camt053BenchFile.Credit(row.getLong("id"), row.getBigDecimal("total"),
                                    Camt053BenchFile.Match.RF_REFERENCE, null, row.getString("rf_reference"),
                                    row.getString("name"), iban, null);
                }).list().forEach(credits::add);
        return credits;
    }

    private static int count(JdbcClient jdbc, String sql, long runId) {
        return jdbc.sql(sql).paramSource(Map.of("run", runId)).query(Integer.class).single();
    }

    private static double since(long nanos) {
        return BenchSupport.seconds(System.nanoTime() - nanos);
    }

    /** The application's resident memory at its peak (Linux: VmHWM), in MB. */
    private static long residentPeakMb() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("VmHWM:"))
                .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024).findFirst().orElse(-1L);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws Exception {
        awaitUntil("the SMTP server", () -> {
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Polls every 50 ms: the job executor works on its own threads; a benchmark only watches. */
    private static void awaitUntil(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Waited " + PATIENCE + " for " + what + "; see target/bench-cycle.log");
            }
            Thread.sleep(50);
        }
    }

    private static <T> T awaitValue(String what, java.util.function.Supplier<T> value) throws InterruptedException {
        Object[] found = {null};
        awaitUntil(what, () -> (found[0] = value.get()) != null);
        @SuppressWarnings("unchecked")
        T result = (T) found[0];
        return result;
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalStateException("The month went wrong: " + problem);
        }
    }
}
