package io.duesflow.banking;

import java.util.Locale;

import org.iban4j.BicFormatException;
import org.iban4j.BicUtil;
import org.iban4j.Iban4jException;
import org.iban4j.IbanUtil;

/** IBAN and BIC checks (iban4j), returning the normal form or saying what is wrong. */
public final class BankAccounts {

    private BankAccounts() {
    }

    /** The IBAN without spaces in upper case; the check digits and the country's format are verified. */
    public static String iban(String iban) {
        String normal = iban == null ? "" : iban.replace(" ", "").toUpperCase(Locale.ROOT);
        try {
            IbanUtil.validate(normal);
            return normal;
        } catch (Iban4jException e) {
            throw new IllegalArgumentException("'" + iban + "' is not a valid IBAN: " + e.getMessage());
        }
    }

    public static String bic(String bic) {
        String normal = bic == null ? "" : bic.replace(" ", "").toUpperCase(Locale.ROOT);
        try {
            BicUtil.validate(normal);
            return normal;
        } catch (BicFormatException | org.iban4j.UnsupportedCountryException e) {
            throw new IllegalArgumentException("'" + bic + "' is not a valid BIC: " + e.getMessage());
        }
    }
}
