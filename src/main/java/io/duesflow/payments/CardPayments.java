package io.duesflow.payments;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.duesflow.billing.ChargeState;
import io.duesflow.billing.Charges;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.NotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Payments by card: the link on a card member's invoice, and the provider's signed call when a member paid. A call
 * counts only with a right HMAC-SHA256 signature over its timestamp and body made with the shared secret, and a
 * timestamp at most five minutes off; the same event twice is recorded once.
 */
@Service
@Transactional
public class CardPayments {

    private static final Logger log = LoggerFactory.getLogger(CardPayments.class);

    /** A call the provider is refused, and why: the signature or timestamp (401), or no secret here (503). */
    static final class Unauthenticated extends RuntimeException {
        final boolean notConfigured;

        Unauthenticated(String reason, boolean notConfigured) {
            super(reason);
            this.notConfigured = notConfigured;
        }
    }

    /** A member paid a charge by card, as the provider reports it. */
    record Paid(String eventId, String chargeNumber, BigDecimal amount, String currency, Instant paidAt) {
    }

    /**
     * What became of a call: {@code RECORDED} (the payment is on the charge), {@code ALREADY_RECORDED} (the same event
     * came before), {@code CHARGE_OWES_NOTHING} (kept for the treasurer, who refunds it or books it another way).
     */
    record Outcome(String eventId, String outcome, Long paymentId) {
    }

    private final CardProperties properties;
    private final Payments payments;
    private final Charges charges;
    private final MemberRegister register;
    private final JdbcClient jdbc;
    private final Clock clock;

    CardPayments(CardProperties properties, Payments payments, Charges charges, MemberRegister register,
                 JdbcClient jdbc, Clock clock) {
        this.properties = properties;
        this.payments = payments;
        this.charges = charges;
        this.register = register;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Where the member pays the charge by card; empty when the association has no payment link configured. */
    @Transactional(readOnly = true)
    public Optional<String> paymentLink(String chargeNumber, BigDecimal amount) {
        String template = properties.paymentLink();
        if (template == null || template.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(template.replace("{number}", URLEncoder.encode(chargeNumber, StandardCharsets.UTF_8))
                .replace("{amount}", amount == null ? "" : amount.toPlainString()));
    }

    /**
     * Checks that the call is the provider's: signed with the shared secret over {@code timestamp + "." + body},
     * and made at most {@code maxAge} ago.
     *
     * @throws Unauthenticated when the signature is wrong or missing, the timestamp too old, or no secret is set
     */
    void checkSignature(String timestamp, String signature, byte[] body) {
        String secret = properties.webhookSecret();
        if (secret == null || secret.isBlank()) {
            throw new Unauthenticated("Card payments are not set up here: DUESFLOW_CARD_WEBHOOK_SECRET is empty", true);
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp == null ? "" : timestamp.trim());
        } catch (NumberFormatException e) {
            throw new Unauthenticated("The timestamp header is missing or not seconds since 1970", false);
        }
        Duration age = Duration.between(Instant.ofEpochSecond(seconds), Instant.now(clock)).abs();
        if (age.compareTo(properties.maxAge()) > 0) {
            throw new Unauthenticated("The call's timestamp is " + age.toSeconds() + " s off; at most "
                    + properties.maxAge().toSeconds() + " s is accepted", false);
        }
        byte[] expected = hmac(secret, seconds + "." + new String(body, StandardCharsets.UTF_8));
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature == null ? "" : signature.trim().replaceFirst("^sha256=", ""));
        } catch (IllegalArgumentException e) {
            throw new Unauthenticated("The signature is not hexadecimal", false);
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw new Unauthenticated("The signature does not match the call", false);
        }
    }

    /** Books a card payment the provider reported (its signature checked first); the same event id twice once. */
    Outcome record(Paid paid) {
        require(paid);
        ChargeState charge;
        try {
            charge = charges.state(paid.chargeNumber());
        } catch (NotFound e) {
            throw new InvalidInput("chargeNumber", "There is no charge " + paid.chargeNumber());
        }
        String currency = register.association().currency();
        if (!currency.equals(paid.currency())) {
            throw new InvalidInput("currency", "The payment is in " + paid.currency() + "; the association bills in "
                    + currency);
        }
        int fresh = jdbc.sql("""
                        insert into duesflow.card_event (event_id, charge_number, amount, received_at, outcome)
                        values (:event, :charge, :amount, :now, 'RECEIVED') on conflict (event_id) do nothing""")
                .param("event", paid.eventId()).param("charge", paid.chargeNumber()).param("amount", paid.amount())
                .param("now", Timestamp.from(Instant.now(clock))).update();
        if (fresh == 0) {
            return new Outcome(paid.eventId(), "ALREADY_RECORDED", jdbc.sql(
                            "select payment_id from duesflow.card_event where event_id = :event")
                    .param("event", paid.eventId()).query(Long.class).optional().orElse(null));
        }
        if (!charge.owes()) {
            log.warn("Card payment {} of {} for charge {}, which is {} and owes nothing: kept for the treasurer",
                    paid.eventId(), paid.amount(), charge.number(), charge.status());
            outcome(paid.eventId(), "CHARGE_OWES_NOTHING", null);
            return new Outcome(paid.eventId(), "CHARGE_OWES_NOTHING", null);
        }
        LocalDate on = paid.paidAt() == null ? LocalDate.now(clock) : LocalDate.ofInstant(paid.paidAt(), clock.getZone());
        Payments.Payment payment = payments.pay(charge.number(), paid.amount(), on.isAfter(LocalDate.now(clock))
                ? LocalDate.now(clock) : on, PaymentMatch.CARD, paid.eventId(), null, null);
        outcome(paid.eventId(), "RECORDED", payment.id());
        return new Outcome(paid.eventId(), "RECORDED", payment.id());
    }

    private void outcome(String eventId, String outcome, Long paymentId) {
        jdbc.sql("update duesflow.card_event set outcome = :outcome, payment_id = :payment where event_id = :event")
                .param("outcome", outcome).param("payment", paymentId).param("event", eventId).update();
    }

    private static void require(Paid paid) {
        if (paid.eventId() == null || paid.eventId().isBlank()) {
            throw new InvalidInput("eventId", "The call carries no event id");
        }
        if (paid.chargeNumber() == null || paid.chargeNumber().isBlank()) {
            throw new InvalidInput("chargeNumber", "The call names no charge");
        }
        io.duesflow.platform.Money.checked("amount", paid.amount(), true);
        if (paid.currency() == null) {
            throw new InvalidInput("currency", "The call gives no currency");
        }
    }

    static byte[] hmac(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
