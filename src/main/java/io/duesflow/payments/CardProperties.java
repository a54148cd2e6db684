package io.duesflow.payments;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The card payment provider.
 *
 * @param webhookSecret the secret the provider signs its calls with ({@code DUESFLOW_CARD_WEBHOOK_SECRET}); without
 *                      it every call is refused
 * @param paymentLink   where a member pays a charge by card, printed on card members' invoices: a URL with
 *                      {@code {number}} (the charge number) and optionally {@code {amount}} in it, e.g.
 *                      {@code https://pay.example.com/duesflow?ref={number}&amount={amount}}; empty: no link
 * @param maxAge        how old a call's timestamp may be (a replayed call is refused)
 */
@ConfigurationProperties("duesflow.payments.card")
record CardProperties(String webhookSecret, String paymentLink, @DefaultValue("5m") Duration maxAge) {
}
