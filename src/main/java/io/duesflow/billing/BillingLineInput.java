package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * A billing line as the treasurer writes it: groups and fields by name, criteria and formula as text.
 *
 * @param groups        group names, for who = GROUPS
 * @param field         extra field code or name, for who = EXTRA_FIELD
 * @param fieldValue    optional value that field must have
 * @param price         for price kind FIXED
 * @param priceField    extra field code or name holding the amount, for price kind EXTRA_FIELD
 * @param version       the version read, when changing
 * @param memberNumbers for who = MEMBERS: the members billed, by number (a periodic invoice)
 * @param firstMadeOn   for a scheduled line: the day its first invoice is made, on or before the first due date
 * @param mail          false: its charges are not mailed but wait in the open list; null or true: mailed
 * @param lines         for price kind LINES: the line's own invoice lines
 */
public record BillingLineInput(String name, Integer position, BillingLine.Kind kind, BillingLine.Frequency frequency,
                               LocalDate firstDueDate, String invoiceText, String ledgerAccount, Boolean active,
                               BillingLine.Who who, List<String> groups, String field, String fieldValue,
                               String criteria, BillingLine.PriceKind priceKind, BigDecimal price, String priceField,
                               String formula, String decisionKey, Integer version, List<Long> memberNumbers,
                               LocalDate firstMadeOn, Boolean mail, List<ChargeTemplate.Line> lines) {

    @JsonCreator
    public BillingLineInput {
    }

    /** A line without the periodic invoice's parts: for whom its rule selects, made when approved, mailed. */
    public BillingLineInput(String name, Integer position, BillingLine.Kind kind, BillingLine.Frequency frequency,
                            LocalDate firstDueDate, String invoiceText, String ledgerAccount, Boolean active,
                            BillingLine.Who who, List<String> groups, String field, String fieldValue, String criteria,
                            BillingLine.PriceKind priceKind, BigDecimal price, String priceField, String formula,
                            String decisionKey, Integer version) {
        this(name, position, kind, frequency, firstDueDate, invoiceText, ledgerAccount, active, who, groups, field,
                fieldValue, criteria, priceKind, price, priceField, formula, decisionKey, version, null, null, null,
                null);
    }
}
