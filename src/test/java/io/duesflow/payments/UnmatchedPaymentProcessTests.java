package io.duesflow.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import io.duesflow.TestClock;
import io.duesflow.TestUsers;
import io.duesflow.billing.ChargeView;
import io.duesflow.billing.Charges;
import io.duesflow.members.CollectionMethod;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.Roles;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.camunda.spin.plugin.variable.value.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A bank credit that matched nothing waits in an {@code unmatched-payment} task for a treasurer, on the real engine:
 * what the bank said and the charges it could be for; assigned to one charge, split over several, or marked not
 * dues, in Tasklist or over REST, which completes the same task as the caller.
 */
@ApplicationTest
class UnmatchedPaymentProcessTests {

    @Autowired
    ApplicationContext context;
    @Autowired
    ProcessEngine engine;
    @Autowired
    RuntimeService runtime;
    @Autowired
    IdentityService identity;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    Charges charges;
    @Autowired
    Payments payments;
    @Autowired
    UnmatchedCredits unmatched;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock clock;

    PaymentFixtures fixtures;
    ChargeView hannes;
    ChargeView hansens;
    long creditId;
    ProcessInstance process;
    String payersAccount;

    @BeforeEach
    void aCreditThatMatchedNothing() throws Exception {
        AbstractAssertions.init(engine);
        TestUsers.ensure(identity, "hanne", Roles.TREASURER);
        fixtures = new PaymentFixtures(context);
        LocalDate due = clock.today().plusDays(14);
        long hanne = fixtures.member("Hanne Wendelboe" + fixtures.token.replaceAll("[^A-Za-z]", ""),
                CollectionMethod.INVOICE);
        long hansen = fixtures.member("Hans Wendelboe" + fixtures.token.replaceAll("[^A-Za-z]", ""),
                CollectionMethod.INVOICE);
        hannes = fixtures.chargeOf(fixtures.approvedRun("50.00", due, hanne), hanne);
        hansens = fixtures.chargeOf(fixtures.approvedRun("25.00", due, hansen), hansen);
        fixtures.startInbox();
        payersAccount = PaymentFixtures.iban();
        PaymentFixtures.Taken taken = fixtures.drop("unmatched-" + fixtures.token + ".xml", fixtures.credits(
                clock.today(), fixtures.credit(1, "75.00", null, null, "H. Wendelboe"
                        + fixtures.token.replaceAll("[^A-Za-z]", ""), payersAccount, "kontingent to personer")));
        assertThat(taken.file().unmatched()).isEqualTo(1);
        creditId = jdbc.sql("select id from duesflow.bank_transaction where bank_file_id = :file")
                .param("file", taken.file().id()).query(Long.class).single();
        // Tasks are opened once the file has committed, on another thread.
        process = await().atMost(Duration.ofSeconds(30)).until(() -> runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey("credit-" + creditId).singleResult(), instance -> instance != null);
    }

    @AfterEach
    void inboxStopped() throws Exception {
        fixtures.stopInbox();
        identity.clearAuthentication();
    }

    @Test
    void theTaskShowsTheTreasurerWhatTheBankSaidAndTheChargesItCouldBeFor() {
        assertThat(process).isWaitingAt(UnmatchedPaymentProcess.TASK);
        assertThat(process).task().hasCandidateGroup(Roles.TREASURER).hasName("Assign the bank credit");
        assertThat(process).variables().containsEntry("amount", "75.00").containsEntry("payerIban", payersAccount)
                .containsEntry("remittance", "kontingent to personer");
        JsonValue candidates = runtime.getVariableTyped(process.getId(), "candidates");
        assertThat(candidates.getValue().elements()).extracting(candidate -> candidate.prop("charge").stringValue()
                + ": " + candidate.prop("why").stringValue())
                .contains(hannes.number() + ": the member's name is like the payer's",
                        hansens.number() + ": the member's name is like the payer's");
        assertThat(unmatched.credit(creditId).why()).contains(payersAccount + " is no member's");
    }

    @Test
    void aTreasurerSplitsTheCreditOverTwoChargesAndBothArePaid() {
        asHanne(() -> complete(task(process), withVariables("decision", "assign",
                "assignTo", hannes.number() + " 50.00; " + hansens.number() + " 25,00", "decisionNote", "the couple")));

        assertThat(process).hasPassedInOrder("AssignCredit", "RegisterOnCharges", "CreditAssigned").isEnded();
        assertThat(List.of(hannes, hansens)).allSatisfy(charge -> {
            assertThat(charges.state(charge.number()).status().name()).isEqualTo("PAID");
            assertThat(payments.paymentsOf(charge.number())).singleElement().satisfies(payment -> {
                assertThat(payment.how()).isEqualTo(PaymentMatch.TASK);
                assertThat(payment.registeredBy()).isEqualTo("hanne");
                assertThat(payment.note()).isEqualTo("the couple");
            });
        });
        assertThat(unmatched.credit(creditId)).satisfies(credit -> {
            assertThat(credit.state()).isEqualTo("ASSIGNED");
            assertThat(credit.decidedBy()).isEqualTo("hanne");
            assertThat(credit.charges()).isEqualTo(hannes.number() + ", " + hansens.number());
        });
        assertThat(unmatched.waiting()).noneMatch(credit -> credit.id() == creditId);
    }

    @Test
    void partsThatDoNotAddUpToTheCreditAreRefusedAndTheTaskStaysOpen() {
        assertThatThrownBy(() -> asHanne(() -> complete(task(process), withVariables("decision", "assign",
                "assignTo", hannes.number() + " 50.00; " + hansens.number() + " 20.00"))))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("add up to 70.00, the credit is 75.00");

        assertThat(process).isWaitingAt(UnmatchedPaymentProcess.TASK);
        assertThat(payments.paymentsOf(hannes.number())).isEmpty();
    }

    @Test
    void oneChargeTakesTheWholeCreditAndWhatItDoesNotNeedBecomesTheMembersCredit() {
        asHanne(() -> complete(task(process), withVariables("decision", "assign", "assignTo", hannes.number())));

        assertThat(charges.state(hannes.number()).status().name()).isEqualTo("PAID");
        assertThat(payments.credit(hannes.memberNumber())).isEqualByComparingTo("25.00");
    }

    @Test
    void notDuesOverRestCompletesTheTaskAsTheCallerWithTheirNote() {
        TestRestTemplate http = TestUsers.signedIn(rest, identity, "hanne", Roles.TREASURER);
        TestRestTemplate supervisor = TestUsers.signedIn(rest, identity, "sune", Roles.SUPERVISOR);

        ResponseEntity<JsonNode> listed = http.getForEntity("/api/payments/unmatched", JsonNode.class);
        ResponseEntity<JsonNode> noNote = http.postForEntity("/api/payments/unmatched/" + creditId + "/not-dues",
                Map.of(), JsonNode.class);
        ResponseEntity<JsonNode> refused = supervisor.postForEntity("/api/payments/unmatched/" + creditId
                + "/not-dues", Map.of("note", "a gift"), JsonNode.class);
        ResponseEntity<JsonNode> decided = http.postForEntity("/api/payments/unmatched/" + creditId + "/not-dues",
                Map.of("note", "a gift for the youth team"), JsonNode.class);

        assertThat(listed.getBody()).anySatisfy(credit -> {
            assertThat(credit.path("id").asLong()).isEqualTo(creditId);
            assertThat(credit.path("taskId").asText()).isNotBlank();
            assertThat(credit.path("candidates")).isNotEmpty();
        });
        assertThat(noNote.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noNote.getBody().path("field").asText()).isEqualTo("decisionNote");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(decided.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(decided.getBody().path("state").asText()).isEqualTo("NOT_DUES");
        assertThat(decided.getBody().path("decidedBy").asText()).isEqualTo("hanne");
        assertThat(process).hasPassed("MarkNotDues").isEnded();
        assertThat(engine.getHistoryService().createHistoricTaskInstanceQuery().processInstanceId(process.getId())
                .singleResult().getAssignee()).as("completed by the caller, not around the task").isNull();
        assertThat(engine.getHistoryService().createUserOperationLogQuery().processInstanceId(process.getId())
                .operationType("Complete").singleResult().getUserId()).isEqualTo("hanne");
    }

    @Test
    void assignOverRestRegistersThePaymentThroughTheTask() {
        TestRestTemplate http = TestUsers.signedIn(rest, identity, "hanne", Roles.TREASURER);

        ResponseEntity<JsonNode> unknown = http.postForEntity("/api/payments/unmatched/" + creditId + "/assign",
                Map.of("assignments", List.of(Map.of("chargeNumber", "1999-00001"))), JsonNode.class);
        ResponseEntity<JsonNode> assigned = http.postForEntity("/api/payments/unmatched/" + creditId + "/assign",
                Map.of("assignments", List.of(Map.of("chargeNumber", hannes.number(), "amount", "50.00"),
                        Map.of("chargeNumber", hansens.number(), "amount", "25.00"))), JsonNode.class);

        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(unknown.getBody().path("detail").asText()).isEqualTo("There is no charge 1999-00001");
        assertThat(assigned.getBody().path("state").asText()).isEqualTo("ASSIGNED");
        assertThat(process).hasPassed("RegisterOnCharges").isEnded();
        assertThat(payments.paymentsOf(hansens.number())).singleElement()
                .satisfies(payment -> assertThat(payment.registeredBy()).isEqualTo("hanne"));
    }

    /** Completes as Tasklist does for the treasurer: with her authentication, and the engine's checks. */
    private void asHanne(Runnable work) {
        identity.setAuthentication("hanne", List.of(Roles.TREASURER));
        try {
            work.run();
        } finally {
            identity.clearAuthentication();
        }
    }
}
