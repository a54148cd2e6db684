package io.duesflow.billing.criteria;

import static io.duesflow.billing.criteria.TestMembers.criteria;
import static io.duesflow.billing.criteria.TestMembers.member;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;

import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CriteriaLanguageTests {

    static final LocalDate RUN = LocalDate.of(2026, 3, 15);

    // Joined 2024-04-02, born 2010-05-05 (15 on the run date), postcode 2100, youth group, F1 3.5, boat "Havørnen".
    static final MemberSnapshot YOUNG_SAILOR = member(17).joined(LocalDate.of(2024, 4, 2)).born(LocalDate.of(2010, 5, 5))
            .postcode("2100").inGroups("Ungdom", "Sejlere").paying(CollectionMethod.SEPA_DIRECT_DEBIT)
            .with("F1", new BigDecimal("3.5")).with("F2", "Havørnen").with("F3", LocalDate.of(2026, 12, 31)).build();

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
            "alder<18 og måned(indmeldelsesdato)=4;       true",
            "age<18 and month(join_date)=5;               false",
            "alder>18 eller måned(indmeldelsesdato)=4;    true",
            "age>18 or month(join_date)=5;                false",
            "ikke alder<18;                               false",
            "not age>=18;                                 true",
            "ikke ikke alder<18;                          true",
            // not binds tighter than and: (not false) and true
            "not age>18 and month(join_date)=4;           true",
            // and binds tighter than or: true or (false and false) — left-to-right would give false
            "age<18 or age>90 and month(join_date)=5;     true",
            "(age<18 or age>90) and month(join_date)=5;   false",
            // and binds tighter than or: (false and true) or false
            "age>90 and age<18 or month(join_date)=5;     false",
            "age>90 and (age<18 or month(join_date)=4);   false",
            "not (age<18 and month(join_date)=4);         false",
            "((alder < 18));                              true",
            "alder<18 OG ikke (måned(indmeldelsesdato)=1 ELLER måned(indmeldelsesdato)=2); true"})
    void andOrNotAndParentheses(String text, boolean selected) {
        assertThat(criteria(text).test(YOUNG_SAILOR, RUN)).isEqualTo(selected);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
            "F1 = 3,5;                         true",
            "F1 = 3.5;                         true",
            "f1 = 3.50;                        true",
            "F1 > 3,49 og F1 < 3,51;           true",
            "F1 >= 4;                          false",
            "F1 <= 3,5;                        true",
            "F1 != 3,5;                        false",
            "F1 > -1;                          true",
            "felt(\"meter reading\") = 3,5;    true",
            "field('Meter Reading') < 10;      true",
            "F2 = \"Havørnen\";                true",
            "felt(\"boat name\") != 'Havørnen'; false",
            "F3 = 2026-12-31;                  true",
            "field(\"insured until\") < 2026-06-30; false",
            "år(F3) = 2026 og dag(F3) = 31;    true"})
    void extraFieldsByCodeAndByName(String text, boolean selected) {
        assertThat(criteria(text).test(YOUNG_SAILOR, RUN)).isEqualTo(selected);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
            "indmeldelsesdato = 2024-04-02;      true",
            "join_date < 2024-04-02;             false",
            "join_date <= 2024-04-02;            true",
            "join_date > 2024-01-01 and join_date < 2025-01-01; true",
            "fødselsdato >= 2010-01-01;          true",
            "år(indmeldelsesdato) = 2024;        true",
            "year(birth_date) < 2000;            false",
            "dag(indmeldelsesdato) = 2;          true",
            "day(join_date) > 2;                 false",
            "month(birth_date) = 5;              true",
            "medlemsnummer = 17;                 true",
            "member_number > 100;                false"})
    void datesAndTheirParts(String text, boolean selected) {
        assertThat(criteria(text).test(YOUNG_SAILOR, RUN)).isEqualTo(selected);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
            "i_gruppe(\"Ungdom\");                 true",
            "in_group(\"Youth\");                  false",
            "in_group('ungdom');                   true",
            "i_gruppe(\"Sejlere\") og ikke i_gruppe(\"Senior\"); true",
            "ikke in_group(\"Sejlere\");           false",
            "postnummer = \"2100\";                true",
            "postcode != \"2100\";                 false",
            "land = 'DK';                          true",
            "country = \"dk\";                     true",
            "sprog = \"da\";                       true",
            "language = \"en\";                    false",
            "betalingsmåde = \"SEPA_DIRECT_DEBIT\"; true",
            "collection_method = 'invoice';        false",
            "collection_method <> 'INVOICE';       true",
            "land = “DK”;                          true"})
    void groupsAndText(String text, boolean selected) {
        assertThat(criteria(text).test(YOUNG_SAILOR, RUN)).isEqualTo(selected);
    }

    @Test
    void emptySelectsMembersWithoutALeaveDate() {
        MemberSnapshot staying = member(1).build();
        MemberSnapshot leaving = member(2).left(LocalDate.of(2026, 6, 30)).build();

        assertThat(criteria("udmeldelsesdato = tom").test(staying, RUN)).isTrue();
        assertThat(criteria("leave_date = empty").test(leaving, RUN)).isFalse();
        assertThat(criteria("leave_date != empty").test(leaving, RUN)).isTrue();
        assertThat(criteria("tom = udmeldelsesdato").test(staying, RUN)).isTrue();
    }

    @Test
    void orLooksNoFurtherOnceTheMemberHasNoLeaveDate() {
        Criteria stillMemberAtMidYear = criteria("udmeldelsesdato = tom eller udmeldelsesdato > 2026-06-30");

        assertThat(stillMemberAtMidYear.test(member(1).build(), RUN)).isTrue();
        assertThat(stillMemberAtMidYear.test(member(2).left(LocalDate.of(2026, 12, 31)).build(), RUN)).isTrue();
        assertThat(stillMemberAtMidYear.test(member(3).left(LocalDate.of(2026, 4, 1)).build(), RUN)).isFalse();
    }

    @Test
    void aBlankTextFieldCountsAsEmpty() {
        assertThat(criteria("F2 = tom").test(member(1).with("F2", " ").build(), RUN)).isTrue();
        assertThat(criteria("F2 = tom").test(member(1).with("F2", "Havørnen").build(), RUN)).isFalse();
    }

    @Test
    void keepsTheTextAsWritten() {
        assertThat(criteria(" alder < 18 ").text()).isEqualTo(" alder < 18 ");
    }
}
