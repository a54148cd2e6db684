package io.duesflow.billing.criteria;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.function.BiFunction;

import io.duesflow.members.MemberSnapshot;

/** The member's own fields, by their Danish and English names. A null value means the member has none. */
enum Attribute {
    JOIN_DATE("indmeldelsesdato", "join_date", Type.DATE, "join date", (m, day) -> m.joinDate()),
    BIRTH_DATE("fødselsdato", "birth_date", Type.DATE, "birth date", (m, day) -> m.birthDate()),
    LEAVE_DATE("udmeldelsesdato", "leave_date", Type.DATE, "leave date", (m, day) -> m.leaveDate()),
    AGE("alder", "age", Type.NUMBER, "birth date", (m, day) -> {
        Integer age = m.ageOn(day);
        return age == null ? null : BigDecimal.valueOf(age);
    }),
    MEMBER_NUMBER("medlemsnummer", "member_number", Type.NUMBER, "member number",
            (m, day) -> BigDecimal.valueOf(m.memberNumber())),
    POSTCODE("postnummer", "postcode", Type.TEXT, "postcode", (m, day) -> m.postcode()),
    COUNTRY("land", "country", Type.TEXT, "country", (m, day) -> m.country()),
    LANGUAGE("sprog", "language", Type.TEXT, "language", (m, day) -> m.language()),
    COLLECTION_METHOD("betalingsmåde", "collection_method", Type.TEXT, "collection method",
            (m, day) -> m.collectionMethod() == null ? null : m.collectionMethod().name());

    final String danish;
    final String english;
    final Type type;
    /** What the member lacks when the value is missing: age is missing for want of a birth date. */
    final String source;
    private final BiFunction<MemberSnapshot, LocalDate, Object> read;

    Attribute(String danish, String english, Type type, String source, BiFunction<MemberSnapshot, LocalDate, Object> read) {
        this.danish = danish;
        this.english = english;
        this.type = type;
        this.source = source;
        this.read = read;
    }

    Object read(MemberSnapshot member, LocalDate runDate) {
        return read.apply(member, runDate);
    }

    /** Null when the (lower-cased) name is no attribute. */
    static Attribute named(String lowerCaseName) {
        for (Attribute attribute : values()) {
            if (attribute.danish.equals(lowerCaseName) || attribute.english.equals(lowerCaseName)) {
                return attribute;
            }
        }
        return null;
    }
}
