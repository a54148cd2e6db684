package io.duesflow.payments;

import java.util.List;

/**
 * What one part of a bank file moved, announced in the file's transaction: a statement of 100 000 credits is
 * announced in parts of a few thousand movements rather than one event per credit. The records are the same as
 * the single events a treasurer's action announces; {@code unmatched} are credits that found no charge yet (booked to
 * the bank, waiting in the unmatched-payment task until assigned or marked not dues).
 */
public record BankFileBooked(long bankFileId, String fileName, int part, List<PaymentRegistered> payments,
                             List<CollectionSettled> settlements, List<MemberCreditAdded> creditsAdded,
                             List<CollectionReturned> returns, List<PaymentUndone> undone,
                             List<BankChargesRecorded> bankCharges, List<CreditUnmatched> unmatched) {

    public BankFileBooked {
        payments = List.copyOf(payments);
        settlements = List.copyOf(settlements);
        creditsAdded = List.copyOf(creditsAdded);
        returns = List.copyOf(returns);
        undone = List.copyOf(undone);
        bankCharges = List.copyOf(bankCharges);
        unmatched = List.copyOf(unmatched);
    }

    /** A bank credit that matched nothing: on the bank account, not yet on any charge. */
    public record CreditUnmatched(long bankTransactionId, java.math.BigDecimal amount, java.time.LocalDate bookingDate,
                                  String bankReference) {
    }
}
