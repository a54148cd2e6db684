package io.duesflow.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import io.duesflow.Chromium;
import io.duesflow.RunJobs;
import io.duesflow.TestClock;
import io.duesflow.TestUsers;
import io.duesflow.banking.BankFolders;
import io.duesflow.banking.Pain008Schemas;
import io.duesflow.banking.Pain008Version;
import io.duesflow.billing.BillingLine;
import io.duesflow.billing.BillingLineInput;
import io.duesflow.billing.BillingRules;
import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.billing.ChargeView;
import io.duesflow.mail.MailOutbox;
import io.duesflow.members.Association;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberInput;
import io.duesflow.members.MemberRegister;
import io.duesflow.members.SepaSettings;
import io.duesflow.payments.DirectDebitCollections;
import io.duesflow.platform.Roles;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * A treasurer approves the month's run in Tasklist, in a real headless Chromium: the form shows the totals and the
 * flagged members, its links open the run's simulation PDF and its charges, the treasurer adds a fee and approves;
 * the invoices arrive in the pickup folder, a valid pain.008 is placed; a supervisor follows the run in Cockpit.
 * Screenshots under target/screenshots.
 *
 * <p>Mail is sent here as in production, by the run's own mail process (to the pickup folder: these tests have no
 * SMTP server). The outbox's own poll, which would send every test's queued mail, does not come round in a test's
 * time.
 */
@ApplicationTest
@TestPropertySource(properties = {"duesflow.mail.outbox.enabled=true", "duesflow.mail.outbox.poll-interval=3650d"})
class ApprovalInTasklistTests {

    static final String TREASURER = "trine";
    static final String SUPERVISOR = "svend";

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identity;
    @Autowired
    RuntimeService runtime;
    @Autowired
    HistoryService history;
    @Autowired
    TaskService tasks;
    @Autowired
    MemberRegister register;
    @Autowired
    BillingRules rules;
    @Autowired
    BillingRuns runs;
    @Autowired
    DirectDebitCollections collections;
    @Autowired
    BankFolders folders;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RunJobs jobs;
    @Autowired
    TestClock clock;
    @Autowired
    MailOutbox outbox;
    @Value("${duesflow.mail.pickup-dir}")
    Path pickup;

    Chromium chromium;
    Association before;

    @BeforeAll
    static void people(@Autowired IdentityService identity) {
        Chromium.assumeInstalled();
        TestUsers.ensure(identity, TREASURER, Roles.TREASURER);
        TestUsers.ensure(identity, SUPERVISOR, Roles.SUPERVISOR);
    }

    @BeforeEach
    void aEuroAssociationThatCollectsBySepa() throws Exception {
        before = register.association();
        Association a = before;
        register.updateAssociation(new Association(a.id(), a.version(), a.name(), a.email(), a.address(), "EUR",
                a.timeZone(), a.languages(), "NL91ABNA0417164300", a.bic(), "DE98ZZZ09999999999",
                a.betalingsserviceCreditor(), a.fiCreditorNumber(), a.defaultCollectionMethod(), a.monthlySuspensionFee(),
                a.receivablesAccount(), a.incomeAccount(), a.feeAccount(), a.bankAccount(), SepaSettings.DEFAULTS,
                a.createdAt(), a.createdBy(), a.updatedAt(), a.updatedBy()));
        chromium = Chromium.open(port);
    }

    @AfterEach
    void closeAndSettingsBack() {
        chromium.close();
        Association a = register.association();
        register.updateAssociation(new Association(a.id(), a.version(), a.name(), a.email(), a.address(),
                before.currency(), a.timeZone(), a.languages(), before.iban(), a.bic(), before.sepaCreditorId(),
                a.betalingsserviceCreditor(), a.fiCreditorNumber(), a.defaultCollectionMethod(), a.monthlySuspensionFee(),
                a.receivablesAccount(), a.incomeAccount(), a.feeAccount(), a.bankAccount(), a.sepa(), a.createdAt(),
                a.createdBy(), a.updatedAt(), a.updatedBy()));
    }

    @Test
    void aTreasurerApprovesTheRunInTasklistAndASupervisorFollowsItInCockpit() throws Exception {
        jdbc.sql("update duesflow.billing_line set active = false").update();
        String group = "Tasklist " + System.nanoTime();
        register.createGroup(group, null, null);
        LocalDate due = clock.today().plusMonths(1).withDayOfMonth(1);
        long collected = member(group, "Ulrik Debet", "ulrik@example.org", CollectionMethod.SEPA_DIRECT_DEBIT);
        register.addSepaMandate(collected, "TASKLIST-" + collected, "NL91ABNA0417164300", null, LocalDate.of(2024, 5, 1));
        member(group, "Vibeke Uden Mandat", "vibeke@example.org", CollectionMethod.SEPA_DIRECT_DEBIT);
        member(group, "Wenche Uden Mail", null, CollectionMethod.INVOICE);
        rules.create(new BillingLineInput("Dues", 10, BillingLine.Kind.SCHEDULED, BillingLine.Frequency.MONTHLY, due, null,
                "3000", true, BillingLine.Who.GROUPS, List.of(group), null, null, null, BillingLine.PriceKind.FIXED,
                new BigDecimal("30.00"), null, null, null, null));
        TestRestTemplate treasurer = TestUsers.signedIn(rest, identity, TREASURER, Roles.TREASURER);
        long runId = treasurer.postForEntity("/api/billing/runs", Map.of("kind", "SCHEDULED", "from", due.toString(),
                "to", due.toString(), "name", "Dues in Tasklist"), JsonNode.class).getBody().path("id").asLong();
        jobs.settle(runId);
        treasurer.postForEntity("/api/billing/runs/" + runId + "/generate", null, JsonNode.class);
        jobs.settle(runId);

        chromium.logIn("/camunda/app/tasklist/default/", TREASURER, TestUsers.PASSWORD);
        // Other tests' runs wait in the list too, created on their own moved days, so this one may be on a later
        // page of it: open the task by its address in Tasklist.
        String taskId = tasks.createTaskQuery().processInstanceBusinessKey("run-" + runId).singleResult().getId();
        chromium.get("/camunda/app/tasklist/default/#/?task=" + taskId);
        chromium.waitFor().until(driver -> driver.getPageSource()
                .contains("Approve the run: Dues in Tasklist (run " + runId + ")"));
        chromium.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".fjs-form"),
                "Members to look at"));
        String form = chromium.driver().findElement(By.cssSelector(".fjs-form")).getText();
        chromium.screenshot("tasklist-approve-run.png");
        assertThat(form).contains("Dues in Tasklist", "3 charges", "3 members", "90.00 EUR",
                "Vibeke Uden Mandat", "Wenche Uden Mail", "on SEPA_DIRECT_DEBIT without a valid mandate");

        List<WebElement> claim = chromium.driver().findElements(By.cssSelector("button.claim"));
        if (!claim.isEmpty()) {
            claim.get(0).click();
            // "The task has been claimed" lies over the form for a moment.
            chromium.waitFor().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".disabled-form")));
        }
        LocalDate later = due.plusDays(14);
        WebElement dueDate = field("Due date");
        assertThat(dueDate.getAttribute("value")).as("the run's due date, as the form shows it")
                .isEqualTo(due.format(DateTimeFormatter.ofPattern("M/d/yyyy")));
        dueDate.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        dueDate.sendKeys(later.format(DateTimeFormatter.ofPattern("MM/dd/yyyy")), Keys.ENTER);
        field("Fee line: text").sendKeys("Administration fee");
        field("Fee line: amount").sendKeys("5,00");
        assertThat(field("Fee line: ledger account").getAttribute("value")).as("the association's fee account")
                .isEqualTo(register.association().feeAccount());
        click(chromium.driver().findElement(By.xpath("//label[contains(normalize-space(),'Approve: number, mail')]")));
        chromium.screenshot("tasklist-approve-run-filled.png");
        click(chromium.waitFor().until(ExpectedConditions.elementToBeClickable(
                By.xpath("//button[normalize-space()='Complete']"))));
        chromium.waitFor().until(driver -> runs.run(runId).state() == BillingRun.State.APPROVED);

        BillingRun approved = runs.run(runId);
        assertThat(approved.total()).isEqualByComparingTo("105.00");
        assertThat(approved.dueDate()).as("the due date changed in the form").isEqualTo(later);
        assertThat(jdbc.sql("select distinct due_date from duesflow.charge where run_id = :id").param("id", runId)
                .query(LocalDate.class).list()).containsExactly(later);
        assertThat(approved.approvedBy()).isEqualTo(TREASURER);
        String instance = runtime.createProcessInstanceQuery().processDefinitionKey("billing-run")
                .processInstanceBusinessKey("run-" + runId).singleResult().getId();

        try (Chromium supervisor = Chromium.open(port)) {
            supervisor.logIn("/camunda/app/cockpit/default/#/process-instance/" + instance + "/runtime", SUPERVISOR,
                    TestUsers.PASSWORD);
            supervisor.waitFor().until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("[data-element-id=SendRunMail]")));
            supervisor.waitFor().until(driver -> driver.getPageSource().contains("chargesSoFar"));
            supervisor.screenshot("cockpit-billing-run.png");
            assertThat(supervisor.driver().getPageSource()).contains("chunksDone", "Dues in Tasklist");
        }

        jobs.settle(runId);
        assertThat(runs.run(runId).state()).isEqualTo(BillingRun.State.SENT);
        assertThat(jdbc.sql("select count(*) from duesflow.mail_outbox where run_id = :id").param("id", runId)
                .query(Long.class).single()).as("every invoice queued").isEqualTo(3);
        // The two members with a mail address have their invoice in the pickup folder; the third's is to be printed.
        List<ChargeView> charges = runs.charges(runId, 0, 10);
        List<MailOutbox.Entry> sent = outbox.entries(MailOutbox.Status.SENT, runId, 10);
        assertThat(sent).extracting(MailOutbox.Entry::recipient)
                .containsExactlyInAnyOrder("ulrik@example.org", "vibeke@example.org");
        for (MailOutbox.Entry entry : sent) {
            Path file = pickup.resolve(entry.messageId().replaceAll("[^A-Za-z0-9._-]", "_") + ".eml");
            assertThat(file).as("%s's invoice arrived", entry.recipient()).exists();
            MimeMessage mail;
            try (InputStream in = Files.newInputStream(file)) {
                mail = new MimeMessage(Session.getInstance(new Properties()), in);
            }
            ChargeView charge = charges.stream().filter(c -> c.memberNumber() == entry.memberNumber()).findFirst()
                    .orElseThrow();
            assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly(entry.recipient());
            assertThat(mail.getSubject()).startsWith("Faktura " + charge.number());
            List<String> attachments = new ArrayList<>();
            attachmentNames(mail, attachments);
            assertThat(attachments).containsExactly("faktura-" + charge.number() + ".pdf");
        }
        assertThat(outbox.entries(MailOutbox.Status.NEEDS_PRINTING, runId, 10)).singleElement()
                .satisfies(entry -> assertThat(register.member(entry.memberNumber()).name()).isEqualTo("Wenche Uden Mail"));
        DirectDebitCollections.Collection collection = collections.collection(runId);
        assertThat(collection.files()).singleElement().satisfies(file -> {
            Path placed = folders.outbox().resolve(file.fileName());
            assertThat(Pain008Schemas.problems(placed, Pain008Version.V08)).isEmpty();
            assertThat(file.transactions()).isEqualTo(1);
        });

        String definition = history.createHistoricProcessInstanceQuery().processInstanceId(instance).singleResult()
                .getProcessDefinitionId();
        try (Chromium supervisor = Chromium.open(port)) {
            supervisor.logIn("/camunda/app/cockpit/default/#/process-definition/" + definition + "/runtime",
                    SUPERVISOR, TestUsers.PASSWORD);
            supervisor.waitFor().until(ExpectedConditions.elementToBeClickable(
                    By.xpath("//a[normalize-space()='Finished instances']"))).click();
            WebElement finished = supervisor.waitFor().until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("tr.duesflow-finished[data-business-key='run-" + runId + "']")));
            supervisor.waitFor().until(ExpectedConditions.textToBePresentInElement(
                    finished.findElement(By.cssSelector(".duesflow-outcome")), "Run sent"));
            finished.findElement(By.tagName("a")).click();
            supervisor.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("tr.duesflow-steps:not([hidden])"), "Approve the run"));
            supervisor.screenshot("cockpit-finished-run.png");
            String steps = supervisor.driver().findElement(By.cssSelector("tr.duesflow-steps:not([hidden])")).getText();
            assertThat(steps).as("the finished run's history, with who approved it").contains("Bill a chunk of members",
                    "Approve the run", TREASURER, "Approve and number the charges", "Collect by direct debit", "Run sent");
        }
    }

    @Test
    void theApprovalFormsLinksOpenTheRunsSimulationPdfAndItsChargesWithTheTasklistLogin() throws Exception {
        jdbc.sql("update duesflow.billing_line set active = false").update();
        String group = "Tasklist links " + System.nanoTime();
        register.createGroup(group, null, null);
        LocalDate due = clock.today().plusMonths(1).withDayOfMonth(1);
        long xenia = member(group, "Xenia Linkesen", "xenia@example.org", CollectionMethod.INVOICE);
        long yngve = member(group, "Yngve Linkesen", "yngve@example.org", CollectionMethod.INVOICE);
        long zakarias = member(group, "Zakarias Uden Mail", null, CollectionMethod.INVOICE);
        rules.create(new BillingLineInput("Dues", 10, BillingLine.Kind.SCHEDULED, BillingLine.Frequency.MONTHLY, due, null,
                "3000", true, BillingLine.Who.GROUPS, List.of(group), null, null, null, BillingLine.PriceKind.FIXED,
                new BigDecimal("45.00"), null, null, null, null));
        TestRestTemplate treasurer = TestUsers.signedIn(rest, identity, TREASURER, Roles.TREASURER);
        long runId = treasurer.postForEntity("/api/billing/runs", Map.of("kind", "SCHEDULED", "from", due.toString(),
                "to", due.toString(), "name", "Dues with links"), JsonNode.class).getBody().path("id").asLong();
        jobs.settle(runId);
        treasurer.postForEntity("/api/billing/runs/" + runId + "/generate", null, JsonNode.class);
        jobs.settle(runId);

        chromium.logIn("/camunda/app/tasklist/default/", TREASURER, TestUsers.PASSWORD);
        String taskId = tasks.createTaskQuery().processInstanceBusinessKey("run-" + runId).singleResult().getId();
        chromium.get("/camunda/app/tasklist/default/#/?task=" + taskId);
        chromium.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".fjs-form"),
                "Members to look at"));
        chromium.screenshot("tasklist-approve-run-links.png");
        String pdfLink = href("Open the simulation (PDF)", "/api/billing/runs/" + runId + "/simulation.pdf");
        String csvLink = href("All the charges (CSV)", "/api/billing/runs/" + runId + "/charges.csv");
        String flaggedLink = href("every member to look at (CSV)", "/api/billing/runs/" + runId + "/flagged.csv");

        // Fetched by the browser itself, with the login Tasklist has: no password asked again.
        List<?> pdf = fetch(pdfLink);
        assertThat(pdf.get(0)).as("%s", pdf).isEqualTo(200L);
        assertThat(pdf.get(1).toString()).startsWith("application/pdf");
        String simulation;
        try (PDDocument document = Loader.loadPDF(Base64.getDecoder().decode(pdf.get(2).toString()))) {
            simulation = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
        }
        assertThat(simulation).contains("billing simulation", "3 charges to 3 members", "135,00",
                xenia + " Xenia Linkesen", yngve + " Yngve Linkesen", zakarias + " Zakarias Uden Mail");

        List<?> csv = fetch(csvLink);
        assertThat(csv.get(0)).as("%s", csv).isEqualTo(200L);
        assertThat(csv.get(1).toString()).startsWith("text/csv");
        List<String> rows = new String(Base64.getDecoder().decode(csv.get(2).toString()), StandardCharsets.UTF_8)
                .replace("\uFEFF", "").lines().toList();
        assertThat(rows.get(0)).startsWith("number;member_number;due_date;");
        assertThat(rows.subList(1, rows.size())).hasSize(3)
                .anySatisfy(row -> assertThat(row).contains(";" + xenia + ";" + due + ";", ";45.00;"))
                .anySatisfy(row -> assertThat(row).contains(";" + yngve + ";" + due + ";", ";45.00;"))
                .anySatisfy(row -> assertThat(row).contains(";" + zakarias + ";" + due + ";", ";45.00;"));

        List<?> flagged = fetch(flaggedLink);
        assertThat(flagged.get(0)).as("%s", flagged).isEqualTo(200L);
        assertThat(new String(Base64.getDecoder().decode(flagged.get(2).toString()), StandardCharsets.UTF_8)
                .replace("\uFEFF", "").lines().toList())
                .containsExactly("flag;member_number;name;line;reason", "no mail address;" + zakarias
                        + ";Zakarias Uden Mail;;no mail address: the invoice is printed");
    }

    /**
     * Where the form's link reading {@code text} goes, once it goes to {@code path}; the form may be drawn again
     * meanwhile (its variables arrive).
     */
    private String href(String text, String path) {
        By link = By.xpath("//div[contains(@class,'fjs-form')]//a[normalize-space()='" + text + "']");
        try {
            return chromium.waitFor().ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .ignoring(org.openqa.selenium.NoSuchElementException.class).until(driver -> {
                        String href = driver.findElement(link).getAttribute("href");
                        return href != null && href.endsWith(path) ? href : null;
                    });
        } catch (org.openqa.selenium.TimeoutException e) {
            List<WebElement> found = chromium.driver().findElements(link);
            throw new AssertionError("The form's link '" + text + "' does not go to " + path + ": "
                    + (found.isEmpty() ? "no such link" : found.get(0).getAttribute("href")), e);
        }
    }

    /** The browser fetches {@code url} as a click on the link would: its status, content type and body (Base64). */
    private List<?> fetch(String url) {
        // Rendering a PDF on a machine busy with other work may take a while.
        chromium.driver().manage().timeouts().scriptTimeout(java.time.Duration.ofSeconds(120));
        return (List<?>) ((JavascriptExecutor) chromium.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {credentials: 'same-origin'}).then(async response => {
                  const bytes = new Uint8Array(await response.arrayBuffer());
                  let text = '';
                  for (const b of bytes) { text += String.fromCharCode(b); }
                  done([response.status, response.headers.get('content-type') || '', btoa(text)]);
                }).catch(e => done([0, String(e), '']));""", url);
    }

    private static void attachmentNames(Part part, List<String> names) throws Exception {
        if (part.getFileName() != null) {
            names.add(part.getFileName());
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                attachmentNames(multipart.getBodyPart(i), names);
            }
        }
    }

    /** Scrolled to the middle first: Tasklist's bar at the bottom would take a click on the form's last fields. */
    private void click(WebElement element) {
        ((org.openqa.selenium.JavascriptExecutor) chromium.driver())
                .executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        element.click();
    }

    private WebElement field(String label) {
        return chromium.driver().findElement(By.xpath("//label[normalize-space()='" + label + "']/following::input[1]"));
    }

    private long member(String group, String name, String email, CollectionMethod method) {
        return register.register(null, new MemberInput(name, email, null, null, null, LocalDate.of(2020, 1, 1), null, "da",
                method, null, List.of(group), null)).memberNumber();
    }
}
