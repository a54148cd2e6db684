package io.duesflow.mail;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A notice to the association about a billing run or a reminder round: what is waiting, how much, until when, and
 * where in Tasklist to act.
 *
 * @param language       the association's language
 * @param runName        the run's name ("Kontingent marts 2027")
 * @param period         the period the run bills, or null
 * @param chargeCount    charges in the run, or reminders in the round
 * @param memberCount    members they go to
 * @param total          their total, or what the reminded charges still owe
 * @param currency       EUR or DKK
 * @param deadline       the last day to approve; for an expired run the day it expired
 * @param reminderLevel  1 or 2 for a reminder round, 0 otherwise
 * @param link           the Tasklist (or Cockpit) page to act on
 */
public record AssociationNotice(String associationName, Language language, String runName,
                                ChargeDocument.Period period, int chargeCount, int memberCount, BigDecimal total,
                                String currency, LocalDate deadline, int reminderLevel, String link) {

    public AssociationNotice {
        Objects.requireNonNull(associationName, "associationName");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(runName, "runName");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(link, "link");
        total = ChargeDocument.cents(Objects.requireNonNull(total, "total"), "total");
        ChargeDocument.requireDocumentCurrency(currency);
    }
}
