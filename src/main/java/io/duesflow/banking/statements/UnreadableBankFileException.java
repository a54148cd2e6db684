package io.duesflow.banking.statements;

/**
 * A file from the bank that duesflow does not read, and why: it is no XML or is cut off, it has a DOCTYPE, it is
 * too large, or it is not a statement or status report of a version duesflow reads. A file its schema refuses is
 * a {@link io.duesflow.banking.SchemaViolationException} instead. Where the reason has a place in the file, the
 * message and {@link #line()}/{@link #column()} name it.
 */
public class UnreadableBankFileException extends RuntimeException {

    private final int line;
    private final int column;

    UnreadableBankFileException(String reason) {
        this(reason, 0, 0, null);
    }

    UnreadableBankFileException(String reason, int line, int column, Throwable cause) {
        super(line > 0 ? reason + " (line " + line + ", column " + column + ")" : reason, cause);
        this.line = line;
        this.column = column;
    }

    /** The line the reason is on, from 1; 0 when it concerns the whole file (e.g. its size). */
    public int line() {
        return line;
    }

    /** The column on {@link #line()}, from 1; 0 when the line is 0. */
    public int column() {
        return column;
    }
}
