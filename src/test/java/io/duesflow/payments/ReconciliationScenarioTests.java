package io.duesflow.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import io.duesflow.TestClock;
import io.duesflow.TestUsers;
import io.duesflow.billing.ChargeView;
import io.duesflow.billing.Charges;
import io.duesflow.members.CollectionMethod;
import io.duesflow.platform.Roles;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The treasurer's month, end to end: a run is approved and collected; the bank's statement pays 90 % of it by
 * end-to-end id and the rest partly by RF, by overpayment and not at all; the debtor list shows exactly what is still
 * owed; a return reopens one charge; importing every file again changes nothing; a credit that matched nothing is
 * assigned in its task.
 */
@ApplicationTest
class ReconciliationScenarioTests {

    @Autowired
    ApplicationContext context;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    ProcessEngine engine;
    @Autowired
    TaskService tasks;
    @Autowired
    IdentityService identity;
    @Autowired
    Charges charges;
    @Autowired
    Payments payments;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock clock;

    PaymentFixtures fixtures;

    @BeforeEach
    void inboxRunning() throws Exception {
        AbstractAssertions.init(engine);
        TestUsers.ensure(identity, "ulla", Roles.TREASURER);
        fixtures = new PaymentFixtures(context);
        fixtures.startInbox();
    }

    @AfterEach
    void inboxStopped() throws Exception {
        fixtures.stopInbox();
    }

    @Test
    void aStatementPaysTheRunTheDebtorListShowsTheRestAReturnReopensOneAndNothingCountsTwice() {
        List<Long> debited = new ArrayList<>();
        for (int i = 1; i <= 27; i++) {
            long member = fixtures.member("Direkte Debitor " + i, CollectionMethod.SEPA_DIRECT_DEBIT);
            fixtures.sepaMember(member);
            debited.add(member);
        }
        long partly = fixtures.member("Delvis Betaler", CollectionMethod.INVOICE);
        long over = fixtures.member("Over Betaler", CollectionMethod.INVOICE);
        long none = fixtures.member("Ikke Betaler", CollectionMethod.INVOICE);
        long run = fixtures.approvedRun("40.00", LocalDate.of(2027, 1, 4));
        LocalDate collected = fixtures.collected(run).files().get(0).collectionDate();
        assertThat(get(run)).as("the debtor list before the bank reports: the three invoiced members")
                .containsExactlyInAnyOrder(owed(run, partly, "40.00"), owed(run, over, "40.00"), owed(run, none, "40.00"));

        clock.moveTo(collected.plusDays(1));
        List<String> entries = new ArrayList<>();
        for (long member : debited) {
            entries.add(fixtures.credit(entries.size() + 1, "40.00", fixtures.chargeOf(run, member).number(), null,
                    "Direkte Debitor", null, null));
        }
        entries.add(fixtures.credit(entries.size() + 1, "15.00", null, fixtures.chargeOf(run, partly).rfReference(),
                "Delvis Betaler", null, null));
        entries.add(fixtures.credit(entries.size() + 1, "55.00", null, fixtures.chargeOf(run, over).rfReference(),
                "Over Betaler", null, null));
        entries.add(fixtures.credit(entries.size() + 1, "40.00", null, null, "I. Betaler", PaymentFixtures.iban(),
                "kontingent"));
        String statement = fixtures.credits(collected, entries.toArray(String[]::new));

        PaymentFixtures.Taken booked = fixtures.drop("statement-" + fixtures.token + ".xml", statement);

        assertThat(booked.file().settled()).isEqualTo(27);
        assertThat(booked.file().payments()).isEqualTo(2);
        assertThat(booked.file().unmatched()).isEqualTo(1);
        assertThat(debited).allSatisfy(member -> assertThat(fixtures.chargeOf(run, member).status()).isEqualTo("PAID"));
        assertThat(fixtures.chargeOf(run, over).status()).isEqualTo("PAID");
        assertThat(payments.credit(over)).isEqualByComparingTo("15.00");
        assertThat(get(run)).as("exactly the rest").containsExactlyInAnyOrder(owed(run, partly, "25.00"),
                owed(run, none, "40.00"));

        long returnedMember = debited.get(4);
        ChargeView returned = fixtures.chargeOf(run, returnedMember);
        String notification = fixtures.template("camt054-v02-return-md06-fee.xml", Map.of(
                "bookingDate", collected.plusDays(1).toString(), "debited", "43.00", "original", "40.00",
                "fee", "3.00", "block", fixtures.sentFile(run).frstBlock(), "e2e", returned.number(),
                "mandate", "M-" + returnedMember, "name", "Direkte Debitor", "iban", "NL02ABNA0123456789"));

        fixtures.drop("return-" + fixtures.token + ".xml", notification);

        assertThat(get(run)).as("the return reopens one").containsExactlyInAnyOrder(owed(run, partly, "25.00"),
                owed(run, none, "40.00"), owed(run, returnedMember, "40.00"));

        fixtures.drop("statement-" + fixtures.token + ".xml", statement);
        fixtures.drop("return-" + fixtures.token + ".xml", notification);

        assertThat(get(run)).as("a second import of every file changes nothing").containsExactlyInAnyOrder(
                owed(run, partly, "25.00"), owed(run, none, "40.00"), owed(run, returnedMember, "40.00"));
        assertThat(jdbc.sql("select count(*) from duesflow.payment where charge_id = any(:charges)")
                .param("charges", new org.springframework.jdbc.support.SqlArrayValue("bigint",
                        fixtures.charges(run).stream().map(ChargeView::id).toArray()))
                .query(Integer.class).single()).as("27 settlements and 2 payments, once").isEqualTo(29);

        long credit = jdbc.sql("select id from duesflow.bank_transaction where bank_file_id = :file and state = 'UNMATCHED'")
                .param("file", booked.file().id()).query(Long.class).single();
        Task task = await().atMost(Duration.ofSeconds(30)).until(() -> tasks.createTaskQuery()
                .processInstanceBusinessKey("credit-" + credit).singleResult(), found -> found != null);
        identity.setAuthentication("ulla", List.of(Roles.TREASURER));
        try {
            complete(task, withVariables("decision", "assign", "assignTo", fixtures.chargeOf(run, none).number()));
        } finally {
            identity.clearAuthentication();
        }

        assertThat(get(run)).as("the unmatched credit, assigned").containsExactlyInAnyOrder(
                owed(run, partly, "25.00"), owed(run, returnedMember, "40.00"));
    }

    /** The debtor list of the run, as the treasurer reads it over REST. */
    private List<String> get(long run) {
        List<String> debtors = new ArrayList<>();
        TestUsers.signedIn(rest, identity, "ulla", Roles.TREASURER)
                .getForObject("/api/billing/debtors?run=" + run, JsonNode.class)
                .forEach(debtor -> debtors.add(debtor.path("number").asText() + " "
                        + debtor.path("owed").decimalValue().setScale(2).toPlainString()));
        return debtors;
    }

    private String owed(long run, long member, String amount) {
        return fixtures.chargeOf(run, member).number() + " " + amount;
    }
}
