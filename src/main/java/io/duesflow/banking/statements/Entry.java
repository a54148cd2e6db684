package io.duesflow.banking.statements;

import java.time.LocalDate;
import java.util.List;

/**
 * One entry of a statement ({@code Ntry}): one booking on the account. A batch booking is one entry whose
 * {@link EntryTransaction}s follow it, each with its own amount; an entry may also stand for a whole collection
 * block with no transactions at all, only its {@link Batch} (some banks book a pain.008 block that way). A
 * reference the bank fills with {@code NOTPROVIDED} or {@code NONREF} counts as none and is null here.
 *
 * @param reference               {@code NtryRef}, unique within the statement
 * @param accountServicerReference {@code AcctSvcrRef}: the bank's own reference of the booking, unique per account
 *                                at that bank; it links a camt.054's details to the camt.053 line that booked them
 * @param amount                  the entry's whole amount (for a batch, the total), exactly as written
 * @param reversal                {@code RvslInd}: the entry undoes an earlier one (e.g. a returned collection)
 * @param status                  {@code BOOK}, {@code PDNG} or {@code INFO} (or the bank's own), from {@code Sts}
 *                                as text (.001.02 to .04) or {@code Sts/Cd} (later)
 * @param bookingDate             {@code BookgDt}: {@code Dt}, or the day of {@code DtTm} as written; null when
 *                                not given (pending entries)
 * @param valueDate               {@code ValDt}, the same way
 * @param instructedAmount        {@code AmtDtls/InstdAmt}: the amount as ordered, e.g. a return's original amount
 * @param batches                 {@code NtryDtls/Btch} given before the entry's first transaction (for an entry
 *                                without transactions: all of them); usually none or one
 * @param additionalInformation   {@code AddtlNtryInf} when the entry has no transactions; it stands after them in
 *                                the file, so for an entry with transactions it comes with
 *                                {@link BankFileVisitor#entryEnd}
 * @param line                    where the entry starts in the file
 */
public record Entry(String reference, String accountServicerReference, Amount amount, CreditDebit creditDebit,
                    boolean reversal, String status, LocalDate bookingDate, LocalDate valueDate,
                    BankTransactionCode bankTransactionCode, Amount instructedAmount, Charges charges,
                    List<Batch> batches, String additionalInformation, int line) {

    public Entry {
        batches = List.copyOf(batches);
    }

    /** Booked, as opposed to pending or for information; only booked entries move money. */
    public boolean booked() {
        return "BOOK".equals(status);
    }

    /**
     * A batch the entry books ({@code NtryDtls/Btch}): for a collection block, the pain.008's {@code MsgId} and
     * {@code PmtInfId} come back here.
     */
    public record Batch(String messageId, String paymentInformationId, Long numberOfTransactions, Amount total,
                        CreditDebit creditDebit) {
    }
}
