package io.duesflow.billing.criteria;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.duesflow.billing.criteria.Token.Kind;

/** Splits an expression into tokens, by hand so every error knows its character position. */
final class Tokenizer {

    // Typographic quotes arrive when people paste examples from word processors and the Danish help pages.
    private static final String DOUBLE_QUOTES = "\"“”„";
    private static final String SINGLE_QUOTES = "'‘’";

    private final String text;
    private int index;

    private Tokenizer(String text) {
        this.text = text;
    }

    static List<Token> tokenize(String text) {
        return new Tokenizer(text).tokens();
    }

    private List<Token> tokens() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpace();
            if (index >= text.length()) {
                tokens.add(new Token(Kind.END, "", text.length() + 1, null));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private void skipSpace() {
        // isSpaceChar also covers the non-breaking space that pasted text often carries.
        while (index < text.length() && (Character.isWhitespace(text.charAt(index)) || Character.isSpaceChar(text.charAt(index)))) {
            index++;
        }
    }

    private Token next() {
        int start = index;
        char c = text.charAt(index);
        if (Character.isLetter(c) || c == '_') {
            while (index < text.length() && (Character.isLetterOrDigit(text.charAt(index)) || text.charAt(index) == '_')) {
                index++;
            }
            return token(Kind.NAME, start, null);
        }
        if (isDigit(start)) {
            return looksLikeDate(start) ? date(start) : number(start);
        }
        if (DOUBLE_QUOTES.indexOf(c) >= 0) {
            return quoted(start, DOUBLE_QUOTES);
        }
        if (SINGLE_QUOTES.indexOf(c) >= 0) {
            return quoted(start, SINGLE_QUOTES);
        }
        index++;
        Token symbol = switch (c) {
            case '(' -> token(Kind.LEFT_PAREN, start, null);
            case ')' -> token(Kind.RIGHT_PAREN, start, null);
            case '-' -> token(Kind.MINUS, start, null);
            case '=' -> token(Kind.OPERATOR, start, Operator.EQ);
            case '!' -> follows('=') ? token(Kind.OPERATOR, start, Operator.NE) : null;
            // Spreadsheet users write <> for "not equal".
            case '<' -> token(Kind.OPERATOR, start, follows('=') ? Operator.LE : follows('>') ? Operator.NE : Operator.LT);
            case '>' -> token(Kind.OPERATOR, start, follows('=') ? Operator.GE : Operator.GT);
            default -> null;
        };
        if (symbol != null) {
            return symbol;
        }
        throw new ExpressionSyntaxException(start + 1, "unexpected character '" + text.substring(start, index) + "'",
                "a name, a number, a date, text in quotes, an operator or a parenthesis");
    }

    private boolean follows(char expected) {
        if (index < text.length() && text.charAt(index) == expected) {
            index++;
            return true;
        }
        return false;
    }

    private boolean isDigit(int at) {
        return at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9';
    }

    private boolean looksLikeDate(int at) {
        return isDigit(at) && isDigit(at + 1) && isDigit(at + 2) && isDigit(at + 3) && charIs(at + 4, '-')
                && isDigit(at + 5) && isDigit(at + 6) && charIs(at + 7, '-') && isDigit(at + 8) && isDigit(at + 9);
    }

    private boolean charIs(int at, char expected) {
        return at < text.length() && text.charAt(at) == expected;
    }

    private Token date(int start) {
        index = start + 10;
        String written = text.substring(start, index);
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(written.substring(0, 4)), Integer.parseInt(written.substring(5, 7)),
                    Integer.parseInt(written.substring(8, 10)));
            return token(Kind.DATE, start, date);
        } catch (DateTimeException e) {
            throw new ExpressionSyntaxException(start + 1, "'" + written + "' is no date", Type.DATE.example);
        }
    }

    private Token number(int start) {
        while (isDigit(index)) {
            index++;
        }
        // Decimal comma or point; no function takes two arguments, so a comma is never a separator.
        if ((charIs(index, ',') || charIs(index, '.')) && isDigit(index + 1)) {
            index++;
            while (isDigit(index)) {
                index++;
            }
        }
        return token(Kind.NUMBER, start, new BigDecimal(text.substring(start, index).replace(',', '.')));
    }

    private Token quoted(int start, String quotes) {
        int end = start + 1;
        while (end < text.length() && quotes.indexOf(text.charAt(end)) < 0) {
            end++;
        }
        if (end >= text.length()) {
            throw new ExpressionSyntaxException(start + 1, "text without closing quote",
                    "a closing " + text.charAt(start));
        }
        index = end + 1;
        return token(Kind.TEXT, start, text.substring(start + 1, end));
    }

    private Token token(Kind kind, int start, Object value) {
        return new Token(kind, text.substring(start, index), start + 1, value);
    }
}
