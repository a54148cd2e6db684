package io.duesflow.banking;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Euro amounts as a SEPA file carries them: two decimals exactly, never rounded here. */
final class SepaAmounts {

    /** The EPC's largest single collection: 999 999 999.99 EUR. */
    static final BigDecimal MAX_COLLECTION = new BigDecimal("999999999.99");

    private SepaAmounts() {
    }

    /** The amount with scale 2; refused when it is not positive or has a cent fraction that would need rounding. */
    static BigDecimal positiveCents(String field, BigDecimal amount) {
        if (amount == null) {
            throw new IllegalArgumentException("The " + field + " is missing");
        }
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("The " + field + " must be positive, not " + amount.toPlainString());
        }
        try {
            return amount.setScale(2, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("The " + field + " " + amount.toPlainString()
                    + " has fractions of a cent; round it before it goes into a direct-debit file");
        }
    }

    static BigDecimal collectionAmount(String field, BigDecimal amount) {
        BigDecimal cents = positiveCents(field, amount);
        if (cents.compareTo(MAX_COLLECTION) > 0) {
            throw new IllegalArgumentException("The " + field + " " + cents.toPlainString()
                    + " is above the SEPA maximum of " + MAX_COLLECTION.toPlainString() + " EUR");
        }
        return cents;
    }
}
