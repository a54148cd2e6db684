package io.duesflow.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import io.duesflow.TestClock;
import io.duesflow.TestUsers;
import io.duesflow.billing.BillingRuns;
import io.duesflow.billing.ChargeView;
import io.duesflow.billing.Charges;
import io.duesflow.mail.MailOutbox;
import io.duesflow.members.CollectionMethod;
import io.duesflow.platform.Roles;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A treasurer registers payments by hand over REST, as the Danish manual's "Manuel registrering" describes: "paid"
 * for exactly what is owed, "register payment" for any amount on a day; an overpayment becomes the member's credit,
 * which the next charge uses; a wrong payment is undone with who and why.
 */
@ApplicationTest
class ManualPaymentTests {

    @Autowired
    ApplicationContext context;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identity;
    @Autowired
    BillingRuns runs;
    @Autowired
    Charges charges;
    @Autowired
    Payments payments;
    @Autowired
    MailOutbox outbox;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock clock;

    TestRestTemplate http;
    PaymentFixtures fixtures;
    LocalDate due;

    @BeforeEach
    void aTreasurer() {
        http = TestUsers.signedIn(rest, identity, "tove", Roles.TREASURER);
        fixtures = new PaymentFixtures(context);
        due = clock.today().plusDays(14);
    }

    @Test
    void paidRegistersExactlyWhatIsOwedAndTheChargeLeavesTheDebtorList() {
        long member = fixtures.member("Asta Holm", CollectionMethod.INVOICE);
        long run = fixtures.approvedRun("100.00", due, member);
        ChargeView charge = fixtures.chargeOf(run, member);

        ResponseEntity<JsonNode> paid = post("/api/payments/charges/" + charge.number() + "/paid", Map.of());

        assertThat(paid.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(paid.getBody().path("amount").decimalValue()).isEqualByComparingTo("100.00");
        assertThat(paid.getBody().path("how").asText()).isEqualTo("MANUAL");
        assertThat(paid.getBody().path("registeredBy").asText()).isEqualTo("tove");
        assertThat(charges.state(charge.number()).status().name()).isEqualTo("PAID");
        assertThat(get("/api/billing/debtors?run=" + run).getBody()).isEmpty();
    }

    @Test
    void aPartPaymentOnADayLeavesTheRestOwedOnTheDebtorList() {
        long member = fixtures.member("Bror Holm", CollectionMethod.INVOICE);
        long run = fixtures.approvedRun("100.00", due, member);
        ChargeView charge = fixtures.chargeOf(run, member);

        post("/api/payments/charges/" + charge.number() + "/payments", Map.of("amount", "40.00",
                "on", clock.today().minusDays(1).toString(), "note", "cash at the general meeting"));

        assertThat(charges.state(charge.number()).status().name()).isEqualTo("PARTLY_PAID");
        assertThat(get("/api/billing/debtors?run=" + run).getBody()).singleElement().satisfies(debtor ->
                assertThat(debtor.path("owed").decimalValue()).isEqualByComparingTo("60.00"));
        assertThat(payments.paymentsOf(charge.number())).singleElement().satisfies(payment -> {
            assertThat(payment.bookingDate()).isEqualTo(clock.today().minusDays(1));
            assertThat(payment.note()).isEqualTo("cash at the general meeting");
        });
    }

    @Test
    void aSecondPartPaymentLeavesLessOwedAndTheChargePartlyPaid() {
        long member = fixtures.member("Dagny Holm", CollectionMethod.INVOICE);
        ChargeView charge = fixtures.chargeOf(fixtures.approvedRun("100.00", due, member), member);

        post("/api/payments/charges/" + charge.number() + "/payments", Map.of("amount", "40.00"));
        ResponseEntity<JsonNode> second = post("/api/payments/charges/" + charge.number() + "/payments",
                Map.of("amount", "25.00"));

        assertThat(second.getStatusCode().value()).as("%s", second.getBody()).isEqualTo(201);
        assertThat(charges.state(charge.number())).satisfies(state -> {
            assertThat(state.status().name()).isEqualTo("PARTLY_PAID");
            assertThat(state.owed()).isEqualByComparingTo("35.00");
        });
    }

    @Test
    void anOverpaymentBecomesTheMembersCreditWhichTheNextChargeUsesAndShowsAsALine() {
        long member = fixtures.member("Cato Holm", CollectionMethod.INVOICE);
        ChargeView first = fixtures.chargeOf(fixtures.approvedRun("100.00", due, member), member);
        post("/api/payments/charges/" + first.number() + "/payments", Map.of("amount", "130.00"));
        assertThat(payments.credit(member)).isEqualByComparingTo("30.00");

        long next = fixtures.approvedRun("100.00", due.plusMonths(1), member);
        ChargeView second = fixtures.chargeOf(next, member);

        assertThat(charges.state(second.number())).satisfies(charge -> {
            assertThat(charge.status().name()).isEqualTo("PARTLY_PAID");
            assertThat(charge.owed()).isEqualByComparingTo("70.00");
        });
        assertThat(runs.forDocuments(List.of(second.id())).get(0).paid()).as("the invoice's 'Already paid' line")
                .isEqualByComparingTo("30.00");
        assertThat(get("/api/billing/charges/" + second.number()).getBody().path("more").path("payments"))
                .singleElement().satisfies(line -> {
                    assertThat(line.path("how").asText()).isEqualTo("MEMBER_CREDIT");
                    assertThat(line.path("amount").decimalValue()).isEqualByComparingTo("30.00");
                    assertThat(line.path("text").asText()).isEqualTo("paid from the member's credit");
                });
        assertThat(payments.credit(member)).isEqualByComparingTo("0");
        JsonNode account = get("/api/payments/members/" + member + "/account").getBody();
        assertThat(account.path("owed").decimalValue()).isEqualByComparingTo("70.00");
        assertThat(account.path("lines")).extracting(line -> line.path("what").asText() + " "
                + line.path("amount").decimalValue().stripTrailingZeros().toPlainString())
                .containsExactly("PAYMENT 100", "PAYMENT 30", "CREDIT 30", "CREDIT -30", "CHARGE 100", "CHARGE 100");
    }

    @Test
    void aWronglyRegisteredPaymentIsUndoneWithWhoAndWhyAndOnlyOnce() {
        long member = fixtures.member("Dina Holm", CollectionMethod.INVOICE);
        ChargeView charge = fixtures.chargeOf(fixtures.approvedRun("100.00", due, member), member);
        long payment = post("/api/payments/charges/" + charge.number() + "/paid", Map.of()).getBody().path("id")
                .asLong();

        ResponseEntity<JsonNode> noReason = post("/api/payments/payments/" + payment + "/undo", Map.of());
        ResponseEntity<JsonNode> undone = post("/api/payments/payments/" + payment + "/undo",
                Map.of("reason", "it was Dino Holm who paid"));
        ResponseEntity<JsonNode> again = post("/api/payments/payments/" + payment + "/undo", Map.of("reason", "twice"));

        assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noReason.getBody().path("field").asText()).isEqualTo("reason");
        assertThat(undone.getBody().path("undoneBy").asText()).isEqualTo("tove");
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(charges.state(charge.number()).status().name()).isEqualTo("OPEN");
        assertThat(charges.charge(charge.number()).history()).last().satisfies(change -> {
            assertThat(change.to()).isEqualTo("OPEN");
            assertThat(change.reason()).isEqualTo("payment " + payment + " of 100.00 undone: it was Dino Holm who paid");
            assertThat(change.by()).isEqualTo("tove");
        });
    }

    @Test
    void anOverpaymentIsNotUndoneOnceItsCreditPaidALaterChargeUntilThatIsUndoneFirst() {
        long member = fixtures.member("Ebbe Holm", CollectionMethod.INVOICE);
        ChargeView first = fixtures.chargeOf(fixtures.approvedRun("100.00", due, member), member);
        long overpaid = post("/api/payments/charges/" + first.number() + "/payments", Map.of("amount", "130.00"))
                .getBody().path("id").asLong();
        ChargeView second = fixtures.chargeOf(fixtures.approvedRun("100.00", due.plusMonths(1), member), member);
        long fromCredit = payments.paymentsOf(second.number()).get(0).id();

        ResponseEntity<JsonNode> refused = post("/api/payments/payments/" + overpaid + "/undo", Map.of("reason", "x"));
        post("/api/payments/payments/" + fromCredit + "/undo", Map.of("reason", "the credit belongs to someone else"));
        ResponseEntity<JsonNode> undone = post("/api/payments/payments/" + overpaid + "/undo", Map.of("reason", "x"));

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getBody().path("detail").asText()).contains("a later charge used it");
        assertThat(undone.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(charges.state(first.number()).status().name()).isEqualTo("OPEN");
        assertThat(charges.state(second.number()).status().name()).isEqualTo("OPEN");
        assertThat(payments.credit(member)).isEqualByComparingTo("0");
    }

    @Test
    void paymentsThatCannotBeRegisteredAreRefusedNamingTheFieldAndChangeNothing() {
        long member = fixtures.member("Frode Holm", CollectionMethod.INVOICE);
        ChargeView charge = fixtures.chargeOf(fixtures.approvedRun("100.00", due, member), member);
        String path = "/api/payments/charges/" + charge.number() + "/payments";

        ResponseEntity<JsonNode> cents = post(path, Map.of("amount", "10.005"));
        ResponseEntity<JsonNode> future = post(path, Map.of("amount", "10.00", "on", clock.today().plusDays(1).toString()));
        ResponseEntity<JsonNode> unknown = post("/api/payments/charges/1999-99999/payments", Map.of("amount", "10.00"));
        post("/api/billing/charges/" + charge.number() + "/cancel", Map.of("reason", "by mistake"));
        ResponseEntity<JsonNode> cancelled = post(path, Map.of("amount", "10.00"));

        assertThat(cents.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(cents.getBody().path("field").asText()).isEqualTo("amount");
        assertThat(future.getBody().path("field").asText()).isEqualTo("on");
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(cancelled.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(cancelled.getBody().path("detail").asText()).contains(charge.number(), "CANCELLED");
        assertThat(payments.paymentsOf(charge.number())).isEmpty();
    }

    @Test
    void aMemberWhoseChargeIsPaidInFullGetsAReceiptWhenTheAssociationSendsThem() {
        long member = fixtures.member("Gry Holm", CollectionMethod.INVOICE);
        ChargeView charge = fixtures.chargeOf(fixtures.approvedRun("100.00", due, member), member);
        ChargeView other = fixtures.chargeOf(fixtures.approvedRun("100.00", due.plusDays(1), member), member);
        post("/api/payments/charges/" + other.number() + "/paid", Map.of());
        assertThat(receipts(other.id())).as("receipts are off unless the association turns them on").isZero();
        Payments.Settings settings = payments.settings();
        put("/api/payments/settings", Map.of("sendReceipts", true, "version", settings.version()));
        try {
            post("/api/payments/charges/" + charge.number() + "/payments", Map.of("amount", "60.00"));
            assertThat(receipts(charge.id())).as("partly paid: no receipt yet").isZero();
            post("/api/payments/charges/" + charge.number() + "/payments", Map.of("amount", "40.00"));

            assertThat(receipts(charge.id())).isEqualTo(1);
            long mail = jdbc.sql("""
                            select id from duesflow.mail_outbox where kind = 'PAYMENT_RECEIPT' and document_id = :id""")
                    .param("id", charge.id()).query(Long.class).single();
            assertThat(outbox.document(mail).pdf()).as("the receipt can be written").isNotEmpty();
            assertThat(payments.receipt(charge.id())).hasValueSatisfying(receipt ->
                    assertThat(receipt.amount()).isEqualByComparingTo("100.00"));
        } finally {
            put("/api/payments/settings", Map.of("sendReceipts", false, "version", payments.settings().version()));
        }
    }

    @Test
    void theSettingsRefuseALargeToleranceAndAStaleVersion() {
        int version = payments.settings().version();

        ResponseEntity<JsonNode> large = put("/api/payments/settings", Map.of("amountTolerance", "25.00",
                "version", version));
        ResponseEntity<JsonNode> stale = put("/api/payments/settings", Map.of("amountTolerance", "0.00",
                "version", version - 1));

        assertThat(large.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(large.getBody().path("field").asText()).isEqualTo("amountTolerance");
        assertThat(stale.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(payments.settings().version()).isEqualTo(version);
    }

    private int receipts(long chargeId) {
        return jdbc.sql("select count(*) from duesflow.mail_outbox where kind = 'PAYMENT_RECEIPT' and document_id = :id")
                .param("id", chargeId).query(Integer.class).single();
    }

    private ResponseEntity<JsonNode> post(String path, Object body) {
        return http.postForEntity(path, body, JsonNode.class);
    }

    private ResponseEntity<JsonNode> put(String path, Object body) {
        return http.exchange(path, HttpMethod.PUT, new HttpEntity<>(body), JsonNode.class);
    }

    private ResponseEntity<JsonNode> get(String path) {
        return http.getForEntity(path, JsonNode.class);
    }
}
