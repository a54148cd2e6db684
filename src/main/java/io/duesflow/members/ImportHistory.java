package io.duesflow.members;

import static io.duesflow.members.MemberCsvColumns.*;
import static io.duesflow.members.MemberHistory.*;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * The history an import leaves on each member it touches, written from its staging tables in one statement for the
 * new members and one for the changed ones, however many rows the file has. The words are {@link MemberHistory}'s,
 * so an imported change reads as the same change typed into the register.
 */
@Component
class ImportHistory {

    private final ChangeLog changeLog;

    ImportHistory(ChangeLog changeLog) {
        this.changeLog = changeLog;
    }

    /** What the file changes on known members, before the merge changes it: staged rows against the register. */
    void recordChanges(MemberImport.Columns columns, LocalDate today, long importId) {
        List<String> changes = new ArrayList<>();
        changes.add("null::text");
        for (String column : MEMBER_TABLE) {
            if (columns.has(column)) {
                String after = KEPT_WHEN_EMPTY.contains(column) ? "coalesce(s." + column + ", m." + column + ")" : "s." + column;
                changes.add(sqlChange(label(column), "m." + column, after));
            }
        }
        StringBuilder joins = new StringBuilder();
        Map<String, Object> params = new HashMap<>();
        params.put("today", today);
        if (!columns.extra.isEmpty()) {
            params.put("codes", columns.extra.values().stream().map(ExtraField::code).distinct().toArray(String[]::new));
            changes.add("x.changes");
            joins.append("""
                    left join (
                        select coalesce(a.row_no, b.row_no) as row_no,
                               string_agg(%s, %s order by substring(f.code from 2)::int) as changes
                        from (select s.row_no, v.field_code, %s as value
                              from member_stage s join duesflow.member_extra_value v on v.member_id = s.member_id
                              where s.existed and v.field_code = any(:codes)) b
                        full join (select e.row_no, e.field_code, %s as value
                                   from extra_stage e join member_stage s on s.row_no = e.row_no where s.existed) a
                          on a.row_no = b.row_no and a.field_code = b.field_code
                        join duesflow.extra_field f on f.code = coalesce(a.field_code, b.field_code)
                        where a.value is distinct from b.value
                        group by 1) x on x.row_no = s.row_no
                    """.formatted(sqlChangeOf("f.name || ': '", "b.value", "a.value"), literal(SEPARATOR),
                    sqlExtraValue("v"), sqlExtraValue("e")));
        }
        if (columns.has(GROUPS)) {
            changes.add("g.changes");
            joins.append(phrases("g", """
                    select s.row_no, 1 as kind, g.name as sort, %s as phrase
                    from group_stage gs join member_stage s on s.row_no = gs.row_no
                    join duesflow.member_group g on g.id = gs.group_id
                    where s.existed and not exists (
                        select 1 from duesflow.group_membership gm
                        where gm.member_id = s.member_id and gm.group_id = gs.group_id and gm.left_on is null)
                    union all
                    select s.row_no, 2, g.name, %s
                    from member_stage s
                    join duesflow.group_membership gm on gm.member_id = s.member_id and gm.left_on is null
                    join duesflow.member_group g on g.id = gm.group_id
                    where s.existed and not exists (
                        select 1 from group_stage x where x.row_no = s.row_no and x.group_id = gm.group_id)"""
                    .formatted(sqlJoinedGroup("g.name", ":today"), sqlLeftGroup("g.name", "greatest(gm.joined_on, :today)"))));
        }
        if (columns.has(MANDATE_ID)) {
            changes.add("md.changes");
            joins.append(phrases("md", """
                    select s.row_no, 1 as kind, sm.mandate_id as sort, %s as phrase
                    from member_stage s
                    join duesflow.sepa_mandate sm on sm.member_id = s.member_id and sm.mandate_id = s.mandate_id
                    where s.existed
                    union all
                    select s.row_no, 2, s.mandate_id, %s
                    from member_stage s
                    where s.existed and s.mandate_id is not null
                      and not exists (select 1 from duesflow.sepa_mandate x where x.mandate_id = s.mandate_id)
                    union all
                    select s.row_no, 3, sm.mandate_id, %s
                    from member_stage s
                    join duesflow.sepa_mandate sm on sm.member_id = s.member_id and sm.status = 'ACTIVE'
                      and sm.mandate_id <> s.mandate_id
                    where s.existed and s.mandate_id is not null
                      and not exists (select 1 from duesflow.sepa_mandate x where x.mandate_id = s.mandate_id)"""
                    .formatted(sqlMandateAmended("sm.mandate_id", List.of(new String[] {"IBAN", "sm.iban", "s.iban"},
                                    new String[] {"BIC", "sm.bic", "s.bic"},
                                    new String[] {"signed on", "sm.signed_on", "s.signed_on"})),
                            sqlMandateSigned("s.mandate_id", "s.signed_on", "s.iban"), sqlMandateRevoked("sm.mandate_id"))));
        }
        if (columns.has(AGREEMENT)) {
            changes.add("ag.changes");
            joins.append(phrases("ag", """
                    select s.row_no, 1 as kind, s.agreement as sort, %s as phrase
                    from member_stage s
                    where s.existed and s.agreement is not null and not exists (
                        select 1 from duesflow.betalingsservice_agreement x where x.agreement_number = s.agreement)
                    union all
                    select s.row_no, 2, a.agreement_number, %s
                    from member_stage s
                    join duesflow.betalingsservice_agreement a on a.member_id = s.member_id
                      and a.status = 'ACTIVE' and a.agreement_number <> s.agreement
                    where s.existed and s.agreement is not null"""
                    .formatted(sqlAgreementAdded("s.agreement"), sqlAgreementCancelled("a.agreement_number"))));
        }
        changeLog.recordAll("member", "changed (import " + importId + ")", """
                select s.member_number::text as entity_key, concat_ws(%s, %s) as details
                from member_stage s join duesflow.member m on m.id = s.member_id
                %s
                where s.existed""".formatted(literal(SEPARATOR), String.join(", ", changes), joins), params);
    }

    /**
     * The phrases of each row, from {@code phrases} (columns row_no, kind, sort, phrase), joined in the order of
     * kind, then sort: what a row changes in its groups, mandates or agreements.
     */
    private static String phrases(String alias, String phrases) {
        return """
                left join (
                    select row_no, string_agg(phrase, %s order by kind, sort collate "C") as changes
                    from (%s) c
                    where phrase <> ''
                    group by row_no) %s on %s.row_no = s.row_no
                """.formatted(literal(SEPARATOR), phrases, alias, alias);
    }

    /** What each new member was registered with, as the register writes it for a member typed in. */
    void recordRegistrations(MemberImport.Columns columns, long importId) {
        List<String> values = new ArrayList<>();
        values.add("null::text");
        MEMBER_TABLE.forEach(column -> values.add(sqlValue(label(column), "s." + column)));
        StringBuilder joins = new StringBuilder();
        if (!columns.extra.isEmpty()) {
            values.add("x.extra_values");
            joins.append("""
                    left join (
                        select e.row_no, string_agg(f.name || ': ' || %s, %s order by substring(f.code from 2)::int) as extra_values
                        from extra_stage e join duesflow.extra_field f on f.code = e.field_code
                        group by e.row_no) x on x.row_no = s.row_no
                    """.formatted(sqlExtraValue("e"), literal(SEPARATOR)));
        }
        if (columns.has(GROUPS)) {
            values.add("g.joined");
            joins.append("""
                    left join (
                        select gs.row_no, string_agg(%s, %s order by g.name collate "C") as joined
                        from group_stage gs join member_stage st on st.row_no = gs.row_no
                        join duesflow.member_group g on g.id = gs.group_id
                        where not st.existed
                        group by gs.row_no) g on g.row_no = s.row_no
                    """.formatted(sqlJoinedGroup("g.name", "st.join_date"), literal(SEPARATOR)));
        }
        if (columns.has(MANDATE_ID)) {
            values.add(sqlMandateSigned("s.mandate_id", "s.signed_on", "s.iban"));
        }
        if (columns.has(AGREEMENT)) {
            values.add(sqlAgreementAdded("s.agreement"));
        }
        changeLog.recordAll("member", "registered (import " + importId + ")", """
                select s.member_number::text as entity_key, concat_ws(%s, %s) as details
                from member_stage s
                %s
                where not s.existed""".formatted(literal(SEPARATOR), values.stream().collect(Collectors.joining(", ")), joins),
                Map.of());
    }
}
