package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A charge or credit note with everything its document prints.
 *
 * @param issuedOn      the day the run was approved (a credit note: the day it was issued)
 * @param creditsNumber for a credit note: the number of the charge it credits
 */
public record ChargeForDocument(long id, String kind, String number, long memberNumber, Long runId, LocalDate issuedOn,
                                LocalDate dueDate, LocalDate periodStart, LocalDate periodEnd, String status,
                                String collectionMethod, boolean invoicedInstead, String rfReference, String paymentId,
                                BigDecimal total, BigDecimal paid, String message, String creditsNumber,
                                LocalDate creditsDueDate, List<ChargeView.Line> lines) {
}
