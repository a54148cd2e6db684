package io.duesflow.billing.criteria;

enum Operator {
    EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

    final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    boolean isEquality() {
        return this == EQ || this == NE;
    }

    /** Whether a comparison result ({@code compareTo} sign) satisfies this operator. */
    boolean holds(int comparison) {
        return switch (this) {
            case EQ -> comparison == 0;
            case NE -> comparison != 0;
            case LT -> comparison < 0;
            case LE -> comparison <= 0;
            case GT -> comparison > 0;
            case GE -> comparison >= 0;
        };
    }
}
