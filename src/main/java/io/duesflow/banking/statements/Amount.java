package io.duesflow.banking.statements;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An amount exactly as the bank wrote it, with its currency: {@code 18.150} keeps its three decimals and
 * {@code 200000} has none. Whether an amount with fractions of a cent can be booked is the caller's decision.
 * Amounts in ISO 20022 are never negative; the direction is a {@link CreditDebit} beside them.
 */
public record Amount(BigDecimal value, String currency) {

    public Amount {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(currency, "currency");
    }

    @Override
    public String toString() {
        return value.toPlainString() + " " + currency;
    }
}
