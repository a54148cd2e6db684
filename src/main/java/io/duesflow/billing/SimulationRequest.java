package io.duesflow.billing;

import java.time.LocalDate;
import java.util.List;

/**
 * Either a period, for the scheduled lines due in it (all of them, or only {@code lineIds}: a preview of one line), or
 * chosen immediate lines ({@code lineIds}, no period) with their due date.
 *
 * @param referenceDate the day ages are counted on and whose month {@code roll(n)} counts from; defaults to the
 *                      period's first day, or today for immediate lines
 */
public record SimulationRequest(LocalDate from, LocalDate to, List<Long> lineIds, LocalDate dueDate,
                                LocalDate referenceDate) {
}
