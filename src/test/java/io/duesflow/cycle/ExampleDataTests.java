package io.duesflow.cycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import io.duesflow.RunJobs;
import io.duesflow.TestClock;
import io.duesflow.TestDatabases;
import io.duesflow.TestUsers;
import io.duesflow.billing.BillingLine;
import io.duesflow.billing.BillingRules;
import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.members.Association;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberRegister;
import io.duesflow.members.MemberSnapshot;
import io.duesflow.platform.Roles;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code DUESFLOW_EXAMPLE_DATA=true} on a fresh start, as a newcomer's first {@code mvn spring-boot:run} does it: an
 * empty register of its own (its own embedded PostgreSQL and data folder, so the other tests' members are not there)
 * gets the example association, 200 members in groups with mandates and the manual's two lines, and the month's run
 * waits for approval. Started again on that register, it loads nothing. The application is closed after the class.
 */
@ApplicationTest
@TestPropertySource(properties = {"DUESFLOW_EXAMPLE_DATA=true",
        "duesflow.data-dir=target/test-data-example",
        "duesflow.database.embedded.data-dir=target/test-postgres-example",
        // Its own engine name: closing this application must not take the shared tests' engine out of the registry.
        "camunda.bpm.process-engine-name=exampledata"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExampleDataTests {

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        TestDatabases.own("example", registry);
    }

    @Autowired
    ProcessEngine engine;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
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
    ExampleData exampleData;
    @Autowired
    RunJobs jobs;
    @Autowired
    TestClock clock;
    @Value("${duesflow.mail.pickup-dir}")
    Path pickup;

    @BeforeEach
    void assertions() {
        AbstractAssertions.init(engine);
    }

    @Test
    @Order(1)
    void aFreshStartLoadsTheRowingClubItsMembersAndLinesAndTheMonthsRunWaitsForApproval() throws Exception {
        Association club = register.association();
        assertThat(club.name()).isEqualTo("Roeivereniging De Sont");
        assertThat(club.email()).isEqualTo("penningmeester@desont.example");
        assertThat(club.currency()).isEqualTo("EUR");
        assertThat(club.sepaCreditorId()).isEqualTo("DE98ZZZ09999999999");

        LocalDate today = clock.today();
        List<MemberSnapshot> members = register.snapshots(today);
        assertThat(register.memberCount()).isEqualTo(200);
        assertThat(members).hasSize(200);
        Set<Long> senior = register.memberNumbersInGroup("Senior", today);
        Set<Long> youth = register.memberNumbersInGroup("Youth", today);
        assertThat(senior).hasSize(150);
        assertThat(youth).hasSize(50).doesNotContainAnyElementsOf(senior);
        assertThat(register.memberNumbersInGroup("Ball money", today)).hasSize(67);
        List<Long> onDirectDebit = members.stream()
                .filter(m -> m.collectionMethod() == CollectionMethod.SEPA_DIRECT_DEBIT)
                .map(MemberSnapshot::memberNumber).toList();
        assertThat(onDirectDebit).hasSize(100);
        assertThat(register.activeMandates(onDirectDebit)).as("members with a mandate").hasSize(96);
        assertThat(register.withoutValidMandate()).as("for the approval form to flag").hasSize(4);

        LocalDate firstDue = today.plusMonths(1).withDayOfMonth(1);
        assertThat(rules.lines()).filteredOn(BillingLine::active)
                .extracting(BillingLine::name, BillingLine::kind, BillingLine::frequency, BillingLine::firstDueDate,
                        BillingLine::priceKind)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("Kontingent", BillingLine.Kind.SCHEDULED,
                                BillingLine.Frequency.MONTHLY, firstDue, BillingLine.PriceKind.GROUPS),
                        org.assertj.core.groups.Tuple.tuple("Boldpenge", BillingLine.Kind.SCHEDULED,
                                BillingLine.Frequency.MONTHLY, firstDue, BillingLine.PriceKind.FIXED));

        // The cycle was started at start-up; its jobs run as the job executor would run them.
        String month = "cycle-" + java.time.YearMonth.from(firstDue);
        ProcessInstance cycle = runtime.createProcessInstanceQuery().processDefinitionKey("billing-cycle")
                .processInstanceBusinessKey(month).singleResult();
        assertThat(cycle).as("the month's cycle, started by the example data").isNotNull();
        Path draft = pickup.resolve("draft-" + java.time.YearMonth.from(firstDue) + "_duesflow.eml");
        Files.deleteIfExists(draft);
        executeDue(cycle);
        assertThat(Files.readString(draft)).as("the draft, mailed to the club").contains("penningmeester@desont.example");
        long runId = ((Number) runtime.getVariable(cycle.getId(), "runId")).longValue();
        jobs.settle(runId);

        ProcessInstance run = runtime.createProcessInstanceQuery().processDefinitionKey(RunProcesses.KEY)
                .processInstanceBusinessKey(RunProcesses.businessKey(runId)).singleResult();
        assertThat(run).as("waiting in Tasklist, whatever the day").isWaitingAt(RunProcesses.APPROVAL_TASK);
        assertThat(task(run)).hasCandidateGroup(Roles.TREASURER);
        assertThat(runs.run(runId).state()).isEqualTo(BillingRun.State.GENERATED);
        // 150 seniors at 40.00, 50 youths at 20.00, 67 ball players at 7.50.
        assertThat(runtime.getVariables(run.getId())).containsEntry("chargeCount", 200).containsEntry("memberCount", 200)
                .containsEntry("total", "7502.50 EUR").containsEntry("invoicedInsteadCount", 4)
                .containsEntry("noMailAddressCount", 12);

        TestRestTemplate treasurer = TestUsers.signedIn(rest, identity, "dorte", Roles.TREASURER);
        ResponseEntity<JsonNode> approved = treasurer.postForEntity("/api/billing/runs/" + runId + "/approve", null,
                JsonNode.class);
        assertThat(approved.getStatusCode()).as("%s", approved.getBody()).isEqualTo(HttpStatus.OK);
        jobs.settle(runId);
        assertThat(runs.run(runId).state()).as("numbered, mailed, collected").isEqualTo(BillingRun.State.SENT);
    }

    @Test
    @Order(2)
    void startedAgainOnARegisterWithMembersItLoadsNothing() {
        Association club = register.association();
        long lines = rules.lines().size();
        long cycles = runtime.createProcessInstanceQuery().processDefinitionKey("billing-cycle").count()
                + engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey("billing-cycle")
                .finished().count();

        exampleData.loadIfAsked();

        assertThat(register.memberCount()).isEqualTo(200);
        assertThat(register.association()).isEqualTo(club);
        assertThat(rules.lines()).hasSize((int) lines);
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("billing-cycle").count()
                + engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey("billing-cycle")
                .finished().count()).as("no cycle started").isEqualTo(cycles);
    }

    private void executeDue(ProcessInstance instance) {
        for (int round = 0; round < 100; round++) {
            List<Job> due = management.createJobQuery().processInstanceId(instance.getId()).executable().list();
            if (due.isEmpty()) {
                return;
            }
            management.executeJob(due.get(0).getId());
        }
    }
}
