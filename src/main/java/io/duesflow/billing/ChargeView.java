package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** A charge as screens and documents show it. */
public record ChargeView(long id, String number, long memberNumber, LocalDate dueDate, LocalDate periodStart,
                         LocalDate periodEnd, String status, String collectionMethod, boolean invoicedInstead,
                         String rfReference, String paymentId, BigDecimal total, String message, List<Line> lines) {

    public record Line(String text, BigDecimal amount, String ledgerAccount) {
    }
}
