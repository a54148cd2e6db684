package io.duesflow.billing;

import java.util.Locale;

import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.stereotype.Component;

/**
 * The words billing itself puts on charge lines (a suspension fee, a discount, arrears), in the member's language.
 * A member's language is da, nl or en; anything else reads English.
 */
@Component
class ChargeTexts {

    static final String BUNDLE = "messages/charges";

    private final ResourceBundleMessageSource messages = new ResourceBundleMessageSource();

    ChargeTexts() {
        messages.setBasename(BUNDLE);
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
    }

    String suspensionFee(String language) {
        return text("line.suspension-fee", language);
    }

    String suspendedPartDeducted(String lineText, String language) {
        return text("line.suspended-part-deducted", language, lineText);
    }

    String discount(String lineText, String percent, String language) {
        return text("line.discount", language, lineText, percent);
    }

    String arrears(String chargeNumber, String language) {
        return text("line.arrears", language, chargeNumber);
    }

    String arrearsReturned(String chargeNumber, String language) {
        return text("line.arrears-returned", language, chargeNumber);
    }

    String text(String key, String language, Object... arguments) {
        return messages.getMessage(key, arguments, locale(language));
    }

    static Locale locale(String language) {
        return switch (language == null ? "" : language) {
            case "da" -> Locale.forLanguageTag("da");
            case "nl" -> Locale.forLanguageTag("nl");
            default -> Locale.ENGLISH;
        };
    }
}
