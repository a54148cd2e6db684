package io.duesflow.banking.statements;

/** The direction of an entry or amount, seen from the account the file reports on. */
public enum CreditDebit {
    /** {@code CRDT}: money in. */
    CREDIT,
    /** {@code DBIT}: money out, e.g. a returned collection or a bank fee. */
    DEBIT;

    static CreditDebit of(String code) {
        return switch (code) {
            case "CRDT" -> CREDIT;
            case "DBIT" -> DEBIT;
            default -> throw new BankFileProblem("'" + code + "' is neither CRDT nor DBIT");
        };
    }
}
