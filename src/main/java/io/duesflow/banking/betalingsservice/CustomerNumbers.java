package io.duesflow.banking.betalingsservice;

import java.util.OptionalLong;

/**
 * Betalingsservice customer numbers ("kundenummer": the debtor's number with the creditor, 15 positions in every
 * record) for members. <b>The rule: a member's customer number is the member number itself, in decimal,
 * right-aligned and zero-padded to 15 digits</b>: member 42 is {@code 000000000000042}, member 1234567 is
 * {@code 000000001234567}.
 *
 * <ul>
 * <li>Stable: member numbers are never changed or reused (the register's rule), so an agreement a member
 * registered under their customer number stays theirs for good, and two members never share one.</li>
 * <li>No prefix or check digit. Puls 3060 adds a fixed prefix ({@code 32001610000000 + member no.}) because its
 * numbers are shared with another system (betalingsservice.md §7); duesflow's are not, and a plain number is the
 * one a member can type into their netbank from the invoice ("kundenr. 42"). A +71 payment id, which needs its
 * check digit, is a different number ({@link io.duesflow.banking.PaymentReferences#fik71PaymentId}).</li>
 * <li>Zero-padded, right-aligned: as Puls writes it and as Nets returns it in 0602 and 0603 (the real files in
 * betalingsservice.md §3 carry right-aligned, zero-padded customer numbers).</li>
 * <li>Reading back strips leading zeros (and the spaces a left-aligned number would have), so
 * {@code 000000000000042}, {@code 42} and {@code 42 } all match member 42. A customer number that is not digits
 * (e.g. {@code 00000000TEST001}, given by another system before duesflow) matches no member and is listed for a
 * treasurer.</li>
 * </ul>
 */
public final class CustomerNumbers {

    /** The positions of the field. */
    public static final int LENGTH = 15;

    private CustomerNumbers() {
    }

    /** The customer number of a member, 15 digits: member 42 gives {@code 000000000000042}. */
    public static String forMember(long memberNumber) {
        String digits = Long.toString(memberNumber);
        if (memberNumber < 1 || digits.length() > LENGTH) {
            throw new IllegalArgumentException("A member number for a Betalingsservice customer number is 1 to "
                    + "999999999999999 (15 digits), not " + memberNumber);
        }
        return "0".repeat(LENGTH - digits.length()) + digits;
    }

    /**
     * The member a customer number read from Nets belongs to by {@link CustomerNumbers the rule}: leading zeros and
     * surrounding spaces stripped, the rest must be digits; empty when it is not a member's customer number.
     */
    public static OptionalLong memberNumber(String customerNumber) {
        String stripped = withoutLeadingZeros(customerNumber);
        if (stripped.isEmpty() || stripped.length() > LENGTH || !isDigits(stripped)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(stripped));
    }

    /** The customer number as it is matched: surrounding spaces and leading zeros removed; {@code null} gives "". */
    public static String withoutLeadingZeros(String customerNumber) {
        if (customerNumber == null) {
            return "";
        }
        String stripped = customerNumber.strip();
        int first = 0;
        while (first < stripped.length() && stripped.charAt(first) == '0') {
            first++;
        }
        return stripped.substring(first);
    }

    /** The 15-digit field for a customer number the caller gives as 1 to 15 digits, with or without leading zeros. */
    static String field(String customerNumber) {
        String stripped = withoutLeadingZeros(customerNumber);
        if (stripped.isEmpty() || stripped.length() > LENGTH || !isDigits(stripped)) {
            throw new IllegalArgumentException("'" + customerNumber + "' is not a Betalingsservice customer number "
                    + "duesflow writes: expected 1 to 15 digits, not all zero (see CustomerNumbers.forMember)");
        }
        return "0".repeat(LENGTH - stripped.length()) + stripped;
    }

    static boolean isDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
