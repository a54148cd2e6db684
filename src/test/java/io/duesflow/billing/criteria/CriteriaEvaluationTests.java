package io.duesflow.billing.criteria;

import static io.duesflow.billing.criteria.TestMembers.criteria;
import static io.duesflow.billing.criteria.TestMembers.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;

import io.duesflow.members.MemberSnapshot;
import org.junit.jupiter.api.Test;

/** A member the criteria cannot decide on is reported, never silently left out. */
class CriteriaEvaluationTests {

    static final LocalDate RUN = LocalDate.of(2026, 3, 15);

    @Test
    void anExtraFieldWithoutValueNamesTheMemberAndTheField() {
        assertThatThrownBy(() -> criteria("F1 > 100").test(member(17).build(), RUN))
                .isInstanceOfSatisfying(CriteriaEvaluationException.class, e -> assertThat(e.memberNumber()).isEqualTo(17))
                .hasMessage("member 17 has no value for F1 (meter reading)");
    }

    @Test
    void ageWithoutBirthDateNamesTheBirthDate() {
        assertThatThrownBy(() -> criteria("alder<18").test(member(23).born(null).build(), RUN))
                .isInstanceOf(CriteriaEvaluationException.class)
                .hasMessage("member 23 has no value for birth date");
    }

    @Test
    void aDatePartOfAMissingDateNamesTheDate() {
        assertThatThrownBy(() -> criteria("month(join_date)=roll(3)").test(member(5).joined(null).build(), RUN))
                .isInstanceOf(CriteriaEvaluationException.class)
                .hasMessage("member 5 has no value for join date");
    }

    @Test
    void aMissingLeaveDateComparedWithADateIsReportedNotFalse() {
        assertThatThrownBy(() -> criteria("udmeldelsesdato < 2026-06-30").test(member(8).build(), RUN))
                .isInstanceOf(CriteriaEvaluationException.class)
                .hasMessage("member 8 has no value for leave date");
    }

    @Test
    void notDoesNotTurnAMissingValueIntoASelection() {
        assertThatThrownBy(() -> criteria("ikke F1 > 100").test(member(17).build(), RUN))
                .isInstanceOf(CriteriaEvaluationException.class);
    }

    @Test
    void aFieldUsedAsMonthMustHoldAMonth() {
        assertThatThrownBy(() -> criteria("F1 = rul(3)").test(member(4).with("F1", new BigDecimal("13")).build(), RUN))
                .isInstanceOf(CriteriaEvaluationException.class)
                .hasMessage("member 4 has 13 in F1 (meter reading), which is no month 1..12");
        assertThat(criteria("F1 = rul(3)").test(member(4).with("F1", new BigDecimal("6")).build(), RUN)).isTrue();
    }

    @Test
    void aValueOfTheWrongKindIsReported() {
        assertThatThrownBy(() -> criteria("F3 < 2026-01-01").test(member(9).with("F3", "soon").build(), RUN))
                .isInstanceOf(CriteriaEvaluationException.class)
                .hasMessage("member 9 has soon in F3 (insured until), which is not a date");
    }
}
