package io.duesflow.billing;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.InvalidInput;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The open charges ("Facturatie › Facturen › Openstaand" in the Dutch manual): approved invoices not yet paid,
 * cancelled, credited or carried, whatever run made them. Mail sends them by hand from here and the collection of
 * everything open collects them; both only read what billing decided.
 */
@Service
@Transactional(readOnly = true)
public class OpenCharges {

    /** Open, partly paid, or in collection (still unpaid until the bank settles it). */
    static final List<String> OPEN = List.of("OPEN", "PARTLY_PAID", "IN_COLLECTION");

    /**
     * Which open charges: nulls leave a part out. {@code numbers}: these charges only (each must be an open invoice).
     *
     * @param dueBefore due before this day
     */
    public record Filter(Long runId, String group, String method, LocalDate dueBefore, List<String> numbers) {

        public static final Filter ALL = new Filter(null, null, null, null, null);
    }

    /**
     * @param madeOn   the invoice's date: the day a line named, or the day its run was approved
     * @param mail     false: held back from mail by its line's or its run's switch ({@code mailNote} says which)
     */
    public record OpenCharge(long id, String number, long memberNumber, String name, Long runId, LocalDate dueDate,
                             LocalDate madeOn, BigDecimal total, BigDecimal owed, String status,
                             String collectionMethod, String collectedBy, boolean mail, String mailNote) {
    }

    /** An open charge a SEPA collection can take, with the run it belongs to. */
    public record Collectable(long runId, ChargeToCollect charge) {
    }

    private final JdbcClient jdbc;
    private final MemberRegister register;
    private final ChargeMailSwitch mailSwitch;
    private final Clock clock;

    OpenCharges(JdbcClient jdbc, MemberRegister register, ChargeMailSwitch mailSwitch, Clock clock) {
        this.jdbc = jdbc;
        this.register = register;
        this.mailSwitch = mailSwitch;
        this.clock = clock;
    }

    /**
     * The open invoices the filter selects, by due date and number. An unknown group, method or charge number, or a
     * number that is not open, is refused with the reason (the field named), never answered with less.
     */
    public List<OpenCharge> find(Filter filter) {
        Filter f = filter == null ? Filter.ALL : filter;
        String method = blank(f.method()) ? null : f.method().trim();
        if (method != null && Arrays.stream(CollectionMethod.values()).noneMatch(m -> m.name().equals(method))) {
            throw new InvalidInput("method", "'" + method + "' is not a collection method; choose one of "
                    + Arrays.toString(CollectionMethod.values()));
        }
        Set<Long> inGroup = null;
        if (!blank(f.group())) {
            if (!register.groupsByName().containsKey(f.group().trim())) {
                throw new InvalidInput("group", "There is no group called '" + f.group() + "'");
            }
            inGroup = register.memberNumbersInGroup(f.group().trim(), LocalDate.now(clock));
        }
        List<String> numbers = f.numbers() == null ? List.of()
                : f.numbers().stream().map(n -> n == null ? "" : n.trim()).toList();
        List<OpenCharge> found = jdbc.sql("""
                        select c.id, c.number, c.member_number, c.run_id, c.due_date,
                               greatest(c.made_on, cast(r.approved_at as date)) as made_on, c.total,
                               c.total - c.paid - c.credited as owed, c.status, c.collection_method, c.collected_by,
                               c.mail, c.mail_note
                        from duesflow.charge c left join duesflow.billing_run r on r.id = c.run_id
                        where c.kind = 'INVOICE' and c.number is not null and c.status = any(:open)
                          and (cast(:run as bigint) is null or c.run_id = :run)
                          and (cast(:method as text) is null or c.collection_method = :method)
                          and (cast(:dueBefore as date) is null or c.due_date < :dueBefore)
                          and (cardinality(cast(:numbers as text[])) = 0 or c.number = any(:numbers))
                        order by c.due_date, c.number""")
                .param("open", new SqlArrayValue("text", OPEN.toArray()))
                .param("run", f.runId()).param("method", method)
                .param("dueBefore", f.dueBefore() == null ? null : Date.valueOf(f.dueBefore()))
                .param("numbers", new SqlArrayValue("text", numbers.toArray()))
                .query((rs, n) -> new OpenCharge(rs.getLong("id"), rs.getString("number"), rs.getLong("member_number"),
                        null, rs.getObject("run_id", Long.class), rs.getDate("due_date").toLocalDate(),
                        rs.getDate("made_on") == null ? null : rs.getDate("made_on").toLocalDate(),
                        rs.getBigDecimal("total"), rs.getBigDecimal("owed"), rs.getString("status"),
                        rs.getString("collection_method"), rs.getString("collected_by"), rs.getBoolean("mail"),
                        rs.getString("mail_note")))
                .list();
        if (!numbers.isEmpty()) {
            Set<String> open = new java.util.HashSet<>(found.stream().map(OpenCharge::number).toList());
            for (int i = 0; i < numbers.size(); i++) {
                if (!open.contains(numbers.get(i))) {
                    throw new InvalidInput("numbers[" + i + "]", "'" + numbers.get(i) + "' is no open invoice "
                            + (f.runId() != null || method != null || f.dueBefore() != null || inGroup != null
                            ? "the filter selects" : "(paid, cancelled, credited or no charge number at all)"));
                }
            }
        }
        Set<Long> group = inGroup;
        List<OpenCharge> selected = group == null ? found
                : found.stream().filter(c -> group.contains(c.memberNumber())).toList();
        Map<Long, String> names = register.names(selected.stream().map(OpenCharge::memberNumber).distinct().toList());
        return selected.stream().map(c -> new OpenCharge(c.id(), c.number(), c.memberNumber(), names.get(c.memberNumber()),
                c.runId(), c.dueDate(), c.madeOn(), c.total(), c.owed(), c.status(), c.collectionMethod(),
                c.collectedBy(), c.mail(), c.mailNote())).toList();
    }

    /** How many of the run's charges are held back from mail, by their lines or by its approval. */
    public int notMailed(long runId) {
        return mailSwitch.notMailed(runId);
    }

    /**
     * The run's invoices to mail that are made after {@code day} (a periodic invoice made on the 25th, approved on the
     * 15th), with the day each is made: their mail waits for it.
     */
    public Map<Long, LocalDate> madeAfter(long runId, LocalDate day) {
        Map<Long, LocalDate> made = new HashMap<>();
        jdbc.sql("""
                        select id, made_on from duesflow.charge
                        where run_id = :run and kind = 'INVOICE' and number is not null and mail and made_on > :day""")
                .param("run", runId).param("day", Date.valueOf(day))
                .query(rs -> {
                    made.put(rs.getLong(1), rs.getDate(2).toLocalDate());
                });
        return made;
    }

    /**
     * Every open charge decided for SEPA collection at approval and still owed (open or partly paid, never one in
     * collection), of any run or of {@code runIds}, due before {@code dueBefore} when given: what one collection of
     * everything open takes. Charges ever collected before (a returned debit) are the collection's to leave out.
     */
    public List<Collectable> toCollectBySepa(LocalDate dueBefore, List<Long> runIds) {
        List<Long> runs = runIds == null ? List.of() : runIds;
        List<Collectable> collectable = new ArrayList<>();
        jdbc.sql("""
                        select id, number, member_number, due_date, total - paid - credited as owed, rf_reference, run_id
                        from duesflow.charge
                        where kind = 'INVOICE' and collected_by = 'SEPA_DIRECT_DEBIT' and number is not null
                          and status in ('OPEN', 'PARTLY_PAID') and total - paid - credited > 0
                          and (cast(:dueBefore as date) is null or due_date < :dueBefore)
                          and (cardinality(cast(:runs as bigint[])) = 0 or run_id = any(:runs))
                        order by member_number, due_date, number""")
                .param("dueBefore", dueBefore == null ? null : Date.valueOf(dueBefore))
                .param("runs", new SqlArrayValue("bigint", runs.toArray()))
                .query(rs -> {
                    collectable.add(new Collectable(rs.getLong(7), new ChargeToCollect(rs.getLong(1), rs.getString(2),
                            rs.getLong(3), rs.getDate(4).toLocalDate(), rs.getBigDecimal(5), rs.getString(6))));
                });
        return collectable;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
