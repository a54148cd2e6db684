package io.duesflow.billing.criteria;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoField;

import io.duesflow.members.MemberSnapshot;

/** An operand of a comparison. {@link #read} gives null when the member has no such value. */
sealed interface Value {

    Type type();

    Object read(MemberSnapshot member, LocalDate runDate);

    /** What the member lacks when {@link #read} gives null, for the message that lists them as skipped. */
    String source();

    record MemberValue(Attribute attribute) implements Value {
        @Override
        public Type type() {
            return attribute.type;
        }

        @Override
        public Object read(MemberSnapshot member, LocalDate runDate) {
            return attribute.read(member, runDate);
        }

        @Override
        public String source() {
            return attribute.source;
        }
    }

    record ExtraValue(String code, String name, Type type) implements Value {
        @Override
        public Object read(MemberSnapshot member, LocalDate runDate) {
            Object raw = member.extraValues() == null ? null : member.extraValues().get(code);
            if (raw == null) {
                return null;
            }
            if (type == Type.NUMBER && raw instanceof BigDecimal number) {
                return number;
            }
            if (type == Type.NUMBER && raw instanceof Number number) {
                return new BigDecimal(number.toString());
            }
            // A cleared text field often comes back as "" rather than null; both mean "no value" to the user.
            if (type == Type.TEXT && raw instanceof String text) {
                return text.isBlank() ? null : text;
            }
            if (type == Type.DATE && raw instanceof LocalDate date) {
                return date;
            }
            throw new CriteriaEvaluationException(member.memberNumber(), "member " + member.memberNumber() + " has "
                    + raw + " in " + source() + ", which is not " + type.description);
        }

        @Override
        public String source() {
            return code + " (" + name + ")";
        }
    }

    /** month, year or day of a date. */
    record DatePart(ChronoField part, Value date) implements Value {
        private static final BigDecimal[] SMALL = new BigDecimal[32];

        static {
            // Months and days are compared for every member; spare the allocation.
            for (int i = 0; i < SMALL.length; i++) {
                SMALL[i] = BigDecimal.valueOf(i);
            }
        }

        @Override
        public Type type() {
            return Type.NUMBER;
        }

        @Override
        public Object read(MemberSnapshot member, LocalDate runDate) {
            LocalDate day = (LocalDate) date.read(member, runDate);
            if (day == null) {
                return null;
            }
            int value = day.get(part);
            return value < SMALL.length ? SMALL[value] : BigDecimal.valueOf(value);
        }

        @Override
        public String source() {
            return date.source();
        }
    }

    record Constant(Type type, Object value) implements Value {
        @Override
        public Object read(MemberSnapshot member, LocalDate runDate) {
            return value;
        }

        @Override
        public String source() {
            return String.valueOf(value);
        }
    }

    /**
     * rul(n) and tom/empty only exist while parsing: the comparison that holds them becomes a
     * {@link Condition.RollMatch} or {@link Condition.IsEmpty}.
     */
    record Roll(int period) implements Value {
        @Override
        public Type type() {
            return Type.ROLL;
        }

        @Override
        public Object read(MemberSnapshot member, LocalDate runDate) {
            throw new IllegalStateException("rul(n) is only read through a RollMatch");
        }

        @Override
        public String source() {
            return "rul(" + period + ")";
        }
    }

    record Empty() implements Value {
        @Override
        public Type type() {
            return Type.EMPTY;
        }

        @Override
        public Object read(MemberSnapshot member, LocalDate runDate) {
            throw new IllegalStateException("tom is only read through an IsEmpty");
        }

        @Override
        public String source() {
            return "tom";
        }
    }
}
