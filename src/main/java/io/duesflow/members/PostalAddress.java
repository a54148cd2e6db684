package io.duesflow.members;

/**
 * A structured postal address. SEPA direct-debit files need the debtor's address in structured form
 * (town and country at least) from November 2026.
 *
 * @param country ISO 3166 two-letter code
 */
public record PostalAddress(String street, String buildingNumber, String postcode, String town, String country) {
}
