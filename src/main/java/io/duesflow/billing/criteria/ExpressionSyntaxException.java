package io.duesflow.billing.criteria;

import io.duesflow.platform.InvalidInput;

/** A criteria expression that cannot be saved: where it goes wrong (1-based character) and what would fit there. */
public class ExpressionSyntaxException extends InvalidInput {

    private final int position;
    private final String expected;

    ExpressionSyntaxException(int position, String problem, String expected) {
        super("criteria", "position " + position + ": " + (problem == null ? "" : problem + "; ") + "expected " + expected);
        this.position = position;
        this.expected = expected;
    }

    public int position() {
        return position;
    }

    public String expected() {
        return expected;
    }
}
