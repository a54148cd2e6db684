package io.duesflow.billing.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AllocationTests {

    private static final BigDecimal CENT = new BigDecimal("0.01");

    @Test
    void aThousandOverFiftyMembersGivesTwentyEach() {
        Map<Long, BigDecimal> shares = Allocation.split(new BigDecimal("1000"), equalWeights(50));

        assertThat(shares).hasSize(50);
        assertThat(shares.values()).allMatch(share -> share.equals(new BigDecimal("20.00")));
    }

    @Test
    void aThousandOverThreeMembersGivesTheExtraCentToTheLowestNumber() {
        Map<Long, BigDecimal> shares = Allocation.split(new BigDecimal("1000"),
                Map.of(12L, BigDecimal.ONE, 3L, BigDecimal.ONE, 7L, BigDecimal.ONE));

        assertThat(shares).containsExactly(
                Map.entry(3L, new BigDecimal("333.34")),
                Map.entry(7L, new BigDecimal("333.33")),
                Map.entry(12L, new BigDecimal("333.33")));
    }

    @Test
    void aThousandInProportionToTwentyThirtyFiftyGivesTwoThreeAndFiveHundred() {
        Map<Long, BigDecimal> shares = Allocation.split(new BigDecimal("1000"),
                Map.of(1L, new BigDecimal("20"), 2L, new BigDecimal("30"), 3L, new BigDecimal("50")));

        assertThat(shares).containsExactly(
                Map.entry(1L, new BigDecimal("200.00")),
                Map.entry(2L, new BigDecimal("300.00")),
                Map.entry(3L, new BigDecimal("500.00")));
    }

    @Test
    void theLeftoverCentGoesToTheLargestRemainderBeforeTheLowestNumber() {
        // 10 × 1/3 = 3.333…, 10 × 2/3 = 6.666…: member 2 has the larger remainder.
        Map<Long, BigDecimal> shares = Allocation.split(BigDecimal.TEN,
                Map.of(1L, BigDecimal.ONE, 2L, new BigDecimal("2")));

        assertThat(shares).containsExactly(
                Map.entry(1L, new BigDecimal("3.33")),
                Map.entry(2L, new BigDecimal("6.67")));
    }

    @Test
    void aMemberWithWeightZeroGetsNothing() {
        Map<Long, BigDecimal> shares = Allocation.split(new BigDecimal("100"),
                Map.of(1L, BigDecimal.ZERO, 2L, new BigDecimal("0.5")));

        assertThat(shares).containsExactly(
                Map.entry(1L, new BigDecimal("0.00")),
                Map.entry(2L, new BigDecimal("100.00")));
    }

    @Test
    void aNegativeTotalMirrorsTheSplitOfItsAmount() {
        Map<Long, BigDecimal> shares = Allocation.split(new BigDecimal("-1000"), equalWeights(3));

        assertThat(shares.values()).containsExactly(
                new BigDecimal("-333.34"), new BigDecimal("-333.33"), new BigDecimal("-333.33"));
    }

    @Test
    void sharesAlwaysAddUpToTheTotalAndStayWithinACentOfTheExactShare() {
        Random random = new Random(20_250_601L);
        for (int round = 0; round < 2_000; round++) {
            BigDecimal total = BigDecimal.valueOf(random.nextLong(-1_000_000_00L, 10_000_000_00L), 2);
            int members = 1 + random.nextInt(60);
            Map<Long, BigDecimal> weights = new LinkedHashMap<>();
            while (weights.size() < members) {
                // Zeros, small and large weights, up to 3 decimals.
                long unscaled = random.nextInt(4) == 0 ? 0 : random.nextLong(1, 1_000_000L);
                weights.put(random.nextLong(1, 1_000_000L), BigDecimal.valueOf(unscaled, random.nextInt(4)));
            }
            if (weights.values().stream().allMatch(weight -> weight.signum() == 0)) {
                weights.put(0L, BigDecimal.ONE);
            }
            BigDecimal sum = weights.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);

            Map<Long, BigDecimal> shares = Allocation.split(total, weights);

            assertThat(shares.keySet()).containsExactlyInAnyOrderElementsOf(weights.keySet());
            assertThat(shares.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add))
                    .as("round %d", round).isEqualByComparingTo(total);
            for (Map.Entry<Long, BigDecimal> share : shares.entrySet()) {
                BigDecimal exact = total.multiply(weights.get(share.getKey())).divide(sum, MathContext.DECIMAL128);
                assertThat(share.getValue().scale()).isEqualTo(2);
                assertThat(share.getValue().subtract(exact).abs())
                        .as("member %d in round %d", share.getKey(), round).isLessThan(CENT);
            }
        }
    }

    @Test
    void aHundredThousandMembersAreSplitQuickly() {
        Map<Long, BigDecimal> weights = new LinkedHashMap<>();
        for (long member = 100_000; member > 0; member--) {
            weights.put(member, BigDecimal.valueOf(member % 97 + 1, 1));
        }

        Map<Long, BigDecimal> shares = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> Allocation.split(new BigDecimal("1234567.89"), weights));

        assertThat(shares).hasSize(100_000);
        assertThat(shares.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("1234567.89");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(new BigDecimal("10.005"), Map.of(1L, BigDecimal.ONE), "more than 2 decimals"),
                Arguments.of(new BigDecimal("10"), Map.of(), "over no members"),
                Arguments.of(new BigDecimal("10"), Map.of(1L, BigDecimal.ONE, 2L, new BigDecimal("-1")),
                        "Member 2 has the negative weight -1"),
                Arguments.of(new BigDecimal("10"), Map.of(1L, BigDecimal.ZERO, 2L, BigDecimal.ZERO),
                        "weights add up to zero"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void refusesWhatCannotBeSplitExactly(BigDecimal total, Map<Long, BigDecimal> weights, String message) {
        assertThatThrownBy(() -> Allocation.split(total, weights))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void acceptsTrailingZerosBeyondTheCent() {
        assertThat(Allocation.split(new BigDecimal("10.000"), equalWeights(2)).values())
                .containsExactly(new BigDecimal("5.00"), new BigDecimal("5.00"));
    }

    private static Map<Long, BigDecimal> equalWeights(int members) {
        Map<Long, BigDecimal> weights = new LinkedHashMap<>();
        for (long member = 1; member <= members; member++) {
            weights.put(member, BigDecimal.ONE);
        }
        return weights;
    }
}
