package io.duesflow.payments;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A direct debit came back (a camt return after or before settlement) or was rejected (pain.002): the charge is owed
 * again. When {@code wasSettled}, the money had been booked and goes back out ({@code originalAmount}); the bank's
 * {@code returnFee} is kept apart, a cost of the association. {@code chargeId} is null for a return of something
 * duesflow never collected (listed, not guessed).
 *
 * @param fromCollection what went back from collection to owed: the collection's amount when the charge was still in
 *                       collection; zero when it was settled (then {@link PaymentUndone} takes the settlement back),
 *                       not in collection or not ours
 * @param reasonText the code's plain-language text in the member's language
 */
public record CollectionReturned(Long chargeId, String chargeNumber, Long memberNumber, String endToEndId,
                                 BigDecimal originalAmount, BigDecimal returnFee, String reasonCode, String reasonText,
                                 LocalDate on, String bankReference, boolean wasSettled, boolean mandateEnded,
                                 Long bankFileId, BigDecimal fromCollection) {
}
