package io.duesflow.dunning;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;

import io.duesflow.members.Association;
import io.duesflow.members.PostalAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Which rules a reminder fee follows, by the association's country (and, in Denmark, the currency it bills in). */
class DunningLawTests {

    static final DunningSettings OWN = new DunningSettings(new BigDecimal("7.50"), 2, 21, 14, 14, 14, 7, 0, null, null);
    static final DunningSettings NONE = new DunningSettings(null, null, null, 14, 14, 14, 7, 0, null, null);

    @ParameterizedTest(name = "{0} billing in {1}: at most {2} per letter, {3} fee letters, {4} days apart, {5} days to pay")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            DK | DKK | 100.00 | 3 | 10 | -
            DK | EUR | 13.40  | 3 | 10 | -
            NL | EUR | -      | - | -  | 14
            DE | EUR | 7.50   | 2 | 21 | -
            -  | DKK | 7.50   | 2 | 21 | -
            """)
    void theRulesComeFromTheLawOfTheAssociationsCountryElseFromItsSettings(String country, String currency,
                                                                           BigDecimal maxFee, Integer letters,
                                                                           Integer days, Integer payDays) {
        DunningLaw law = DunningLaw.of(association(country, currency), OWN);

        assertThat(law.maxFee()).isEqualTo(maxFee);
        assertThat(law.maxFeeLetters()).isEqualTo(letters);
        assertThat(law.minDaysBetween()).isEqualTo(days);
        assertThat(law.minPayDaysWithFee()).isEqualTo(payDays);
    }

    @Test
    void aDanishFeeLetterNeedsTenDaysAfterTheLetterBeforeAndNoMoreThanThreeCarryAFee() {
        DunningLaw law = DunningLaw.of(association("DK", "DKK"), NONE);
        LocalDate today = LocalDate.of(2027, 2, 1);

        assertThat(law.noFeeBecause("2027-00001", 0, null, today)).isNull();
        assertThat(law.noFeeBecause("2027-00001", 1, today.minusDays(10), today)).isNull();
        assertThat(law.noFeeBecause("2027-00001", 1, today.minusDays(9), today))
                .contains("renteloven § 9 b", "at least 10 days", "9 days before");
        assertThat(law.noFeeBecause("2027-00001", 3, today.minusDays(30), today))
                .contains("renteloven § 9 b", "at most three reminder letters", "has had 3");
    }

    @Test
    void aDutchLetterWithAFeeGivesFourteenDaysCountedFromTheDayAfterIt() {
        DunningLaw law = DunningLaw.of(association("NL", "EUR"), NONE);

        assertThat(law.earliestPayByWithFee(LocalDate.of(2027, 3, 1))).as("the 2nd to the 15th")
                .isEqualTo(LocalDate.of(2027, 3, 15));
        assertThat(law.minPayDaysRule()).contains("WIK", "6:96 BW");
    }

    @Test
    void withoutOwnSettingsAnAssociationElsewhereHasNoLimits() {
        DunningLaw law = DunningLaw.of(association("SE", "EUR"), NONE);

        assertThat(law.maxFee()).isNull();
        assertThat(law.noFeeBecause("2027-00001", 9, LocalDate.of(2027, 2, 1), LocalDate.of(2027, 2, 1))).isNull();
    }

    private static Association association(String country, String currency) {
        return new Association(1, 1, "Roklubben", null, new PostalAddress(null, null, null, null, country), currency,
                "Europe/Copenhagen", "da", null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }
}
