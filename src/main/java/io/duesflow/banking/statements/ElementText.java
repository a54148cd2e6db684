package io.duesflow.banking.statements;

/**
 * The text of the element being read, up to a bound: every value duesflow reads is at most 500 characters by its
 * schema, and the schema's verdict comes only at the element's end, so an endless text must not be collected
 * first. Longer text is dropped, which matters only when a reading asks for it.
 */
final class ElementText {

    private final StringBuilder text = new StringBuilder(64);
    private final int maximum;
    private boolean overflow;

    ElementText(int maximum) {
        this.maximum = maximum;
    }

    void clear() {
        text.setLength(0);
        overflow = false;
    }

    void append(char[] characters, int start, int length) {
        if (overflow || text.length() + length > maximum) {
            overflow = true;
            return;
        }
        text.append(characters, start, length);
    }

    /** The text without surrounding white space; null when there is none. */
    String value() {
        if (overflow) {
            throw new BankFileProblem("An element's text is longer than " + maximum + " characters");
        }
        int start = 0;
        int end = text.length();
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return start == end ? null : text.substring(start, end);
    }
}
