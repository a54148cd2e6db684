package io.duesflow.billing.pricing;

import java.math.BigDecimal;
import java.util.List;

import io.duesflow.members.MemberSnapshot;
import io.duesflow.platform.Money;

/**
 * {@code interval:F1:0-1000=3,5:1001-2000=3}: the field's value times the rate of the range it lies in, rounded
 * to cents half-even. Ranges never overlap (the parser refuses that); a value between or beyond them is an
 * error: with 0-1000 and 1001-2000, 1000.5 lies in neither.
 *
 * @param text the formula as written, to name it in errors
 */
record Interval(FieldRef field, List<Range> ranges, String text) implements Formula {

    record Range(BigDecimal from, BigDecimal to, BigDecimal rate) {

        boolean contains(BigDecimal value) {
            return from.compareTo(value) <= 0 && value.compareTo(to) <= 0;
        }

        boolean overlaps(Range other) {
            return from.compareTo(other.to) <= 0 && other.from.compareTo(to) <= 0;
        }

        @Override
        public String toString() {
            return FieldRef.plain(from) + "-" + FieldRef.plain(to);
        }
    }

    Interval {
        ranges = List.copyOf(ranges);
    }

    @Override
    public Prices price(List<MemberSnapshot> selected) {
        PriceSheet sheet = new PriceSheet(selected);
        for (MemberSnapshot member : selected) {
            BigDecimal value = field.valueOf(member, sheet);
            if (value == null) {
                continue;
            }
            ranges.stream().filter(range -> range.contains(value)).findFirst().ifPresentOrElse(
                    range -> sheet.amount(member, Money.round(value.multiply(range.rate()))),
                    () -> sheet.error(member, FieldRef.plain(value) + " lies in no range of " + text));
        }
        return sheet.prices();
    }
}
