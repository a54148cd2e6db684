package io.duesflow.cycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

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
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberInput;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.Roles;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A run's process, every path, as the engine runs it: the clock is moved and the jobs are executed by the test, never
 * waited for. Every test bills a group of its own.
 */
@ApplicationTest
class BillingRunProcessTests {

    static final AtomicInteger TESTS = new AtomicInteger();

    @Autowired
    ProcessEngine engine;
    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;
    @Autowired
    org.camunda.bpm.engine.FormService forms;
    @Autowired
    org.camunda.bpm.engine.RepositoryService repository;
    @Autowired
    HistoryService history;
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
    JdbcClient jdbc;
    @Autowired
    TestClock clock;
    @Autowired
    RunJobs jobs;
    @Autowired
    BetalingsserviceProperties betalingsservice;
    @Autowired
    GenerationSteps steps;

    TestRestTemplate treasurer;
    String group;
    LocalDate due;

    @BeforeEach
    void aGroupOfItsOwn() {
        AbstractAssertions.init(engine);
        treasurer = TestUsers.signedIn(rest, identity, "tove", Roles.TREASURER);
        jdbc.sql("update duesflow.billing_line set active = false").update();
        group = "Process " + TESTS.incrementAndGet() + " " + System.nanoTime();
        register.createGroup(group, null, null);
        due = clock.today().plusMonths(1).withDayOfMonth(1);
    }

    @Test
    void aRunCreatedOverRestIsLookedAtGeneratedByJobsApprovedInItsTaskThenMailedCollectedAndSent() {
        member("Alma", CollectionMethod.INVOICE);
        member("Bent", CollectionMethod.INVOICE);
        line("Dues", "100.00");

        long runId = created(Map.of("kind", "SCHEDULED", "from", due.toString(), "to", due.toString()));
        ProcessInstance run = instance(runId);
        jobs.settle(runId);
        assertThat(run).isWaitingAt(RunProcesses.PREVIEW_TASK);
        assertThat(task(run)).hasCandidateGroup(Roles.TREASURER);
        assertThat(runtime.getVariable(run.getId(), "chargeCount")).isEqualTo(2);

        ResponseEntity<JsonNode> generate = treasurer.postForEntity("/api/billing/runs/" + runId + "/generate", null,
                JsonNode.class);
        assertThat(generate.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(generate.getBody().path("state").asText()).as("the jobs generate, not the request")
                .isIn("DRAFT", "GENERATING");
        jobs.settle(runId);

        assertThat(run).isWaitingAt(RunProcesses.APPROVAL_TASK);
        assertThat(task(run)).hasCandidateGroup(Roles.TREASURER);
        assertThat(runtime.getVariables(run.getId())).containsEntry("chargeCount", 2).containsEntry("memberCount", 2)
                .containsEntry("chunksDone", runtime.getVariable(run.getId(), "chunksTotal"));
        assertThat(runtime.getVariable(run.getId(), "lines").toString()).contains("Dues", "200.00");

        ResponseEntity<JsonNode> approved = treasurer.postForEntity("/api/billing/runs/" + runId + "/approve",
                Map.of("feeText", "Administration fee", "feeAmount", "10", "feeAccount", "3900"), JsonNode.class);
        assertThat(approved.getStatusCode()).as("%s", approved.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(approved.getBody().path("state").asText()).isEqualTo("APPROVED");
        assertThat(approved.getBody().path("total").decimalValue()).isEqualByComparingTo("220.00");
        jobs.settle(runId);

        assertThat(run).isEnded().hasPassedInOrder("StartGenerating", "GenerateChunk", "FinishGenerating",
                RunProcesses.APPROVAL_TASK, "ApproveAndNumber", "SendRunMail", "CollectDirectDebits", "MarkSent", "RunSent");
        assertThat(runs.run(runId).state()).isEqualTo(BillingRun.State.SENT);
        assertThat(history.createHistoricTaskInstanceQuery().processInstanceId(run.getId())
                .taskDefinitionKey(RunProcesses.APPROVAL_TASK).singleResult().getAssignee())
                .as("completed by the treasurer who called REST").isIn("tove", null);
        assertThat(runs.run(runId).approvedBy()).isEqualTo("tove");
    }

    @Test
    void anApprovedRunsMailIsSentByExactlyOneMailProcessTheRunsOwnProcessCalls() {
        member("Olga", CollectionMethod.INVOICE);
        member("Palle", CollectionMethod.INVOICE);
        line("Dues", "100.00");
        long runId = generatedAndWaiting();
        ProcessInstance run = instance(runId);

        approveOverRest(runId);
        ResponseEntity<JsonNode> again = treasurer.postForEntity("/api/billing/runs/" + runId + "/approve", null,
                JsonNode.class);
        jobs.settle(runId);
        jobs.settle(runId);

        assertThat(again.getStatusCode()).as("approved once; a second approval finds no task").isEqualTo(HttpStatus.CONFLICT);
        assertThat(run).isEnded().hasPassed("SendRunMail");
        assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey("run-mail")
                .processInstanceBusinessKey(RunProcesses.businessKey(runId)).list())
                .as("one mail process for the run, called by the run's own process").singleElement()
                .satisfies(mail -> {
                    assertThat(mail.getSuperProcessInstanceId()).isEqualTo(run.getId());
                    assertThat(mail.getState()).isEqualTo("COMPLETED");
                });
        assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey("run-mail")
                .superProcessInstanceId(run.getId()).count()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from duesflow.mail_outbox where run_id = :id").param("id", runId)
                .query(Long.class).single()).as("each invoice queued once").isEqualTo(2);
    }

    @Test
    void theRunsVariablesHoldCountsAndTheFirstFlaggedMembersOnlyTheFormsLinkListsThemAll() throws Exception {
        for (int i = 1; i <= 27; i++) {
            register.register(null, new MemberInput("Uden Mail " + i, null, null, null, null, LocalDate.of(2020, 1, 1),
                    null, "da", CollectionMethod.INVOICE, null, List.of(group), null));
        }
        line("Dues", "100.00");
        long runId = generatedAndWaiting();
        ProcessInstance run = instance(runId);

        Map<String, Object> variables = runtime.getVariables(run.getId());
        assertThat(variables).containsEntry("chargeCount", 27).containsEntry("memberCount", 27)
                .containsEntry("noMailAddressCount", 27).containsEntry("invoicedInsteadCount", 0);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(json.readTree(variables.get("noMailAddress").toString())).as("the form's sample").hasSize(25);
        // No other variable holds a list: only the form's tables do, and none longer than the sample.
        variables.forEach((name, value) -> {
            String text = String.valueOf(value).strip();
            if (text.startsWith("[")) {
                assertThat(name).isIn("lines", "skipped", "invoicedInstead", "noMailAddress");
                try {
                    assertThat(json.readTree(text).size()).as(name).isLessThanOrEqualTo(25);
                } catch (java.io.IOException e) {
                    throw new AssertionError(name + " is not JSON: " + text, e);
                }
            }
        });

        ResponseEntity<String> flagged = treasurer.getForEntity("/api/billing/runs/" + runId + "/flagged.csv",
                String.class);
        assertThat(flagged.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<String> rows = flagged.getBody().replace("\uFEFF", "").lines().toList();
        assertThat(rows.get(0)).isEqualTo("flag;member_number;name;line;reason");
        assertThat(rows.subList(1, rows.size())).as("every one of them").hasSize(27)
                .allSatisfy(row -> assertThat(row).startsWith("no mail address;").contains(";Uden Mail "));
    }

    @Test
    void rejectingAndGeneratingAgainPicksUpAMemberWhoJoinedSince() {
        member("Cai", CollectionMethod.INVOICE);
        line("Dues", "100.00");
        long runId = generatedAndWaiting();
        long latecomer = member("Dina", CollectionMethod.INVOICE);

        ResponseEntity<JsonNode> rejected = treasurer.postForEntity("/api/billing/runs/" + runId + "/reject",
                Map.of("generateAgain", true), JsonNode.class);
        assertThat(rejected.getStatusCode()).isEqualTo(HttpStatus.OK);
        jobs.settle(runId);

        assertThat(instance(runId)).isWaitingAt(RunProcesses.APPROVAL_TASK)
                .hasPassed("RejectToRegenerate");
        assertThat(runs.charges(runId, 0, 10)).extracting(c -> c.memberNumber()).contains(latecomer);
        assertThat(runs.run(runId).state()).isEqualTo(BillingRun.State.GENERATED);
    }

    @Test
    void rejectingAndStoppingEndsTheRunWithNothingSent() {
        member("Erik", CollectionMethod.INVOICE);
        line("Dues", "100.00");
        long runId = generatedAndWaiting();
        ProcessInstance run = instance(runId);

        treasurer.postForEntity("/api/billing/runs/" + runId + "/reject", Map.of("generateAgain", false), JsonNode.class);

        assertThat(run).isEnded().hasPassed("RejectRun", "RunRejected").hasNotPassed("ApproveAndNumber");
        assertThat(runs.run(runId).state()).isEqualTo(BillingRun.State.REJECTED);
        assertThat(jdbc.sql("select count(*) from duesflow.mail_outbox where run_id = :id").param("id", runId)
                .query(Long.class).single()).isZero();
    }

    @Test
    void notApprovedByTheLastDayOfTheMonthTheRunExpiresNothingIsSentAndTheAssociationIsTold() {
        member("Frej", CollectionMethod.INVOICE);
        line("Dues", "100.00");
        long runId = generatedAndWaiting();
        ProcessInstance run = instance(runId);
        LocalDate lastDay = YearMonth.from(clock.today()).atEndOfMonth();
        assertThat(runtime.getVariable(run.getId(), "deadline")).isEqualTo(lastDay.toString());

        clock.moveTo(lastDay);
        jobs.settle(runId);
        assertThat(run).as("still open on its last day").isWaitingAt(RunProcesses.APPROVAL_TASK);
        clock.moveTo(lastDay.plusDays(1));
        jobs.settle(runId);

        assertThat(run).isEnded().hasPassedInOrder("DeadlinePassed", "ExpireRun", "TellExpired", "RunExpired");
        assertThat(runs.run(runId).state()).isEqualTo(BillingRun.State.EXPIRED);
        assertThat(runs.charges(runId, 0, 10)).isEmpty();
        assertThat(jdbc.sql("select count(*) from duesflow.mail_outbox where run_id = :id").param("id", runId)
                .query(Long.class).single()).isZero();
    }

    @Test
    void aRunWithBetalingsserviceChargesExpiresAtNetsDeadline() {
        long mia = member("Mia", CollectionMethod.BETALINGSSERVICE);
        register.addBetalingsserviceAgreement(mia, "7" + mia);
        line("Dues", "100.00");
        long runId = generatedAndWaiting();
        ProcessInstance run = instance(runId);
        LocalDate deadline = betalingsservice.deliveryDeadline(due);

        assertThat(runtime.getVariable(run.getId(), "deadline")).isEqualTo(deadline.toString());
        clock.moveTo(deadline.plusDays(1));
        jobs.settle(runId);

        assertThat(run).isEnded().hasPassed("ExpireRun");
        assertThat(runs.run(runId).state()).isEqualTo(BillingRun.State.EXPIRED);
    }

    @Test
    void immediateBillingFromItsStartFormCreatesTheRunAndTheRunsProcessShowsWhatItBills() {
        long gro = member("Gro", CollectionMethod.INVOICE);
        BillingLine course = rules.create(new BillingLineInput("Course", 10, BillingLine.Kind.IMMEDIATE, null, null, null,
                null, true, BillingLine.Who.GROUPS, List.of(group), null, null, null, BillingLine.PriceKind.FIXED,
                new BigDecimal("250.00"), null, null, null, null));

        ProcessInstance started = forms.submitStartForm(definition("immediate-billing"), Map.of("who", "LINES",
                "lineIds", String.valueOf(course.id()), "dueDate", due.toString()));

        long runId = ((Number) runtime.getVariable(started.getId(), "runId")).longValue();
        jobs.settle(runId);
        assertThat(instance(runId)).isWaitingAt(RunProcesses.PREVIEW_TASK);
        tasks.complete(task(instance(runId)).getId(), Map.of("decision", "generate"));
        jobs.settle(runId);
        assertThat(runs.charges(runId, 0, 10)).extracting(c -> c.memberNumber()).containsExactly(gro);
        assertThat(started).isActive();
    }

    @Test
    void newMemberBillingFromItsStartFormBillsOnlyMembersNotBilledSinceTheCutOff() {
        member("Hans", CollectionMethod.INVOICE);
        BillingLine dues = line("Dues", "100.00");
        long first = generatedAndWaiting();
        approveOverRest(first);
        jobs.settle(first);
        long newcomer = member("Ida", CollectionMethod.INVOICE);

        ProcessInstance started = forms.submitStartForm(definition("new-member-billing"), Map.of(
                "lineIds", String.valueOf(dues.id()), "cutOff", due.minusDays(1).toString(),
                "dueDate", due.plusDays(10).toString(), "discountPercent", "50"));
        long runId = ((Number) runtime.getVariable(started.getId(), "runId")).longValue();
        jobs.settle(runId);
        tasks.complete(task(instance(runId)).getId(), Map.of("decision", "generate"));
        jobs.settle(runId);

        assertThat(runs.charges(runId, 0, 10)).singleElement().satisfies(charge -> {
            assertThat(charge.memberNumber()).isEqualTo(newcomer);
            assertThat(charge.total()).isEqualByComparingTo("50.00");
        });
    }

    @Test
    void aGenerationJobThatFailsBecomesAnIncidentNamingTheRunAndItsRetryFinishesWithoutDoublingAnything() {
        long first = member("Jon", CollectionMethod.INVOICE);
        long crashing = member("Kaj", CollectionMethod.INVOICE);
        line("Dues", "100.00");
        long runId = created(Map.of("kind", "SCHEDULED", "from", due.toString(), "to", due.toString()));
        jobs.settle(runId);
        treasurer.postForEntity("/api/billing/runs/" + runId + "/generate", null, JsonNode.class);
        jdbc.sql("""
                create or replace function duesflow.test_crash() returns trigger language plpgsql as $$
                begin
                  if new.member_number = %d then raise exception 'the disk is full'; end if;
                  return new;
                end $$""".formatted(crashing)).update();
        jdbc.sql("create trigger test_crash before insert on duesflow.charge for each row execute function duesflow.test_crash()")
                .update();
        Incident incident;
        try {
            for (int attempt = 0; attempt < 20 && (incident = incident(runId)) == null; attempt++) {
                Job job = jobs.dueJobs("run-" + runId).stream().findFirst().orElse(null);
                if (job == null) {
                    clock.advance(java.time.Duration.ofMinutes(2));
                    continue;
                }
                try {
                    management.executeJob(job.getId());
                } catch (RuntimeException expected) {
                    // the job fails, and is retried, until its retries are spent
                }
            }
            incident = incident(runId);
        } finally {
            jdbc.sql("drop trigger test_crash on duesflow.charge").update();
            jdbc.sql("drop function duesflow.test_crash()").update();
        }

        assertThat(incident).as("an incident after the last retry").isNotNull();
        assertThat(incident.getActivityId()).isEqualTo("GenerateChunk");
        // What a supervisor reads in Cockpit: the run, the chunk, the cause, and what pressing retry will do.
        BillingRun failed = runs.run(runId);
        assertThat(failed.name()).isNotBlank();
        BillingRuns.GenerationChunk chunk = runs.generationChunk(runId, failed.chunksTotal()).orElseThrow();
        assertThat(incident.getIncidentMessage()).isEqualTo("Run " + runId + " (" + failed.name() + "): billing chunk "
                + chunk.number() + " of " + chunk.chunksTotal() + " (the members "
                + (chunk.afterMember() == null ? "from the first" : "after member " + chunk.afterMember())
                + " to the last) failed: ERROR: the disk is full. Nothing of that chunk was billed; a retry bills it, "
                + "and a chunk billed once is never billed again, so nobody is billed twice.");
        // As Cockpit's retry does it: one more retry, due now.
        management.setJobRetries(incident.getConfiguration(), 1);
        management.setJobDuedate(incident.getConfiguration(), java.util.Date.from(clock.now()));
        jobs.settle(runId);

        assertThat(instance(runId)).isWaitingAt(RunProcesses.APPROVAL_TASK);
        assertThat(jdbc.sql("select member_number from duesflow.charge where run_id = :id order by member_number")
                .param("id", runId).query(Long.class).list()).containsExactly(first, crashing);
    }

    @Test
    void theChunksJobsRunSideBySideInAnyOrderBillEveryMemberOnceAndTheApprovalTaskComesOnce() throws Exception {
        List<Long> members = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            members.add(member("Side" + i, CollectionMethod.INVOICE));
        }
        line("Dues", "100.00");
        long runId = created(Map.of("kind", "SCHEDULED", "from", due.toString(), "to", due.toString()));
        jobs.settle(runId);
        // Chunks of a few members, so that this test's members fall in several (a large shared register: at most 60).
        int size = (int) Math.max(4, (register.memberCount() + 59) / 60);
        jdbc.sql("update duesflow.billing_run set chunk_size = :size where id = :id").param("size", size)
                .param("id", runId).update();
        treasurer.postForEntity("/api/billing/runs/" + runId + "/generate", null, JsonNode.class);
        ProcessInstance run = instance(runId);
        management.executeJob(management.createJobQuery().processInstanceId(run.getId()).activityId("StartGenerating")
                .singleResult().getId());
        int chunks = ((Number) runtime.getVariable(run.getId(), "chunksTotal")).intValue();
        List<Job> billing = management.createJobQuery().processInstanceId(run.getId()).activityId("GenerateChunk").list();
        assertThat(billing).as("one job per chunk, all at once").hasSize(chunks)
                .allSatisfy(job -> assertThat(((org.camunda.bpm.engine.impl.persistence.entity.JobEntity) job)
                        .isExclusive()).as("not exclusive: any thread of any node takes it").isFalse());

        // As two job executors would: every chunk's job, then every count's, two at a time, in a shuffled order.
        sideBySide(billing);
        sideBySide(management.createJobQuery().processInstanceId(run.getId()).activityId("CountChunk").list());
        jobs.settle(runId);

        assertThat(run).isWaitingAt(RunProcesses.APPROVAL_TASK);
        assertThat(tasks.createTaskQuery().processInstanceId(run.getId()).count()).as("one approval task").isEqualTo(1);
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(run.getId())
                .activityId("FinishGenerating").count()).as("finished once, after the last chunk").isEqualTo(1);
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(run.getId())
                .activityId("GenerateChunk").count()).isEqualTo(chunks);
        assertThat(jdbc.sql("select member_number from duesflow.charge where run_id = :id order by member_number")
                .param("id", runId).query(Long.class).list()).as("each member once").isEqualTo(members);
        BillingRun generated = runs.run(runId);
        assertThat(generated.state()).isEqualTo(BillingRun.State.GENERATED);
        assertThat(generated.chargeCount()).isEqualTo(16);
        assertThat(generated.total()).isEqualByComparingTo("1600.00");
        assertThat(runtime.getVariables(run.getId())).containsEntry("chunksDone", chunks)
                .containsEntry("chunksTotal", chunks).containsEntry("chargesSoFar", 16).containsEntry("chargeCount", 16);
    }

    @Test
    void aRunOfTheEarlierChunkAfterChunkProcessStillGeneratingWhenThisVersionCameBillsTheRestOneChunkAfterAnother() {
        List<Long> members = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            members.add(member("Before" + i, CollectionMethod.INVOICE));
        }
        line("Dues", "100.00");
        BillingRun run = runs.createScheduled(null, due, due, null);
        int size = (int) Math.max(2, (register.memberCount() + 29) / 30);
        jdbc.sql("update duesflow.billing_run set chunk_size = :size where id = :id").param("size", size)
                .param("id", run.id()).update();
        // The earlier version's start: GENERATING, no chunks cut (its chunks went on from the last member billed).
        runs.startGeneration(run.id());
        jdbc.sql("delete from duesflow.billing_run_chunk where run_id = :id").param("id", run.id()).update();
        // Its job "Bill a chunk of members" has no loopCounter; its gateway "More members?" reads moreChunks.
        java.util.Map<String, Object> variables = new java.util.HashMap<>(Map.of("runId", run.id(), "moreChunks", true));
        org.camunda.bpm.engine.delegate.DelegateExecution job = org.mockito.Mockito.mock(
                org.camunda.bpm.engine.delegate.DelegateExecution.class);
        org.mockito.Mockito.when(job.getVariable(org.mockito.ArgumentMatchers.anyString()))
                .thenAnswer(call -> variables.get(call.<String>getArgument(0)));
        org.mockito.Mockito.doAnswer(call -> variables.put(call.getArgument(0), call.getArgument(1))).when(job)
                .setVariable(org.mockito.ArgumentMatchers.anyString(), org.mockito.ArgumentMatchers.any());

        int jobs = 0;
        while (Boolean.TRUE.equals(variables.get("moreChunks")) && jobs++ < 100) {
            steps.chunk(job);
        }
        BillingRun generated = runs.finishGeneration(run.id());

        assertThat(jobs).isEqualTo(generated.chunksTotal());
        assertThat(generated.state()).isEqualTo(BillingRun.State.GENERATED);
        assertThat(jdbc.sql("select member_number from duesflow.charge where run_id = :id order by member_number")
                .param("id", run.id()).query(Long.class).list()).as("each member once").isEqualTo(members);
    }

    /**
     * Executes the jobs on two threads at once, in a shuffled order. A job that meets the other's update (the engine's
     * optimistic locking) is executed again later, as the job executor does, with its retries untouched.
     */
    private void sideBySide(List<Job> jobs) throws Exception {
        java.util.List<Job> shuffled = new java.util.ArrayList<>(jobs);
        java.util.Collections.shuffle(shuffled, new java.util.Random(jobs.size()));
        java.util.concurrent.BlockingDeque<Job> queue = new java.util.concurrent.LinkedBlockingDeque<>(shuffled);
        java.util.concurrent.atomic.AtomicInteger conflicts = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Object>> threads = two.invokeAll(List.of(() -> drain(queue, conflicts),
                    () -> drain(queue, conflicts)));
            for (java.util.concurrent.Future<Object> thread : threads) {
                thread.get();
            }
        } finally {
            two.shutdown();
        }
        for (Job job : jobs) {
            assertThat(management.createJobQuery().jobId(job.getId()).singleResult()).as("job %s done", job.getId())
                    .isNull();
        }
    }

    private Object drain(java.util.concurrent.BlockingDeque<Job> queue, java.util.concurrent.atomic.AtomicInteger conflicts) {
        for (Job job = queue.pollFirst(); job != null; job = queue.pollFirst()) {
            try {
                management.executeJob(job.getId());
            } catch (org.camunda.bpm.engine.OptimisticLockingException e) {
                assertThat(conflicts.incrementAndGet()).as("conflicts").isLessThan(1000);
                queue.addLast(job);
            }
        }
        return null;
    }

    @Test
    void aSupervisorCanReadTheApprovalTaskButNotCompleteIt() {
        member("Lis", CollectionMethod.INVOICE);
        line("Dues", "100.00");
        long runId = generatedAndWaiting();
        TestRestTemplate supervisor = TestUsers.signedIn(rest, identity, "sune", Roles.SUPERVISOR);

        ResponseEntity<JsonNode> refused = supervisor.postForEntity("/api/billing/runs/" + runId + "/approve", null,
                JsonNode.class);
        identity.setAuthentication("sune", List.of(Roles.SUPERVISOR));
        try {
            assertThatThrownBy(() -> tasks.complete(task(instance(runId)).getId(), Map.of("decision", "approve")))
                    .isInstanceOf(AuthorizationException.class);
        } finally {
            identity.clearAuthentication();
        }

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(instance(runId)).isWaitingAt(RunProcesses.APPROVAL_TASK);
        assertThat(runs.run(runId).state()).isEqualTo(BillingRun.State.GENERATED);
    }

    @Test
    void anApprovalAnEditRefusesKeepsTheTaskWaitingAndSaysWhy() {
        member("Mads", CollectionMethod.INVOICE);
        line("Dues", "100.00");
        long runId = generatedAndWaiting();

        ResponseEntity<JsonNode> refused = treasurer.postForEntity("/api/billing/runs/" + runId + "/approve",
                Map.of("feeText", "Fee", "feeAmount", "10"), JsonNode.class);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("field").asText()).isEqualTo("feeAccount");
        assertThat(instance(runId)).isWaitingAt(RunProcesses.APPROVAL_TASK);
        assertThat(runs.run(runId).state()).isEqualTo(BillingRun.State.GENERATED);
    }

    @Test
    void aRestDoorWithNothingWaitingIsRefusedNamingTheRunAndItsState() {
        member("Nora", CollectionMethod.INVOICE);
        line("Dues", "100.00");
        long runId = generatedAndWaiting();

        ResponseEntity<JsonNode> generateAgain = treasurer.postForEntity("/api/billing/runs/" + runId + "/generate", null,
                JsonNode.class);

        assertThat(generateAgain.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(generateAgain.getBody().path("detail").asText()).contains("Run " + runId, "GENERATED",
                "Approve the run");
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private long member(String name, CollectionMethod method) {
        return register.register(null, new MemberInput(name, name.toLowerCase() + "@example.org", null, null, null,
                LocalDate.of(2020, 1, 1), null, "da", method, null, List.of(group), null)).memberNumber();
    }

    private BillingLine line(String name, String price) {
        return rules.create(new BillingLineInput(name, 10, BillingLine.Kind.SCHEDULED, BillingLine.Frequency.MONTHLY, due,
                null, "3000", true, BillingLine.Who.GROUPS, List.of(group), null, null, null, BillingLine.PriceKind.FIXED,
                new BigDecimal(price), null, null, null, null));
    }

    private long created(Map<String, Object> run) {
        ResponseEntity<JsonNode> created = treasurer.postForEntity("/api/billing/runs", run, JsonNode.class);
        assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asLong();
    }

    /** A scheduled run of the month of {@code due}, looked at, generated, waiting for its approval. */
    private long generatedAndWaiting() {
        long runId = created(Map.of("kind", "SCHEDULED", "from", due.toString(), "to", due.toString()));
        jobs.settle(runId);
        treasurer.postForEntity("/api/billing/runs/" + runId + "/generate", null, JsonNode.class);
        jobs.settle(runId);
        assertThat(instance(runId)).isWaitingAt(RunProcesses.APPROVAL_TASK);
        return runId;
    }

    private void approveOverRest(long runId) {
        ResponseEntity<JsonNode> approved = treasurer.postForEntity("/api/billing/runs/" + runId + "/approve", null,
                JsonNode.class);
        assertThat(approved.getStatusCode()).as("%s", approved.getBody()).isEqualTo(HttpStatus.OK);
    }

    /** The run's process instance while it runs; keep it to assert on it after it ended. */
    private ProcessInstance instance(long runId) {
        ProcessInstance instance = runtime.createProcessInstanceQuery().processDefinitionKey(RunProcesses.KEY)
                .processInstanceBusinessKey(RunProcesses.businessKey(runId)).singleResult();
        assertThat(instance).as("run %d's process is running", runId).isNotNull();
        return instance;
    }

    private String definition(String key) {
        return repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult().getId();
    }

    private Incident incident(long runId) {
        return runtime.createIncidentQuery().processInstanceId(instance(runId).getId()).list().stream().findFirst()
                .orElse(null);
    }
}
