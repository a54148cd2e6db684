package io.duesflow.payments;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.duesflow.platform.InvalidInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The card payment provider's call, open to the internet: no login, but an HMAC-SHA256 signature
 * ({@code X-Duesflow-Signature: sha256=<hex>}) over {@code <X-Duesflow-Timestamp>.<body>} with the shared secret.
 */
@RestController
@RequestMapping("/api/webhooks/card")
@Tag(name = "Card payments")
class CardWebhookController {

    static final String TIMESTAMP = "X-Duesflow-Timestamp";
    static final String SIGNATURE = "X-Duesflow-Signature";

    /** What the provider sends when a member paid. */
    record Event(String eventId, String type, String chargeNumber, BigDecimal amount, String currency, Instant paidAt) {
    }

    private final CardPayments cards;
    private final ObjectMapper json;

    CardWebhookController(CardPayments cards, ObjectMapper json) {
        this.cards = cards;
        this.json = json;
    }

    @PostMapping
    @Operation(summary = "A member paid a charge by card (called by the payment provider, signed): "
            + "{eventId, type: payment.succeeded, chargeNumber, amount, currency, paidAt}; the same event id twice is "
            + "recorded once")
    CardPayments.Outcome paid(@RequestHeader(value = TIMESTAMP, required = false) String timestamp,
                              @RequestHeader(value = SIGNATURE, required = false) String signature,
                              @RequestBody byte[] body) {
        cards.checkSignature(timestamp, signature, body);
        Event event;
        try {
            event = json.readValue(body, Event.class);
        } catch (IOException e) {
            throw new InvalidInput("body", "Not the JSON of a card payment: " + e.getMessage());
        }
        if (event.type() != null && !"payment.succeeded".equals(event.type())) {
            return new CardPayments.Outcome(event.eventId(), "IGNORED", null);
        }
        return cards.record(new CardPayments.Paid(event.eventId(), event.chargeNumber(), event.amount(),
                event.currency(), event.paidAt()));
    }

    @ExceptionHandler(CardPayments.Unauthenticated.class)
    ProblemDetail refused(CardPayments.Unauthenticated e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.notConfigured ? HttpStatus.SERVICE_UNAVAILABLE
                : HttpStatus.UNAUTHORIZED, e.getMessage());
        problem.setTitle(e.notConfigured ? "Not configured" : "Not signed by the provider");
        return problem;
    }
}
