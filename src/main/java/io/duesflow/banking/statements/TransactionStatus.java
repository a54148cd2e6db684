package io.duesflow.banking.statements;

import java.time.LocalDate;
import java.util.List;

/**
 * One collection of the original pain.008 in a pain.002 ({@code TxInfAndSts}), with what the file echoes of it
 * ({@code OrgnlTxRef}). An end-to-end id of {@code NOTPROVIDED} counts as none and is null.
 *
 * @param originalEndToEndId      the end-to-end id duesflow wrote
 * @param originalInstructionId   {@code OrgnlInstrId}
 * @param status                  {@code TxSts}: {@code RJCT}, {@code ACCP}, {@code PDNG}, …; null when not given
 * @param reasons                 {@code StsRsnInf}, in order
 * @param originalAmount          {@code OrgnlTxRef/Amt/InstdAmt}, when echoed
 * @param requestedCollectionDate {@code OrgnlTxRef/ReqdColltnDt}, when echoed
 * @param mandateId               {@code OrgnlTxRef/MndtRltdInf/MndtId}, when echoed
 * @param debtorName              {@code OrgnlTxRef/Dbtr}, when echoed
 * @param debtorIban              {@code OrgnlTxRef/DbtrAcct/Id/IBAN}, when echoed
 * @param line                    where the transaction starts in the file
 */
public record TransactionStatus(String originalEndToEndId, String originalInstructionId, String status,
                                List<Reason> reasons, Amount originalAmount, LocalDate requestedCollectionDate,
                                String mandateId, String debtorName, String debtorIban,
                                String accountServicerReference, int line) {

    public TransactionStatus {
        reasons = List.copyOf(reasons);
    }
}
