package io.duesflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One scale, one rounding rule, one check: what the README promises a treasurer about amounts. */
class MoneyTests {

    @ParameterizedTest(name = "{0} rounds to {1}")
    @CsvSource({"2.345, 2.34", "2.355, 2.36", "2.3451, 2.35", "2.344999, 2.34", "-2.345, -2.34", "0.005, 0.00",
            "0.015, 0.02", "10, 10.00"})
    void calculatedAmountsRoundHalfToEvenToTheCent(String exact, String rounded) {
        assertThat(Money.rounded(new BigDecimal(exact)).amount()).isEqualTo(new BigDecimal(rounded));
    }

    @ParameterizedTest(name = "{0} is the amount {1}")
    @CsvSource({"10.000, 10.00", "10, 10.00", "0.1, 0.10", "999999999999.99, 999999999999.99"})
    void anAmountKeepsTwoDecimalsAndTrailingZerosDoNotCount(String typed, String amount) {
        assertThat(Money.checked("price", new BigDecimal(typed), false)).isEqualTo(new BigDecimal(amount));
    }

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource({"10.005, more than two decimals", "1000000000000.00, more than a charge can hold",
            "-1, at least 0"})
    void anAmountThatIsNotMoneyIsRefusedNamingTheFieldAndTheRule(String typed, String rule) {
        assertThatThrownBy(() -> Money.checked("price", new BigDecimal(typed), false)).isInstanceOf(InvalidInput.class)
                .hasMessageContaining(rule).satisfies(e -> assertThat(((InvalidInput) e).field()).isEqualTo("price"));
    }

    @Test
    void aPositiveAmountRefusesZero() {
        assertThatThrownBy(() -> Money.checked("feeAmount", BigDecimal.ZERO, true)).hasMessageContaining("more than 0");
    }

    @Test
    void sumsStayExact() {
        Money third = Money.of("333.33");
        assertThat(third.plus(third).plus(Money.of("333.34"))).isEqualTo(Money.of("1000"));
        assertThat(Money.of("100").minus(Money.of("100.01")).isNegative()).isTrue();
    }
}
