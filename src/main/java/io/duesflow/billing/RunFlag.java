package io.duesflow.billing;

/**
 * A member the generation of a run flagged for the treasurer, with the reason.
 *
 * @param kind {@code SKIPPED} (with the line), {@code INVOICED_INSTEAD} or {@code NO_MAIL_ADDRESS}
 */
public record RunFlag(long memberNumber, String name, String kind, String line, String reason) {
}
