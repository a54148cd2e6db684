package io.duesflow.billing.criteria;

import java.math.BigDecimal;
import java.time.temporal.ChronoField;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.duesflow.billing.criteria.Condition.And;
import io.duesflow.billing.criteria.Condition.Comparison;
import io.duesflow.billing.criteria.Condition.InGroup;
import io.duesflow.billing.criteria.Condition.IsEmpty;
import io.duesflow.billing.criteria.Condition.Not;
import io.duesflow.billing.criteria.Condition.Or;
import io.duesflow.billing.criteria.Condition.RollMatch;
import io.duesflow.billing.criteria.Token.Kind;
import io.duesflow.billing.criteria.Value.Constant;
import io.duesflow.billing.criteria.Value.DatePart;
import io.duesflow.billing.criteria.Value.Empty;
import io.duesflow.billing.criteria.Value.ExtraValue;
import io.duesflow.billing.criteria.Value.MemberValue;
import io.duesflow.billing.criteria.Value.Roll;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.ExtraField;

/**
 * Recursive descent over the tokens, checking types as it builds the tree so a wrong expression is refused when
 * the billing line is saved, not when a run meets the first member.
 *
 * <pre>
 * or         := and (("eller" | "or") and)*
 * and        := not (("og" | "and") not)*
 * not        := ("ikke" | "not") not | comparison
 * comparison := "(" or ")" | in_group | value operator value
 * value      := number | "-" number | text | date | "tom" | attribute | extra field | function "(" argument ")"
 * </pre>
 */
final class Parser {

    private static final String VALUE = "a value such as alder, indmeldelsesdato, F1, 18, 2026-01-31 or \"DK\"";
    private static final String OPERATOR = "a comparison operator such as =, !=, <, <=, > or >=";
    private static final String EQUALITY = "'=' or '!='";
    private static final String FUNCTIONS = "one of måned, år, dag, rul, felt, i_gruppe (month, year, day, roll, field, in_group)";

    /**
     * The longest expression read: an association's criteria are a line or two. A longer text is refused before it
     * is read, so no expression can make the parser or a run's test of each member work for long.
     */
    static final int MAX_LENGTH = 2_000;
    /** Parentheses and negations nested deeper than any person writes them are refused, not followed to the end. */
    static final int MAX_DEPTH = 50;

    private final List<Token> tokens;
    private final List<ExtraField> extraFields;
    private int current;
    private int depth;

    private Parser(List<Token> tokens, List<ExtraField> extraFields) {
        this.tokens = tokens;
        this.extraFields = extraFields;
    }

    static Condition parse(String text, List<ExtraField> extraFields) {
        if (text.length() > MAX_LENGTH) {
            throw new ExpressionSyntaxException(MAX_LENGTH + 1, "the expression is " + text.length()
                    + " characters long, more than the " + MAX_LENGTH + " an expression may have",
                    "a shorter expression (a group, in_group(\"…\"), selects many members at once)");
        }
        Parser parser = new Parser(Tokenizer.tokenize(text), extraFields);
        Condition condition = parser.or();
        Token rest = parser.peek();
        if (!rest.is(Kind.END)) {
            throw unexpected(rest, "og/and, eller/or or the end");
        }
        return condition;
    }

    private Condition or() {
        Condition left = and();
        while (peek().isKeyword("eller", "or")) {
            advance();
            left = new Or(left, and());
        }
        return left;
    }

    private Condition and() {
        Condition left = not();
        while (peek().isKeyword("og", "and")) {
            advance();
            left = new And(left, not());
        }
        return left;
    }

    private Condition not() {
        if (peek().isKeyword("ikke", "not")) {
            Token negation = advance();
            deeper(negation);
            Condition negated = new Not(not());
            depth--;
            return negated;
        }
        return comparison();
    }

    private void deeper(Token at) {
        if (++depth > MAX_DEPTH) {
            throw new ExpressionSyntaxException(at.position(), "parentheses and ikke/not nested more than " + MAX_DEPTH
                    + " deep", "fewer parentheses");
        }
    }

    private Condition comparison() {
        Token start = peek();
        if (start.is(Kind.END)) {
            throw unexpected(start, Type.CONDITION.example);
        }
        if (start.is(Kind.LEFT_PAREN)) {
            advance();
            deeper(start);
            Condition inner = or();
            expect(Kind.RIGHT_PAREN, "')'");
            depth--;
            return inner;
        }
        if (start.isKeyword("i_gruppe", "in_group") && peekAfter().is(Kind.LEFT_PAREN)) {
            advance();
            advance();
            InGroup inGroup = new InGroup(textArgument("a group name in quotes such as \"Ungdom\""));
            expect(Kind.RIGHT_PAREN, "')'");
            return inGroup;
        }
        Value left = value();
        Token operator = peek();
        if (!operator.is(Kind.OPERATOR)) {
            throw unexpected(operator, OPERATOR);
        }
        advance();
        Token rightStart = peek();
        Value right = value();
        return compare(left, start, operator, right, rightStart);
    }

    private Condition compare(Value left, Token leftStart, Token operatorToken, Value right, Token rightStart) {
        Operator operator = (Operator) operatorToken.value();
        if (left instanceof Roll) {
            throw new ExpressionSyntaxException(leftStart.position(), "rul(n) belongs on the right of = or !=",
                    Type.ROLL.example);
        }
        if (right instanceof Roll roll) {
            if (!operator.isEquality()) {
                throw new ExpressionSyntaxException(operatorToken.position(),
                        "rul(n) cannot be compared with '" + operator.symbol + "'", EQUALITY);
            }
            if (left.type() != Type.NUMBER) {
                throw new ExpressionSyntaxException(leftStart.position(),
                        "rul(n) needs a month, not " + left.type().description, Type.ROLL.example);
            }
            return new RollMatch(left, roll.period(), operator == Operator.EQ);
        }
        if (left instanceof Empty && right instanceof Empty) {
            throw new ExpressionSyntaxException(rightStart.position(), "tom compared with tom", Type.EMPTY.example);
        }
        if (left instanceof Empty || right instanceof Empty) {
            if (!operator.isEquality()) {
                throw new ExpressionSyntaxException(operatorToken.position(),
                        "tom cannot be compared with '" + operator.symbol + "'", EQUALITY);
            }
            return new IsEmpty(left instanceof Empty ? right : left, operator == Operator.EQ);
        }
        if (left.type() != right.type()) {
            throw new ExpressionSyntaxException(rightStart.position(),
                    "cannot compare " + left.type().description + " with " + right.type().description, left.type().example);
        }
        if (left.type() == Type.TEXT && !operator.isEquality()) {
            throw new ExpressionSyntaxException(operatorToken.position(),
                    "text cannot be compared with '" + operator.symbol + "'", EQUALITY);
        }
        checkCollectionMethod(left, right, rightStart);
        checkCollectionMethod(right, left, leftStart);
        return new Comparison(left, operator, right);
    }

    /** A misspelt collection method would silently select nobody; refuse it while the user is still looking. */
    private static void checkCollectionMethod(Value attribute, Value other, Token otherStart) {
        if (attribute instanceof MemberValue member && member.attribute() == Attribute.COLLECTION_METHOD
                && other instanceof Constant constant) {
            String written = (String) constant.value();
            if (Arrays.stream(CollectionMethod.values()).noneMatch(method -> method.name().equalsIgnoreCase(written))) {
                throw new ExpressionSyntaxException(otherStart.position(), "unknown collection method '" + written + "'",
                        "one of " + Arrays.stream(CollectionMethod.values()).map(Enum::name).collect(Collectors.joining(", ")));
            }
        }
    }

    private Value value() {
        Token token = advance();
        return switch (token.kind()) {
            case NUMBER -> new Constant(Type.NUMBER, token.value());
            case MINUS -> {
                Token number = advance();
                if (!number.is(Kind.NUMBER)) {
                    throw unexpected(number, "a number after '-'");
                }
                yield new Constant(Type.NUMBER, ((BigDecimal) number.value()).negate());
            }
            case TEXT -> new Constant(Type.TEXT, token.value());
            case DATE -> new Constant(Type.DATE, token.value());
            case NAME -> name(token);
            default -> throw unexpected(token, VALUE);
        };
    }

    private Value name(Token token) {
        String name = token.text().toLowerCase(Locale.ROOT);
        if (token.isKeyword("tom", "empty")) {
            return new Empty();
        }
        if (peek().is(Kind.LEFT_PAREN)) {
            return function(token, name);
        }
        Attribute attribute = Attribute.named(name);
        if (attribute != null) {
            return new MemberValue(attribute);
        }
        for (ExtraField field : extraFields) {
            if (field.code().equalsIgnoreCase(name)) {
                return extra(field);
            }
        }
        if (isReserved(token)) {
            throw unexpected(token, VALUE);
        }
        if (looksLikeFieldCode(name)) {
            throw new ExpressionSyntaxException(token.position(), "unknown extra field '" + token.text() + "'",
                    extraFields.isEmpty() ? "an attribute such as alder; the association has no extra fields"
                            : "one of " + extraFields.stream().map(ExtraField::code).collect(Collectors.joining(", ")));
        }
        if (isFunction(name)) {
            throw unexpected(peek(), "'(' after " + token.text());
        }
        throw new ExpressionSyntaxException(token.position(), "unknown name '" + token.text() + "'",
                "an attribute such as alder, indmeldelsesdato" + (extraFields.isEmpty() ? "" : ", " + extraFields.get(0).code()) + " …");
    }

    private Value function(Token token, String name) {
        advance();
        Value value = switch (name) {
            case "måned", "month" -> datePart(ChronoField.MONTH_OF_YEAR, token);
            case "år", "year" -> datePart(ChronoField.YEAR, token);
            case "dag", "day" -> datePart(ChronoField.DAY_OF_MONTH, token);
            case "rul", "roll" -> roll();
            case "felt", "field" -> fieldNamed();
            case "i_gruppe", "in_group" -> throw new ExpressionSyntaxException(token.position(),
                    token.text() + "(…) is a condition of its own", VALUE);
            default -> throw new ExpressionSyntaxException(token.position(), "unknown function '" + token.text() + "'", FUNCTIONS);
        };
        expect(Kind.RIGHT_PAREN, "')'");
        return value;
    }

    private Value datePart(ChronoField part, Token function) {
        Token argumentStart = peek();
        Value date = value();
        if (date.type() != Type.DATE) {
            throw new ExpressionSyntaxException(argumentStart.position(),
                    function.text() + "(…) needs a date, not " + date.type().description, "a date such as indmeldelsesdato");
        }
        return new DatePart(part, date);
    }

    private Value roll() {
        Token period = advance();
        if (!period.is(Kind.NUMBER) || !isWholeMonthCount((BigDecimal) period.value())) {
            throw unexpected(period, "a whole number of months from 1 to 12");
        }
        return new Roll(((BigDecimal) period.value()).intValueExact());
    }

    private static boolean isWholeMonthCount(BigDecimal value) {
        return value.stripTrailingZeros().scale() <= 0 && value.compareTo(BigDecimal.ONE) >= 0
                && value.compareTo(BigDecimal.valueOf(12)) <= 0;
    }

    private Value fieldNamed() {
        Token nameToken = peek();
        String wanted = textArgument("a field name in quotes such as \"meter reading\"").trim();
        for (ExtraField field : extraFields) {
            if (field.name() != null && field.name().trim().equalsIgnoreCase(wanted)) {
                return extra(field);
            }
        }
        throw new ExpressionSyntaxException(nameToken.position(), "unknown extra field '" + wanted + "'",
                extraFields.isEmpty() ? "an attribute such as alder; the association has no extra fields"
                        : "one of " + extraFields.stream().map(field -> "\"" + field.name() + "\"").collect(Collectors.joining(", ")));
    }

    private String textArgument(String expected) {
        Token text = advance();
        if (!text.is(Kind.TEXT)) {
            throw unexpected(text, expected);
        }
        return (String) text.value();
    }

    private static Value extra(ExtraField field) {
        Type type = switch (field.type()) {
            case NUMBER -> Type.NUMBER;
            case TEXT -> Type.TEXT;
            case DATE -> Type.DATE;
        };
        return new ExtraValue(field.code(), field.name(), type);
    }

    private static boolean looksLikeFieldCode(String name) {
        return name.length() > 1 && name.charAt(0) == 'f' && name.substring(1).chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean isFunction(String name) {
        return List.of("måned", "month", "år", "year", "dag", "day", "rul", "roll", "felt", "field", "i_gruppe", "in_group")
                .contains(name);
    }

    private static boolean isReserved(Token token) {
        return token.isKeyword("og", "and") || token.isKeyword("eller", "or") || token.isKeyword("ikke", "not");
    }

    private Token peek() {
        return tokens.get(current);
    }

    private Token peekAfter() {
        return tokens.get(Math.min(current + 1, tokens.size() - 1));
    }

    /** Never moves past END, so error paths can always look at the token they failed on. */
    private Token advance() {
        Token token = tokens.get(current);
        if (!token.is(Kind.END)) {
            current++;
        }
        return token;
    }

    private void expect(Kind kind, String expected) {
        if (!peek().is(kind)) {
            throw unexpected(peek(), expected);
        }
        advance();
    }

    /** "position 17: expected ')'" at the end, "position 9: unexpected 'xyz'; expected …" elsewhere. */
    private static ExpressionSyntaxException unexpected(Token token, String expected) {
        return new ExpressionSyntaxException(token.position(), token.is(Kind.END) ? null : "unexpected " + token.describe(),
                expected);
    }
}
