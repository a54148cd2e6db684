package io.duesflow.banking.betalingsservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CustomerNumbersTests {

    @ParameterizedTest
    @CsvSource({"1, 000000000000001", "42, 000000000000042", "1234567, 000000001234567",
            "999999999999999, 999999999999999"})
    void aMembersCustomerNumberIsTheMemberNumberZeroPaddedToFifteenDigits(long member, String customerNumber) {
        assertThat(CustomerNumbers.forMember(member)).isEqualTo(customerNumber).hasSize(15);
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {"000000000000042, 42", "42, 42", "\"  42  \", 42",
            "000000001234567, 1234567"})
    void readingBackStripsLeadingZerosAndSpaces(String customerNumber, long member) {
        assertThat(CustomerNumbers.memberNumber(customerNumber)).hasValue(member);
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {"00000000TEST001", "000000000000000", "\"\"", "4-2"})
    void aCustomerNumberOfAnotherShapeBelongsToNoMember(String customerNumber) {
        assertThat(CustomerNumbers.memberNumber(customerNumber)).isEmpty();
    }

    @Test
    void theNumberAsMatchedHasNoLeadingZeros() {
        assertThat(CustomerNumbers.withoutLeadingZeros("00000000TEST001")).isEqualTo("TEST001");
        assertThat(CustomerNumbers.withoutLeadingZeros(null)).isEmpty();
    }

    @Test
    void aMemberNumberBeyondFifteenDigitsOrBelowOneHasNoCustomerNumber() {
        assertThatThrownBy(() -> CustomerNumbers.forMember(1_000_000_000_000_000L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CustomerNumbers.forMember(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
