package io.duesflow.billing.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.duesflow.members.CollectionMethod;
import io.duesflow.members.ExtraField;
import io.duesflow.members.ExtraFieldType;
import io.duesflow.members.MemberSnapshot;

/** Members and extra fields for pricing tests. */
final class Snapshots {

    static final List<ExtraField> FIELDS = List.of(
            field("F1", "meter reading", ExtraFieldType.NUMBER),
            field("F2", "boat name", ExtraFieldType.TEXT),
            field("F3", "boat length", ExtraFieldType.NUMBER));

    private Snapshots() {
    }

    static ExtraField field(String code, String name, ExtraFieldType type) {
        Instant at = Instant.parse("2025-01-01T00:00:00Z");
        return new ExtraField(code, 1, name, type, at, "admin", at, "admin");
    }

    static MemberSnapshot member(long number) {
        return member(number, Map.of());
    }

    /** A member with F1 set, or without it for a null value. */
    static MemberSnapshot withF1(long number, String f1) {
        return member(number, f1 == null ? Map.of() : Map.of("F1", new BigDecimal(f1)));
    }

    static MemberSnapshot member(long number, Map<String, Object> extraValues) {
        return new MemberSnapshot(number, "Member " + number, "m" + number + "@example.org", "8000", "DK", "da",
                LocalDate.of(1980, 1, 1), LocalDate.of(2020, 1, 1), null, CollectionMethod.INVOICE, false,
                Set.of(), new HashMap<>(extraValues), List.of());
    }
}
