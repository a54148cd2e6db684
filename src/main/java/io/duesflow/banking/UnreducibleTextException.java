package io.duesflow.banking;

/**
 * A text or identifier that cannot go into a SEPA file as it is: letters with no Latin form, nothing left after the
 * reduction, or an identifier the EPC forbids. The caller leaves the member out and shows {@link #reason()}.
 */
public class UnreducibleTextException extends IllegalArgumentException {

    private final String field;
    private final String text;
    private final String reason;

    UnreducibleTextException(String field, String text, String reason) {
        super("The " + field + " '" + text + "' " + reason);
        this.field = field;
        this.text = text;
        this.reason = reason;
    }

    /** What the text is, e.g. {@code debtor name}. */
    public String field() {
        return field;
    }

    /** The text as given. */
    public String text() {
        return text;
    }

    /** Why it was refused, e.g. {@code has letters with no Latin form in the SEPA character set: И, в}. */
    public String reason() {
        return reason;
    }
}
