package io.duesflow.banking;

import java.util.List;

/** A bank file its official schema refuses: one duesflow wrote must not reach the bank, one it got is not read. */
public class SchemaViolationException extends RuntimeException {

    private final String messageName;
    private final List<SchemaProblem> problems;

    public SchemaViolationException(String messageName, List<SchemaProblem> problems) {
        super("The " + messageName + " file does not match its schema: " + problems.size()
                + (problems.size() >= Iso20022Schemas.MAX_PROBLEMS ? " or more" : "") + " problem"
                + (problems.size() == 1 ? "" : "s") + ", the first at " + problems.get(0));
        this.messageName = messageName;
        this.problems = List.copyOf(problems);
    }

    /** The message the file was checked as, e.g. {@code pain.008.001.08}. */
    public String messageName() {
        return messageName;
    }

    /** The problems in file order; at most {@value Pain008Schemas#MAX_PROBLEMS}. */
    public List<SchemaProblem> problems() {
        return problems;
    }
}
