package io.duesflow.billing;

import java.util.List;

/**
 * A reminder round's reminders went onto their charges (level, day, fee): mail queues the first and second
 * reminders in the same transaction.
 *
 * @param firstReminders  the charges reminded for the first time
 * @param secondReminders the charges that got their second reminder
 */
public record ChargesReminded(long roundId, long runId, List<Long> firstReminders, List<Long> secondReminders) {

    public ChargesReminded {
        firstReminders = List.copyOf(firstReminders);
        secondReminders = List.copyOf(secondReminders);
    }
}
