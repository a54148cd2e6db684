package io.duesflow.cycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import io.duesflow.ApplicationTest;
import io.duesflow.RunJobs;
import io.duesflow.TestClock;
import io.duesflow.TestDatabases;
import io.duesflow.billing.BillingLine;
import io.duesflow.billing.BillingLineInput;
import io.duesflow.billing.BillingRules;
import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberInput;
import io.duesflow.members.MemberRegister;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * An operator who moves the cycle to the 3rd and the 20th at 07:30 ({@code DUESFLOW_CYCLE_DRAFT_DAY},
 * {@code DUESFLOW_CYCLE_GENERATE_DAY}, {@code DUESFLOW_CYCLE_AT}) gets the month started on the 3rd and its run on
 * the 20th. The start timer is made when the processes are deployed, so this application deploys them into a
 * database of its own (the shared one keeps the default days' timer); it is closed after the class.
 */
@ApplicationTest
@TestPropertySource(properties = {"DUESFLOW_CYCLE_DRAFT_DAY=3", "DUESFLOW_CYCLE_GENERATE_DAY=20",
        "DUESFLOW_CYCLE_AT=07:30",
        "duesflow.data-dir=target/test-data-cycle-days",
        "duesflow.database.embedded.data-dir=target/test-postgres-cycle-days",
        // Its own engine name: closing this application must not take the shared tests' engine out of the registry.
        "camunda.bpm.process-engine-name=cycledays"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class CycleDaysFromConfigurationTests {

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        TestDatabases.own("cycle_days", registry);
    }

    @Autowired
    ProcessEngine engine;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    MemberRegister register;
    @Autowired
    BillingRules rules;
    @Autowired
    BillingRuns runs;
    @Autowired
    TestClock clock;
    @Autowired
    Clock businessClock;
    @Autowired
    RunJobs jobs;

    @Test
    void theMonthStartsOnTheConfiguredDraftDayAndItsRunIsGeneratedOnTheConfiguredGenerationDay() {
        AbstractAssertions.init(engine);
        // Cron fires in the server's time zone.
        Job startTimer = management.createJobQuery().processDefinitionKey("billing-cycle").timers().singleResult();
        ZonedDateTime fires = startTimer.getDuedate().toInstant().atZone(ZoneId.systemDefault());
        assertThat(fires.getDayOfMonth()).as("the start timer's day").isEqualTo(3);
        assertThat(fires.toLocalTime()).isEqualTo(LocalTime.of(7, 30));

        LocalDate today = clock.today();
        LocalDate draftDay = today.withDayOfMonth(3);
        LocalDate firstDue = today.plusMonths(1).withDayOfMonth(1);
        register.createGroup("Rowers", null, null);
        register.register(null, new MemberInput("Ebbe", "ebbe@example.org", null, null, null, LocalDate.of(2020, 1, 1),
                null, "da", CollectionMethod.INVOICE, null, List.of("Rowers"), null));
        rules.create(new BillingLineInput("Dues", 10, BillingLine.Kind.SCHEDULED, BillingLine.Frequency.MONTHLY, firstDue,
                null, "3000", true, BillingLine.Who.GROUPS, List.of("Rowers"), null, null, null,
                BillingLine.PriceKind.FIXED, new BigDecimal("30.00"), null, null, null, null));

        clock.moveTo(draftDay);
        management.executeJob(startTimer.getId());
        ProcessInstance cycle = runtime.createProcessInstanceQuery().processDefinitionKey("billing-cycle")
                .processInstanceBusinessKey("cycle-" + java.time.YearMonth.from(firstDue)).singleResult();
        assertThat(cycle).as("started by the 3rd's timer").isNotNull();
        Job nextStart = management.createJobQuery().processDefinitionKey("billing-cycle").timers()
                .list().stream().filter(job -> job.getProcessInstanceId() == null)
                .findFirst().orElseThrow();
        assertThat(nextStart.getDuedate().toInstant().atZone(ZoneId.systemDefault()).getDayOfMonth())
                .as("and again on the next month's 3rd").isEqualTo(3);
        executeDue(cycle);

        assertThat(cycle).hasPassed("MailDraft").isWaitingAt("UntilGeneration");
        Job generation = management.createJobQuery().processInstanceId(cycle.getId()).timers().singleResult();
        assertThat(generation.getDuedate().toInstant())
                .isEqualTo(today.withDayOfMonth(20).atTime(7, 30).atZone(businessClock.getZone()).toInstant());
        clock.moveTo(today.withDayOfMonth(19));
        executeDue(cycle);
        assertThat(cycle).as("not before the 20th").isWaitingAt("UntilGeneration");
        clock.moveTo(today.withDayOfMonth(20));
        executeDue(cycle);

        assertThat(cycle).hasPassed("CreateMonthRun");
        long runId = ((Number) runtime.getVariable(cycle.getId(), "runId")).longValue();
        jobs.settle(runId);
        assertThat(runs.run(runId).state()).isEqualTo(BillingRun.State.GENERATED);
        assertThat(runs.run(runId).periodFrom()).isEqualTo(firstDue);
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(RunProcesses.KEY)
                .processInstanceBusinessKey(RunProcesses.businessKey(runId)).singleResult())
                .isWaitingAt(RunProcesses.APPROVAL_TASK);
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
