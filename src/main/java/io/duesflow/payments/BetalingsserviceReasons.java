package io.duesflow.payments;

import java.util.Locale;
import java.util.Map;

/**
 * What Betalingsservice's transaction codes for a payment that did not go through mean, in the member's language
 * (betalingsservice.md §3): the charge's history and the returns list say it so.
 */
final class BetalingsserviceReasons {

    private static final Map<String, Map<String, String>> TEXTS = Map.of(
            "0237", Map.of("da", "Betalingsservice afviste betalingen (0237, afvist)",
                    "nl", "Betalingsservice heeft de betaling geweigerd (0237)",
                    "en", "Betalingsservice rejected the payment (0237)"),
            "0238", Map.of("da", "Betalingen blev afmeldt før betalingsdagen (0238, afmeldt)",
                    "nl", "De betaling is vóór de betaaldatum afgemeld (0238)",
                    "en", "The payment was cancelled before its payment date (0238)"),
            "0239", Map.of("da", "Betalingen blev tilbageført (0239, tilbageført)",
                    "nl", "De betaling is teruggeboekt (0239)",
                    "en", "The payment was charged back (0239)"),
            "0299", Map.of("da", "Indbetalingen med indbetalingskort blev tilbageført (0299)",
                    "nl", "De betaling met de FI-betaalkaart is teruggeboekt (0299)",
                    "en", "The payment-slip payment was charged back (0299)"));

    private BetalingsserviceReasons() {
    }

    static String text(String code, Locale language) {
        Map<String, String> texts = TEXTS.get(code);
        if (texts == null) {
            return "Betalingsservice transaction code " + code;
        }
        return texts.getOrDefault(language.getLanguage(), texts.get("en"));
    }
}
