package io.duesflow.billing.criteria;

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

/** Members and extra fields for criteria tests; only what a scenario sets differs from an ordinary adult member. */
final class TestMembers {

    static final List<ExtraField> FIELDS = List.of(
            field("F1", "meter reading", ExtraFieldType.NUMBER),
            field("F2", "boat name", ExtraFieldType.TEXT),
            field("F3", "insured until", ExtraFieldType.DATE));

    private long number = 1;
    private LocalDate birthDate = LocalDate.of(1980, 6, 15);
    private LocalDate joinDate = LocalDate.of(2020, 1, 10);
    private LocalDate leaveDate;
    private String postcode = "8000";
    private String country = "DK";
    private String language = "da";
    private CollectionMethod collectionMethod = CollectionMethod.INVOICE;
    private Set<String> groups = Set.of();
    private final Map<String, Object> extraValues = new HashMap<>();

    static TestMembers member(long number) {
        TestMembers member = new TestMembers();
        member.number = number;
        return member;
    }

    static Criteria criteria(String text) {
        return Criteria.parse(text, FIELDS);
    }

    TestMembers born(LocalDate birthDate) {
        this.birthDate = birthDate;
        return this;
    }

    TestMembers joined(LocalDate joinDate) {
        this.joinDate = joinDate;
        return this;
    }

    TestMembers left(LocalDate leaveDate) {
        this.leaveDate = leaveDate;
        return this;
    }

    TestMembers postcode(String postcode) {
        this.postcode = postcode;
        return this;
    }

    TestMembers country(String country) {
        this.country = country;
        return this;
    }

    TestMembers paying(CollectionMethod collectionMethod) {
        this.collectionMethod = collectionMethod;
        return this;
    }

    TestMembers inGroups(String... groups) {
        this.groups = Set.of(groups);
        return this;
    }

    TestMembers with(String code, Object value) {
        extraValues.put(code, value);
        return this;
    }

    MemberSnapshot build() {
        return new MemberSnapshot(number, "Member " + number, "member" + number + "@example.org", postcode, country,
                language, birthDate, joinDate, leaveDate, collectionMethod, false, groups, Map.copyOf(extraValues), List.of());
    }

    private static ExtraField field(String code, String name, ExtraFieldType type) {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        return new ExtraField(code, 0, name, type, created, "test", created, "test");
    }
}
