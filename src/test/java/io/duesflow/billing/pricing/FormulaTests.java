package io.duesflow.billing.pricing;

import static io.duesflow.billing.pricing.Snapshots.FIELDS;
import static io.duesflow.billing.pricing.Snapshots.member;
import static io.duesflow.billing.pricing.Snapshots.withF1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.duesflow.billing.pricing.Formula.Prices;
import io.duesflow.members.MemberSnapshot;

class FormulaTests {

    private static final String INTERVAL = "interval:F1:0-1000=3,5:1001-2000=3:2001-10000=2,5";

    @Test
    void aThousandDistributedOverFiftyMembersIsTwentyEach() {
        List<MemberSnapshot> fifty = LongStream.rangeClosed(1, 50).mapToObj(Snapshots::member).toList();

        Prices prices = Formula.parse("fordeling:1000", FIELDS).price(fifty);

        assertThat(prices.errors()).isEmpty();
        assertThat(prices.amounts()).hasSize(50);
        assertThat(prices.amounts().values()).allMatch(amount -> amount.equals(new BigDecimal("20.00")));
    }

    @Test
    void aThousandOverThreeMembersGivesTheExtraCentToTheLowestNumber() {
        Prices prices = Formula.parse("distribute:1000", FIELDS).price(List.of(member(9), member(4), member(6)));

        assertThat(prices.amounts()).containsExactly(
                Map.entry(9L, new BigDecimal("333.33")),
                Map.entry(4L, new BigDecimal("333.34")),
                Map.entry(6L, new BigDecimal("333.33")));
    }

    @Test
    void aThousandDistributedByF1OfTwentyThirtyFiftyIsTwoThreeAndFiveHundred() {
        Prices prices = Formula.parse("fordeling:1000:F1", FIELDS)
                .price(List.of(withF1(1, "20"), withF1(2, "30"), withF1(3, "50")));

        assertThat(prices.amounts()).containsExactly(
                Map.entry(1L, new BigDecimal("200.00")),
                Map.entry(2L, new BigDecimal("300.00")),
                Map.entry(3L, new BigDecimal("500.00")));
    }

    @Test
    void membersWithoutF1GetAnErrorAndTheOthersShareTheWholeTotal() {
        Prices prices = Formula.parse("fordeling:1000:F1", FIELDS)
                .price(List.of(withF1(1, "20"), withF1(2, null), withF1(3, "30"), member(4, Map.of("F1", "lots"))));

        assertThat(prices.amounts()).containsExactly(
                Map.entry(1L, new BigDecimal("400.00")),
                Map.entry(3L, new BigDecimal("600.00")));
        assertThat(prices.errors()).containsExactly(
                Map.entry(2L, "no value for F1 (meter reading)"),
                Map.entry(4L, "F1 (meter reading) holds 'lots', not a number"));
    }

    @Test
    void aNegativeF1IsAnErrorInADistribution() {
        Prices prices = Formula.parse("fordeling:100:F1", FIELDS).price(List.of(withF1(1, "-5"), withF1(2, "5")));

        assertThat(prices.amounts()).containsExactly(Map.entry(2L, new BigDecimal("100.00")));
        assertThat(prices.errors()).containsExactly(
                Map.entry(1L, "F1 (meter reading) is -5; a share cannot be negative"));
    }

    @Test
    void aDistributionByF1WhenEveryoneHasZeroIsAnErrorForEach() {
        Prices prices = Formula.parse("fordeling:100:F1", FIELDS).price(List.of(withF1(1, "0"), withF1(2, "0")));

        assertThat(prices.amounts()).isEmpty();
        assertThat(prices.errors()).containsOnlyKeys(1L, 2L);
        assertThat(prices.errors().get(1L)).contains("0 for every member");
    }

    @Test
    void aMemberSelectedTwiceIsRefused() {
        Formula formula = Formula.parse("fordeling:100", FIELDS);

        assertThatThrownBy(() -> formula.price(List.of(member(1), member(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Member 1 is selected twice");
    }

    @ParameterizedTest
    @CsvSource({"10, 50.00", "20, 100.00", "2.5, 12.50", "0.003, 0.02", "0.001, 0.00"})
    void multiplyTakesF1TimesFiveRoundedHalfEven(String f1, String amount) {
        Prices prices = Formula.parse("multiply:F1*5", FIELDS).price(List.of(withF1(1, f1)));

        assertThat(prices.amounts()).containsExactly(Map.entry(1L, new BigDecimal(amount)));
    }

    @Test
    void multiplyWithoutF1IsAnError() {
        Prices prices = Formula.parse("gange:F1*5", FIELDS).price(List.of(withF1(1, "10"), withF1(2, null)));

        assertThat(prices.amounts()).containsExactly(Map.entry(1L, new BigDecimal("50.00")));
        assertThat(prices.errors()).containsExactly(Map.entry(2L, "no value for F1 (meter reading)"));
    }

    @ParameterizedTest
    @CsvSource({"500, 1750.00", "1500, 4500.00", "5000, 12500.00", "0, 0.00", "1000, 3500.00", "1001, 3003.00",
            "10000, 25000.00"})
    void intervalTakesF1TimesTheRateOfItsRange(String f1, String amount) {
        Prices prices = Formula.parse(INTERVAL, FIELDS).price(List.of(withF1(1, f1)));

        assertThat(prices.errors()).isEmpty();
        assertThat(prices.amounts()).containsExactly(Map.entry(1L, new BigDecimal(amount)));
    }

    @Test
    void aValueInNoRangeIsAnErrorNamingTheValueNotAZero() {
        Prices prices = Formula.parse(INTERVAL, FIELDS).price(List.of(withF1(1, "20000"), withF1(2, "500")));

        assertThat(prices.amounts()).containsOnlyKeys(2L);
        assertThat(prices.errors()).containsExactly(Map.entry(1L, "20000 lies in no range of " + INTERVAL));
    }

    @Test
    void aValueBetweenTwoRangesLiesInNeither() {
        Prices prices = Formula.parse(INTERVAL, FIELDS).price(List.of(withF1(1, "1000.5")));

        assertThat(prices.errors().get(1L)).startsWith("1000.5 lies in no range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fordeling:1000", "distribute:1000", "FORDELING:1000", "Distribute:1000",
            " fordeling : 1000 "})
    void evenSplitKeywordsInDanishAndEnglish(String text) {
        assertThat(Formula.parse(text, FIELDS).price(List.of(member(1), member(2))).amounts().values())
                .containsExactly(new BigDecimal("500.00"), new BigDecimal("500.00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"multiply:F1*5", "gange:F1*5", "GANGE:f1*5", "Multiply:5*F1",
            "multiply:meter reading*5", "gange:F1*5,0", "multiply:F1*5.00"})
    void multiplyKeywordsInDanishAndEnglishWithTheFieldByCodeOrName(String text) {
        assertThat(Formula.parse(text, FIELDS).price(List.of(withF1(1, "10"))).amounts())
                .containsExactly(Map.entry(1L, new BigDecimal("50.00")));
    }

    @ParameterizedTest
    @ValueSource(strings = {INTERVAL, "INTERVAL:F1:0-1000=3.5:1001-2000=3:2001-10000=2.5",
            "interval:meter reading:0-1000=3,5:1001-2000=3,0:2001-10000=2,50",
            "interval:F1:2001-10000=2,5:0-1000=3,5:1001-2000=3"})
    void intervalAcceptsADecimalCommaOrPointAndRangesInAnyOrder(String text) {
        Prices prices = Formula.parse(text, FIELDS)
                .price(List.of(withF1(1, "500"), withF1(2, "1500"), withF1(3, "5000")));

        assertThat(prices.amounts().values()).containsExactly(
                new BigDecimal("1750.00"), new BigDecimal("4500.00"), new BigDecimal("12500.00"));
    }

    @Test
    void decimalBoundsWork() {
        Prices prices = Formula.parse("interval:F3:0-7,5=100:7,51-12=150", FIELDS)
                .price(List.of(member(1, Map.of("F3", new BigDecimal("7.5"))),
                        member(2, Map.of("F3", new BigDecimal("7.51")))));

        assertThat(prices.amounts().values())
                .containsExactly(new BigDecimal("750.00"), new BigDecimal("1126.50"));
    }

    @Test
    void aTotalWithADecimalCommaIsSplitToTheCent() {
        assertThat(Formula.parse("fordeling:100,01", FIELDS).price(List.of(member(1), member(2))).amounts().values())
                .containsExactly(new BigDecimal("50.01"), new BigDecimal("50.00"));
    }

    @Test
    void aSyntaxErrorIsInvalidInputForTheFormulaFieldWithItsPosition() {
        FormulaSyntaxException e = catchThrowableOfType(
                () -> Formula.parse("interval:F1:0-1000=x", FIELDS), FormulaSyntaxException.class);

        assertThat(e).isInstanceOf(io.duesflow.platform.InvalidInput.class);
        assertThat(e.field()).isEqualTo("formula");
        assertThat(e.position()).isEqualTo(20);
        assertThat(e).hasMessage("position 20: expected a number after '=' in interval:F1:0-1000=x");
    }

    @ParameterizedTest(name = "{0} → position {1}")
    @CsvSource(delimiter = '|', value = {
            "''                              | 1  | expected a formula kind",
            "split:1000                      | 1  | unknown formula kind 'split'",
            "fordeling                       | 10 | expected ':' after 'fordeling'",
            "fordeling:                      | 11 | expected a total",
            "fordeling:abc                   | 11 | expected a total",
            "fordeling:1.000                 | 11 | at most 2 decimals",
            "fordeling:1000x                 | 15 | expected the end of the formula, found 'x'",
            "fordeling:1000:                 | 16 | expected a field code (F1) or name",
            "fordeling:1000:F9               | 16 | unknown field 'F9'; expected one of F1 (meter reading), F3 (boat length)",
            "fordeling:1000:F2               | 16 | expected a number field, but F2 (boat name) is a TEXT field",
            "multiply:F1                     | 12 | expected '*' after the field",
            "multiply:F1*                    | 13 | expected a factor",
            "multiply:F1*5,                  | 15 | expected digits after ','",
            "gange:boat name*2               | 7  | TEXT field",
            "interval:F1                     | 12 | expected ':' and a range",
            "interval:F1:                    | 13 | expected a lower bound",
            "interval:F1:0=3                 | 14 | expected '-' after the lower bound",
            "interval:F1:0-                  | 15 | expected an upper bound",
            "interval:F1:0-1000              | 19 | expected '=' after the upper bound",
            "interval:F1:0-1000=3,5:         | 24 | expected a lower bound",
            "interval:F1:2000-1000=3         | 13 | expected the lower bound first, found the range 2000-1000",
            "interval:F1:0-1000=3:900-2000=2 | 22 | 900-2000 overlaps 0-1000",
            "interval:F1:0-1000=3:1000-2000=2| 22 | 1000-2000 overlaps 0-1000"})
    void parseErrorsNameThePositionAndWhatWasExpected(String text, int position, String message) {
        assertThatThrownBy(() -> Formula.parse(text, FIELDS))
                .isInstanceOfSatisfying(FormulaSyntaxException.class, e -> {
                    assertThat(e.position()).isEqualTo(position);
                    assertThat(e.getMessage()).startsWith("position " + position + ": ").contains(message);
                });
    }
}
