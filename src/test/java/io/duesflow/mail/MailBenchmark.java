package io.duesflow.mail;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import io.duesflow.BenchSupport;
import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.billing.ChargeTemplate;
import io.duesflow.members.Association;
import io.duesflow.members.MemberRegister;
import io.duesflow.members.PostalAddress;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.HistoryService;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code bench/run mail --size N}: N members (default 10 000, in Danish, Dutch and English) get an invoice mail with
 * its PDF (and the EPC QR code) when a run of one line for all of them is approved. Measured: from the approval's
 * commit until GreenMail, an in-process SMTP server, has received all N, every one checked to be there once. The
 * mails go the production way: queued in the approval's transaction, taken by the {@code mail-outbox} route in
 * rounds, rendered, sent with Camel Mail over SMTP. No baseline. Last line:
 * {@code mail size=N seconds=S baseline_seconds=- ratio=- peak_heap_mb=H}; the rate is on the line before.
 */
public final class MailBenchmark {

    private static final PrintStream OUT = System.out;

    public static void main(String[] args) throws Exception {
        BenchSupport.main("mail", args, 10_000, MailBenchmark::run);
    }

    private static String run(int size, Path dataDir) throws Exception {
        int smtpPort = MailTransportTests.freePort();
        // Every mail in one mailbox: see BenchSupport.smtpServer.
        GreenMail smtp = BenchSupport.smtpServer(smtpPort);
        try (ConfigurableApplicationContext context = BenchSupport.startApplication(dataDir,
                "--duesflow.mail.smtp.host=127.0.0.1", "--duesflow.mail.smtp.port=" + smtpPort,
                "--duesflow.mail.outbox.poll-interval=100ms",
                // The run's mail process sends, as in production.
                "--camunda.bpm.job-execution.enabled=true",
                "--duesflow.mail.smtp.starttls=false")) {
            MemberRegister register = context.getBean(MemberRegister.class);
            BillingRuns runs = context.getBean(BillingRuns.class);
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            int httpPort = ((WebServerApplicationContext) context).getWebServer().getPort();
            Association a = register.association();
            register.updateAssociation(new Association(a.id(), a.version(), "Roklubben Øresund", "kasserer@roklub.dk",
                    new PostalAddress("Strandvejen", "12", "2100", "København Ø", "DK"), "EUR", a.timeZone(), a.languages(),
                    "NL91ABNA0417164300", "ABNANL2A", a.sepaCreditorId(), a.betalingsserviceCreditor(),
                    a.fiCreditorNumber(), a.defaultCollectionMethod(), a.monthlySuspensionFee(), a.receivablesAccount(),
                    a.incomeAccount(), a.feeAccount(), a.bankAccount(), a.sepa(), a.createdAt(), a.createdBy(),
                    a.updatedAt(), a.updatedBy()));
            register.createGroup("Everyone", null, null);
            StringBuilder csv = new StringBuilder("member_number;name;email;street;building_number;postcode;town;country;"
                    + "join_date;language;collection_method;groups\r\n");
            String[] languages = {"da", "nl", "en"};
            for (int i = 1; i <= size; i++) {
                csv.append(i).append(";Medlem ").append(i).append(" Sørensen;member").append(i).append("@example.org;")
                        .append("Havnegade;").append(i % 200 + 1).append(";1058;København K;DK;2020-01-01;")
                        .append(languages[i % 3]).append(";INVOICE;Everyone\r\n");
            }
            BenchSupport.importCsv(HttpClient.newHttpClient(), new ObjectMapper(), httpPort,
                    csv.toString().getBytes(StandardCharsets.UTF_8), size);
            BillingRun run = runs.createFromTemplate("Dues 2027", null, List.of(new ChargeTemplate.Line("Membership 2027",
                    new BigDecimal("450.00"), null)), null, "Everyone",
                    LocalDate.now(context.getBean(Clock.class)).plusMonths(1), null, null);
            runs.generate(run.id());
            OUT.printf(Locale.ROOT, "%d members with a mail address, a run of %d charges generated (not timed)%n", size, size);

            System.gc();
            BenchSupport.HeapSampler sampler = BenchSupport.HeapSampler.started();
            String database = dataDir.resolve("postgres").toString();
            CpuUse.Snapshot cpuAtStart = CpuUse.now(database);
            long t0 = System.nanoTime();
            runs.approve(run.id(), null);
            // As the run's own process does after the approval: it calls run-mail.
            context.getBean(org.camunda.bpm.engine.RuntimeService.class).startProcessInstanceByKey("run-mail",
                    "run-" + run.id(), java.util.Map.of("runId", run.id()));
            OUT.printf(Locale.ROOT, "  approved (numbers, references, %d mails queued, the run's mail process started) "
                    + "in %.2f s%n", size, BenchSupport.seconds(System.nanoTime() - t0));
            long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
            // The outbox says when the server accepted the last mail; asking GreenMail for all its mails every few
            // milliseconds would cost more than sending them. What it received is checked once, after.
            // Every ten seconds the rate of those ten seconds: the first include the JIT compiler's work.
            long nextReport = t0 + Duration.ofSeconds(10).toNanos();
            int done = 0;
            int doneAtReport = 0;
            CpuUse.Snapshot cpuAtReport = cpuAtStart;
            // Counted from the queued ones, which the outbox's partial index holds: counting the sent ones every
            // 20 ms read the whole table each time and cost PostgreSQL more than sending did.
            while ((done = size - jdbc.sql("select count(*) from duesflow.mail_outbox where status = 'QUEUED'")
                    .query(Integer.class).single()) < size && System.nanoTime() < deadline) {
                if (System.nanoTime() >= nextReport) {
                    CpuUse.Snapshot cpu = CpuUse.now(database);
                    OUT.printf(Locale.ROOT, "  %3.0f s: %d sent, %.0f mails/s in the last 10 s, %.1f ms of processor "
                                    + "time per mail (PostgreSQL included)%n",
                            BenchSupport.seconds(System.nanoTime() - t0), done, (done - doneAtReport) / 10.0,
                            CpuUse.ms(cpu.processNanos() + cpu.childProcessNanos() - cpuAtReport.processNanos()
                                    - cpuAtReport.childProcessNanos(), Math.max(1, done - doneAtReport)));
                    cpuAtReport = cpu;
                    doneAtReport = done;
                    nextReport += Duration.ofSeconds(10).toNanos();
                }
                Thread.sleep(20);
            }
            double seconds = BenchSupport.seconds(System.nanoTime() - t0);
            CpuUse.Snapshot cpuAtEnd = CpuUse.now(database);
            long peak = sampler.stop();
            MimeMessage[] received = smtp.getReceivedMessages();
            Set<String> recipients = new HashSet<>();
            for (MimeMessage message : received) {
                recipients.add(message.getAllRecipients()[0].toString());
            }
            if (received.length != size || recipients.size() != size) {
                throw new IllegalStateException(received.length + " mails to " + recipients.size() + " members, expected "
                        + size + " to " + size);
            }
            HistoryService history = context.getBean(HistoryService.class);
            String process = history.createHistoricProcessInstanceQuery().processDefinitionKey("run-mail")
                    .processInstanceBusinessKey("run-" + run.id()).singleResult().getId();
            long deadlineEnd = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (history.createHistoricProcessInstanceQuery().processInstanceId(process).finished().count() == 0
                    && System.nanoTime() < deadlineEnd) {
                Thread.sleep(100);
            }
            OUT.printf(Locale.ROOT, "  the run's mail process sent in %d chunks and %s%n",
                    history.createHistoricActivityInstanceQuery().processInstanceId(process).activityId("SendRunMail")
                            .count(),
                    history.createHistoricProcessInstanceQuery().processInstanceId(process).finished().count() == 1
                            ? "ended" : "has not ended");
            OUT.print(CpuUse.report(cpuAtStart, cpuAtEnd, size, "mail"));
            OUT.printf(Locale.ROOT, "approval to %d invoice mails with PDF received by SMTP: %.2f s, %.0f mails/s "
                    + "(goal ≥ 250)%n", size, seconds, size / seconds);
            return String.format(Locale.ROOT, "mail size=%d seconds=%.2f baseline_seconds=- ratio=- peak_heap_mb=%d",
                    size, seconds, peak);
        } finally {
            smtp.stop();
        }
    }
}
