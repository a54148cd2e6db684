package io.duesflow.billing.pricing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place money is split over members. Shares add up to the total exactly, to the cent.
 *
 * <p>Largest remainder: every member first gets their exact share rounded down to the cent; the cents that
 * leaves (fewer than the number of members) go one each to the largest remainders, ties to the lowest member
 * number. The arithmetic is on whole cents × weights in integers, so no share depends on a division's precision.
 */
public final class Allocation {

    private Allocation() {
    }

    /**
     * Splits {@code total} over members in proportion to their weights (give everyone the same weight for an
     * even split). A negative total (a credit) is split like its absolute value, with the signs turned, so a
     * credit mirrors the charge it undoes.
     *
     * @param total   an amount of whole cents
     * @param weights by member number; none negative, not all zero
     * @return the shares with scale 2, by ascending member number
     * @throws IllegalArgumentException for a total with fractions of a cent, no members, a missing or negative
     *                                  weight, or weights that add up to zero
     */
    public static Map<Long, BigDecimal> split(BigDecimal total, Map<Long, BigDecimal> weights) {
        BigInteger cents = cents(total);
        if (weights == null || weights.isEmpty()) {
            throw new IllegalArgumentException("Cannot split " + total.toPlainString() + " over no members");
        }
        long[] members = new long[weights.size()];
        int i = 0;
        int scale = 0;
        for (Map.Entry<Long, BigDecimal> entry : weights.entrySet()) {
            Long member = entry.getKey();
            BigDecimal weight = entry.getValue();
            if (member == null) {
                throw new IllegalArgumentException("A weight has no member number");
            }
            if (weight == null) {
                throw new IllegalArgumentException("Member " + member + " has no weight");
            }
            if (weight.signum() < 0) {
                throw new IllegalArgumentException(
                        "Member " + member + " has the negative weight " + weight.toPlainString()
                                + "; shares are split by weights of zero or more");
            }
            members[i++] = member;
            scale = Math.max(scale, weight.scale());
        }
        Arrays.sort(members);

        // Bring every weight to one scale so they compare as integers.
        int n = members.length;
        BigInteger[] units = new BigInteger[n];
        BigInteger sum = BigInteger.ZERO;
        for (int k = 0; k < n; k++) {
            units[k] = weights.get(members[k]).setScale(scale).unscaledValue();
            sum = sum.add(units[k]);
        }
        if (sum.signum() == 0) {
            throw new IllegalArgumentException("The weights add up to zero, so " + total.toPlainString()
                    + " cannot be split in proportion to them");
        }

        BigInteger whole = cents.abs();
        long[] shares = new long[n];
        BigInteger[] remainders = new BigInteger[n];
        long handedOut = 0;
        for (int k = 0; k < n; k++) {
            BigInteger[] qr = whole.multiply(units[k]).divideAndRemainder(sum);
            shares[k] = qr[0].longValueExact();
            remainders[k] = qr[1];
            handedOut += shares[k];
        }
        int leftover = whole.subtract(BigInteger.valueOf(handedOut)).intValueExact();
        if (leftover > 0) {
            // Indices are in ascending member order, and the sort is stable: equal remainders keep that order.
            Integer[] byRemainder = new Integer[n];
            for (int k = 0; k < n; k++) {
                byRemainder[k] = k;
            }
            Arrays.sort(byRemainder, (a, b) -> remainders[b].compareTo(remainders[a]));
            for (int k = 0; k < leftover; k++) {
                shares[byRemainder[k]]++;
            }
        }

        Map<Long, BigDecimal> result = new LinkedHashMap<>(n * 4 / 3 + 1);
        for (int k = 0; k < n; k++) {
            long share = cents.signum() < 0 ? -shares[k] : shares[k];
            result.put(members[k], BigDecimal.valueOf(share, 2));
        }
        return Collections.unmodifiableMap(result);
    }

    private static BigInteger cents(BigDecimal total) {
        if (total == null) {
            throw new IllegalArgumentException("There is no total to split");
        }
        // 10.000 is still whole cents; 10.005 is not.
        if (total.stripTrailingZeros().scale() > 2) {
            throw new IllegalArgumentException("The total " + total.toPlainString()
                    + " has more than 2 decimals; money is split in whole cents");
        }
        return total.movePointRight(2).toBigIntegerExact();
    }
}
