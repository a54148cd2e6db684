package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A billing line as the treasurer writes it: groups and fields by name, criteria and formula as text.
 *
 * @param groups     group names, for who = GROUPS
 * @param field      extra field code or name, for who = EXTRA_FIELD
 * @param fieldValue optional value that field must have
 * @param price      for price kind FIXED
 * @param priceField extra field code or name holding the amount, for price kind EXTRA_FIELD
 * @param version    the version read, when changing
 */
public record BillingLineInput(String name, Integer position, BillingLine.Kind kind, BillingLine.Frequency frequency,
                               LocalDate firstDueDate, String invoiceText, String ledgerAccount, Boolean active,
                               BillingLine.Who who, List<String> groups, String field, String fieldValue,
                               String criteria, BillingLine.PriceKind priceKind, BigDecimal price, String priceField,
                               String formula, String decisionKey, Integer version) {
}
