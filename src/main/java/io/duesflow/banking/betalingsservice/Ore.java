package io.duesflow.banking.betalingsservice;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Danish øre, the unit every amount field of a delivery holds (13 digits in a record, 15 in the totals). */
final class Ore {

    /** The largest amount a 13-digit record field holds: 99 999 999 999.99 DKK. */
    static final long MAX_RECORD = 9_999_999_999_999L;

    private Ore() {
    }

    /** The amount in øre; refused when missing, with a fraction of an øre, or beyond a record's 13 digits. */
    static long of(String field, BigDecimal amount) {
        if (amount == null) {
            throw new IllegalArgumentException("The " + field + " is missing");
        }
        long ore;
        try {
            ore = amount.setScale(2, RoundingMode.UNNECESSARY).movePointRight(2).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("The " + field + " " + amount.toPlainString()
                    + " has fractions of an øre or is out of range; round it to two decimals first");
        }
        if (Math.abs(ore) > MAX_RECORD) {
            throw new IllegalArgumentException("The " + field + " " + amount.toPlainString()
                    + " DKK does not fit the 13 digits (øre) of a Betalingsservice amount");
        }
        return ore;
    }

    /** Øre as DKK with scale 2. */
    static BigDecimal dkk(long ore) {
        return BigDecimal.valueOf(ore, 2);
    }

    /** For messages: {@code 496.00 DKK}. */
    static String text(long ore) {
        return dkk(ore).toPlainString() + " DKK";
    }
}
