package io.duesflow.billing.pricing;

import java.math.BigDecimal;
import java.util.List;

import io.duesflow.members.MemberSnapshot;
import io.duesflow.platform.Money;

/** {@code gange:F1*5}: the field's value times a factor, rounded to cents half-even. */
record Multiply(FieldRef field, BigDecimal factor) implements Formula {

    @Override
    public Prices price(List<MemberSnapshot> selected) {
        PriceSheet sheet = new PriceSheet(selected);
        for (MemberSnapshot member : selected) {
            BigDecimal value = field.valueOf(member, sheet);
            if (value != null) {
                sheet.amount(member, Money.round(value.multiply(factor)));
            }
        }
        return sheet.prices();
    }
}
