package io.duesflow.payments;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.sql.DataSource;

import io.duesflow.platform.CurrentUser;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * The payments and member credit rows, written set-based (a statement's thousands of payments in one statement each)
 * and read back for a charge, a member or an undo. Charges themselves change only through billing.
 */
@Component
class PaymentRecords {

    /** A payment to record, after its charge took it. */
    record NewPayment(long chargeId, String chargeNumber, long memberNumber, BigDecimal amount, LocalDate bookingDate,
                      LocalDate valueDate, PaymentMatch how, String bankReference, Long bankTransactionId,
                      BigDecimal overpaid, BigDecimal toleranceDifference, String note) {
    }

    /** A movement of a member's credit: positive adds to it, negative takes from it. */
    record CreditMovement(long memberNumber, BigDecimal amount, String kind, LocalDate on, Long paymentId,
                          Long chargeId, String chargeNumber) {
    }

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final Clock clock;

    PaymentRecords(JdbcClient jdbc, DataSource dataSource, Clock clock) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Records the payments and answers their ids, in the same order. */
    List<Long> insert(List<NewPayment> payments) {
        if (payments.isEmpty()) {
            return List.of();
        }
        // Ids drawn first, so each payment knows its own: RETURNING promises no order.
        List<Long> ids = ids("duesflow.payment", payments.size());
        // One COPY: the database's rules (payments_checked) run on the rows as on an insert.
        CopyRows rows = new CopyRows("duesflow.payment", """
                id, charge_id, charge_number, member_number, amount, booking_date, value_date, how, bank_reference,
                bank_transaction_id, overpaid, tolerance_difference, note, registered_at, registered_by""");
        String registeredAt = Instant.now(clock).toString();
        String by = CurrentUser.name();
        for (int i = 0; i < payments.size(); i++) {
            NewPayment p = payments.get(i);
            rows.value(ids.get(i)).value(p.chargeId()).value(p.chargeNumber()).value(p.memberNumber())
                    .value(p.amount()).value(p.bookingDate()).value(p.valueDate()).value(p.how().name())
                    .value(p.bankReference()).value(p.bankTransactionId())
                    .value(p.overpaid() == null ? BigDecimal.ZERO : p.overpaid()).value(p.toleranceDifference())
                    .value(p.note()).value(registeredAt).value(by)
                    .endRow();
        }
        rows.copy(dataSource);
        return ids;
    }

    /**
     * {@code n} new ids of the table's identity column, in ascending order. The sequence is looked up once: as
     * {@code nextval(pg_get_serial_sequence(…))} it was looked up in the catalog for every id, 16 ms per 1 000.
     */
    List<Long> ids(String table, int n) {
        List<Long> ids = new java.util.ArrayList<>(jdbc.sql("""
                        select nextval(s.sequence)
                        from (select cast(pg_get_serial_sequence(:table, 'id') as regclass) as sequence offset 0) s,
                             generate_series(1, :n)""")
                .param("table", table).param("n", n).query(Long.class).list());
        java.util.Collections.sort(ids);
        return ids;
    }

    void moveCredits(List<CreditMovement> movements) {
        if (movements.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into duesflow.member_credit (member_number, amount, kind, on_date, payment_id, charge_id,
                                                            charge_number, created_at, created_by)
                        select c.member, c.amount, c.kind, c.on_date, c.payment, c.charge, c.number, :now, :by
                        from unnest(:members, :amounts, :kinds, :dates, :payments, :charges, :numbers)
                             as c(member, amount, kind, on_date, payment, charge, number)""")
                .param("members", array("bigint", movements, CreditMovement::memberNumber))
                .param("amounts", array("numeric", movements, CreditMovement::amount))
                .param("kinds", array("text", movements, CreditMovement::kind))
                .param("dates", array("date", movements, m -> Date.valueOf(m.on())))
                .param("payments", array("bigint", movements, CreditMovement::paymentId))
                .param("charges", array("bigint", movements, CreditMovement::chargeId))
                .param("numbers", array("text", movements, CreditMovement::chargeNumber))
                .param("now", Timestamp.from(Instant.now(clock))).param("by", CurrentUser.name())
                .update();
    }

    /**
     * Until the transaction ends, nobody else moves this member's credit: using it twice at once would spend it
     * twice.
     */
    void lockCredit(long memberNumber) {
        jdbc.sql("select pg_advisory_xact_lock(7015, cast(:member % 2147483647 as int))").param("member", memberNumber)
                .query().singleRow();
    }

    BigDecimal creditBalance(long memberNumber) {
        return jdbc.sql("select coalesce(sum(amount), 0) from duesflow.member_credit where member_number = :member")
                .param("member", memberNumber).query(BigDecimal.class).single();
    }

    /** The members with credit left, and how much each has. */
    Map<Long, BigDecimal> membersWithCredit() {
        Map<Long, BigDecimal> balances = new HashMap<>();
        jdbc.sql("""
                        select member_number, sum(amount) from duesflow.member_credit group by member_number
                        having sum(amount) > 0""")
                .query(rs -> {
                    balances.put(rs.getLong(1), rs.getBigDecimal(2));
                });
        return balances;
    }

    List<Payments.CreditLine> creditsOf(long memberNumber) {
        return jdbc.sql("""
                        select on_date, kind, amount, charge_number, payment_id, created_by from duesflow.member_credit
                        where member_number = :member order by on_date, id""")
                .param("member", memberNumber)
                .query((rs, n) -> new Payments.CreditLine(rs.getDate(1).toLocalDate(), rs.getString(2),
                        rs.getBigDecimal(3), rs.getString(4), (Long) rs.getObject(5, Long.class), rs.getString(6)))
                .list();
    }

    private static final String PAYMENT = """
            select id, charge_id, charge_number, member_number, amount, booking_date, value_date, how, bank_reference,
                   overpaid, tolerance_difference, note, registered_at, registered_by, undone_at, undone_by, undo_reason
            from duesflow.payment""";

    Payments.Payment payment(long id) {
        return jdbc.sql(PAYMENT + " where id = :id").param("id", id).query((rs, n) -> payment(rs)).optional()
                .orElseThrow(() -> new io.duesflow.platform.NotFound("Payment", id));
    }

    /** Locks the payment for an undo: two undos of one payment wait for each other, and the second is refused. */
    Payments.Payment lockPayment(long id) {
        return jdbc.sql(PAYMENT + " where id = :id for update").param("id", id).query((rs, n) -> payment(rs))
                .optional().orElseThrow(() -> new io.duesflow.platform.NotFound("Payment", id));
    }

    List<Payments.Payment> ofCharge(long chargeId) {
        return jdbc.sql(PAYMENT + " where charge_id = :charge order by booking_date, id").param("charge", chargeId)
                .query((rs, n) -> payment(rs)).list();
    }

    List<Payments.Payment> ofMember(long memberNumber) {
        return jdbc.sql(PAYMENT + " where member_number = :member order by booking_date, id")
                .param("member", memberNumber).query((rs, n) -> payment(rs)).list();
    }

    /** The settlements of these charges' direct debits that still stand, by charge. */
    Map<Long, Payments.Payment> standingSettlements(Collection<Long> chargeIds) {
        Map<Long, Payments.Payment> settlements = new HashMap<>();
        if (!chargeIds.isEmpty()) {
            jdbc.sql(PAYMENT + "\n" + """
                             where charge_id = any(:charges) and how in ('COLLECTION', 'COLLECTION_BATCH')
                              and undone_at is null""")
                    .param("charges", new SqlArrayValue("bigint", chargeIds.toArray()))
                    .query((rs, n) -> payment(rs)).list()
                    .forEach(payment -> settlements.put(payment.chargeId(), payment));
        }
        return settlements;
    }

    void markUndone(long paymentId, String by, String reason) {
        jdbc.sql("update duesflow.payment set undone_at = :now, undone_by = :by, undo_reason = :reason where id = :id")
                .param("now", Timestamp.from(Instant.now(clock))).param("by", by).param("reason", reason)
                .param("id", paymentId).update();
    }

    private static Payments.Payment payment(ResultSet rs) throws SQLException {
        return new Payments.Payment(rs.getLong("id"), rs.getLong("charge_id"), rs.getString("charge_number"),
                rs.getLong("member_number"), rs.getBigDecimal("amount"), rs.getDate("booking_date").toLocalDate(),
                rs.getDate("value_date") == null ? null : rs.getDate("value_date").toLocalDate(),
                PaymentMatch.valueOf(rs.getString("how")), rs.getString("bank_reference"), rs.getBigDecimal("overpaid"),
                rs.getBigDecimal("tolerance_difference"), rs.getString("note"),
                rs.getTimestamp("registered_at").toInstant(), rs.getString("registered_by"),
                rs.getTimestamp("undone_at") == null ? null : rs.getTimestamp("undone_at").toInstant(),
                rs.getString("undone_by"), rs.getString("undo_reason"));
    }

    static <T> SqlArrayValue array(String type, List<T> rows, Function<T, Object> column) {
        return new SqlArrayValue(type, rows.stream().map(column).toArray());
    }
}
