package io.duesflow.cycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.duesflow.ApplicationTest;
import io.duesflow.RunJobs;
import io.duesflow.TestClock;
import io.duesflow.billing.BillingLine;
import io.duesflow.billing.BillingLineInput;
import io.duesflow.billing.BillingRules;
import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.members.Association;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberInput;
import io.duesflow.members.MemberRegister;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The monthly cycle on its timers: the draft mailed to the association on the draft day, the month's run created
 * and generated on the generation day, waiting in Tasklist for its approval. The clock is moved; jobs are executed by
 * the test.
 */
@ApplicationTest
class BillingCycleProcessTests {

    static final AtomicInteger TESTS = new AtomicInteger();

    @Autowired
    ProcessEngine engine;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    HistoryService history;
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
    CycleCatchUp catchUp;
    @Value("${duesflow.mail.pickup-dir}")
    Path pickup;

    String group;
    Association before;

    @BeforeEach
    void anAssociationWithAMailAddressAndAGroupOfItsOwn() {
        AbstractAssertions.init(engine);
        jdbc.sql("update duesflow.billing_line set active = false").update();
        group = "Cycle " + TESTS.incrementAndGet() + " " + System.nanoTime();
        register.createGroup(group, null, null);
        before = register.association();
        register.updateAssociation(withEmail(before, "kasserer@roklub.example"));
    }

    @AfterEach
    void settingsBack() {
        register.updateAssociation(withEmail(register.association(), before.email()));
        // Each test bills a month of its own; no instance is left running for another test's jobs.
        runtime.createProcessInstanceQuery().processDefinitionKey("billing-cycle").list()
                .forEach(instance -> runtime.deleteProcessInstance(instance.getId(), "test over"));
    }

    @Test
    void onTheDraftDayTheAssociationGetsTheDraftAndOnTheGenerationDayTheRunWaitsForApproval() throws Exception {
        clock.moveTo(LocalDate.of(2027, 1, 1));
        YearMonth february = YearMonth.of(2027, 2);
        member("Asta");
        member("Bror");
        monthlyLine(february.atDay(1), "75.00");

        ProcessInstance cycle = startedByTheDraftDaysTimer();
        assertThat(cycle).hasBusinessKey("cycle-2027-02");
        executeDue(cycle);

        assertThat(cycle).isWaitingAt("UntilGeneration").hasPassed("MailDraft");
        Path draft = mailTo("draft-2027-02@duesflow");
        assertThat(Files.readString(draft)).contains("kasserer@roklub.example", "draft-2027-02.pdf");

        clock.moveTo(LocalDate.of(2027, 1, 11));
        executeDue(cycle);
        assertThat(cycle).as("not before the generation day").isWaitingAt("UntilGeneration");
        clock.moveTo(LocalDate.of(2027, 1, 12));
        executeDue(cycle);
        long runId = ((Number) runtime.getVariable(cycle.getId(), "runId")).longValue();
        jobs.settle(runId);

        BillingRun run = runs.run(runId);
        assertThat(run.state()).isEqualTo(BillingRun.State.GENERATED);
        assertThat(run.periodFrom()).isEqualTo(february.atDay(1));
        assertThat(run.periodTo()).isEqualTo(february.atEndOfMonth());
        assertThat(run.chargeCount()).isGreaterThanOrEqualTo(2);
        ProcessInstance runProcess = runtime.createProcessInstanceQuery().processDefinitionKey("billing-run")
                .processInstanceBusinessKey("run-" + runId).singleResult();
        assertThat(runProcess).isWaitingAt(RunProcesses.APPROVAL_TASK).hasNotPassed(RunProcesses.PREVIEW_TASK);
        assertThat(runtime.getVariable(runProcess.getId(), "deadline")).as("no Betalingsservice: the month's last day")
                .isEqualTo("2027-01-31");
    }

    @Test
    void aMonthWithNothingDueEndsAfterTheDraftWithoutARun() {
        clock.moveTo(LocalDate.of(2027, 3, 1));

        ProcessInstance cycle = startedByTheDraftDaysTimer();
        executeDue(cycle);

        assertThat(cycle).isEnded().hasPassed("NothingDue").hasNotPassed("CreateMonthRun");
    }

    @Test
    void anApplicationThatWasDownOnTheDraftDayStartsTheMonthWhenItIsBackAndOnlyOnce() {
        clock.moveTo(LocalDate.of(2027, 4, 8));
        member("Cato");
        monthlyLine(LocalDate.of(2027, 5, 1), "10.00");

        boolean started = catchUp.startIfMissed();
        boolean again = catchUp.startIfMissed();
        ProcessInstance byTimer = startedByTheDraftDaysTimer();

        assertThat(started).isTrue();
        assertThat(again).as("the month is under way").isFalse();
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("billing-cycle")
                .processInstanceBusinessKey("cycle-2027-05").count()).isEqualTo(1);
        assertThat(byTimer).as("its timer firing late changes nothing").isEnded().hasPassed("AlreadyUnderWay");
    }

    @Test
    void theExampleDatasFirstLookGeneratesTheRunAtOnceWhateverTheDay() {
        clock.moveTo(LocalDate.of(2027, 6, 3));
        member("Dagny");
        monthlyLine(LocalDate.of(2027, 7, 1), "20.00");

        assertThat(catchUp.startIfMissed(true)).isTrue();
        ProcessInstance cycle = runtime.createProcessInstanceQuery().processDefinitionKey("billing-cycle")
                .processInstanceBusinessKey("cycle-2027-07").singleResult();
        executeDue(cycle);

        assertThat(cycle).as("the 3rd, long before the generation day").hasPassed("CreateMonthRun");
        long runId = ((Number) runtime.getVariable(cycle.getId(), "runId")).longValue();
        jobs.settle(runId);
        assertThat(runs.run(runId).state()).isEqualTo(BillingRun.State.GENERATED);
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    /** What the start timer's job does when it fires: a new instance of the cycle, running or already ended. */
    private ProcessInstance startedByTheDraftDaysTimer() {
        Job timer = management.createJobQuery().processDefinitionKey("billing-cycle").timers().singleResult();
        List<String> earlier = history.createHistoricProcessInstanceQuery().processDefinitionKey("billing-cycle").list()
                .stream().map(HistoricProcessInstance::getId).toList();
        management.executeJob(timer.getId());
        HistoricProcessInstance started = history.createHistoricProcessInstanceQuery().processDefinitionKey("billing-cycle")
                .list().stream().filter(h -> !earlier.contains(h.getId())).findFirst().orElseThrow();
        ProcessInstance running = runtime.createProcessInstanceQuery().processInstanceId(started.getId()).singleResult();
        return running != null ? running : new EndedInstance(started);
    }

    /** An instance that ended within the job that started it, as camunda-bpm-assert wants one. */
    private static final class EndedInstance extends org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity {
        EndedInstance(HistoricProcessInstance ended) {
            setId(ended.getId());
            setProcessInstanceId(ended.getId());
            setBusinessKey(ended.getBusinessKey());
            setProcessDefinitionId(ended.getProcessDefinitionId());
        }
    }

    private void executeDue(ProcessInstance cycle) {
        for (int round = 0; round < 100; round++) {
            List<Job> due = management.createJobQuery().processInstanceId(cycle.getId()).executable().list();
            if (due.isEmpty()) {
                return;
            }
            management.executeJob(due.get(0).getId());
        }
    }

    private Path mailTo(String messageId) throws Exception {
        try (Stream<Path> mails = Files.list(pickup)) {
            return mails.filter(mail -> {
                try {
                    return Files.readString(mail).contains(messageId);
                } catch (java.io.IOException e) {
                    return false;
                }
            }).findFirst().orElseThrow(() -> new AssertionError("No mail " + messageId + " in " + pickup));
        }
    }

    private long member(String name) {
        return register.register(null, new MemberInput(name, name.toLowerCase() + "@example.org", null, null, null,
                LocalDate.of(2020, 1, 1), null, "da", CollectionMethod.INVOICE, null, List.of(group), null)).memberNumber();
    }

    private void monthlyLine(LocalDate firstDue, String price) {
        rules.create(new BillingLineInput("Dues", 10, BillingLine.Kind.SCHEDULED, BillingLine.Frequency.MONTHLY, firstDue,
                null, "3000", true, BillingLine.Who.GROUPS, List.of(group), null, null, null, BillingLine.PriceKind.FIXED,
                new BigDecimal(price), null, null, null, null));
    }

    private static Association withEmail(Association a, String email) {
        return new Association(a.id(), a.version(), a.name(), email, a.address(), a.currency(), a.timeZone(), a.languages(),
                a.iban(), a.bic(), a.sepaCreditorId(), a.betalingsserviceCreditor(), a.fiCreditorNumber(),
                a.defaultCollectionMethod(), a.monthlySuspensionFee(), a.receivablesAccount(), a.incomeAccount(),
                a.feeAccount(), a.bankAccount(), a.sepa(), a.createdAt(), a.createdBy(), a.updatedAt(), a.updatedBy());
    }
}
