package io.duesflow.banking.statements;

import java.text.MessageFormat;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * The SEPA reason codes of returns, rejects and refunds (ISO external return and status reason codes, as the EPC
 * direct-debit rulebook uses them), each with a short text in Danish, Dutch and English from
 * {@code messages/bank-reasons_{da,nl,en}.properties}, and whether it ends the mandate.
 *
 * <p>A code {@linkplain #endsMandate() ends the mandate} when collecting on the same mandate again would fail
 * the same way until the member acts (a new account, a new mandate, lifting a block): duesflow then stops
 * collecting on it and asks for a new one instead of sending collections the bank will refuse. A code about
 * this one collection (no money today, a refund, a duplicate) or about duesflow's own file leaves the mandate
 * as it is.
 */
public enum ReasonCode {

    /** The IBAN does not exist: every further collection on it fails until the member gives a correct one. */
    AC01(true),
    /** The account is closed: nothing will ever be collected from it. */
    AC04(true),
    /**
     * The account is blocked, often for direct debits only and by the member's own order: the bank refuses every
     * collection until the member lifts the block, so sending more only collects refusals.
     */
    AC06(true),
    /** Direct debits are forbidden on the account (a savings account, say): it can never be collected from. */
    AG01(true),
    /** An operation code the bank does not take: a fault of the file, not of the mandate. */
    AG02(false),
    /** No money on the account today: the next collection may well succeed. */
    AM04(false),
    /** The bank saw this collection twice: the first stands, the mandate too. */
    AM05(false),
    /** The creditor identifier is not recognised: the association's data, not the member's mandate. */
    BE05(false),
    /** The file's format is wrong: nothing about the mandate. */
    FF01(false),
    /** The debtor's bank knows no mandate, or the member says it was never given: there is nothing to collect on. */
    MD01(true),
    /** Mandate data in the collection is missing or wrong (e.g. the date of signature): correct it and collect. */
    MD02(false),
    /**
     * The member asked for the money back, which the Core scheme allows within eight weeks without a reason: a
     * refund does not revoke the mandate.
     */
    MD06(false),
    /** The account holder has died: the mandate died with them. */
    MD07(true),
    /**
     * The member refused this collection without saying why: one refusal is not a revoked mandate, and the
     * treasurer can ask.
     */
    MS02(false),
    /** The bank refused without saying why: nothing known about the mandate. */
    MS03(false),
    /** The BIC is wrong: correct it or leave it out (IBAN only); the mandate stands. */
    RC01(false),
    /** The member's account or identification is missing: data to complete, for regulatory reasons. */
    RR01(false),
    /** The member's name or address is missing: data to complete, for regulatory reasons. */
    RR02(false),
    /** The association's name or address is missing: its own data to complete. */
    RR03(false),
    /** Refused for a regulatory reason (e.g. sanctions screening): says nothing about the mandate; look into it. */
    RR04(false),
    /**
     * Stopped by a service of the member's bank, e.g. the member blocks this creditor or allows listed ones only:
     * the member's own instruction, which holds until they change it.
     */
    SL01(true),
    /** The association's bank is not reachable for SEPA direct debits: its bank's matter, not the mandate's. */
    CNOR(false),
    /**
     * The member's bank is not reachable for SEPA direct debits: the account cannot be collected from by SEPA at
     * all, so the member needs another account (or pays another way).
     */
    DNOR(true);

    static final String BUNDLE = "messages/bank-reasons";

    private final boolean endsMandate;

    ReasonCode(boolean endsMandate) {
        this.endsMandate = endsMandate;
    }

    /** Whether collecting on the same mandate again is pointless until the member acts; see the class comment. */
    public boolean endsMandate() {
        return endsMandate;
    }

    /** The short text in the language (Danish, Dutch, else English). */
    public String text(Locale language) {
        return text("reason." + name(), language, new Object[0]);
    }

    /** The code's enum constant, when it is one duesflow knows (case as written: ISO codes are upper case). */
    public static Optional<ReasonCode> of(String code) {
        return Arrays.stream(values()).filter(reason -> reason.name().equals(code)).findFirst();
    }

    /** The text of any code: a known code's own text, else one that says the code is not one duesflow knows. */
    public static String describe(String code, Locale language) {
        return of(code).map(reason -> reason.text(language))
                .orElseGet(() -> text("reason.unknown", language, new Object[] {code}));
    }

    private static String text(String key, Locale language, Object[] arguments) {
        Locale supported = switch (language.getLanguage()) {
            case "da", "nl" -> Locale.forLanguageTag(language.getLanguage());
            default -> Locale.ENGLISH;
        };
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, supported,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        // Every text goes through MessageFormat, as the documents' texts do, so an apostrophe means the same in all.
        return new MessageFormat(bundle.getString(key), supported).format(arguments);
    }
}
