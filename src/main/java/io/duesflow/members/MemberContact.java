package io.duesflow.members;

/**
 * A member as a letter or mail needs them.
 *
 * @param language  da, nl or en
 * @param mandateId the active SEPA mandate, or null
 * @param iban      its IBAN, or null
 */
public record MemberContact(long memberNumber, String name, String email, PostalAddress address, String language,
                            String mandateId, String iban) {
}
