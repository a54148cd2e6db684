package io.duesflow.banking;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The payment references printed on a charge, both derived from the charge number so that reconciliation can map
 * an incoming payment back to its charge.
 * <ul>
 * <li>ISO 11649 creditor reference ({@code RF18 5390 0754 7034}): on EUR invoices and as structured remittance
 * information in SEPA transfers.</li>
 * <li>Danish FI card type +71 payment id with its code line ({@code +71<000000000000422 +12345678<}): on DKK
 * invoices, for FI payments.</li>
 * </ul>
 */
public final class PaymentReferences {

    private static final int RF_MAX_BODY = 21;
    private static final int FIK71_BODY_DIGITS = 14;
    // Compiled once: a billing run derives and a direct-debit file checks one reference per charge.
    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^A-Za-z0-9]");
    private static final Pattern RF_START = Pattern.compile("(?<![A-Z0-9])RF[0-9]{2}");
    private static final Pattern FIFTEEN_DIGITS = Pattern.compile("(?<![0-9])[0-9]{15}(?![0-9])");
    private static final Pattern RF_SHAPE = Pattern.compile("RF[0-9]{2}[A-Z0-9]{1," + RF_MAX_BODY + "}");

    private PaymentReferences() {
    }

    /**
     * The RF creditor reference for a charge number such as {@code 2026-00042}: its letters and digits become the
     * body ({@code 202600042}), preceded by {@code RF} and the ISO 11649 check digits.
     */
    public static String rfFromCharge(String chargeNumber) {
        String body = chargeNumber == null ? "" : NOT_LETTER_OR_DIGIT.matcher(chargeNumber).replaceAll("").toUpperCase(Locale.ROOT);
        if (body.isEmpty() || body.length() > RF_MAX_BODY) {
            throw new IllegalArgumentException("'" + chargeNumber + "' cannot make an RF creditor reference: expected 1 to "
                    + RF_MAX_BODY + " letters or digits, found " + body.length());
        }
        // ISO 11649 reuses the IBAN scheme: the body followed by "RF00", letters as numbers (A=10 ... Z=35).
        int check = 98 - Iso7064.mod97(body + "RF00");
        return "RF" + String.format("%02d", check) + body;
    }

    /** Whether the text is an RF creditor reference with correct check digits; spaces and lower case are accepted. */
    public static boolean isValidRf(String reference) {
        String rf = normalRf(reference);
        if (!RF_SHAPE.matcher(rf).matches()) {
            return false;
        }
        return Iso7064.mod97(rf.substring(4) + rf.substring(0, 4)) == 1;
    }

    /** The RF reference as stored ({@code RF185390...}, no spaces, upper case) when its check digits are right. */
    public static Optional<String> rf(String reference) {
        String rf = normalRf(reference);
        return isValidRf(rf) ? Optional.of(rf) : Optional.empty();
    }

    /**
     * The first RF reference with correct check digits in a free text, as payers type it into a transfer's
     * message: all in one ({@code "Kontingent RF18539007547034"}) or in the printed groups of four
     * ({@code "RF18 5390 0754 7034 Hansen"}). A group joins the reference only when the groups before it had four
     * characters each, as printed; of the ways to read it, the longest whose check digits are right is taken.
     */
    public static Optional<String> findRf(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String upper = text.toUpperCase(Locale.ROOT);
        Matcher start = RF_START.matcher(upper);
        while (start.find()) {
            String[] groups = upper.substring(start.start()).split(" ", -1);
            StringBuilder compact = new StringBuilder();
            String found = null;
            for (int i = 0; i < groups.length; i++) {
                String group = groups[i].replaceAll("[^A-Z0-9].*$", "");
                if (group.isEmpty() || compact.length() + group.length() > 4 + RF_MAX_BODY) {
                    break;
                }
                compact.append(group);
                if (isValidRf(compact.toString())) {
                    found = compact.toString();
                }
                boolean cut = group.length() < groups[i].length();
                if (cut || group.length() != 4) {
                    break;
                }
            }
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    /**
     * The +71 payment id a structured creditor reference ({@code RmtInf/Strd/CdtrRefInf/Ref}) carries for an FI
     * payment: the 15 digits alone, or with the card type before them as banks and OIOUBL write it ({@code 71}
     * + 15 digits, {@code 71#…}, {@code +71<…}); the check digit verified. Empty when it carries none.
     */
    public static Optional<String> fik71PaymentIdInReference(String reference) {
        if (reference == null) {
            return Optional.empty();
        }
        Matcher typed = TYPED_FIK71.matcher(reference.strip());
        if (typed.matches() && isValidFik71PaymentId(typed.group(1))) {
            return Optional.of(typed.group(1));
        }
        return findFik71PaymentId(reference);
    }

    private static final Pattern TYPED_FIK71 = Pattern.compile("\\+?71[#<]?\\s*([0-9]{15})");

    /** The first 15-digit +71 payment id with a right check digit in a free text (an FI code line, a message). */
    public static Optional<String> findFik71PaymentId(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher digits = FIFTEEN_DIGITS.matcher(text);
        while (digits.find()) {
            if (isValidFik71PaymentId(digits.group())) {
                return Optional.of(digits.group());
            }
        }
        return Optional.empty();
    }

    /** The reference for print, in groups of four: {@code RF18 5390 0754 7034}. */
    public static String formatRf(String reference) {
        String rf = normalRf(reference);
        if (!isValidRf(rf)) {
            throw new IllegalArgumentException("'" + reference + "' is not a valid RF creditor reference");
        }
        StringBuilder printed = new StringBuilder();
        for (int i = 0; i < rf.length(); i += 4) {
            if (i > 0) {
                printed.append(' ');
            }
            printed.append(rf, i, Math.min(i + 4, rf.length()));
        }
        return printed.toString();
    }

    /**
     * The 15-digit +71 payment id for a charge's sequence number: the number zero-padded to 14 digits and a
     * modulus 10 (Luhn) check digit, so sequence 42 gives {@code 000000000000422}.
     */
    public static String fik71PaymentId(long chargeSequence) {
        String body = Long.toString(chargeSequence);
        if (chargeSequence < 0 || body.length() > FIK71_BODY_DIGITS) {
            throw new IllegalArgumentException("A +71 payment id holds 0 to 99999999999999 (14 digits), not " + chargeSequence);
        }
        String padded = "0".repeat(FIK71_BODY_DIGITS - body.length()) + body;
        return padded + luhnCheckDigit(padded);
    }

    /** Whether the text is 15 digits whose last is the modulus 10 (Luhn) check digit of the first 14. */
    public static boolean isValidFik71PaymentId(String id) {
        return id != null && id.matches("[0-9]{15}")
                && id.charAt(FIK71_BODY_DIGITS) - '0' == luhnCheckDigit(id.substring(0, FIK71_BODY_DIGITS));
    }

    /** The FI code line for card type +71, as the payer types it: {@code +71<000000000000422 +12345678<}. */
    public static String ocrLine71(String paymentId, String fiCreditorNumber) {
        if (!isValidFik71PaymentId(paymentId)) {
            throw new IllegalArgumentException("'" + paymentId + "' is not a +71 payment id: expected 15 digits with a valid check digit");
        }
        if (fiCreditorNumber == null || !fiCreditorNumber.matches("[0-9]{8}")) {
            throw new IllegalArgumentException("'" + fiCreditorNumber + "' is not an FI creditor number: expected 8 digits");
        }
        return "+71<" + paymentId + " +" + fiCreditorNumber + "<";
    }

    /**
     * The Luhn check digit for a string of digits: from the rightmost digit, weights 2, 1, 2, 1 ..., the digits of
     * each product summed, and the check digit brings the total to a multiple of ten.
     */
    static int luhnCheckDigit(String digits) {
        if (digits == null || !digits.matches("[0-9]+")) {
            throw new IllegalArgumentException("'" + digits + "' is not a string of digits");
        }
        int sum = 0;
        boolean doubled = true;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int product = (digits.charAt(i) - '0') * (doubled ? 2 : 1);
            sum += product > 9 ? product - 9 : product;
            doubled = !doubled;
        }
        return (10 - sum % 10) % 10;
    }

    private static String normalRf(String reference) {
        return reference == null ? "" : reference.replace(" ", "").toUpperCase(Locale.ROOT);
    }
}
