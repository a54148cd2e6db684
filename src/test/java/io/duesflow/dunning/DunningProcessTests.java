package io.duesflow.dunning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.Api;
import io.duesflow.ApplicationTest;
import io.duesflow.TestClock;
import io.duesflow.billing.ApprovalEdits;
import io.duesflow.billing.BillingLine;
import io.duesflow.billing.BillingLineInput;
import io.duesflow.billing.BillingRules;
import io.duesflow.billing.BillingRuns;
import io.duesflow.billing.ChargeReminders;
import io.duesflow.billing.ChargeTemplate;
import io.duesflow.billing.ChargeView;
import io.duesflow.billing.Charges;
import io.duesflow.mail.MailOutbox;
import io.duesflow.payments.Payments;
import io.duesflow.platform.Roles;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A sent run's two reminder rounds on the real engine, with the clock moved to the reminder dates and the jobs
 * executed by the test: unpaid charges collected (paid ones dropped out, a bank statement in between), the
 * association told, a treasurer approving or skipping in the round's task, fees the law allows, reminders queued once,
 * fees booked once.
 */
@ApplicationTest
class DunningProcessTests {

    static final String TREASURER = "trine";
    static final LocalDate DUE = LocalDate.of(2026, 12, 15);
    static final LocalDate FIRST = LocalDate.of(2027, 1, 4);
    static final LocalDate SECOND = LocalDate.of(2027, 1, 18);

    @Autowired
    ApplicationContext context;
    @Autowired
    ProcessEngine engine;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    TaskService tasks;
    @Autowired
    HistoryService history;
    @Autowired
    Charges chargeRoom;
    @Autowired
    IdentityService identity;
    @Autowired
    BillingRuns runs;
    @Autowired
    Payments payments;
    @Autowired
    ReminderRounds rounds;
    @Autowired
    DunningProcesses processes;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    TestClock clock;
    @Value("${duesflow.mail.pickup-dir}")
    Path pickup;

    DunningFixtures fixtures;

    void association(String country, String currency) {
        AbstractAssertions.init(engine);
        fixtures = new DunningFixtures(context, country, currency);
    }

    @AfterEach
    void settingsBack() {
        if (fixtures != null) {
            fixtures.restore();
        }
        runtime.createProcessInstanceQuery().processDefinitionKey(DunningProcesses.KEY).list()
                .forEach(instance -> runtime.deleteProcessInstance(instance.getId(), "test over"));
    }

    @Test
    void twoRoundsWithABankStatementBetweenThemRemindOnlyWhatIsStillUnpaid() throws Exception {
        association("NL", "EUR");
        long asta = fixtures.member("Asta Andersen");
        long bror = fixtures.member("Bror Berg");
        long cato = fixtures.member("Cato Carlsen");
        long runId = fixtures.sentRun("100.00", DUE, FIRST, SECOND);
        ProcessInstance dunning = fixtures.startDunning(runId);

        assertThat(dunning).hasBusinessKey("dunning-" + runId).isWaitingAt("UntilNextReminder");
        clock.moveTo(FIRST.minusDays(1));
        fixtures.settle(runId);
        assertThat(dunning).as("not before the first reminder date").isWaitingAt("UntilNextReminder");

        clock.moveTo(FIRST);
        fixtures.settle(runId);
        assertThat(dunning).isWaitingAt("ApproveReminderRound").hasPassed("CollectUnpaid", "TellAssociation");
        assertThat(task()).hasCandidateGroup(Roles.TREASURER);
        // The notice's branch waits for the round instead of ending: an ending branch makes the engine rebuild the
        // instance under the waiting task, and a treasurer completing it at that moment was refused.
        assertThat(runtime.createExecutionQuery().processInstanceId(dunning.getId()).activityId("ToldAndDone").count())
                .as("the notice's branch waiting at the join").isEqualTo(1);
        assertThat(task().getExecutionId()).as("the task's own branch, untouched by the notice")
                .isNotEqualTo(dunning.getId());
        assertThat(task().getName()).contains("Dues " + fixtures.token, "run " + runId, "first reminder date",
                "3 reminders");
        long firstRound = roundOf(dunning);
        assertThat(Files.readString(mail("reminder-round-" + firstRound + "@duesflow")))
                .as("the association is told a round waits").contains("kasserer@roklub.example");

        decide(dunning, "send", "", FIRST.plusDays(14));
        fixtures.settle(runId);

        assertThat(dunning).isWaitingAt("UntilNextReminder").hasPassed("TellAssociation", "ToldAndDone")
                .hasPassedInOrder("CollectUnpaid", "ApproveReminderRound", "ApproveRound", "SendReminders",
                        "MailReminders", "AfterRound");
        List<ChargeView> charges = fixtures.charges(runId);
        assertThat(fixtures.queuedReminders(runId)).containsExactlyElementsOf(charges.stream()
                .map(charge -> "FIRST_REMINDER " + charge.number()).sorted().toList());
        assertThat(debtors(runId, 1)).containsExactlyInAnyOrder(asta + " level 1 on " + FIRST,
                bror + " level 1 on " + FIRST, cato + " level 1 on " + FIRST);
        ReminderRound sent = rounds.round(firstRound);
        assertThat(sent.state()).isEqualTo(ReminderRound.State.SENT);
        assertThat(sent.sent()).isEqualTo(3);
        assertThat(sent.decidedBy()).as("who approved").isEqualTo(TREASURER);
        HistoricTaskInstance approval = history.createHistoricTaskInstanceQuery().processInstanceId(dunning.getId())
                .taskDefinitionKey("ApproveReminderRound").finished().singleResult();
        assertThat(approval.getEndTime()).as("when, in the engine's history").isNotNull();
        assertThat(history.createUserOperationLogQuery().taskId(approval.getId())
                .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE).list())
                .extracting(UserOperationLogEntry::getUserId).as("who, in the engine's history").containsOnly(TREASURER);

        // Asta and Bror pay by transfer; the bank's statement comes in between the rounds.
        clock.moveTo(FIRST.plusDays(5));
        fixtures.payByStatement(clock.today(), List.of(fixtures.chargeOf(runId, asta), fixtures.chargeOf(runId, bror)));

        clock.moveTo(SECOND);
        fixtures.settle(runId);
        assertThat(dunning).isWaitingAt("ApproveReminderRound");
        assertThat(task().getName()).contains("second reminder date", "1 reminder");
        long secondRound = roundOf(dunning);
        assertThat(rounds.charges(secondRound, "SELECTED", 0, 10)).extracting(ReminderRound.Charge::memberNumber)
                .containsExactly(cato);
        decide(dunning, "send", "", SECOND.plusDays(14));
        fixtures.settle(runId);

        assertThat(dunning).isEnded().hasPassed("FollowUp", "RemindersDone");
        assertThat(fixtures.queuedReminders(runId)).filteredOn(kind -> kind.startsWith("SECOND_REMINDER"))
                .containsExactly("SECOND_REMINDER " + fixtures.chargeOf(runId, cato).number());
        assertThat(debtors(runId, 2)).containsExactly(cato + " level 2 on " + SECOND);
        assertThat(rounds.followUps(runId, 10)).extracting(RoundRows.FollowUp::memberNumber)
                .as("to be followed up by hand").containsExactly(cato);
    }

    @Test
    void aSkippedRoundSendsNothingAndTheSecondReminderDateStillComes() {
        association("NL", "EUR");
        long asta = fixtures.member("Asta Andersen");
        long runId = fixtures.sentRun("80.00", DUE, FIRST, SECOND);
        ProcessInstance dunning = fixtures.startDunning(runId);
        clock.moveTo(FIRST);
        fixtures.settle(runId);
        long round = roundOf(dunning);

        decide(dunning, "skip", null, null);
        fixtures.settle(runId);

        assertThat(dunning).isWaitingAt("UntilNextReminder").hasPassed("SkipRound").hasNotPassed("SendReminders");
        assertThat(rounds.round(round).state()).isEqualTo(ReminderRound.State.SKIPPED);
        assertThat(rounds.round(round).decidedBy()).isEqualTo(TREASURER);
        assertThat(fixtures.queuedReminders(runId)).isEmpty();
        assertThat(debtors(runId, 0)).containsExactly(asta + " level 0 on ");
        assertThat(runtime.getVariable(dunning.getId(), "nextReminderOn")).isEqualTo(SECOND.toString());

        clock.moveTo(SECOND);
        fixtures.settle(runId);
        assertThat(dunning).isWaitingAt("ApproveReminderRound");
        assertThat(rounds.charges(roundOf(dunning), "SELECTED", 0, 10)).singleElement()
                .satisfies(charge -> assertThat(charge.level()).as("its first reminder after all").isEqualTo(1));
    }

    @Test
    void aReminderSentNowWhileTheTimerWaitsIsARoundOfItsOwnAndTheReminderDatesStay() {
        association("NL", "EUR");
        long asta = fixtures.member("Asta Andersen");
        long runId = fixtures.sentRun("80.00", DUE, FIRST, SECOND);
        ProcessInstance dunning = fixtures.startDunning(runId);
        clock.moveTo(DUE.plusDays(3));
        Api treasurer = Api.as(rest, identity, TREASURER, Roles.TREASURER);

        var asked = treasurer.post("/api/dunning/runs/" + runId + "/send-now", null);
        assertThat(asked.getStatusCode().value()).isEqualTo(200);
        fixtures.settle(runId);
        assertThat(dunning).isWaitingAt("ApproveReminderRound").hasPassed("SendNowAsked");
        ReminderRound now = rounds.round(roundOf(dunning));
        assertThat(now.kind()).isEqualTo(ReminderRound.Kind.NOW);
        assertThat(now.selectedBy()).isEqualTo(TREASURER);
        var again = treasurer.post("/api/dunning/runs/" + runId + "/send-now", null);
        assertThat(again.getStatusCode().value()).as("a round waits already").isEqualTo(409);
        assertThat(again.getBody().path("detail").asText()).contains("waits for approval");

        var approved = treasurer.post("/api/dunning/runs/" + runId + "/round/approve",
                Map.of("payBy", clock.today().plusDays(14).toString()));
        assertThat(approved.getStatusCode().value()).isEqualTo(200);
        assertThat(approved.getBody().path("state").asText()).isEqualTo("APPROVED");
        fixtures.settle(runId);

        assertThat(dunning).isWaitingAt("UntilNextReminder");
        assertThat(runtime.getVariable(dunning.getId(), "nextReminderOn")).as("the first reminder date stays")
                .isEqualTo(FIRST.toString());
        assertThat(debtors(runId, 1)).containsExactly(asta + " level 1 on " + clock.today());

        clock.moveTo(FIRST);
        fixtures.settle(runId);
        assertThat(dunning).isWaitingAt("ApproveReminderRound");
        assertThat(rounds.charges(roundOf(dunning), "SELECTED", 0, 10)).singleElement()
                .satisfies(charge -> assertThat(charge.level()).as("its second reminder").isEqualTo(2));
    }

    @Test
    void aChargePaidWhileItsRoundAwaitedApprovalGetsNoReminderAndNoFee() throws Exception {
        association("DK", "DKK");
        long asta = fixtures.member("Asta Andersen");
        long bror = fixtures.member("Bror Berg");
        long runId = fixtures.sentRun("100.00", DUE, FIRST, SECOND);
        ProcessInstance dunning = fixtures.startDunning(runId);
        clock.moveTo(FIRST);
        fixtures.settle(runId);
        long round = roundOf(dunning);
        assertThat(rounds.round(round).reminders()).isEqualTo(2);

        clock.moveTo(FIRST.plusDays(1));
        payments.markPaid(fixtures.chargeOf(runId, asta).number(), clock.today(), "cash at the boathouse");
        decide(dunning, "send", "50,00", FIRST.plusDays(15));
        fixtures.settle(runId);

        ChargeView paid = fixtures.chargeOf(runId, asta);
        ChargeView reminded = fixtures.chargeOf(runId, bror);
        assertThat(paid.total()).as("no fee on the paid charge").isEqualByComparingTo("100.00");
        assertThat(paid.lines()).noneMatch(line -> line.kind().equals("FEE"));
        assertThat(reminded.total()).isEqualByComparingTo("150.00");
        assertThat(reminded.lines()).filteredOn(line -> line.kind().equals("FEE")).singleElement().satisfies(line -> {
            assertThat(line.text()).isEqualTo("Rykkergebyr");
            assertThat(line.amount()).isEqualByComparingTo("50.00");
            assertThat(line.ledgerAccount()).isEqualTo("3900");
        });
        assertThat(fixtures.queuedReminders(runId)).containsExactly("FIRST_REMINDER " + reminded.number());
        assertThat(rounds.charges(round, "SKIPPED", 0, 10)).singleElement().satisfies(skipped -> {
            assertThat(skipped.number()).isEqualTo(paid.number());
            assertThat(skipped.reason()).contains("paid while the round waited");
        });
        assertThat(feeVoucher(round)).containsExactlyInAnyOrder("1100 50.00 " + reminded.number(),
                "3900 -50.00 " + reminded.number());

        String pdf = DunningFixtures.pdfText(reminderPdf(reminded.number()));
        assertThat(pdf).contains("Betalingspåmindelse", "Oprindelig forfaldsdato", "15. december 2026",
                "Rykkergebyr", "50,00", "At betale", "DKK 150,00", "19. januar 2027");
        assertThat(pdf).as("how to pay in kroner: the +71 line").contains("+71<", "+12345678<");
        Api treasurer = Api.treasurer(rest, identity);
        JsonNode state = treasurer.get("/api/dunning/charges/" + reminded.number()).getBody();
        assertThat(List.of(state.path("reminderLevel").asInt(), state.path("lastRemindedOn").asText(),
                state.path("feeLetters").asInt(), state.path("stopped").asBoolean()))
                .as("the charge's reminder state").containsExactly(1, FIRST.plusDays(1).toString(), 1, false);
        JsonNode untouched = treasurer.get("/api/dunning/charges/" + paid.number()).getBody();
        assertThat(List.of(untouched.path("reminderLevel").asInt(), untouched.path("feeLetters").asInt()))
                .containsExactly(0, 0);
    }

    @Test
    void theDanishFeeCapAndTheTenDaysBetweenLettersAreRefusedNamingTheLaw() {
        association("DK", "DKK");
        fixtures.member("Asta Andersen");
        long runId = fixtures.sentRun("100.00", DUE, FIRST, SECOND);
        ProcessInstance dunning = fixtures.startDunning(runId);
        clock.moveTo(FIRST);
        fixtures.settle(runId);

        assertThatThrownBy(() -> decide(dunning, "send", "150,00", FIRST.plusDays(14)))
                .hasMessageContainingAll("renteloven § 9 b", "at most 100 kr", "150.00");
        assertThat(dunning).as("the task keeps waiting").isWaitingAt("ApproveReminderRound");
        decide(dunning, "send", "100,00", FIRST.plusDays(14));
        fixtures.settle(runId);
        assertThat(dunning).isWaitingAt("UntilNextReminder");

        clock.moveTo(FIRST.plusDays(5));
        sendNowAsTreasurer(runId);
        fixtures.settle(runId);
        assertThatThrownBy(() -> decide(dunning, "send", "50,00", clock.today().plusDays(14)))
                .hasMessageContainingAll("renteloven § 9 b", "at least 10 days after the one before",
                        "had a reminder on " + FIRST, "5 days ago");
        decide(dunning, "send", "", clock.today().plusDays(14));
        fixtures.settle(runId);

        assertThat(debtors(runId, 2)).as("the letter without a fee went").hasSize(1);
        assertThat(fixtures.charges(runId).get(0).total()).as("one fee only").isEqualByComparingTo("200.00");
    }

    @Test
    void aDutchReminderWithAFeeMustGiveFourteenDaysFromTheDayAfterIt() {
        association("NL", "EUR");
        fixtures.member("Asta Andersen");
        long runId = fixtures.sentRun("100.00", DUE, FIRST, SECOND);
        ProcessInstance dunning = fixtures.startDunning(runId);
        clock.moveTo(FIRST);
        fixtures.settle(runId);

        assertThatThrownBy(() -> decide(dunning, "send", "15,00", FIRST.plusDays(7)))
                .hasMessageContainingAll("WIK (art. 6:96 BW)", "14 days", "pay by " + FIRST.plusDays(14));
        decide(dunning, "send", "15,00", FIRST.plusDays(14));
        fixtures.settle(runId);
        assertThat(fixtures.charges(runId).get(0).total()).isEqualByComparingTo("115.00");
    }

    @Test
    void aTreasurersStopFlagLeavesTheChargeOutOfEveryRoundWithTheReason() {
        association("NL", "EUR");
        long asta = fixtures.member("Asta Andersen");
        long bror = fixtures.member("Bror Berg");
        long runId = fixtures.sentRun("100.00", DUE, FIRST, SECOND);
        ProcessInstance dunning = fixtures.startDunning(runId);
        Api treasurer = Api.as(rest, identity, TREASURER, Roles.TREASURER);
        var stopped = treasurer.post("/api/dunning/charges/" + fixtures.chargeOf(runId, bror).number()
                + "/stop-reminders", Map.of("reason", "pays in three parts"));
        assertThat(stopped.getStatusCode().value()).isEqualTo(200);
        assertThat(stopped.getBody().path("stopped").asBoolean()).isTrue();

        clock.moveTo(FIRST);
        fixtures.settle(runId);
        assertThat(runtime.getVariable(dunning.getId(), "skipped").toString()).contains("pays in three parts");
        decide(dunning, "send", "", FIRST.plusDays(14));
        fixtures.settle(runId);

        assertThat(fixtures.queuedReminders(runId)).containsExactly("FIRST_REMINDER "
                + fixtures.chargeOf(runId, asta).number());
        assertThat(rounds.charges(roundOf(dunning), "SKIPPED", 0, 10)).singleElement()
                .satisfies(charge -> assertThat(charge.reason()).isEqualTo("reminders stopped: pays in three parts"));
        JsonNode debtor = Api.treasurer(rest, identity).get("/api/billing/debtors?run=" + runId + "&level=0").getBody();
        assertThat(debtor.get(0).path("remindersStopped").asBoolean()).isTrue();
    }

    @Test
    void aMemberStoppedWhileTheRoundWaitsGetsNoReminderAndOnceResumedIsRemindedOnTheNextDate() {
        association("NL", "EUR");
        long asta = fixtures.member("Asta Andersen");
        long bror = fixtures.member("Bror Berg");
        long runId = fixtures.sentRun("100.00", DUE, FIRST, SECOND);
        ProcessInstance dunning = fixtures.startDunning(runId);
        clock.moveTo(FIRST);
        fixtures.settle(runId);
        assertThat(rounds.round(roundOf(dunning)).reminders()).isEqualTo(2);
        Api treasurer = Api.as(rest, identity, TREASURER, Roles.TREASURER);

        // An arrangement made on the phone while the round waits: everything Bror owes is stopped.
        var stopped = treasurer.post("/api/dunning/members/" + bror + "/stop-reminders",
                Map.of("reason", "arrangement by phone"));
        assertThat(stopped.getBody().path("stopped").asInt()).isEqualTo(1);
        decide(dunning, "send", "", FIRST.plusDays(14));
        fixtures.settle(runId);

        String brors = fixtures.chargeOf(runId, bror).number();
        assertThat(fixtures.queuedReminders(runId)).containsExactly("FIRST_REMINDER "
                + fixtures.chargeOf(runId, asta).number());
        assertThat(rounds.charges(roundOf(dunning), "SKIPPED", 0, 10)).singleElement().satisfies(charge -> {
            assertThat(charge.number()).isEqualTo(brors);
            assertThat(charge.reason()).isEqualTo("reminders stopped: arrangement by phone");
        });

        // The arrangement was not kept.
        assertThat(treasurer.post("/api/dunning/charges/" + brors + "/resume-reminders", null).getBody()
                .path("stopped").asBoolean()).isFalse();
        clock.moveTo(SECOND);
        fixtures.settle(runId);
        assertThat(rounds.charges(roundOf(dunning), "SELECTED", 0, 10))
                .extracting(charge -> charge.memberNumber() + " level " + charge.level())
                .containsExactlyInAnyOrder(asta + " level 2", bror + " level 1");
    }

    @Test
    void aSendingThatFailsLeavesNothingAndItsRetrySendsEachReminderAndBooksEachFeeOnce() {
        association("DK", "DKK");
        fixtures.member("Asta Andersen");
        fixtures.member("Bror Berg");
        long runId = fixtures.sentRun("100.00", DUE, FIRST, SECOND);
        ProcessInstance dunning = fixtures.startDunning(runId);
        clock.moveTo(FIRST);
        fixtures.settle(runId);
        long round = roundOf(dunning);
        decide(dunning, "send", "50,00", FIRST.plusDays(14));
        // The fee account is one no chart has (the test's own name, not a number another test may have opened): the
        // ledger, the last to act in the sending's transaction, refuses the fees, after the reminders were put on the
        // charges and queued for mail, so the whole sending must go back with it.
        String missing = "X" + fixtures.token;
        assertThat(jdbc.sql("select count(*) from duesflow.ledger_account where number = :number")
                .param("number", missing).query(Integer.class).single()).as("not in the chart").isZero();
        fixtures.association("DK", "DKK", missing);
        Job sending = management.createJobQuery().processInstanceId(dunning.getId()).activityId("SendReminders")
                .singleResult();

        assertThatThrownBy(() -> management.executeJob(sending.getId())).hasMessageContaining(missing);
        assertThat(fixtures.queuedReminders(runId)).isEmpty();
        assertThat(fixtures.charges(runId)).allSatisfy(charge -> {
            assertThat(charge.total()).isEqualByComparingTo("100.00");
            assertThat(charge.lines()).noneMatch(line -> line.kind().equals("FEE"));
        });
        assertThat(feeVoucher(round)).isEmpty();
        assertThat(rounds.round(round).state()).isEqualTo(ReminderRound.State.APPROVED);
        assertThat(dunning).as("the sending waits for its retry").isWaitingAt("SendReminders");

        fixtures.association("DK", "DKK", "3900");
        management.executeJob(sending.getId());
        fixtures.settle(runId);
        rounds.send(round);

        assertThat(fixtures.queuedReminders(runId)).hasSize(2);
        assertThat(jdbc.sql("""
                        select r.level || ' ' || r.fee from duesflow.charge_reminder r
                        join duesflow.charge c on c.id = r.charge_id where c.run_id = :run""")
                .param("run", runId).query(String.class).list()).as("each charge reminded once, with one fee")
                .containsExactly("1 50.00", "1 50.00");
        assertThat(fixtures.charges(runId)).allSatisfy(charge -> {
            assertThat(charge.total()).isEqualByComparingTo("150.00");
            assertThat(charge.lines()).filteredOn(line -> line.kind().equals("FEE")).hasSize(1);
        });
        assertThat(feeVoucher(round)).hasSize(4);
        assertThat(rounds.round(round).sent()).isEqualTo(2);

        List<ChargeReminders.ReminderOrder> again = fixtures.charges(runId).stream()
                .map(charge -> new ChargeReminders.ReminderOrder(charge.id(), 1, new BigDecimal("50.00"))).toList();
        assertThat(context.getBean(ChargeReminders.class).remind(round, runId, FIRST, FIRST.plusDays(14), null, again))
                .as("the round's reminders put on again").isEmpty();
        assertThat(fixtures.charges(runId)).allSatisfy(charge ->
                assertThat(charge.total()).isEqualByComparingTo("150.00"));
        assertThat(fixtures.queuedReminders(runId)).hasSize(2);
    }

    @Test
    void theMonthlyCycleStartsTheRunsRemindersOnceItsRunIsSent() {
        association("NL", "EUR");
        jdbc.sql("update duesflow.billing_line set active = false").update();
        fixtures.member("Asta Andersen");
        context.getBean(BillingRules.class).create(new BillingLineInput("Dues", 10, BillingLine.Kind.SCHEDULED,
                BillingLine.Frequency.MONTHLY, LocalDate.of(2027, 10, 1), null, "3000", true, BillingLine.Who.GROUPS,
                List.of(fixtures.group), null, null, null, BillingLine.PriceKind.FIXED, new BigDecimal("30.00"), null,
                null, null, null));
        clock.moveTo(LocalDate.of(2027, 9, 1));
        runtime.createMessageCorrelation("billing-cycle-start").setVariable("generateNow", true).correlateStartMessage();
        fixtures.jobs.settleBusinessKey("cycle-2027-10");
        ProcessInstance cycle = runtime.createProcessInstanceQuery().processDefinitionKey("billing-cycle")
                .processInstanceBusinessKey("cycle-2027-10").singleResult();
        long runId = ((Number) runtime.getVariable(cycle.getId(), "runId")).longValue();
        fixtures.jobs.settle(runId);
        Task approval = tasks.createTaskQuery().processInstanceBusinessKey("run-" + runId).singleResult();
        identity.setAuthentication(TREASURER, List.of(Roles.TREASURER));
        try {
            tasks.complete(approval.getId(), Map.of("decision", "approve"));
        } finally {
            identity.clearAuthentication();
        }
        fixtures.jobs.settle(runId);

        assertThat(cycle).isEnded().hasPassedInOrder("BillTheRun", "StartReminders", "MonthBilled");
        ProcessInstance dunning = runtime.createProcessInstanceQuery().processDefinitionKey(DunningProcesses.KEY)
                .processInstanceBusinessKey("dunning-" + runId).singleResult();
        assertThat(dunning).isWaitingAt("UntilNextReminder");
        assertThat(runtime.getVariable(dunning.getId(), "nextReminderOn")).as("14 days after the due date")
                .isEqualTo("2027-10-15");
    }

    @Test
    void whatOwesNothingOrIsWithTheBankDropsOutAndADebitTheBankReturnedIsRemindedAsUnpaid() {
        association("NL", "EUR");
        long paid = fixtures.member("Asta Andersen");
        long cancelled = fixtures.member("Bror Berg");
        long credited = fixtures.member("Cato Carlsen");
        long collecting = fixtures.member("Dora Dahl");
        long returned = fixtures.member("Eske Eriksen");
        long open = fixtures.member("Frej Falk");
        long runId = fixtures.sentRun("100.00", DUE, FIRST, SECOND);
        ProcessInstance dunning = fixtures.startDunning(runId);
        clock.moveTo(DUE.minusDays(5));
        payments.markPaid(fixtures.chargeOf(runId, paid).number(), clock.today(), "cash at the boathouse");
        chargeRoom.cancel(fixtures.chargeOf(runId, cancelled).number(), "left before the season");
        chargeRoom.creditNote(fixtures.chargeOf(runId, credited).number(), List.of());
        // As the collection step does when it places a direct-debit file; the bank then returns one of the debits.
        long inFile = fixtures.chargeOf(runId, collecting).id();
        long bounced = fixtures.chargeOf(runId, returned).id();
        chargeRoom.putInCollection(List.of(inFile, bounced), "in the collection file of " + DUE);
        chargeRoom.returnFromCollections(List.of(bounced), List.of("AM04 insufficient funds"));

        clock.moveTo(FIRST);
        fixtures.settle(runId);

        assertThat(dunning).isWaitingAt("ApproveReminderRound");
        long round = roundOf(dunning);
        assertThat(rounds.charges(round, null, 0, 10)).as("only what is owed is looked at")
                .extracting(charge -> charge.memberNumber() + " " + charge.outcome())
                .containsExactlyInAnyOrder(returned + " SELECTED", open + " SELECTED");
        assertThat(task().getName()).contains("2 reminders");
        decide(dunning, "send", "", FIRST.plusDays(14));
        fixtures.settle(runId);
        assertThat(fixtures.queuedReminders(runId)).containsExactlyInAnyOrder(
                "FIRST_REMINDER " + fixtures.chargeOf(runId, returned).number(),
                "FIRST_REMINDER " + fixtures.chargeOf(runId, open).number());
        assertThat(debtors(runId, 1)).containsExactlyInAnyOrder(returned + " level 1 on " + FIRST,
                open + " level 1 on " + FIRST);
    }

    @Test
    void aRunWhoseChargesWereCarriedIntoTheNextRunOwesNothingAndItsRemindersEndWithoutARound() {
        association("NL", "EUR");
        long asta = fixtures.member("Asta Andersen");
        long runId = fixtures.sentRun("80.00", DUE, FIRST, SECOND);
        ProcessInstance dunning = fixtures.startDunning(runId);
        // The next run takes the unpaid charge along as an arrears line: the old charge is carried, owed there.
        var next = fixtures.runs.createFromTemplate("Dues " + fixtures.token + " next", null,
                List.of(new ChargeTemplate.Line("Dues", new BigDecimal("80.00"), null)), null, fixtures.group,
                DUE.plusMonths(1), null, null);
        fixtures.runs.generate(next.id());
        clock.moveTo(DUE.plusDays(10));
        fixtures.runs.approve(next.id(), new ApprovalEdits(null, null, null, null, null, null, null, null, null, null,
                null, ApprovalEdits.ArrearsRule.ADD_LINE));
        assertThat(fixtures.chargeOf(runId, asta).status()).isEqualTo("CARRIED");

        clock.moveTo(FIRST);
        fixtures.settle(runId);

        assertThat(dunning).isEnded().hasPassed("CollectUnpaid", "NothingOwed").hasNotPassed("ApproveReminderRound",
                "TellAssociation");
        assertThat(rounds.rounds(runId, 10)).singleElement()
                .satisfies(round -> assertThat(round.state()).isEqualTo(ReminderRound.State.NOTHING_TO_SEND));
        assertThat(fixtures.queuedReminders(runId)).isEmpty();
    }

    @Test
    void aRoundAfterWhichEverythingIsPaidEndsTheRemindersBeforeTheSecondDate() {
        association("NL", "EUR");
        long asta = fixtures.member("Asta Andersen");
        long runId = fixtures.sentRun("80.00", DUE, FIRST, SECOND);
        ProcessInstance dunning = fixtures.startDunning(runId);
        clock.moveTo(FIRST);
        fixtures.settle(runId);
        decide(dunning, "send", "", FIRST.plusDays(14));
        management.executeJob(management.createJobQuery().processInstanceId(dunning.getId())
                .activityId("SendReminders").singleResult().getId());
        assertThat(fixtures.queuedReminders(runId)).hasSize(1);
        // Paid while the round's mail is on its way: after the round nothing is owed.
        payments.markPaid(fixtures.chargeOf(runId, asta).number(), clock.today(), "transfer");
        fixtures.settle(runId);

        assertThat(dunning).isEnded().hasPassed("MailReminders", "NothingOwedAfterRound").hasNotPassed("FollowUp");
        assertThat(rounds.followUps(runId, 10)).isEmpty();
    }

    @Test
    void aReminderSentNowWhoseApprovalWaitedPastTheFirstReminderDateStandsForItInsteadOfASecondRoundAtOnce() {
        association("NL", "EUR");
        long asta = fixtures.member("Asta Andersen");
        long runId = fixtures.sentRun("80.00", DUE, FIRST, SECOND);
        ProcessInstance dunning = fixtures.startDunning(runId);
        clock.moveTo(FIRST.minusDays(3));
        sendNowAsTreasurer(runId);
        fixtures.settle(runId);
        assertThat(dunning).isWaitingAt("ApproveReminderRound");

        // The treasurer gets to it only after the first reminder date.
        clock.moveTo(FIRST.plusDays(2));
        decide(dunning, "send", "", clock.today().plusDays(14));
        fixtures.settle(runId);

        assertThat(dunning).as("no second round straight after the one just sent").isWaitingAt("UntilNextReminder");
        assertThat(tasks.createTaskQuery().processInstanceId(dunning.getId()).count()).isZero();
        assertThat(rounds.rounds(runId, 10)).extracting(ReminderRound::kind).containsExactly(ReminderRound.Kind.NOW);
        assertThat(runtime.getVariable(dunning.getId(), "nextReminderOn")).as("the first date is past: the second")
                .isEqualTo(SECOND.toString());
        assertThat(fixtures.queuedReminders(runId)).hasSize(1);
        assertThat(debtors(runId, 1)).containsExactly(asta + " level 1 on " + clock.today());
    }

    @Test
    void aReminderAskedForInTasklistForARunWithoutRemindersStartsThemAndLeavesOutTheDatesAlreadyPast() {
        association("NL", "EUR");
        long asta = fixtures.member("Asta Andersen");
        long runId = fixtures.sentRun("80.00", DUE, FIRST, SECOND);
        clock.moveTo(FIRST.plusDays(2));
        Api treasurer = Api.as(rest, identity, TREASURER, Roles.TREASURER);

        // Tasklist's Start process → Send a reminder now, its form's one field: the run's number.
        var started = treasurer.post("/engine-rest/process-definition/key/" + DunningProcesses.SEND_NOW_KEY
                + "/submit-form", Map.of("variables", Map.of("runId", Map.of("value", " " + runId + " ",
                "type", "String"))));
        assertThat(started.getStatusCode().value()).as("%s", started.getBody()).isEqualTo(200);
        ProcessInstance dunning = processes.running(runId);
        assertThat(dunning).as("the run's reminders, started with the round").isNotNull();
        assertThat(dunning).hasBusinessKey("dunning-" + runId);
        fixtures.settle(runId);
        assertThat(dunning).isWaitingAt("ApproveReminderRound");
        ReminderRound now = rounds.round(roundOf(dunning));
        assertThat(now.kind()).isEqualTo(ReminderRound.Kind.NOW);
        assertThat(now.selectedBy()).isEqualTo(TREASURER);
        assertThat(task().getName()).contains("reminder sent now");

        decide(dunning, "send", "", clock.today().plusDays(14));
        fixtures.settle(runId);
        assertThat(dunning).isWaitingAt("UntilNextReminder");
        assertThat(runtime.getVariable(dunning.getId(), "nextReminderOn")).as("the first date is past: the second")
                .isEqualTo(SECOND.toString());
        assertThat(debtors(runId, 1)).containsExactly(asta + " level 1 on " + clock.today());

        clock.moveTo(SECOND);
        fixtures.settle(runId);
        assertThat(rounds.charges(roundOf(dunning), "SELECTED", 0, 10)).singleElement()
                .satisfies(charge -> assertThat(charge.level()).isEqualTo(2));
        decide(dunning, "send", "", SECOND.plusDays(14));
        fixtures.settle(runId);
        assertThat(dunning).isEnded().hasPassed("FollowUp");
        assertThat(debtors(runId, 2)).containsExactly(asta + " level 2 on " + SECOND);
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    /** The debtor list of the run at one reminder level, as the treasurer reads it: member, level, last reminder. */
    private List<String> debtors(long runId, int level) {
        JsonNode list = Api.treasurer(rest, identity).get("/api/billing/debtors?run=" + runId + "&level=" + level)
                .getBody();
        List<String> rows = new java.util.ArrayList<>();
        list.forEach(d -> rows.add(d.path("memberNumber").asLong() + " level " + d.path("reminderLevel").asInt()
                + " on " + d.path("lastRemindedOn").asText()));
        return rows;
    }

    private long roundOf(ProcessInstance dunning) {
        return ((Number) runtime.getVariable(dunning.getId(), DunningVariables.ROUND_ID)).longValue();
    }

    /** The treasurer completes the round's task, as Tasklist would with the form's fields. */
    private void decide(ProcessInstance dunning, String decision, String fee, LocalDate payBy) {
        Task task = tasks.createTaskQuery().processInstanceId(dunning.getId()).singleResult();
        Map<String, Object> variables = new HashMap<>();
        variables.put(DunningVariables.DECISION, decision);
        variables.put(DunningVariables.FEE, fee);
        variables.put(DunningVariables.PAY_BY, payBy == null ? null : payBy.toString());
        identity.setAuthentication(TREASURER, List.of(Roles.TREASURER));
        try {
            tasks.complete(task.getId(), variables);
        } finally {
            identity.clearAuthentication();
        }
    }

    private Path mail(String messageId) throws Exception {
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

    private void sendNowAsTreasurer(long runId) {
        identity.setAuthentication(TREASURER, List.of(Roles.TREASURER));
        try {
            runtime.startProcessInstanceByKey(DunningProcesses.SEND_NOW_KEY, Map.of(DunningVariables.RUN_ID, runId));
        } finally {
            identity.clearAuthentication();
        }
    }

    /** The round's fee voucher: account, amount and charge of each line. */
    private List<String> feeVoucher(long round) {
        return jdbc.sql("""
                        select l.account || ' ' || l.amount || ' ' || c.number from duesflow.journal_line l
                        join duesflow.voucher v on v.id = l.voucher_id
                        join duesflow.charge c on c.id = l.charge_id
                        where v.source = 'REMINDER_FEE' and v.source_key = :round""")
                .param("round", String.valueOf(round)).query(String.class).list();
    }

    /** The PDF of a charge's queued reminder, as it will be mailed (or printed). */
    private byte[] reminderPdf(String chargeNumber) {
        long mail = jdbc.sql("""
                        select o.id from duesflow.mail_outbox o join duesflow.charge c on c.id = o.document_id
                        where c.number = :number and o.kind in ('FIRST_REMINDER', 'SECOND_REMINDER')
                        order by o.id desc limit 1""")
                .param("number", chargeNumber).query(Long.class).single();
        return context.getBean(MailOutbox.class).document(mail).pdf();
    }
}
