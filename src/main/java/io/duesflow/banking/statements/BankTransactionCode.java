package io.duesflow.banking.statements;

/**
 * What kind of booking the bank says it is ({@code BkTxCd}): the ISO domain, family and sub-family, e.g.
 * {@code PMNT/RCDT/ESCT} for a SEPA credit transfer received, {@code PMNT/IDDT/UPDD} for an unpaid direct debit,
 * {@code PMNT/RDDT/ESDD} for a SEPA collection; and/or a bank's own code with its issuer (German banks put their
 * GVC there, e.g. {@code NTRF+109} issued by {@code DK}). Any part may be missing.
 */
public record BankTransactionCode(String domain, String family, String subFamily, String proprietaryCode,
                                  String proprietaryIssuer) {

    /** {@code PMNT/RCDT/ESCT}, or null when the file gives no ISO code. */
    public String iso() {
        return domain == null ? null : domain + "/" + family + "/" + subFamily;
    }
}
