package io.duesflow.banking;

/**
 * The association as creditor of a direct-debit file.
 *
 * @param address       optional; some banks want it, the EPC requires it only outside the EEA
 * @param bic           optional since the IBAN-only rule; without it the file says {@code NOTPROVIDED}
 * @param creditorSchemeId the SEPA creditor identifier, e.g. {@code DE98ZZZ09999999999}
 * @throws UnreducibleTextException when the name or address cannot be reduced to the SEPA character set
 */
public record Creditor(String name, PostalAddress address, String iban, String bic, String creditorSchemeId) {

    public Creditor {
        name = SepaText.reduce("creditor name", name, SepaText.NAME);
        iban = BankAccounts.iban(iban);
        bic = bic == null || bic.isBlank() ? null : BankAccounts.bic(bic);
        creditorSchemeId = CreditorIdentifier.check(creditorSchemeId);
    }
}
