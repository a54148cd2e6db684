package io.duesflow.members;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Lists of members for screens and bulk changes, straight from SQL: a list never loads whole aggregates.
 * Every filter is a bound parameter.
 */
@Repository
class MemberSearch {

    /** Any part left null does not filter. */
    public record Criteria(String name, Long memberNumber, String group, CollectionMethod method, MemberStatus status) {
        static final Criteria ALL = new Criteria(null, null, null, null, null);
    }

    public record Summary(long memberNumber, String name, String email, CollectionMethod collectionMethod,
                          MemberStatus status, LocalDate joinDate, LocalDate leaveDate, List<String> groups) {
    }

    public record Page(List<Summary> content, int page, int size, long total) {
    }

    private static final String STATUS = """
            case when m.leave_date is not null and m.leave_date <= :today then 'LEFT'
                 when exists (select 1 from duesflow.suspension s
                              where s.member_id = m.id and :today between s.starts_on and s.ends_on) then 'SUSPENDED'
                 else 'ACTIVE' end""";

    private static final String MATCHING = """
            from duesflow.member m
            where (cast(:name as text) is null or strpos(lower(m.name), lower(cast(:name as text))) > 0)
              and (cast(:number as bigint) is null or m.member_number = :number)
              and (cast(:method as text) is null or m.collection_method = :method)
              and (cast(:group as text) is null or exists (
                    select 1 from duesflow.group_membership gm join duesflow.member_group g on g.id = gm.group_id
                    where gm.member_id = m.id and g.name = :group and gm.joined_on <= :today
                      and (gm.left_on is null or gm.left_on > :today)))
              and (cast(:status as text) is null or (%s) = :status)
            """.formatted(STATUS);

    private final JdbcClient jdbc;

    MemberSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Page find(Criteria criteria, LocalDate today, int page, int size) {
        MapSqlParameterSource params = params(criteria, today).addValue("limit", size).addValue("offset", (long) page * size);
        long total = jdbc.sql("select count(*) " + MATCHING).paramSource(params).query(Long.class).single();
        List<Summary> content = jdbc.sql("select m.id " + ", " + columns() + MATCHING
                        + " order by m.member_number limit :limit offset :offset")
                .paramSource(params).query(this::summary).list();
        return new Page(content, page, size, total);
    }

    List<Summary> withoutValidMandate(LocalDate today) {
        return jdbc.sql("select m.id, " + columns() + """
                        from duesflow.member m
                        where (m.leave_date is null or m.leave_date > :today)
                          and ((m.collection_method = 'SEPA_DIRECT_DEBIT' and not exists (
                                  select 1 from duesflow.sepa_mandate sm where sm.member_id = m.id and sm.status = 'ACTIVE'))
                            or (m.collection_method = 'BETALINGSSERVICE' and not exists (
                                  select 1 from duesflow.betalingsservice_agreement a
                                  where a.member_id = m.id and a.status = 'ACTIVE')))
                        order by m.member_number""")
                .param("today", today).query(this::summary).list();
    }

    /** Switches the matching members to one method; answers the method each switched member had, by member number. */
    Map<Long, String> switchCollectionMethod(CollectionMethod method, Criteria criteria, LocalDate today, Instant now) {
        MapSqlParameterSource params = params(criteria, today).addValue("newMethod", method.name())
                .addValue("by", io.duesflow.platform.CurrentUser.name()).addValue("now", Timestamp.from(now));
        Map<Long, String> before = new LinkedHashMap<>();
        jdbc.sql("""
                        update duesflow.member s set collection_method = :newMethod, version = s.version + 1,
                               updated_at = :now, updated_by = :by
                        from (select m.id, m.collection_method as old_method %s for update) b
                        where s.id = b.id and b.old_method <> :newMethod
                        returning s.member_number, b.old_method""".formatted(MATCHING))
                .paramSource(params).query(rs -> {
                    before.put(rs.getLong(1), rs.getString(2));
                });
        return before;
    }

    private static String columns() {
        return """
                m.member_number, m.name, m.email, m.collection_method, m.join_date, m.leave_date, (%s) as status,
                array(select g.name from duesflow.group_membership gm join duesflow.member_group g on g.id = gm.group_id
                      where gm.member_id = m.id and gm.joined_on <= :today and (gm.left_on is null or gm.left_on > :today)
                      order by g.name) as group_names
                """.formatted(STATUS);
    }

    private static MapSqlParameterSource params(Criteria criteria, LocalDate today) {
        return new MapSqlParameterSource()
                .addValue("today", today)
                .addValue("name", criteria.name() == null || criteria.name().isBlank() ? null : criteria.name().trim())
                .addValue("number", criteria.memberNumber())
                .addValue("method", criteria.method() == null ? null : criteria.method().name())
                .addValue("group", criteria.group())
                .addValue("status", criteria.status() == null ? null : criteria.status().name());
    }

    private Summary summary(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        java.sql.Date leave = rs.getDate("leave_date");
        return new Summary(rs.getLong("member_number"), rs.getString("name"), rs.getString("email"),
                CollectionMethod.valueOf(rs.getString("collection_method")), MemberStatus.valueOf(rs.getString("status")),
                rs.getDate("join_date").toLocalDate(), leave == null ? null : leave.toLocalDate(),
                List.of((String[]) rs.getArray("group_names").getArray()));
    }
}
