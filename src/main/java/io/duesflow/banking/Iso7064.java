package io.duesflow.banking;

/** ISO 7064 mod 97-10, the check behind IBANs, SEPA creditor identifiers and RF creditor references. */
final class Iso7064 {

    private Iso7064() {
    }

    /** The remainder mod 97 of the text read as a number with A=10 … Z=35, taken digit by digit. */
    static int mod97(String text) {
        int remainder = 0;
        for (char c : text.toCharArray()) {
            int value = Character.getNumericValue(c);
            remainder = (remainder * (value < 10 ? 10 : 100) + value) % 97;
        }
        return remainder;
    }
}
