package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A charge as screens show it.
 *
 * @param collectionMethod the member's collection method when billed
 * @param collectedBy      who collects it, decided at approval: SEPA_DIRECT_DEBIT, BETALINGSSERVICE, or null when the
 *                         member pays; {@code collectionNote} says why a member on direct debit is invoiced instead
 */
public record ChargeView(long id, String number, long memberNumber, LocalDate dueDate, LocalDate periodStart,
                         LocalDate periodEnd, String status, String collectionMethod, boolean invoicedInstead,
                         String collectedBy, String collectionNote, String rfReference, String paymentId,
                         BigDecimal total, BigDecimal paid, BigDecimal credited, String message, List<Line> lines) {

    public record Line(int position, String text, BigDecimal amount, String ledgerAccount, String kind) {
    }

    static ChargeView of(Charge charge) {
        return new ChargeView(charge.id(), charge.number(), charge.memberNumber(), charge.dueDate(),
                charge.periodStart(), charge.periodEnd(), charge.status().name(), charge.collectionMethod(),
                charge.invoicedInstead(), charge.collectedBy() == null ? null : charge.collectedBy().name(),
                charge.collectionNote(), charge.rfReference(), charge.paymentId(), charge.total().amount(),
                charge.paid().amount(), charge.credited().amount(), charge.message(),
                charge.lines().stream().map(line -> new Line(line.position(), line.text(), line.amount().amount(),
                        line.ledgerAccount(), line.kind().name())).toList());
    }
}
