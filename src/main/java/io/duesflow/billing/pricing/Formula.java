package io.duesflow.billing.pricing;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.duesflow.members.ExtraField;
import io.duesflow.members.MemberSnapshot;

/**
 * A billing line's price as a formula, in Danish or English keywords (case does not matter), with a decimal
 * comma or point:
 * <ul>
 *   <li>{@code fordeling:1000} / {@code distribute:1000} — 1000 split evenly over the selected members;</li>
 *   <li>{@code fordeling:1000:F1} — 1000 split in proportion to F1;</li>
 *   <li>{@code gange:F1*5} / {@code multiply:F1*5} — F1 × 5;</li>
 *   <li>{@code interval:F1:0-1000=3,5:1001-2000=3} — F1 × the rate of the range (bounds inclusive) F1 lies in.</li>
 * </ul>
 * The field is an extra field's code or name and must be a number field. Splits go through {@link Allocation},
 * so they add up to the total; every other amount is rounded to cents half-even.
 */
public sealed interface Formula permits Distribute, Multiply, Interval {

    /**
     * @param extraFields the association's extra fields, to resolve {@code F1} or a field's name
     * @throws FormulaSyntaxException naming the position and what was expected
     */
    static Formula parse(String text, List<ExtraField> extraFields) {
        return new FormulaParser(text, extraFields).formula();
    }

    /**
     * Prices the members a billing line selects. A member the formula cannot price gets an error instead of an
     * amount, never a silent zero.
     *
     * @throws IllegalArgumentException if a member number is selected twice
     */
    Prices price(List<MemberSnapshot> selected);

    /**
     * The same, for members who pay the normal price for only part of the period (suspended for the rest):
     * {@code payingDays} holds, for every selected member, the days of the period they pay for. A split is made over
     * what members actually pay (a member paying half the period weighs half), so the shares still add up to the
     * formula's total and the association recovers it; other formulas price the whole period and leave the
     * deduction to the caller ({@link #splitsTotal()} tells which).
     */
    default Prices price(List<MemberSnapshot> selected, Map<Long, Long> payingDays) {
        return price(selected);
    }

    /** Whether the formula splits a total over the members ({@code fordeling}) rather than pricing each alone. */
    default boolean splitsTotal() {
        return false;
    }

    /** For a split: the total to recover; null for the other formulas. */
    default BigDecimal total() {
        return null;
    }

    /**
     * What a formula makes of the selected members: each member number has either an amount (scale 2) or the
     * reason it cannot be priced, to show in the simulation. Both keep the order of the selection.
     */
    record Prices(Map<Long, BigDecimal> amounts, Map<Long, String> errors) {

        public Prices {
            amounts = Collections.unmodifiableMap(new LinkedHashMap<>(amounts));
            errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
        }
    }
}
