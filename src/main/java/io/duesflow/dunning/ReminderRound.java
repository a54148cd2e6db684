package io.duesflow.dunning;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One reminder round of a run: collected on a reminder date (or when a treasurer asked for one now), approved or
 * skipped by a treasurer, then sent.
 *
 * @param scheduledRound  1 or 2 for the run's first or second reminder date; null for "send a reminder now"
 * @param reminders       the charges it collected to remind ({@code members} members, {@code owed} in all)
 * @param skipped         the charges it left out at collection, each with the reason
 * @param fee             the fee the treasurer approved per letter (zero: none)
 * @param sent            reminders put on their charges and queued for mail; {@code skippedAtSending} were paid
 *                        (or stopped) while the round waited
 */
public record ReminderRound(long id, long runId, Kind kind, Integer scheduledRound, State state, Instant selectedAt,
                            String selectedBy, int reminders, int members, BigDecimal owed, int skipped,
                            BigDecimal fee, LocalDate payBy, String message, String decidedBy, Instant decidedAt,
                            Instant sentAt, Integer sent, Integer skippedAtSending, BigDecimal feesTotal) {

    public enum Kind { SCHEDULED, NOW }

    public enum State {
        /** Collected; waits for a treasurer. */
        WAITING,
        /** Collected, but nothing to remind (everything owed is stopped or had its second reminder). */
        NOTHING_TO_SEND,
        SKIPPED,
        APPROVED,
        SENT
    }

    /** What became of one charge in the round. */
    public record Charge(long chargeId, String number, long memberNumber, LocalDate dueDate, BigDecimal owed, int level,
                         LocalDate lastRemindedOn, int feeLetters, String outcome, String reason, BigDecimal fee) {
    }
}
