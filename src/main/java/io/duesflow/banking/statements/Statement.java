package io.duesflow.banking.statements;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * One statement of a camt.053 ({@code Stmt}), report of a camt.052 ({@code Rpt}) or notification of a camt.054
 * ({@code Ntfctn}): one account over one period. A file may hold several, for several accounts.
 *
 * @param id                       the bank's id of this statement
 * @param electronicSequenceNumber {@code ElctrncSeqNb}: counts the bank's statements of the account, so a gap
 *                                 shows a missing one
 * @param accountIban              the account it reports on; null when the bank identifies it otherwise
 * @param accountOtherId           {@code Acct/Id/Othr/Id}, the account's id when it has no IBAN
 * @param currency                 the account's currency ({@code Acct/Ccy}); when the file leaves it out, the
 *                                 currency of its first balance, else of its first entry
 * @param fromDate                 the period's first day ({@code FrToDt/FrDtTm}) as the bank wrote it; null
 *                                 when the file gives no period
 * @param toDate                   the period's last day
 * @param balances                 in file order; a camt.054 has none
 * @param line                     where the statement starts in the file
 */
public record Statement(String id, String electronicSequenceNumber, LocalDateTime creationTime, String accountIban,
                        String accountOtherId, String currency, LocalDate fromDate, LocalDate toDate,
                        List<Balance> balances, int line) {

    public Statement {
        balances = List.copyOf(balances);
    }

    /**
     * The balance at the start: {@code OPBD} (opening booked), or {@code PRCD} (previously closed booked), which
     * some banks give instead; null when there is neither.
     */
    public Balance opening() {
        Balance opening = balance("OPBD");
        return opening != null ? opening : balance("PRCD");
    }

    /** {@code CLBD}, the closing booked balance; null when there is none. */
    public Balance closing() {
        return balance("CLBD");
    }

    /** The first balance of a type ({@code OPBD}, {@code CLBD}, {@code CLAV}, {@code ITBD} …), or null. */
    public Balance balance(String type) {
        return balances.stream().filter(balance -> type.equals(balance.type())).findFirst().orElse(null);
    }

    /**
     * One balance of the account.
     *
     * @param type   the ISO code ({@code OPBD}, {@code CLBD}, …) or, when the bank uses its own, that
     * @param amount signed: negative when the bank says {@code DBIT}, i.e. the account is overdrawn
     * @param date   the day it holds for ({@code Dt}, or the day of {@code DtTm} as written)
     */
    public record Balance(String type, BigDecimal amount, String currency, LocalDate date) {
    }
}
