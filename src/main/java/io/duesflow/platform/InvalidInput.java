package io.duesflow.platform;

/**
 * Input a user can correct: answered 400 with the field (or CSV row and column, or expression position)
 * that is wrong and why. Rooms throw this or a subclass of it.
 */
public class InvalidInput extends RuntimeException {

    private final String field;

    public InvalidInput(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
