package io.duesflow.billing.pricing;

import java.math.BigDecimal;
import java.util.Map;

import io.duesflow.members.MemberSnapshot;

/** A number field a formula reads, with its name for messages a treasurer understands. */
record FieldRef(String code, String name) {

    String label() {
        return name == null || name.isBlank() || name.equalsIgnoreCase(code) ? code : code + " (" + name + ")";
    }

    /** The member's value, or null after recording why there is none. */
    BigDecimal valueOf(MemberSnapshot member, PriceSheet sheet) {
        Map<String, Object> values = member.extraValues();
        Object value = values == null ? null : values.get(code);
        if (value == null) {
            sheet.error(member, "no value for " + label());
            return null;
        }
        if (value instanceof BigDecimal number) {
            return number;
        }
        if (value instanceof Number number) {
            return new BigDecimal(number.toString());
        }
        sheet.error(member, label() + " holds '" + value + "', not a number");
        return null;
    }

    static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
