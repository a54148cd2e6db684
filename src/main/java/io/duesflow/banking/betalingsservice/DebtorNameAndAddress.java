package io.duesflow.banking.betalingsservice;

import java.util.Locale;

/**
 * The member's name and address as the BS022 records carry them (betalingsservice.md §2): record 00001 the name,
 * 00002 and 00003 two address lines, 00009 the post code and country. Nets prints them on the payment overview;
 * the agreement, not the address, decides whose account is charged.
 *
 * <p>Names and address lines are cut to {@value #LINE} characters, at a space where there is one: Puls splits an
 * address across two records at 35 characters, which is the width we take for every line ([I] in the doc; the
 * field's length is not given there). Cutting loses the end of an unusually long name on the overview, which is
 * better than holding back the member's collection.
 *
 * @param name         required
 * @param addressLine1 street and number, or {@code null}
 * @param addressLine2 a second line (c/o, floor), or {@code null}
 * @param postCode     Danish post code, at most 4 characters (BS022 record 00009, 67-70), or {@code null}; the
 *                     town is not in the layout (Nets takes it from the post code)
 * @param countryCode  ISO 3166 two letters (BS022 71-73, Puls writes {@code DK}); {@code null} means DK
 * @throws IllegalArgumentException when the name is missing or a part has characters a delivery cannot carry
 */
public record DebtorNameAndAddress(String name, String addressLine1, String addressLine2, String postCode,
                                   String countryCode) {

    /** The width of a name or address line. */
    public static final int LINE = 35;

    public DebtorNameAndAddress {
        name = DeliveryText.cut(DeliveryText.tidy("debtor name", name), LINE);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("The debtor name is missing");
        }
        addressLine1 = DeliveryText.cut(DeliveryText.tidy("address line 1 of " + name, addressLine1), LINE);
        addressLine2 = DeliveryText.cut(DeliveryText.tidy("address line 2 of " + name, addressLine2), LINE);
        postCode = DeliveryText.tidy("post code of " + name, postCode);
        if (postCode.length() > 4) {
            throw new IllegalArgumentException("The post code '" + postCode + "' of " + name + " has more than the "
                    + "4 positions of a Betalingsservice address");
        }
        countryCode = countryCode == null || countryCode.isBlank() ? "DK"
                : countryCode.strip().toUpperCase(Locale.ROOT);
        if (countryCode.length() != 2 || !isCapital(countryCode.charAt(0)) || !isCapital(countryCode.charAt(1))) {
            throw new IllegalArgumentException("'" + countryCode + "' is not an ISO 3166 two-letter country code");
        }
    }

    private static boolean isCapital(char c) {
        return c >= 'A' && c <= 'Z';
    }

    /** Just a name, no address records but the name's. */
    public static DebtorNameAndAddress nameOnly(String name) {
        return new DebtorNameAndAddress(name, null, null, null, null);
    }
}
