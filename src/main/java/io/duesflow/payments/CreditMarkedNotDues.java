package io.duesflow.payments;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A treasurer decided that a bank credit that matched nothing is not dues (a donation, a refund …), with a note. */
public record CreditMarkedNotDues(long bankTransactionId, BigDecimal amount, LocalDate bookingDate, String payerName,
                                  String bankReference, String note, String by) {
}
