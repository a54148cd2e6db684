package io.duesflow.billing.criteria;

import java.math.BigDecimal;
import java.time.LocalDate;

import io.duesflow.members.MemberSnapshot;

/** The parsed expression: a tree of conditions over {@link Value}s, type-checked when it was built. */
sealed interface Condition {

    boolean test(MemberSnapshot member, LocalDate runDate);

    record And(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(MemberSnapshot member, LocalDate runDate) {
            return left.test(member, runDate) && right.test(member, runDate);
        }
    }

    /** Short-circuits, so {@code udmeldelsesdato = tom eller udmeldelsesdato > 2026-01-01} never reads a missing date. */
    record Or(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(MemberSnapshot member, LocalDate runDate) {
            return left.test(member, runDate) || right.test(member, runDate);
        }
    }

    record Not(Condition operand) implements Condition {
        @Override
        public boolean test(MemberSnapshot member, LocalDate runDate) {
            return !operand.test(member, runDate);
        }
    }

    /** Both sides have the same type; text only with = and !=. */
    record Comparison(Value left, Operator operator, Value right) implements Condition {
        @Override
        public boolean test(MemberSnapshot member, LocalDate runDate) {
            Object l = present(left, member, runDate);
            Object r = present(right, member, runDate);
            return operator.holds(switch (left.type()) {
                case NUMBER -> ((BigDecimal) l).compareTo((BigDecimal) r);
                case DATE -> ((LocalDate) l).compareTo((LocalDate) r);
                // People type "dk" for DK; a silent miss over case would be worse than any false match.
                case TEXT -> ((String) l).equalsIgnoreCase((String) r) ? 0 : 1;
                default -> throw new IllegalStateException("no comparison of " + left.type());
            });
        }
    }

    /**
     * {@code month = rul(period)}: the month lies a whole number of periods from the run month, so a quarterly line
     * run in January bills those who joined in Jan, Apr, Jul and Oct.
     */
    record RollMatch(Value month, int period, boolean equal) implements Condition {
        @Override
        public boolean test(MemberSnapshot member, LocalDate runDate) {
            BigDecimal value = (BigDecimal) present(month, member, runDate);
            int m;
            try {
                m = value.intValueExact();
            } catch (ArithmeticException e) {
                m = 0;
            }
            if (m < 1 || m > 12) {
                throw new CriteriaEvaluationException(member.memberNumber(), "member " + member.memberNumber() + " has "
                        + value.toPlainString() + " in " + month.source() + ", which is no month 1..12");
            }
            return (Math.floorMod(m - runDate.getMonthValue(), period) == 0) == equal;
        }
    }

    /** {@code x = tom}: the one comparison a missing value may take part in. */
    record IsEmpty(Value value, boolean empty) implements Condition {
        @Override
        public boolean test(MemberSnapshot member, LocalDate runDate) {
            return (value.read(member, runDate) == null) == empty;
        }
    }

    record InGroup(String group) implements Condition {
        @Override
        public boolean test(MemberSnapshot member, LocalDate runDate) {
            if (member.inGroup(group)) {
                return true;
            }
            // Same forgiveness as text comparison; a member has few groups, so the scan is cheap.
            for (String name : member.groups()) {
                if (name.equalsIgnoreCase(group)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static Object present(Value value, MemberSnapshot member, LocalDate runDate) {
        Object read = value.read(member, runDate);
        if (read == null) {
            throw new CriteriaEvaluationException(member.memberNumber(),
                    "member " + member.memberNumber() + " has no value for " + value.source());
        }
        return read;
    }
}
