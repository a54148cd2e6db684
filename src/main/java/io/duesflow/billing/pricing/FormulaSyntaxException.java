package io.duesflow.billing.pricing;

import io.duesflow.platform.InvalidInput;

/** A formula that cannot be read, refused when the billing line is saved: where (1-based) and what was expected. */
public class FormulaSyntaxException extends InvalidInput {

    private final int position;
    private final String formula;

    FormulaSyntaxException(String formula, int position, String problem) {
        super("formula", "position " + position + ": " + problem + " in " + formula);
        this.position = position;
        this.formula = formula;
    }

    /** 1-based; one past the last character when the formula ends too early. */
    public int position() {
        return position;
    }

    public String formula() {
        return formula;
    }
}
