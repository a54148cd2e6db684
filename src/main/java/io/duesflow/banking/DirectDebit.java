package io.duesflow.banking;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;

/**
 * One collection in a direct-debit file, checked and reduced to the SEPA character set when made, so that what
 * reaches the writer can be written. The caller makes these before it counts the file's totals and leaves out a
 * member whose data is refused, with the exception's message as the reason.
 *
 * @param endToEndId      the creditor's reference, traceable back to the charge: at most 35 characters of the
 *                        SEPA set, no leading, trailing or double '/'; never changed, only checked
 * @param amount          EUR, positive, whole cents, at most 999 999 999.99
 * @param mandateId       the unique mandate reference, checked like the end-to-end id
 * @param mandateSignedOn the mandate's date of signature
 * @param amendment       what changed in the mandate since the last collection, or {@code null}
 * @param debtorName      reduced to the SEPA set, cut to 70 characters
 * @param debtorAddress   optional; the EPC requires it when the debtor's bank is outside the EEA
 * @param debtorIban      checked with iban4j, upper case without spaces
 * @param debtorBic       optional (IBAN-only); {@code NOTPROVIDED} in the file without it
 * @param rfReference     an ISO 11649 RF creditor reference, written as structured remittance; or {@code null}
 * @param remittanceText  free text (at most 140 characters after the reduction) when there is no RF reference
 * @throws UnreducibleTextException when a name, address or text cannot be reduced, or an id breaks the EPC rules
 * @throws IllegalArgumentException for any other value a bank would refuse
 */
public record DirectDebit(String endToEndId, BigDecimal amount, String mandateId, LocalDate mandateSignedOn,
                          Amendment amendment, String debtorName, PostalAddress debtorAddress, String debtorIban,
                          String debtorBic, String rfReference, String remittanceText) {

    public DirectDebit {
        endToEndId = SepaText.identifier("end-to-end id", endToEndId);
        amount = SepaAmounts.collectionAmount("amount of " + endToEndId, amount);
        mandateId = SepaText.identifier("mandate id", mandateId);
        if (mandateSignedOn == null) {
            throw new IllegalArgumentException("The date of signature of mandate " + mandateId + " is missing");
        }
        debtorName = SepaText.reduce("debtor name", debtorName, SepaText.NAME);
        debtorIban = BankAccounts.iban(debtorIban);
        debtorBic = debtorBic == null || debtorBic.isBlank() ? null : BankAccounts.bic(debtorBic);
        if (rfReference != null && !rfReference.isBlank()) {
            if (!PaymentReferences.isValidRf(rfReference)) {
                throw new IllegalArgumentException("'" + rfReference + "' is not a valid RF creditor reference");
            }
            rfReference = rfReference.replace(" ", "").toUpperCase(Locale.ROOT);
        } else {
            rfReference = null;
        }
        remittanceText = SepaText.reduceOptional("remittance text", remittanceText, SepaText.REMITTANCE);
        if (rfReference != null && remittanceText != null) {
            // The EPC allows either structured or unstructured remittance information in a collection, not both.
            throw new IllegalArgumentException("Collection " + endToEndId + " has both an RF reference and a "
                    + "remittance text; a SEPA collection carries one of them");
        }
        if (amendment != null) {
            if (mandateId.equals(amendment.originalMandateId())) {
                throw new IllegalArgumentException("The amendment of mandate " + mandateId
                        + " gives the current mandate id as the original one");
            }
            if (debtorIban.equals(amendment.originalDebtorIban())) {
                throw new IllegalArgumentException("The amendment of mandate " + mandateId
                        + " gives the current debtor IBAN as the original one");
            }
        }
    }

    /** Whether the file says {@code AmdmntInd} true for this collection. */
    public boolean amended() {
        return amendment != null;
    }
}
