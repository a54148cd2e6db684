package io.duesflow.dunning;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The association's own dunning settings. The fee rules apply where no law sets them (an association outside
 * Denmark and the Netherlands, by its address's country); the days apply everywhere.
 *
 * @param maxFee             the highest fee a reminder letter may add; null: no limit
 * @param maxFeeLetters      on how many reminder letters of one debt a fee may be added; null: no limit
 * @param minDaysBetween     the fewest days between the letter before and one that adds a fee; null: none
 * @param payDays            the days a reminder gives to pay (its pay-by date, which the approval may change)
 * @param firstReminderDays  days after the due date of the first reminder, when the run's approval set none
 * @param secondReminderDays days after the first reminder of the second, when the run's approval set none
 * @param approvalDays       the days a treasurer is given to approve a round (the task's due date)
 */
public record DunningSettings(BigDecimal maxFee, Integer maxFeeLetters, Integer minDaysBetween, int payDays,
                              int firstReminderDays, int secondReminderDays, int approvalDays, int version,
                              Instant updatedAt, String updatedBy) {
}
