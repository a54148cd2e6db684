package io.duesflow.banking.statements;

import java.util.List;

/**
 * One transaction of an entry ({@code NtryDtls/TxDtls}): a batch credit has one per payer, a single booking one
 * or none. References the bank fills with {@code NOTPROVIDED} or {@code NONREF} count as none and are null.
 *
 * @param amount                the transaction's own amount: {@code Amt}, or {@code AmtDtls/TxAmt} when there is
 *                              no {@code Amt}; null when the file gives neither (common in .001.02 for an entry
 *                              of one transaction: the entry's amount is then this one's)
 * @param creditDebit           its own {@code CdtDbtInd}, else the entry's
 * @param instructedAmount      {@code AmtDtls/InstdAmt}: the amount as ordered; on a return, the original
 *                              collection's amount, kept apart from the {@link #charges()} the bank took
 * @param endToEndId            {@code Refs/EndToEndId}: on a collection or its return, the end-to-end id duesflow
 *                              wrote; on a transfer, the payer's
 * @param instructionId         {@code Refs/InstrId}
 * @param paymentInformationId  {@code Refs/PmtInfId}: the pain.008 block (collection) it belongs to
 * @param messageId             {@code Refs/MsgId}: the pain.008 file it belongs to
 * @param mandateId             {@code Refs/MndtId}
 * @param accountServicerReference {@code Refs/AcctSvcrRef}
 * @param proprietaryReference  the first {@code Refs/Prtry/Ref}, a fallback some banks use instead of the others
 * @param remittanceLines       {@code RmtInf/Ustrd}, in order
 * @param creditorReferences    {@code RmtInf/Strd/CdtrRefInf} with a reference, in order
 * @param debtorName            the payer ({@code RltdPties/Dbtr}); on a return, the member whose collection it was
 * @param debtorIban            the payer's account ({@code RltdPties/DbtrAcct/Id/IBAN})
 * @param ultimateDebtorName    {@code RltdPties/UltmtDbtr}, who the payment is for when not the payer
 * @param returnReason          {@code RtrInf}: why a collection or transfer came back; null when it did not
 * @param batch                 the {@code Btch} of the entry details this transaction stands in, or null
 * @param additionalInformation {@code AddtlTxInf}
 * @param line                  where the transaction starts in the file
 */
public record EntryTransaction(Amount amount, CreditDebit creditDebit, Amount instructedAmount, String endToEndId,
                               String instructionId, String paymentInformationId, String messageId, String mandateId,
                               String accountServicerReference, String proprietaryReference,
                               List<String> remittanceLines, List<CreditorReference> creditorReferences,
                               String debtorName, String debtorIban, String ultimateDebtorName,
                               BankTransactionCode bankTransactionCode, Reason returnReason, Charges charges,
                               Entry.Batch batch, String additionalInformation, int line) {

    public EntryTransaction {
        remittanceLines = List.copyOf(remittanceLines);
        creditorReferences = List.copyOf(creditorReferences);
    }

    /**
     * A structured creditor reference ({@code RmtInf/Strd/CdtrRefInf}), e.g. an RF reference: type {@code SCOR}
     * with issuer {@code ISO}; a Belgian one: {@code SCOR} with issuer {@code BBA}. Not checked here: check the RF
     * check digits before trusting one.
     *
     * @param type   {@code Tp/CdOrPrtry/Cd}, or the {@code Prtry} text (e.g. {@code QRR}); null when not given
     * @param issuer {@code Tp/Issr}; null when not given
     */
    public record CreditorReference(String reference, String type, String issuer) {
    }
}
