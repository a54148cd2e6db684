package io.duesflow.dunning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.duesflow.CamtCredit;
import io.duesflow.RunJobs;
import io.duesflow.banking.BankFolders;
import io.duesflow.billing.ApprovalEdits;
import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.billing.ChargeTemplate;
import io.duesflow.billing.ChargeView;
import io.duesflow.members.Association;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberInput;
import io.duesflow.members.MemberRegister;
import io.duesflow.members.PostalAddress;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the dunning tests share: an association in a chosen country and currency (put back afterwards), members of a
 * group of the test's own, a sent run with its reminder dates, the run's {@code dunning} instance and its jobs, and
 * members paying by a bank statement dropped into the bank inbox.
 */
final class DunningFixtures {

    static final String ACCOUNT = "NL91ABNA0417164300";
    private static final AtomicInteger TESTS = new AtomicInteger();

    final MemberRegister register;
    final BillingRuns runs;
    final RuntimeService runtime;
    final RunJobs jobs;
    final JdbcClient jdbc;
    final BankFolders folders;
    final CamelContext camel;
    final String group;
    final String token;
    private final Association before;

    DunningFixtures(ApplicationContext context, String country, String currency) {
        this.register = context.getBean(MemberRegister.class);
        this.runs = context.getBean(BillingRuns.class);
        this.runtime = context.getBean(RuntimeService.class);
        this.jobs = context.getBean(RunJobs.class);
        this.jdbc = context.getBean(JdbcClient.class);
        this.folders = context.getBean(BankFolders.class);
        this.camel = context.getBean(CamelContext.class);
        this.token = "D" + TESTS.incrementAndGet() + "-" + Long.toString(System.nanoTime(), 36);
        this.group = "Dunning " + token;
        this.before = register.association();
        association(country, currency, before.feeAccount());
        register.createGroup(group, null, null);
    }

    void association(String country, String currency, String feeAccount) {
        Association a = register.association();
        register.updateAssociation(new Association(a.id(), a.version(), a.name(), "kasserer@roklub.example",
                new PostalAddress("Havnevej", "4", "3000", "Helsingør", country), currency, a.timeZone(), a.languages(),
                ACCOUNT, a.bic(), a.sepaCreditorId(), a.betalingsserviceCreditor(), "DKK".equals(currency) ? "12345678"
                : a.fiCreditorNumber(), a.defaultCollectionMethod(), a.monthlySuspensionFee(), a.receivablesAccount(),
                a.incomeAccount(), feeAccount, a.bankAccount(), a.sepa(), a.createdAt(), a.createdBy(), a.updatedAt(),
                a.updatedBy()));
    }

    /** The association as it was before the test. */
    void restore() {
        Association a = register.association();
        register.updateAssociation(new Association(a.id(), a.version(), before.name(), before.email(), before.address(),
                before.currency(), a.timeZone(), a.languages(), before.iban(), a.bic(), a.sepaCreditorId(),
                a.betalingsserviceCreditor(), before.fiCreditorNumber(), a.defaultCollectionMethod(),
                a.monthlySuspensionFee(), a.receivablesAccount(), a.incomeAccount(), before.feeAccount(),
                a.bankAccount(), a.sepa(), a.createdAt(), a.createdBy(), a.updatedAt(), a.updatedBy()));
    }

    long member(String name) {
        return member(name, "da");
    }

    long member(String name, String language) {
        return register.register(null, new MemberInput(name, name.toLowerCase().replace(' ', '.') + "@example.org",
                new PostalAddress("Åboulevarden", "7", "8000", "Århus C", "DK"), null, null, LocalDate.of(2020, 1, 1),
                null, language, CollectionMethod.INVOICE, null, List.of(group), null)).memberNumber();
    }

    /** A run of one line for every member of the group, approved with its reminder dates and sent. */
    long sentRun(String amount, LocalDate due, LocalDate firstReminder, LocalDate secondReminder) {
        BillingRun run = runs.createFromTemplate("Dues " + token, null, List.of(new ChargeTemplate.Line("Dues",
                new BigDecimal(amount), null)), null, group, due, null, null);
        runs.generate(run.id());
        runs.approve(run.id(), new ApprovalEdits(null, null, null, null, firstReminder, secondReminder, null, null, null,
                null, null, null));
        runs.markSent(run.id());
        return run.id();
    }

    /** As the billing cycle's last step does for a sent run. */
    ProcessInstance startDunning(long runId) {
        return runtime.startProcessInstanceByKey(DunningProcesses.KEY, DunningProcesses.businessKey(runId),
                Map.of(DunningVariables.RUN_ID, runId, DunningVariables.SEND_NOW, false));
    }

    /** What the job executor would do now for the run's reminders (and the mail they call). */
    void settle(long runId) {
        jobs.settleBusinessKey(DunningProcesses.businessKey(runId));
    }

    List<ChargeView> charges(long runId) {
        return runs.charges(runId, 0, 1000);
    }

    ChargeView chargeOf(long runId, long member) {
        return charges(runId).stream().filter(charge -> charge.memberNumber() == member).findFirst().orElseThrow();
    }

    /** The reminders queued for mail for the run: kind and charge number, by charge number. */
    List<String> queuedReminders(long runId) {
        return jdbc.sql("""
                        select o.kind || ' ' || c.number from duesflow.mail_outbox o
                        join duesflow.charge c on c.id = o.document_id
                        where o.run_id = :run and o.kind in ('FIRST_REMINDER', 'SECOND_REMINDER')
                        order by c.number, o.kind""")
                .param("run", runId).query(String.class).list();
    }

    // --- a bank statement ----------------------------------------------------------------------------------------

    /** Members pay their charges in full, quoting their RF references, on one statement dropped into the bank inbox. */
    void payByStatement(LocalDate bookingDate, List<ChargeView> paid) throws Exception {
        StringBuilder entries = new StringBuilder();
        int n = 0;
        for (ChargeView charge : paid) {
            entries.append(credit(++n, charge.total().subtract(charge.paid()).toPlainString(), charge.rfReference(),
                    bookingDate));
        }
        String text;
        try (InputStream in = DunningFixtures.class.getResourceAsStream("/dunning/camt053-payments.xml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        text = text.replace("{{token}}", token).replace("{{account}}", ACCOUNT)
                .replace("{{bookingDate}}", bookingDate.toString()).replace("{{entries}}", entries);
        camel.getRouteController().startRoute("bank-inbox");
        try {
            String name = "payments-" + token + ".xml";
            Path hidden = folders.inbox().resolve("." + name + ".part");
            Files.createDirectories(folders.inbox());
            Files.writeString(hidden, text);
            NotifyBuilder done = new NotifyBuilder(camel).fromRoute("bank-inbox").whenDone(1).create();
            Files.move(hidden, folders.inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
            assertThat(done.matches(60, TimeUnit.SECONDS)).as("the bank inbox took " + name).isTrue();
            assertThat(jdbc.sql("select count(*) from duesflow.bank_file where file_name = :name").param("name", name)
                    .query(Integer.class).single()).as(name + " booked, not refused").isEqualTo(1);
        } finally {
            camel.getRouteController().stopRoute("bank-inbox");
        }
    }

    private String credit(int number, String amount, String rf, LocalDate day) {
        return CamtCredit.of("EUR", amount, token + "-P" + number, day.toString()).scor(rf).xml();
    }

    /** A PDF's text as a reader takes it in: lines joined, so a sentence the layout wrapped is one again. */
    static String pdfText(byte[] pdf) {
        try (org.apache.pdfbox.pdmodel.PDDocument document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            return new org.apache.pdfbox.text.PDFTextStripper().getText(document).replaceAll("-\\R", "-")
                    .replaceAll("\\s+", " ");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
