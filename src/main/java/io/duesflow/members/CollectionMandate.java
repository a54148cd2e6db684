package io.duesflow.members;

import java.time.LocalDate;

/**
 * A member's active SEPA mandate as a direct-debit file needs it.
 *
 * @param originalMandateId set when the mandate id changed since the bank last saw it
 * @param originalIban      set when the IBAN changed since the bank last saw it
 */
public record CollectionMandate(long memberNumber, String name, PostalAddress address, String mandateId, String iban,
                                String bic, LocalDate signedOn, boolean firstCollectionDone, String originalMandateId,
                                String originalIban) {
}
