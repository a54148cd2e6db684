package io.duesflow.billing.criteria;

import static io.duesflow.billing.criteria.TestMembers.criteria;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

/** A wrong expression is refused when the billing line is saved, with the position and what was expected. */
class CriteriaSyntaxErrorTests {

    @Test
    void missingClosingParenthesisAfterAFunctionArgument() {
        ExpressionSyntaxException error = refused("måned(indmeldelsesdato=1");

        assertThat(error.position()).isEqualTo(23);
        assertThat(error.expected()).isEqualTo("')'");
        assertThat(error).hasMessage("position 23: unexpected '='; expected ')'");
    }

    @Test
    void missingClosingParenthesisAtTheEnd() {
        ExpressionSyntaxException error = refused("(alder<18 og F1>2");

        assertThat(error.position()).isEqualTo(18);
        assertThat(error).hasMessage("position 18: expected ')'");
    }

    @Test
    void unknownNameListsAttributesToChooseFrom() {
        ExpressionSyntaxException error = refused("F1 > 2 og alderr < 18");

        assertThat(error.position()).isEqualTo(11);
        assertThat(error.expected()).isEqualTo("an attribute such as alder, indmeldelsesdato, F1 …");
        assertThat(error).hasMessage("position 11: unknown name 'alderr'; expected an attribute such as alder, indmeldelsesdato, F1 …");
    }

    @Test
    void unknownExtraFieldCode() {
        ExpressionSyntaxException error = refused("F9 > 2");

        assertThat(error.position()).isEqualTo(1);
        assertThat(error).hasMessage("position 1: unknown extra field 'F9'; expected one of F1, F2, F3");
    }

    @Test
    void unknownExtraFieldName() {
        ExpressionSyntaxException error = refused("felt(\"meter readng\") > 2");

        assertThat(error.position()).isEqualTo(6);
        assertThat(error).hasMessage("position 6: unknown extra field 'meter readng'; "
                + "expected one of \"meter reading\", \"boat name\", \"insured until\"");
    }

    @Test
    void rollComparedWithLessThan() {
        ExpressionSyntaxException error = refused("måned(indmeldelsesdato) < rul(3)");

        assertThat(error.position()).isEqualTo(25);
        assertThat(error.expected()).isEqualTo("'=' or '!='");
        assertThat(error).hasMessage("position 25: rul(n) cannot be compared with '<'; expected '=' or '!='");
    }

    @Test
    void dateComparedWithNumber() {
        ExpressionSyntaxException error = refused("indmeldelsesdato > 5");

        assertThat(error.position()).isEqualTo(20);
        assertThat(error.expected()).isEqualTo("a date such as 2026-01-31");
        assertThat(error).hasMessage("position 20: cannot compare a date with a number; expected a date such as 2026-01-31");
    }

    @Test
    void trailingGarbage() {
        ExpressionSyntaxException error = refused("alder<18 xyz");

        assertThat(error.position()).isEqualTo(10);
        assertThat(error).hasMessage("position 10: unexpected 'xyz'; expected og/and, eller/or or the end");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void emptyText(String text) {
        ExpressionSyntaxException error = refused(text);

        assertThat(error.position()).isEqualTo(1);
        assertThat(error).hasMessage("position 1: expected a condition such as alder<18");
    }

    @Test
    void theFieldIsCriteriaSoTheFormCanShowIt() {
        assertThat(refused("alder <").field()).isEqualTo("criteria");
    }

    @Test
    void fieldCodesNeedTheAssociationsFields() {
        ExpressionSyntaxException error = catchThrowableOfType(() -> Criteria.parse("F1 > 2", List.of()),
                ExpressionSyntaxException.class);

        assertThat(error).hasMessage("position 1: unknown extra field 'F1'; expected an attribute such as alder; "
                + "the association has no extra fields");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "alder | 6 | position 6: expected a comparison operator such as =, !=, <, <=, > or >=",
            "alder < | 8 | position 8: expected a value such as alder, indmeldelsesdato, F1, 18, 2026-01-31 or \"DK\"",
            "alder<18 og | 12 | position 12: expected a condition such as alder<18",
            "alder<18) | 9 | position 9: unexpected ')'; expected og/and, eller/or or the end",
            "alder = 2026-01-01 | 9 | position 9: cannot compare a number with a date; expected a number such as 18",
            "land = 45 | 8 | position 8: cannot compare text with a number; expected text in quotes such as \"DK\"",
            "F2 = F1 | 6 | position 6: cannot compare text with a number; expected text in quotes such as \"DK\"",
            "land < \"DK\" | 6 | position 6: text cannot be compared with '<'; expected '=' or '!='",
            "rul(3)=måned(indmeldelsesdato) | 1 | position 1: rul(n) belongs on the right of = or !=; expected a month such as måned(indmeldelsesdato)",
            "indmeldelsesdato = rul(3) | 1 | position 1: rul(n) needs a month, not a date; expected a month such as måned(indmeldelsesdato)",
            "måned(indmeldelsesdato)=rul(13) | 29 | position 29: unexpected '13'; expected a whole number of months from 1 to 12",
            "month(join_date)=roll(1,5) | 23 | position 23: unexpected '1,5'; expected a whole number of months from 1 to 12",
            "month(join_date)=roll(F1) | 23 | position 23: unexpected 'F1'; expected a whole number of months from 1 to 12",
            "month(age) = 1 | 7 | position 7: month(…) needs a date, not a number; expected a date such as indmeldelsesdato",
            "mnd(indmeldelsesdato)=1 | 1 | position 1: unknown function 'mnd'; expected one of måned, år, dag, rul, felt, i_gruppe (month, year, day, roll, field, in_group)",
            "måned = 1 | 7 | position 7: unexpected '='; expected '(' after måned",
            "i_gruppe(Ungdom) | 10 | position 10: unexpected 'Ungdom'; expected a group name in quotes such as \"Ungdom\"",
            "alder = i_gruppe(\"Ungdom\") | 9 | position 9: i_gruppe(…) is a condition of its own; expected a value such as alder, indmeldelsesdato, F1, 18, 2026-01-31 or \"DK\"",
            "land = \"DK | 8 | position 8: text without closing quote; expected a closing \"",
            "alder # 18 | 7 | position 7: unexpected character '#'; expected a name, a number, a date, text in quotes, an operator or a parenthesis",
            "indmeldelsesdato < 2026-02-30 | 20 | position 20: '2026-02-30' is no date; expected a date such as 2026-01-31",
            "betalingsmåde = \"SEPA\" | 17 | position 17: unknown collection method 'SEPA'; expected one of INVOICE, SEPA_DIRECT_DEBIT, BETALINGSSERVICE, CARD, MANUAL",
            "leave_date < empty | 12 | position 12: tom cannot be compared with '<'; expected '=' or '!='",
            "tom = empty | 7 | position 7: tom compared with tom; expected a value such as udmeldelsesdato",
            "alder < og | 9 | position 9: unexpected 'og'; expected a value such as alder, indmeldelsesdato, F1, 18, 2026-01-31 or \"DK\"",
            "alder < 18 < 20 | 12 | position 12: unexpected '<'; expected og/and, eller/or or the end"})
    void refusedWithPositionAndExpectation(String text, int position, String message) {
        ExpressionSyntaxException error = refused(text);

        assertThat(error).hasMessage(message);
        assertThat(error.position()).isEqualTo(position);
    }

    private static ExpressionSyntaxException refused(String text) {
        ExpressionSyntaxException error = catchThrowableOfType(() -> criteria(text), ExpressionSyntaxException.class);
        assertThat(error).as("refusal of %s", text).isNotNull();
        return error;
    }
}
