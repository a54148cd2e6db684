package io.duesflow.billing.criteria;

import static io.duesflow.billing.criteria.TestMembers.criteria;
import static io.duesflow.billing.criteria.TestMembers.member;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.Month;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The examples of the Danish help page, in both spellings. */
class CriteriaSeedExampleTests {

    @ParameterizedTest
    @ValueSource(strings = {"måned(indmeldelsesdato)=1", "month(join_date)=1", "MÅNED( Indmeldelsesdato ) = 1",
            "Month(JOIN_DATE)=1.0"})
    void monthOfJoinDateOneSelectsMembersWhoJoinedInJanuary(String text) {
        assertThat(joinMonthsSelected(criteria(text), LocalDate.of(2026, 5, 1))).containsExactly(1);
    }

    @Test
    void rollThreeInJanuarySelectsJanAprJulOct() {
        assertThat(joinMonthsSelected(criteria("måned(indmeldelsesdato)=rul(3)"), LocalDate.of(2026, 1, 15)))
                .containsExactly(1, 4, 7, 10);
    }

    @Test
    void rollThreeInFebruarySelectsFebMayAugNov() {
        assertThat(joinMonthsSelected(criteria("month(join_date)=roll(3)"), LocalDate.of(2026, 2, 1)))
                .containsExactly(2, 5, 8, 11);
    }

    @ParameterizedTest(name = "run in month {0} selects members who joined in {1}")
    @CsvSource(delimiter = ';', value = {
            "1;  1 4 7 10", "2;  2 5 8 11", "3;  3 6 9 12",
            "4;  1 4 7 10", "5;  2 5 8 11", "6;  3 6 9 12",
            "7;  1 4 7 10", "8;  2 5 8 11", "9;  3 6 9 12",
            "10; 1 4 7 10", "11; 2 5 8 11", "12; 3 6 9 12"})
    void rollThreeSelectsEveryThirdMonthCountedFromTheRunMonth(int runMonth, String expectedMonths) {
        LocalDate runDate = LocalDate.of(2026, runMonth, 28);
        assertThat(joinMonthsSelected(criteria("måned(indmeldelsesdato)=rul(3)"), runDate)).isEqualTo(months(expectedMonths));
        assertThat(joinMonthsSelected(criteria("month(join_date)=roll(3)"), runDate)).isEqualTo(months(expectedMonths));
    }

    @ParameterizedTest(name = "{0} in month {1} selects {2}")
    @CsvSource(delimiter = ';', value = {
            "month(join_date)=roll(6);   1;  1 7",
            "month(join_date)=roll(6);   12; 6 12",
            "måned(indmeldelsesdato)=rul(12); 9; 9",
            "måned(indmeldelsesdato)=rul(1);  3; 1 2 3 4 5 6 7 8 9 10 11 12",
            "month(join_date)!=roll(3);  2;  1 3 4 6 7 9 10 12"})
    void otherRollPeriods(String text, int runMonth, String expectedMonths) {
        assertThat(joinMonthsSelected(criteria(text), LocalDate.of(2026, runMonth, 1))).isEqualTo(months(expectedMonths));
    }

    @ParameterizedTest(name = "{0}: born {1}, run on 2026-03-15 → {2}")
    @CsvSource({
            "alder<18, 2008-03-16, true",  // turns 18 tomorrow
            "alder<18, 2008-03-15, false", // turns 18 on the run date
            "alder<18, 2008-03-14, false",
            "age<18,   2008-03-16, true",
            "age<18,   2008-03-15, false",
            "age<18,   2012-07-01, true",
            "AGE < 18, 1970-01-01, false",
            "alder>=18, 2008-03-15, true",
            "alder=17, 2008-03-16, true"})
    void ageIsWholeYearsOnTheRunDate(String text, LocalDate birthDate, boolean selected) {
        assertThat(criteria(text).test(member(1).born(birthDate).build(), LocalDate.of(2026, 3, 15))).isEqualTo(selected);
    }

    @Test
    void aLeapDayChildIsEighteenOnTheFirstOfMarchInOtherYears() {
        var born = member(1).born(LocalDate.of(2008, 2, 29)).build();

        assertThat(criteria("alder<18").test(born, LocalDate.of(2026, 2, 28))).isTrue();
        assertThat(criteria("alder<18").test(born, LocalDate.of(2026, 3, 1))).isFalse();
    }

    private static List<Integer> months(String spaceSeparated) {
        return Arrays.stream(spaceSeparated.trim().split(" +")).map(Integer::valueOf).toList();
    }

    private static List<Integer> joinMonthsSelected(Criteria criteria, LocalDate runDate) {
        return IntStream.rangeClosed(1, 12)
                .filter(month -> criteria.test(member(month).joined(LocalDate.of(2019, Month.of(month), 20)).build(), runDate))
                .boxed().toList();
    }
}
