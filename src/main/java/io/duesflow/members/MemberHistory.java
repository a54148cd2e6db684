package io.duesflow.members;

import static io.duesflow.members.MemberCsvColumns.*;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * How a member's history reads: "email: a@x → b@x; joined group Senior on 2026-12-01". The register writes it from
 * the member before and after a change (Java); the import writes it for every row at once from its staging tables
 * (SQL). Both forms are built here from the same words, so a change reads the same however it was made.
 */
final class MemberHistory {

    static final String NONE = "(none)";
    static final String ARROW = " → ";
    static final String SEPARATOR = "; ";
    static final String JOINED_GROUP = "joined group ";
    static final String LEFT_GROUP = "left group ";
    static final String ON = " on ";
    static final String MANDATE = "SEPA mandate ";
    static final String SIGNED = " signed ";
    static final String WITH_IBAN = ", IBAN ";
    static final String REVOKED = " revoked";
    static final String AGREEMENT_WORD = "Betalingsservice agreement ";
    static final String ADDED = " added";
    static final String CANCELLED = " cancelled";

    private MemberHistory() {
    }

    /** How a CSV column is named in the history: {@code birth_date} reads "birth date". */
    static String label(String column) {
        return column.replace('_', ' ');
    }

    // --- in Java, for the register ---------------------------------------------------------------------------

    /** What the history shows of one member at one moment: the member's own fields and extra values by name. */
    record State(Map<String, Object> fields, Map<String, Object> extraValues) {

        static State of(Member member, Map<String, ExtraField> fieldsByCode) {
            PostalAddress address = member.address() == null ? new PostalAddress(null, null, null, null, null) : member.address();
            // In the order of MEMBER_TABLE, the columns the import compares and writes.
            List<Object> values = Arrays.asList(member.name(), member.email(), address.street(), address.buildingNumber(),
                    address.postcode(), address.town(), address.country(), member.phone(), member.birthDate(),
                    member.joinDate(), member.leaveDate(), member.language(), member.collectionMethod());
            Map<String, Object> fields = new LinkedHashMap<>();
            for (int i = 0; i < MEMBER_TABLE.size(); i++) {
                fields.put(MEMBER_TABLE.get(i), values.get(i));
            }
            Map<String, Object> extra = new LinkedHashMap<>();
            member.extraValues().entrySet().stream()
                    .sorted(Comparator.comparingInt(entry -> fieldNumber(entry.getKey())))
                    .forEach(entry -> extra.put(fieldsByCode.get(entry.getKey()).name(), entry.getValue().value()));
            return new State(fields, extra);
        }
    }

    /** A new member as registered: every field that has a value, then the groups joined. */
    static String registered(State member, List<String> groupsJoined) {
        StringJoiner text = new StringJoiner(SEPARATOR);
        member.fields().forEach((column, value) -> value(text, label(column), value));
        member.extraValues().forEach((name, value) -> value(text, name, value));
        groupsJoined.forEach(text::add);
        return text.toString();
    }

    /** What a change changed, field by field; empty when nothing did. */
    static String changed(State before, State after, Map<String, ExtraField> fieldsByCode) {
        StringJoiner text = new StringJoiner(SEPARATOR);
        after.fields().forEach((column, value) -> change(text, label(column), before.fields().get(column), value));
        fieldsByCode.values().stream().sorted(Comparator.comparingInt(field -> fieldNumber(field.code())))
                .map(ExtraField::name)
                .forEach(name -> change(text, name, before.extraValues().get(name), after.extraValues().get(name)));
        return text.toString();
    }

    static String change(String label, Object before, Object after) {
        StringJoiner text = new StringJoiner(SEPARATOR);
        change(text, label, before, after);
        return text.toString();
    }

    static String joinedGroup(String group, LocalDate on) {
        return JOINED_GROUP + group + ON + on;
    }

    static String leftGroup(String group, LocalDate on) {
        return LEFT_GROUP + group + ON + on;
    }

    static String mandateSigned(String mandateId, LocalDate signedOn, String iban) {
        return MANDATE + mandateId + SIGNED + signedOn + WITH_IBAN + iban;
    }

    /** A mandate's id, IBAN or BIC changed: each change named after the mandate as it was. */
    static String mandateAmended(SepaMandate before, SepaMandate after) {
        StringJoiner text = new StringJoiner(SEPARATOR);
        String prefix = MANDATE + before.mandateId() + " ";
        for (String change : List.of(change("mandate id", before.mandateId(), after.mandateId()),
                change("IBAN", before.iban(), after.iban()), change("BIC", before.bic(), after.bic()))) {
            if (!change.isEmpty()) {
                text.add(prefix + change);
            }
        }
        return text.toString();
    }

    static String mandateRevoked(String mandateId) {
        return MANDATE + mandateId + REVOKED;
    }

    static String agreementAdded(String agreementNumber) {
        return AGREEMENT_WORD + agreementNumber + ADDED;
    }

    static String agreementCancelled(String agreementNumber) {
        return AGREEMENT_WORD + agreementNumber + CANCELLED;
    }

    static String suspended(LocalDate startsOn, LocalDate endsOn) {
        return "suspended from " + startsOn + " to " + endsOn;
    }

    static String suspensionRemoved(LocalDate startsOn) {
        return "suspension from " + startsOn + " removed";
    }

    private static void value(StringJoiner text, String label, Object value) {
        if (value != null) {
            text.add(label + ": " + shown(value));
        }
    }

    private static void change(StringJoiner text, String label, Object before, Object after) {
        String was = shown(before);
        String is = shown(after);
        if (!was.equals(is)) {
            text.add(label + ": " + was + ARROW + is);
        }
    }

    private static String shown(Object value) {
        if (value == null) {
            return NONE;
        }
        return value instanceof BigDecimal number ? number.toPlainString() : value.toString();
    }

    static int fieldNumber(String code) {
        return Integer.parseInt(code.substring(1));
    }

    // --- in SQL, for the import --------------------------------------------------------------------------------

    /** Our own words as an SQL string literal; they never hold a quote, and nothing a user typed goes this way. */
    static String literal(String words) {
        if (words.indexOf('\'') >= 0) {
            throw new IllegalArgumentException("Not a safe literal: " + words);
        }
        return "'" + words + "'";
    }

    /** {@code label: value}, or null when the value is null (which {@code concat_ws} skips). */
    static String sqlValue(String label, String value) {
        return "(" + literal(label + ": ") + " || (" + value + ")::text)";
    }

    /** {@code label: before → after} when they differ, else null. */
    static String sqlChange(String label, String before, String after) {
        return sqlChangeOf(literal(label + ": "), before, after);
    }

    /** As {@link #sqlChange} with the label taken from a column (an extra field's name). */
    static String sqlChangeOf(String labelExpression, String before, String after) {
        return "case when (" + after + ")::text is distinct from (" + before + ")::text then " + labelExpression
                + " || " + sqlShown(before) + " || " + literal(ARROW) + " || " + sqlShown(after) + " end";
    }

    /** How a value is shown, as {@link #shown} shows it: numbers and dates as PostgreSQL writes them, which is the same. */
    static String sqlShown(String value) {
        return "coalesce((" + value + ")::text, " + literal(NONE) + ")";
    }

    static String sqlJoinedGroup(String group, String on) {
        return sqlGroupPhrase(JOINED_GROUP, group, on);
    }

    static String sqlLeftGroup(String group, String on) {
        return sqlGroupPhrase(LEFT_GROUP, group, on);
    }

    private static String sqlGroupPhrase(String words, String group, String on) {
        return literal(words) + " || " + group + " || " + literal(ON) + " || (" + on + ")::text";
    }

    static String sqlMandateSigned(String mandateId, String signedOn, String iban) {
        return literal(MANDATE) + " || " + mandateId + " || " + literal(SIGNED) + " || (" + signedOn + ")::text || "
                + literal(WITH_IBAN) + " || " + iban;
    }

    /**
     * A mandate's changes as {@link #mandateAmended} writes them: one {@code {label, before, after}} per field the
     * import may change.
     */
    static String sqlMandateAmended(String mandateId, List<String[]> fields) {
        String prefix = literal(MANDATE) + " || " + mandateId + " || ' ' || ";
        return "concat_ws(" + literal(SEPARATOR) + ", " + fields.stream()
                .map(field -> prefix + "(" + sqlChange(field[0], field[1], field[2]) + ")")
                .collect(java.util.stream.Collectors.joining(", ")) + ")";
    }

    static String sqlMandateRevoked(String mandateId) {
        return literal(MANDATE) + " || " + mandateId + " || " + literal(REVOKED);
    }

    static String sqlAgreementAdded(String agreementNumber) {
        return literal(AGREEMENT_WORD) + " || " + agreementNumber + " || " + literal(ADDED);
    }

    static String sqlAgreementCancelled(String agreementNumber) {
        return literal(AGREEMENT_WORD) + " || " + agreementNumber + " || " + literal(CANCELLED);
    }

    /** An extra value's one column as text, as {@link Member.ExtraValue#value()} shows it. */
    static String sqlExtraValue(String alias) {
        return "coalesce(" + alias + ".number_value::text, " + alias + ".text_value, " + alias + ".date_value::text)";
    }
}
