package io.duesflow.banking;

/** One thing the schema refuses in a file, where it is: line and column as the parser counts them (from 1). */
public record SchemaProblem(int line, int column, String message) {

    @Override
    public String toString() {
        return "line " + line + ", column " + column + ": " + message;
    }
}
