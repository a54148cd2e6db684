package io.duesflow.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import io.duesflow.platform.InvalidInput;
import org.junit.jupiter.api.Test;

/** What a treasurer types into the unmatched-payment task's "charge number" field. */
class AssignmentTextTests {

    @Test
    void oneChargeAloneTakesTheWholeCredit() {
        assertThat(UnmatchedCredits.parse(" 2027-00042 ")).containsExactly(
                new UnmatchedCredits.Assignment("2027-00042", null));
    }

    @Test
    void aSplitNamesEachChargeWithItsAmountWithDecimalPointOrComma() {
        assertThat(UnmatchedCredits.parse("2027-00042 50.00; 2027-00043 25,50, 2027-00044: 3")).containsExactly(
                new UnmatchedCredits.Assignment("2027-00042", new BigDecimal("50.00")),
                new UnmatchedCredits.Assignment("2027-00043", new BigDecimal("25.50")),
                new UnmatchedCredits.Assignment("2027-00044", new BigDecimal("3")));
    }

    @Test
    void somethingThatIsNoChargeAndAmountIsRefusedNamingIt() {
        assertThatThrownBy(() -> UnmatchedCredits.parse("2027-00042 fifty"))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("'2027-00042 fifty'");
    }
}
