package io.duesflow.members;

import java.time.LocalDate;

/**
 * A SEPA direct-debit mandate the member signed.
 *
 * @param firstCollectionDone whether a collection under it has reached the bank (FRST before, RCUR after)
 * @param originalMandateId   set after the mandate id changed, until the next collection reports it
 * @param originalIban        set after the IBAN changed, until the next collection reports it
 */
record SepaMandate(String mandateId, String iban, String bic, LocalDate signedOn, Status status,
                   boolean firstCollectionDone, String originalMandateId, String originalIban, LocalDate amendedOn) {

    enum Status { ACTIVE, REVOKED }

    static SepaMandate signed(String mandateId, String iban, String bic, LocalDate signedOn) {
        return new SepaMandate(mandateId, iban, bic, signedOn, Status.ACTIVE, false, null, null, null);
    }

    boolean isActive() {
        return status == Status.ACTIVE;
    }

    SepaMandate amended(String newMandateId, String newIban, String newBic, LocalDate on) {
        String mandate = newMandateId == null ? mandateId : newMandateId;
        String account = newIban == null ? iban : newIban;
        // The first original wins: the bank must hear about the mandate as it last knew it.
        String keptMandateId = originalMandateId != null ? originalMandateId : mandate.equals(mandateId) ? null : mandateId;
        String keptIban = originalIban != null ? originalIban : account.equals(iban) ? null : iban;
        return new SepaMandate(mandate, account, newBic == null ? bic : newBic, signedOn, status, firstCollectionDone,
                keptMandateId, keptIban, on);
    }

    SepaMandate revoked() {
        return new SepaMandate(mandateId, iban, bic, signedOn, Status.REVOKED, firstCollectionDone,
                originalMandateId, originalIban, amendedOn);
    }
}
