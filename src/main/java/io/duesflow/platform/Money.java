package io.duesflow.platform;

import java.math.BigDecimal;
import java.math.RoundingMode;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An amount of the association's currency, always exactly two decimals, and the one place where amounts are
 * checked and rounded.
 *
 * <p><b>The rounding rule:</b> an amount worked out from others (a price times a field, a discount, a pro-rated
 * suspension fee, a DMN result) is rounded once, to the cent, <em>half to even</em> ("banker's rounding"):
 * 2.345 → 2.34, 2.355 → 2.36, 2.3451 → 2.35. Over a register of thousands of members this does not drift upwards
 * the way rounding every half cent up does. Splits ({@code fordeling}) are not rounded per member but allocated so
 * the shares add up to the total exactly (largest remainder).
 *
 * <p><b>The check:</b> an amount someone types (a price, a fee, a template line, a credit) may have at most two
 * decimals once trailing zeros are dropped ({@code 10.000} is ten, {@code 10.005} is refused: it is not an amount
 * of money) and must fit a charge: at most {@value #MAX_TEXT} either way, which is what the database holds.
 */
public record Money(BigDecimal amount) implements Comparable<Money> {

    public static final RoundingMode ROUNDING = RoundingMode.HALF_EVEN;
    static final String MAX_TEXT = "999 999 999 999.99";
    /** numeric(14, 2): twelve digits before the decimal point. */
    public static final BigDecimal MAX = new BigDecimal("999999999999.99");
    public static final Money ZERO = new Money(BigDecimal.ZERO);

    @JsonCreator
    public Money {
        if (amount == null) {
            throw new IllegalArgumentException("An amount is required");
        }
        if (amount.stripTrailingZeros().scale() > 2) {
            throw new IllegalArgumentException(describe(amount) + " has more than two decimals");
        }
        if (amount.abs().compareTo(MAX) > 0) {
            throw new IllegalArgumentException(describe(amount) + " is more than a charge can hold ("
                    + MAX_TEXT + ")");
        }
        amount = amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    public static Money of(String amount) {
        return new Money(new BigDecimal(amount));
    }

    public static Money of(BigDecimal amount) {
        return new Money(amount);
    }

    /**
     * The exact result of a calculation, rounded by the house's rule.
     *
     * @throws IllegalArgumentException when even the rounded amount is more than a charge can hold
     */
    public static Money rounded(BigDecimal exact) {
        return new Money(round(exact));
    }

    /** The rounding rule on a bare number, for places that keep {@link BigDecimal} (simulation lines). */
    public static BigDecimal round(BigDecimal exact) {
        return exact.setScale(2, ROUNDING);
    }

    /**
     * An amount a user gave, checked: never {@code null}, at most two decimals, within what a charge holds, and at
     * least zero (or above zero when {@code positive}).
     *
     * @throws InvalidInput naming {@code field} and the rule broken
     */
    public static BigDecimal checked(String field, BigDecimal amount, boolean positive) {
        if (amount == null) {
            throw new InvalidInput(field, "Give the amount");
        }
        if (positive ? amount.signum() <= 0 : amount.signum() < 0) {
            throw new InvalidInput(field, "The amount must be " + (positive ? "more than 0" : "at least 0")
                    + ", not " + describe(amount));
        }
        try {
            return new Money(amount).amount();
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(field, "Not an amount of money: " + e.getMessage());
        }
    }

    /**
     * A number as a person reads it in an error, whatever was typed: {@code 1e999999999} is a valid number of one
     * digit, and written out in full it is a gigabyte of zeros, so a number longer than {@value #LONGEST_WRITTEN}
     * digits is shown in scientific notation, to six digits.
     */
    public static String describe(BigDecimal number) {
        long integerDigits = (long) number.precision() - number.scale();
        if (Math.max(integerDigits, number.scale()) > LONGEST_WRITTEN) {
            return number.round(new java.math.MathContext(6, ROUNDING)).toString()
                    + " (a number of " + (integerDigits > 0 ? integerDigits + " digits" : number.scale() + " decimals") + ")";
        }
        return number.toPlainString();
    }

    static final int LONGEST_WRITTEN = 40;

    /** Whether an amount worked out for a charge still fits one (a formula times a huge field may not). */
    public static boolean fits(BigDecimal amount) {
        return amount.abs().compareTo(MAX) <= 0;
    }

    public Money plus(Money other) {
        return new Money(amount.add(other.amount));
    }

    public Money minus(Money other) {
        return new Money(amount.subtract(other.amount));
    }

    public Money negate() {
        return new Money(amount.negate());
    }

    public Money max(Money other) {
        return compareTo(other) >= 0 ? this : other;
    }

    public Money min(Money other) {
        return compareTo(other) <= 0 ? this : other;
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    public boolean isPositive() {
        return amount.signum() > 0;
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    public boolean isMoreThan(Money other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(Money other) {
        return amount.compareTo(other.amount);
    }

    @JsonValue
    @Override
    public BigDecimal amount() {
        return amount;
    }

    @Override
    public String toString() {
        return amount.toPlainString();
    }
}
