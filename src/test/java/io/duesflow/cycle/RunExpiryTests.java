package io.duesflow.cycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import io.duesflow.RunJobs;
import io.duesflow.TestClock;
import io.duesflow.TestUsers;
import io.duesflow.banking.betalingsservice.BetalingsserviceProperties;
import io.duesflow.billing.BillingLine;
import io.duesflow.billing.BillingLineInput;
import io.duesflow.billing.BillingRules;
import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.members.Association;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberInput;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.Roles;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A run nobody approved, as the association sees it: open all of its deadline day, expired the day after, nothing to
 * the members, and the association's own mail saying so in its mailbox (the pickup folder, as the tests send no SMTP).
 * Both deadlines: the month's last day, and the Betalingsservice delivery deadline when the run holds such charges.
 */
@ApplicationTest
class RunExpiryTests {

    static final String ASSOCIATION_MAIL = "kasserer@expiry.example";

    @Autowired
    ProcessEngine engine;
    @Autowired
    RuntimeService runtime;
    @Autowired
    HistoryService history;
    @Autowired
    IdentityService identity;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    MemberRegister register;
    @Autowired
    BillingRules rules;
    @Autowired
    BillingRuns runs;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock clock;
    @Autowired
    RunJobs jobs;
    @Autowired
    BetalingsserviceProperties betalingsservice;
    @Value("${duesflow.mail.pickup-dir}")
    Path pickup;

    TestRestTemplate treasurer;
    String group;
    LocalDate due;
    Association before;

    @BeforeEach
    void anAssociationWithAMailAddressAndAGroupOfItsOwn() {
        AbstractAssertions.init(engine);
        treasurer = TestUsers.signedIn(rest, identity, "tilde", Roles.TREASURER);
        jdbc.sql("update duesflow.billing_line set active = false").update();
        group = "Expiry " + System.nanoTime();
        register.createGroup(group, null, null);
        due = clock.today().plusMonths(1).withDayOfMonth(1);
        before = register.association();
        register.updateAssociation(with(before, ASSOCIATION_MAIL, "en"));
    }

    @AfterEach
    void settingsBack() {
        register.updateAssociation(with(register.association(), before.email(), before.languages()));
    }

    @Test
    void notApprovedByTheMonthsLastDayTheRunExpiresTheDayAfterAndOnlyTheAssociationIsMailed() throws Exception {
        long frida = member("Frida", CollectionMethod.INVOICE);
        line();
        long runId = generatedAndWaiting();
        ProcessInstance run = instance(runId);
        LocalDate lastDay = YearMonth.from(clock.today()).atEndOfMonth();
        assertThat(runtime.getVariable(run.getId(), "deadline")).isEqualTo(lastDay.toString());

        expiresAfter(lastDay, runId, run, frida);
    }

    @Test
    void aRunWithBetalingsserviceChargesIsOpenOnNetsDeadlineExpiresTheDayAfterAndOnlyTheAssociationIsMailed()
            throws Exception {
        long mikkel = member("Mikkel", CollectionMethod.BETALINGSSERVICE);
        register.addBetalingsserviceAgreement(mikkel, "8" + mikkel);
        line();
        long runId = generatedAndWaiting();
        ProcessInstance run = instance(runId);
        LocalDate deadline = LocalDate.parse((String) runtime.getVariable(run.getId(), "deadline"));
        assertThat(deadline).as("the delivery must reach Nets first: not the month's last day")
                .isEqualTo(betalingsservice.deliveryDeadline(due))
                .isBefore(YearMonth.from(clock.today()).atEndOfMonth());

        expiresAfter(deadline, runId, run, mikkel);
    }

    /** Open all of {@code deadline}, expired the day after: the association told, the member sent nothing. */
    private void expiresAfter(LocalDate deadline, long runId, ProcessInstance run, long memberNumber) throws Exception {
        Path notice = pickup.resolve("run-expired-" + runId + "_duesflow.eml");
        // Run ids start again with every fresh test database; the pickup folder outlives it.
        Files.deleteIfExists(notice);
        String runName = runs.run(runId).name();

        clock.moveTo(deadline);
        jobs.settle(runId);
        assertThat(run).as("still open on its deadline day").isWaitingAt(RunProcesses.APPROVAL_TASK);
        assertThat(runs.run(runId).state()).isEqualTo(BillingRun.State.GENERATED);
        assertThat(notice).as("no expiry mail before it expired").doesNotExist();

        clock.moveTo(deadline.plusDays(1));
        jobs.settle(runId);

        assertThat(run).isEnded().hasPassedInOrder("DeadlinePassed", "ExpireRun", "TellExpired", "RunExpired")
                .hasNotPassed("ApproveAndNumber", "SendRunMail", "CollectDirectDebits");
        assertThat(runs.run(runId).state()).isEqualTo(BillingRun.State.EXPIRED);
        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(run.getId())
                .variableName("associationTold").singleResult().getValue()).isEqualTo(true);
        assertThat(notice).as("the association's expiry mail arrived").exists();
        MimeMessage mail;
        try (InputStream in = Files.newInputStream(notice)) {
            mail = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly(ASSOCIATION_MAIL);
        assertThat(mail.getSubject()).isEqualTo("Billing run \"" + runName + "\" expired without approval");
        assertThat(text(mail)).contains("has expired", "Nothing was sent to the members and no direct debits were "
                + "collected", "start a new run in Tasklist");

        // Nothing for the member: no charge kept, no mail queued, no collection.
        assertThat(runs.charges(runId, 0, 10)).isEmpty();
        assertThat(jdbc.sql("select count(*) from duesflow.mail_outbox where run_id = :id").param("id", runId)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from duesflow.charge where member_number = :member")
                .param("member", memberNumber).query(Long.class).single()).isZero();
    }

    private static String text(Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return part.getContent().toString();
        }
        if (part.getContent() instanceof Multipart multipart) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                text.append(text(multipart.getBodyPart(i)));
            }
            return text.toString();
        }
        return "";
    }

    private long member(String name, CollectionMethod method) {
        return register.register(null, new MemberInput(name, name.toLowerCase() + "@example.org", null, null, null,
                LocalDate.of(2020, 1, 1), null, "en", method, null, List.of(group), null)).memberNumber();
    }

    private void line() {
        rules.create(new BillingLineInput("Dues", 10, BillingLine.Kind.SCHEDULED, BillingLine.Frequency.MONTHLY, due,
                null, "3000", true, BillingLine.Who.GROUPS, List.of(group), null, null, null, BillingLine.PriceKind.FIXED,
                new BigDecimal("100.00"), null, null, null, null));
    }

    private long generatedAndWaiting() {
        ResponseEntity<JsonNode> created = treasurer.postForEntity("/api/billing/runs", Map.of("kind", "SCHEDULED",
                "from", due.toString(), "to", due.toString()), JsonNode.class);
        assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.CREATED);
        long runId = created.getBody().path("id").asLong();
        jobs.settle(runId);
        treasurer.postForEntity("/api/billing/runs/" + runId + "/generate", null, JsonNode.class);
        jobs.settle(runId);
        assertThat(instance(runId)).isWaitingAt(RunProcesses.APPROVAL_TASK);
        return runId;
    }

    private ProcessInstance instance(long runId) {
        ProcessInstance instance = runtime.createProcessInstanceQuery().processDefinitionKey(RunProcesses.KEY)
                .processInstanceBusinessKey(RunProcesses.businessKey(runId)).singleResult();
        assertThat(instance).as("run %d's process is running", runId).isNotNull();
        return instance;
    }

    private static Association with(Association a, String email, String languages) {
        return new Association(a.id(), a.version(), a.name(), email, a.address(), a.currency(), a.timeZone(), languages,
                a.iban(), a.bic(), a.sepaCreditorId(), a.betalingsserviceCreditor(), a.fiCreditorNumber(),
                a.defaultCollectionMethod(), a.monthlySuspensionFee(), a.receivablesAccount(), a.incomeAccount(),
                a.feeAccount(), a.bankAccount(), a.sepa(), a.createdAt(), a.createdBy(), a.updatedAt(), a.updatedBy());
    }
}
