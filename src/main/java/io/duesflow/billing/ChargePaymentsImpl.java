package io.duesflow.billing;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.duesflow.platform.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;

/** The set-based payment statements; see {@link ChargePayments}. */
class ChargePaymentsImpl implements ChargePayments {

    private static final String STATE = """
            select id, number, member_number, status, total, paid, total - paid - credited as owed, due_date, run_id,
                   rf_reference, payment_id, language
            from duesflow.charge""";

    private final JdbcClient jdbc;

    ChargePaymentsImpl(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<ChargeState> invoicesByNumber(Collection<String> numbers) {
        return byKey("number", "text", numbers);
    }

    @Override
    public List<ChargeState> invoicesByRfReference(Collection<String> rfReferences) {
        return byKey("rf_reference", "text", rfReferences);
    }

    @Override
    public List<ChargeState> invoicesByPaymentId(Collection<String> paymentIds) {
        return byKey("payment_id", "text", paymentIds);
    }

    @Override
    public List<ChargeState> invoicesById(Collection<Long> ids) {
        return byKey("id", "bigint", ids);
    }

    /** {@code column} is one of the four above, never user input. */
    private List<ChargeState> byKey(String column, String type, Collection<?> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(STATE + " where " + column + " = any(:keys) and kind = 'INVOICE' and status <> 'DRAFT'")
                .param("keys", new SqlArrayValue(type, keys.toArray()))
                .query((rs, n) -> state(rs)).list();
    }

    @Override
    public List<ChargeState> invoicesOfMember(long memberNumber) {
        return jdbc.sql(STATE + "\n" + """
                         where member_number = :member and kind = 'INVOICE' and status <> 'DRAFT'
                        order by due_date, number""")
                .param("member", memberNumber).query((rs, n) -> state(rs)).list();
    }

    @Override
    public List<ChargeState> owedBy(Collection<Long> memberNumbers, Long runId) {
        if (memberNumbers.isEmpty()) {
            return List.of();
        }
        // Joined, not "= any(array)": the planner then looks each member up by index instead of testing every open
        // charge against the whole list.
        return jdbc.sql("""
                        select c.id, c.number, c.member_number, c.status, c.total, c.paid,
                               c.total - c.paid - c.credited as owed, c.due_date, c.run_id, c.rf_reference, c.payment_id,
                               c.language
                        from unnest(:members) as m(member) join duesflow.charge c on c.member_number = m.member
                        where c.kind = 'INVOICE' and c.status in ('OPEN', 'PARTLY_PAID')
                          and c.total - c.paid - c.credited > 0 and (cast(:run as bigint) is null or c.run_id = :run)
                        order by c.member_number, c.due_date, c.number""")
                .param("members", new SqlArrayValue("bigint", memberNumbers.toArray())).param("run", runId)
                .query((rs, n) -> state(rs)).list();
    }

    @Override
    public List<ChargeState> owing(BigDecimal amount, int limit) {
        return jdbc.sql(STATE + "\n" + """
                         where kind = 'INVOICE' and status in ('OPEN', 'PARTLY_PAID') and total - paid - credited = :amount
                        order by due_date, number limit :limit""")
                .param("amount", amount).param("limit", limit)
                .query((rs, n) -> state(rs)).list();
    }

    @Override
    public List<Charges.Registered> registerPayments(List<Charges.PaymentOrder> orders, String by) {
        if (orders.isEmpty()) {
            return List.of();
        }
        final class Locked {
            final ChargeState before;
            final Money total;
            final Money credited;
            Money paid;
            Charge.Status status;
            String reason;

            Locked(ChargeState before) {
                this.before = before;
                this.total = Money.of(before.total());
                this.paid = Money.of(before.paid());
                this.credited = total.minus(paid).minus(Money.of(before.owed()));
                this.status = before.status();
            }

            Money owed() {
                return total.minus(paid).minus(credited);
            }
        }
        Map<Long, Locked> locked = new LinkedHashMap<>();
        // Locked in id order, so two imports that share charges wait for each other instead of deadlocking.
        jdbc.sql(STATE + " where id = any(:ids) and kind = 'INVOICE' order by id for update")
                .param("ids", new SqlArrayValue("bigint", orders.stream().map(Charges.PaymentOrder::chargeId)
                        .distinct().toArray()))
                .query((rs, n) -> state(rs)).list()
                .forEach(state -> locked.put(state.id(), new Locked(state)));
        List<Charges.Registered> registered = new ArrayList<>(orders.size());
        for (Charges.PaymentOrder order : orders) {
            Money amount = Money.of(order.amount());
            if (!amount.isPositive()) {
                throw new IllegalArgumentException("A payment of " + amount + " on charge " + order.chargeId());
            }
            Locked charge = locked.get(order.chargeId());
            if (charge == null || !charge.status.isOwed() || !charge.owed().isPositive()) {
                registered.add(new Charges.Registered(order.chargeId(), charge == null ? null : charge.before.number(),
                        charge == null ? 0 : charge.before.memberNumber(), BigDecimal.ZERO.setScale(2),
                        amount.amount(), charge == null ? null : charge.status));
                continue;
            }
            // What the aggregate's registerPayment takes: at most what is owed; the rest is the caller's to keep.
            Money taken = amount.min(charge.owed());
            charge.paid = charge.paid.plus(taken);
            charge.status = charge.owed().isPositive() ? Charge.Status.PARTLY_PAID : Charge.Status.PAID;
            charge.reason = order.reason();
            registered.add(new Charges.Registered(order.chargeId(), charge.before.number(),
                    charge.before.memberNumber(), taken.amount(), amount.minus(taken).amount(), charge.status));
        }
        List<Locked> changed = locked.values().stream().filter(charge -> charge.reason != null).toList();
        if (!changed.isEmpty()) {
            // "= any(:ids)" as well: the charges are then read by id, not the whole table hashed for a few thousand.
            jdbc.sql("""
                            update duesflow.charge c set paid = u.paid, status = u.status, status_reason = u.reason,
                                status_changed_by = :by, version = c.version + 1
                            from unnest(:ids, :paid, :statuses, :reasons) as u(id, paid, status, reason)
                            where c.id = u.id and c.id = any(:ids)""")
                    .param("ids", new SqlArrayValue("bigint", changed.stream().map(c -> c.before.id()).toArray()))
                    .param("paid", new SqlArrayValue("numeric", changed.stream().map(c -> c.paid.amount()).toArray()))
                    .param("statuses", new SqlArrayValue("text", changed.stream().map(c -> c.status.name()).toArray()))
                    .param("reasons", new SqlArrayValue("text", changed.stream().map(c -> c.reason).toArray()))
                    .param("by", by)
                    .update();
        }
        return registered;
    }

    @Override
    public List<Charges.Settled> settleCollections(List<Long> chargeIds, List<String> reasons, String by) {
        if (chargeIds.isEmpty()) {
            return List.of();
        }
        // Each charge is looked up by id, in id order, whatever the statistics say. Joined plainly, a planner whose
        // statistics predate the delivery (no charge IN_COLLECTION yet, before autoanalyze) scanned the whole charge
        // table once per charge to settle: a 0602 of 100 000 took minutes instead of seconds. The update's own join
        // reads the settled charges by id too ("= any(:ids)"), instead of hashing the whole table for each chunk.
        return jdbc.sql("""
                        with settling as (
                            select c.id, c.owed, r.reason
                            from (select * from unnest(:ids, :reasons) as r(id, reason) order by id) r
                            cross join lateral (select c.id, c.total - c.paid - c.credited as owed
                                                from duesflow.charge c
                                                where c.id = r.id and c.kind = 'INVOICE' and c.status = 'IN_COLLECTION'
                                                for update) c)
                        update duesflow.charge c set paid = c.paid + s.owed, status = 'PAID', status_reason = s.reason,
                            status_changed_by = :by, version = c.version + 1
                        from settling s
                        where c.id = s.id and c.id = any(:ids)
                        returning c.id, c.number, c.member_number, s.owed""")
                .param("ids", new SqlArrayValue("bigint", chargeIds.toArray()))
                .param("reasons", new SqlArrayValue("text", reasons.toArray())).param("by", by)
                .query((rs, n) -> new Charges.Settled(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getBigDecimal(4)))
                .list();
    }

    @Override
    public List<ChargeState> returnFromCollections(List<Long> chargeIds, List<String> reasons, String by) {
        if (chargeIds.isEmpty()) {
            return List.of();
        }
        // By id, in id order, whatever the statistics say (see settleCollections).
        return jdbc.sql("""
                        with coming_back as (
                            select c.id, r.reason
                            from (select * from unnest(:ids, :reasons) as r(id, reason) order by id) r
                            cross join lateral (select c.id from duesflow.charge c
                                                where c.id = r.id and c.kind = 'INVOICE' and c.status = 'IN_COLLECTION'
                                                for update) c)
                        update duesflow.charge c
                        set status = case when c.paid > 0 then 'PARTLY_PAID' else 'OPEN' end, status_reason = r.reason,
                            status_changed_by = :by, version = c.version + 1
                        from coming_back r
                        where c.id = r.id
                        returning c.id, c.number, c.member_number, c.status, c.total, c.paid,
                                  c.total - c.paid - c.credited as owed, c.due_date, c.run_id, c.rf_reference,
                                  c.payment_id, c.language""")
                .param("ids", new SqlArrayValue("bigint", chargeIds.toArray()))
                .param("reasons", new SqlArrayValue("text", reasons.toArray())).param("by", by)
                .query((rs, n) -> state(rs)).list();
    }

    private static ChargeState state(ResultSet rs) throws SQLException {
        return new ChargeState(rs.getLong("id"), rs.getString("number"), rs.getLong("member_number"),
                Charge.Status.valueOf(rs.getString("status")), rs.getBigDecimal("total"), rs.getBigDecimal("paid"),
                rs.getBigDecimal("owed"), rs.getDate("due_date").toLocalDate(), (Long) rs.getObject("run_id", Long.class),
                rs.getString("rf_reference"), rs.getString("payment_id"), rs.getString("language"));
    }
}
