package io.duesflow.banking;

import java.util.Locale;

/**
 * A structured postal address for a SEPA file, reduced to the SEPA character set and cut to the EPC's field
 * lengths when made. Town and country are required: the EPC accepts a structured address only with both (and
 * from November 2026 no unstructured one at all). Street, building number and post code may be missing.
 * pain.008.001.08 writes the parts as they are; .001.02 writes the country and two address lines.
 *
 * @param country the ISO 3166 two-letter country code
 * @throws UnreducibleTextException when a part cannot be reduced to the SEPA character set
 */
public record PostalAddress(String streetName, String buildingNumber, String postCode, String townName,
                            String country) {

    public PostalAddress {
        streetName = SepaText.reduceOptional("street name", streetName, SepaText.STREET_NAME);
        buildingNumber = SepaText.reduceOptional("building number", buildingNumber, SepaText.BUILDING_NUMBER);
        postCode = SepaText.reduceOptional("post code", postCode, SepaText.POST_CODE);
        townName = SepaText.reduce("town name", townName, SepaText.TOWN_NAME);
        country = country == null ? "" : country.strip().toUpperCase(Locale.ROOT);
        if (country.length() != 2 || !isCapital(country.charAt(0)) || !isCapital(country.charAt(1))) {
            throw new IllegalArgumentException("'" + country + "' is not an ISO 3166 two-letter country code");
        }
    }

    private static boolean isCapital(char c) {
        return c >= 'A' && c <= 'Z';
    }

    /** The first address line of .001.02: street and building number, when there is a street. */
    String streetLine() {
        if (streetName == null) {
            return null;
        }
        return cutLine(buildingNumber == null ? streetName : streetName + " " + buildingNumber);
    }

    /** The second address line of .001.02: post code and town. */
    String townLine() {
        return cutLine(postCode == null ? townName : postCode + " " + townName);
    }

    private static String cutLine(String line) {
        return line.length() <= SepaText.ADDRESS_LINE ? line : line.substring(0, SepaText.ADDRESS_LINE).strip();
    }
}
