package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A charge or credit note with everything its document prints.
 *
 * @param issuedOn      the day the run was approved (a credit note: the day it was issued)
 * @param collectedBy   who collects it, decided at approval; null: the member pays (invoiced)
 * @param creditsNumber for a credit note: the number of the charge it credits
 * @param credited      what credit notes took off it
 * @param reminders     the reminders it was sent (a reminder's document prints its day, pay-by date and fee)
 */
public record ChargeForDocument(long id, String kind, String number, long memberNumber, Long runId, LocalDate issuedOn,
                                LocalDate dueDate, LocalDate periodStart, LocalDate periodEnd, String status,
                                String collectionMethod, boolean invoicedInstead, Charge.CollectedBy collectedBy, String rfReference, String paymentId,
                                BigDecimal total, BigDecimal paid, String message, String creditsNumber,
                                LocalDate creditsDueDate, List<ChargeView.Line> lines, BigDecimal credited,
                                List<ChargeReminders.ChargeReminder> reminders) {

    /** Its reminder of {@code level} (1 or 2), or null when it has none. */
    public ChargeReminders.ChargeReminder reminder(int level) {
        return reminders.stream().filter(reminder -> reminder.level() == level).findFirst().orElse(null);
    }
}
