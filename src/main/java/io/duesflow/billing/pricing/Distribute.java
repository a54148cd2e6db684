package io.duesflow.billing.pricing;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.duesflow.members.MemberSnapshot;

/**
 * {@code fordeling:1000} or {@code fordeling:1000:F1}: the total split over the selected members, evenly or in
 * proportion to a field. A member without a usable value is left out, and the others share the whole total.
 *
 * @param field null for an even split
 */
record Distribute(BigDecimal total, FieldRef field) implements Formula {

    @Override
    public Prices price(List<MemberSnapshot> selected) {
        return price(selected, Map.of());
    }

    @Override
    public boolean splitsTotal() {
        return true;
    }

    @Override
    public Prices price(List<MemberSnapshot> selected, Map<Long, Long> payingDays) {
        PriceSheet sheet = new PriceSheet(selected);
        Map<Long, BigDecimal> weights = new LinkedHashMap<>();
        for (MemberSnapshot member : selected) {
            BigDecimal weight = field == null ? BigDecimal.ONE : field.valueOf(member, sheet);
            if (weight == null) {
                continue;
            }
            if (weight.signum() < 0) {
                sheet.error(member, field.label() + " is " + FieldRef.plain(weight) + "; a share cannot be negative");
                continue;
            }
            Long days = payingDays.get(member.memberNumber());
            weights.put(member.memberNumber(), days == null ? weight : weight.multiply(BigDecimal.valueOf(days)));
        }
        if (weights.isEmpty()) {
            return sheet.prices();
        }
        if (weights.values().stream().allMatch(weight -> weight.signum() == 0)) {
            String reason = field == null || !payingDays.isEmpty() && payingDays.values().stream().allMatch(d -> d == 0)
                    ? "every member it selects is suspended for the whole period, so " + total.toPlainString()
                    + " cannot be split over what they pay"
                    : field.label() + " is 0 for every member, so " + total.toPlainString()
                    + " cannot be split in proportion to it";
            selected.stream().filter(member -> weights.containsKey(member.memberNumber()))
                    .forEach(member -> sheet.error(member, reason));
            return sheet.prices();
        }
        Map<Long, BigDecimal> shares = Allocation.split(total, weights);
        for (MemberSnapshot member : selected) {
            BigDecimal share = shares.get(member.memberNumber());
            if (share != null) {
                sheet.amount(member, share);
            }
        }
        return sheet.prices();
    }
}
