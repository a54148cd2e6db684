package io.duesflow.banking;

import java.util.Locale;

/**
 * The SEPA creditor identifier (CI), e.g. {@code DE98ZZZ09999999999}: country, two check digits, a three-character
 * creditor business code, then the national identifier. The EPC computes the check digits with ISO 7064
 * mod 97-10 over the national identifier followed by the country code and "00", skipping the business code,
 * so a creditor may change that code without a new identifier.
 */
public final class CreditorIdentifier {

    private CreditorIdentifier() {
    }

    /** The identifier in its normal form (upper case, no spaces), or an exception saying what is wrong. */
    public static String check(String identifier) {
        String ci = identifier == null ? "" : identifier.replace(" ", "").toUpperCase(Locale.ROOT);
        if (!ci.matches("[A-Z]{2}[0-9]{2}[A-Z0-9]{3}[A-Z0-9]{1,28}")) {
            throw new IllegalArgumentException("'" + identifier + "' is not a SEPA creditor identifier: expected a country code, "
                    + "two check digits, a three-character business code and up to 28 letters or digits");
        }
        String rearranged = ci.substring(7) + ci.substring(0, 2) + "00";
        int expected = 98 - Iso7064.mod97(rearranged);
        int actual = Integer.parseInt(ci.substring(2, 4));
        if (expected != actual) {
            throw new IllegalArgumentException("'" + identifier + "' has the check digits " + ci.substring(2, 4)
                    + " but its identifier gives " + String.format("%02d", expected));
        }
        return ci;
    }
}
