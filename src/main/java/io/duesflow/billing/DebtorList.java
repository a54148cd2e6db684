package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.InvalidInput;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who owes what: open and partly paid charges (a carried charge owes nothing itself; its debt is on the charge that
 * carries it; one in collection waits for the bank).
 */
@Component
class DebtorList {

    /**
     * @param reminderLevel     reminders sent so far (0, 1, 2)
     * @param lastRemindedOn    the day of the last one, or null
     * @param remindersStopped  a treasurer stopped its reminders (an arrangement with the member)
     */
    public record Debtor(String number, long memberNumber, String name, Long runId, LocalDate dueDate, BigDecimal total,
                         BigDecimal owed, long daysOverdue, int reminderLevel, String collectionMethod,
                         LocalDate lastRemindedOn, boolean remindersStopped) {
    }

    private final JdbcClient jdbc;
    private final MemberRegister register;
    private final Clock clock;

    DebtorList(JdbcClient jdbc, MemberRegister register, Clock clock) {
        this.jdbc = jdbc;
        this.register = register;
        this.clock = clock;
    }

    List<Debtor> find(Long runId, String group, String collectionMethod) {
        return find(runId, group, collectionMethod, null);
    }

    /** As above, and only the charges at reminder level {@code level} (0, 1, 2) when it is given. */
    List<Debtor> find(Long runId, String group, String collectionMethod, Integer level) {
        if (level != null && (level < 0 || level > 2)) {
            throw new InvalidInput("level", "A reminder level is 0, 1 or 2, not " + level);
        }
        if (collectionMethod != null && !collectionMethod.isBlank()
                && Arrays.stream(CollectionMethod.values()).noneMatch(m -> m.name().equals(collectionMethod))) {
            throw new InvalidInput("method", "'" + collectionMethod + "' is not a collection method; choose one of "
                    + Arrays.toString(CollectionMethod.values()));
        }
        if (group != null && !group.isBlank() && !register.groupsByName().containsKey(group.trim())) {
            throw new InvalidInput("group", "There is no group called '" + group + "'");
        }
        LocalDate today = LocalDate.now(clock);
        Set<Long> inGroup = group == null || group.isBlank() ? null : register.memberNumbersInGroup(group.trim(), today);
        List<Object[]> rows = jdbc.sql("""
                        select number, member_number, run_id, due_date, total, total - paid - credited as owed,
                               reminder_level, collection_method, last_reminded_on, reminders_stopped
                        from duesflow.charge
                        where kind = 'INVOICE' and status in ('OPEN', 'PARTLY_PAID')
                          and (cast(:run as bigint) is null or run_id = :run)
                          and (cast(:level as int) is null or reminder_level = :level)
                          and (cast(:method as text) is null or collection_method = :method)
                        order by due_date, number""")
                .param("run", runId).param("level", level).param("method", collectionMethod == null || collectionMethod.isBlank() ? null : collectionMethod)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getLong(2), rs.getObject(3), rs.getDate(4).toLocalDate(),
                        rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getInt(7), rs.getString(8),
                        rs.getDate(9) == null ? null : rs.getDate(9).toLocalDate(), rs.getBoolean(10)})
                .list().stream().filter(row -> inGroup == null || inGroup.contains((Long) row[1])).toList();
        Map<Long, String> names = register.names(rows.stream().map(row -> (Long) row[1]).toList());
        return rows.stream().map(row -> {
            LocalDate due = (LocalDate) row[3];
            return new Debtor((String) row[0], (Long) row[1], names.get((Long) row[1]),
                    row[2] == null ? null : ((Number) row[2]).longValue(), due, (BigDecimal) row[4], (BigDecimal) row[5],
                    Math.max(0, ChronoUnit.DAYS.between(due, today)), (Integer) row[6], (String) row[7],
                    (LocalDate) row[8], (Boolean) row[9]);
        }).toList();
    }
}
