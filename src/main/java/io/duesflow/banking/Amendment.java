package io.duesflow.banking;

/**
 * What changed in a mandate since the last collection, told to the debtor's bank once, with the next collection
 * ({@code AmdmntInd} true and {@code AmdmntInfDtls}). At least one part is given; the debit checks that an
 * original differs from the current value, since banks reject an "amendment" that changes nothing.
 *
 * @param originalMandateId        the mandate id before the creditor changed it
 * @param originalCreditorSchemeId the creditor identifier before the creditor changed it (a merger, a new
 *                                 business code)
 * @param originalDebtorIban       the debtor's IBAN before the change
 * @param sameMandateNewDebtorAccount the debtor moved to another account whose old IBAN is not known, or to another
 *                                 bank: written as {@code SMNDA} ("same mandate with a new debtor account") in the
 *                                 original debtor account. Since November 2016 the EPC puts SMNDA there rather
 *                                 than in the original debtor agent, and it no longer forces FRST.
 */
public record Amendment(String originalMandateId, String originalCreditorSchemeId, String originalDebtorIban,
                        boolean sameMandateNewDebtorAccount) {

    public Amendment {
        originalMandateId = originalMandateId == null ? null : SepaText.identifier("original mandate id", originalMandateId);
        originalCreditorSchemeId = originalCreditorSchemeId == null ? null : CreditorIdentifier.check(originalCreditorSchemeId);
        originalDebtorIban = originalDebtorIban == null ? null : BankAccounts.iban(originalDebtorIban);
        if (originalDebtorIban != null && sameMandateNewDebtorAccount) {
            throw new IllegalArgumentException("An amendment names the original debtor IBAN or says SMNDA (new debtor "
                    + "account, old one unknown), not both");
        }
        if (originalMandateId == null && originalCreditorSchemeId == null && originalDebtorIban == null
                && !sameMandateNewDebtorAccount) {
            throw new IllegalArgumentException("An amendment must say what changed: the mandate id, the creditor "
                    + "identifier or the debtor's account");
        }
    }

    /** The creditor gave the mandate a new id. */
    public static Amendment mandateIdChanged(String originalMandateId) {
        return new Amendment(originalMandateId, null, null, false);
    }

    /** The debtor gave a new IBAN; the old one is known. */
    public static Amendment debtorIbanChanged(String originalDebtorIban) {
        return new Amendment(null, null, originalDebtorIban, false);
    }

    /** The debtor moved to another account (at another bank, or the old IBAN is unknown): {@code SMNDA}. */
    public static Amendment newDebtorAccount() {
        return new Amendment(null, null, null, true);
    }

    /** The creditor identifier changed. */
    public static Amendment creditorSchemeIdChanged(String originalCreditorSchemeId) {
        return new Amendment(null, originalCreditorSchemeId, null, false);
    }
}
