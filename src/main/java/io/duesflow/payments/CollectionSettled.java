package io.duesflow.payments;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The bank settled a charge's direct debit: the charge is paid {@code amount} on {@code settledOn} (the booking
 * date). {@code how} says whether the bank booked it on its own ({@link PaymentMatch#COLLECTION}) or as part of the
 * whole block ({@link PaymentMatch#COLLECTION_BATCH}, then {@code paymentInformationId} names the block).
 */
public record CollectionSettled(long paymentId, long chargeId, String chargeNumber, long memberNumber,
                                BigDecimal amount, LocalDate settledOn, PaymentMatch how, String bankReference,
                                String paymentInformationId, Long bankFileId) {
}
