package io.duesflow.billing.pricing;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.duesflow.members.MemberSnapshot;

/** Collects amounts and errors in selection order. */
final class PriceSheet {

    private final Map<Long, BigDecimal> amounts = new LinkedHashMap<>();
    private final Map<Long, String> errors = new LinkedHashMap<>();

    PriceSheet(List<MemberSnapshot> selected) {
        // A member twice would be charged twice, or silently once in a split: neither is right.
        Set<Long> seen = new HashSet<>();
        for (MemberSnapshot member : selected) {
            if (!seen.add(member.memberNumber())) {
                throw new IllegalArgumentException("Member " + member.memberNumber() + " is selected twice");
            }
        }
    }

    void amount(MemberSnapshot member, BigDecimal amount) {
        amounts.put(member.memberNumber(), amount);
    }

    void error(MemberSnapshot member, String reason) {
        errors.put(member.memberNumber(), reason);
    }

    Formula.Prices prices() {
        return new Formula.Prices(amounts, errors);
    }
}
