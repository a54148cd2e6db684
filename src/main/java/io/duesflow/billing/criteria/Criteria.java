package io.duesflow.billing.criteria;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

import io.duesflow.members.ExtraField;
import io.duesflow.members.MemberSnapshot;

/**
 * A billing line's "who": a criteria expression such as {@code måned(indmeldelsesdato)=rul(3) og alder<18}, parsed
 * and type-checked once, then tested against each member of a run. Immutable, so one instance serves a whole run
 * on any number of threads.
 */
public final class Criteria {

    private final String text;
    private final Condition condition;

    private Criteria(String text, Condition condition) {
        this.text = text;
        this.condition = condition;
    }

    /**
     * @param extraFields the association's extra fields, for {@code F1} and {@code felt("…")}
     * @throws ExpressionSyntaxException with the position and what was expected there
     */
    public static Criteria parse(String text, List<ExtraField> extraFields) {
        String written = text == null ? "" : text;
        return new Criteria(written, Parser.parse(written, List.copyOf(extraFields)));
    }

    /**
     * @param runDate the run's reference date: ages are taken on it, and its month is the run month for rul(n)
     * @throws CriteriaEvaluationException when the member lacks a value the expression compares
     */
    public boolean test(MemberSnapshot member, LocalDate runDate) {
        Objects.requireNonNull(runDate, "runDate");
        return condition.test(member, runDate);
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
