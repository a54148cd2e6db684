package io.duesflow.payments;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The bank took charges on an entry (its amount is its transactions' less these): a cost of the association, booked
 * apart from the members' payments. A return's fee is in {@link CollectionReturned} instead.
 *
 * @param explained whether the bank stated the charges ({@code Chrgs}); false when only the difference between the
 *                  entry and its transactions shows them
 */
public record BankChargesRecorded(BigDecimal amount, LocalDate on, String bankReference, boolean explained,
                                  Long bankFileId) {
}
