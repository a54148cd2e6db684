package io.duesflow.billing.criteria;

/**
 * One token; position is 1-based as users count.
 *
 * @param value the parsed literal (BigDecimal, String, LocalDate) or the operator, else null
 */
record Token(Kind kind, String text, int position, Object value) {

    enum Kind {
        NAME, NUMBER, TEXT, DATE, OPERATOR, MINUS, LEFT_PAREN, RIGHT_PAREN, END
    }

    boolean is(Kind other) {
        return kind == other;
    }

    /** Keywords are names, compared case-insensitively in either language. */
    boolean isKeyword(String danish, String english) {
        return kind == Kind.NAME && (text.equalsIgnoreCase(danish) || text.equalsIgnoreCase(english));
    }

    String describe() {
        return kind == Kind.END ? "the end" : "'" + text + "'";
    }
}
