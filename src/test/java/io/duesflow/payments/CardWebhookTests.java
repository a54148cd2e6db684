package io.duesflow.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import io.duesflow.TestClock;
import io.duesflow.billing.ChargeView;
import io.duesflow.billing.Charges;
import io.duesflow.mail.MailOutbox;
import io.duesflow.members.CollectionMethod;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The card payment provider calls {@code POST /api/webhooks/card} when a member paid, signed with HMAC-SHA256 over
 * timestamp and body with the secret from the environment (the test profile sets one).
 */
@ApplicationTest
class CardWebhookTests {

    static final String SECRET = "test-card-secret-not-for-production";
    @Autowired
    ApplicationContext context;

    @Autowired
    TestRestTemplate rest;
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

    PaymentFixtures fixtures;
    ChargeView charge;

    @BeforeEach
    void aCardMembersCharge() {
        fixtures = new PaymentFixtures(context);
        long member = fixtures.member("Kort Betaler", CollectionMethod.CARD);
        charge = fixtures.chargeOf(fixtures.approvedRun("125.50", clock.today().plusDays(14), member), member);
    }

    @Test
    void aSignedPaymentIsRecordedOnceWhenTheProviderSendsTheSameEventTwice() {
        String body = event("evt-" + fixtures.token, "125.50");

        ResponseEntity<JsonNode> first = call(body, now(), sign(now(), body));
        ResponseEntity<JsonNode> second = call(body, now(), sign(now(), body));

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(first.getBody().path("outcome").asText()).isEqualTo("RECORDED");
        assertThat(second.getBody().path("outcome").asText()).isEqualTo("ALREADY_RECORDED");
        assertThat(payments.paymentsOf(charge.number())).singleElement().satisfies(payment -> {
            assertThat(payment.how()).isEqualTo(PaymentMatch.CARD);
            assertThat(payment.amount()).isEqualByComparingTo("125.50");
            assertThat(payment.bankReference()).isEqualTo("evt-" + fixtures.token);
            assertThat(payment.bookingDate()).isEqualTo(LocalDate.of(2026, 12, 1));
        });
        assertThat(charges.state(charge.number()).status().name()).isEqualTo("PAID");
    }

    @Test
    void aWrongSignatureIsRefusedWith401AndNothingIsRecorded() {
        String body = event("evt-" + fixtures.token, "125.50");
        String forged = HexFormat.of().formatHex(CardPayments.hmac("another secret", now() + "." + body));

        ResponseEntity<JsonNode> refused = call(body, now(), "sha256=" + forged);
        ResponseEntity<JsonNode> unsigned = call(body, now(), null);
        ResponseEntity<JsonNode> altered = call(body.replace("125.50", "1.00"), now(), sign(now(), body));

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(unsigned.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(altered.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(payments.paymentsOf(charge.number())).isEmpty();
        assertThat(jdbc.sql("select count(*) from duesflow.card_event where charge_number = :charge")
                .param("charge", charge.number()).query(Integer.class).single()).isZero();
    }

    @Test
    void aCallWhoseTimestampIsMoreThanFiveMinutesOldIsRefusedEvenWhenSignedRight() {
        String body = event("evt-" + fixtures.token, "125.50");
        String old = String.valueOf(clock.now().minus(Duration.ofMinutes(5)).minusSeconds(1).getEpochSecond());
        String recent = String.valueOf(clock.now().minus(Duration.ofMinutes(4)).getEpochSecond());

        ResponseEntity<JsonNode> replayed = call(body, old, sign(old, body));

        assertThat(replayed.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(replayed.getBody().path("detail").asText()).contains("301 s off");
        assertThat(payments.paymentsOf(charge.number())).isEmpty();
        assertThat(call(body, recent, sign(recent, body)).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void aCardMembersInvoiceCarriesThePaymentLinkWithTheChargeNumber() {
        long mail = jdbc.sql("select id from duesflow.mail_outbox where kind = 'INVOICE' and document_id = :id")
                .param("id", charge.id()).query(Long.class).single();

        assertThat(outbox.document(mail).text())
                .contains("https://pay.example.org/duesflow?ref=" + charge.number() + "&amount=125.50");
    }

    private String event(String id, String amount) {
        return """
                {"eventId": "%s", "type": "payment.succeeded", "chargeNumber": "%s", "amount": %s, "currency": "EUR",
                 "paidAt": "2026-12-01T08:59:00Z"}""".formatted(id, charge.number(), amount);
    }

    private String now() {
        return String.valueOf(clock.now().getEpochSecond());
    }

    private static String sign(String timestamp, String body) {
        return "sha256=" + HexFormat.of().formatHex(CardPayments.hmac(SECRET, timestamp + "." + body));
    }

    private ResponseEntity<JsonNode> call(String body, String timestamp, String signature) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set(CardWebhookController.TIMESTAMP, timestamp);
        if (signature != null) {
            headers.set(CardWebhookController.SIGNATURE, signature);
        }
        return rest.postForEntity("/api/webhooks/card", new HttpEntity<>(body.getBytes(StandardCharsets.UTF_8),
                headers), JsonNode.class);
    }
}
