package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import io.duesflow.members.CollectionMethod;

/**
 * What a run would bill, before anything is created: who, each line and amount, who is skipped and why,
 * totals per line and overall. Generation bills exactly this.
 */
public record Simulation(LocalDate referenceDate, LocalDate periodFrom, LocalDate periodTo, String currency,
                         int chargeCount, int memberCount, BigDecimal total, List<LineTotal> lines,
                         List<Charge> charges, List<Skipped> skipped) {

    public record LineTotal(long lineId, String name, int position, int members, BigDecimal total) {
    }

    /**
     * One charge-to-be: a member's lines with the same due date.
     *
     * @param invoicedInstead on direct debit but without a valid mandate: invoiced, and flagged
     */
    public record Charge(long memberNumber, String name, LocalDate dueDate, LocalDate periodStart, LocalDate periodEnd,
                         CollectionMethod collectionMethod, boolean invoicedInstead, List<Line> lines, BigDecimal total) {
    }

    /** @param lineId the billing line it comes from; null for the suspension fee */
    public record Line(Long lineId, String text, BigDecimal amount, String ledgerAccount) {
    }

    public record Skipped(long memberNumber, String name, Long lineId, String lineName, String reason) {
    }
}
