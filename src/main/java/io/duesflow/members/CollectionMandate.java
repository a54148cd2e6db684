package io.duesflow.members;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.regex.Pattern;

import io.duesflow.banking.Amendment;
import io.duesflow.banking.BankAccounts;
import io.duesflow.banking.DirectDebit;
import io.duesflow.banking.Pain008Version;

/**
 * A member's active SEPA mandate as a direct-debit file needs it.
 *
 * @param originalMandateId set when the mandate id changed since the bank last saw it
 * @param originalIban      set when the IBAN changed since the bank last saw it
 */
public record CollectionMandate(long memberNumber, String name, PostalAddress address, String mandateId, String iban,
                                String bic, LocalDate signedOn, boolean firstCollectionDone, String originalMandateId,
                                String originalIban) {

    /**
     * The collection of {@code amount} under this mandate as a direct-debit file carries it: checked and reduced to
     * the SEPA character set now, so that an approval that decides to collect a charge knows the file can hold it.
     *
     * @throws IllegalArgumentException with the reason a bank would refuse it (a name in another script, an IBAN
     *                                  with a wrong check digit …)
     */
    public DirectDebit directDebit(String endToEndId, BigDecimal amount, String rfReference, SepaSettings sepa) {
        return new DirectDebit(endToEndId, amount, mandateId, signedOn, amendment(), name, debtorAddress(),
                BankAccounts.iban(iban), bicFor(sepa), rfReference, null);
    }

    /** What the bank has not yet heard about the mandate; reported once, with the next collection. */
    private Amendment amendment() {
        if (originalMandateId == null && originalIban == null) {
            return null;
        }
        return new Amendment(originalMandateId, null, originalIban, false);
    }

    /**
     * The .001.02 schema refuses BICs whose location code starts with 0 or 1 (test BICs), which iban4j and .001.08
     * accept; since IBAN-only is allowed in SEPA, such a BIC is left out rather than failing the whole file.
     */
    private String bicFor(SepaSettings sepa) {
        if (bic == null || sepa.pain008Version() != Pain008Version.V02) {
            return bic;
        }
        return V02_BIC.matcher(bic).matches() ? bic : null;
    }

    /** A structured address when the register has town and country; the EPC needs one only outside the EEA. */
    private io.duesflow.banking.PostalAddress debtorAddress() {
        if (address == null || address.town() == null || address.town().isBlank() || address.country() == null
                || address.country().isBlank()) {
            return null;
        }
        return new io.duesflow.banking.PostalAddress(address.street(), address.buildingNumber(), address.postcode(),
                address.town(), address.country());
    }

    private static final Pattern V02_BIC = Pattern.compile("[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?");
}
