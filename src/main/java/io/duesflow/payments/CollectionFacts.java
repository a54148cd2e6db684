package io.duesflow.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.duesflow.billing.ChargeFacts;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The charge's page shows its direct debit: the file it is in (a pain.008, or a Betalingsservice delivery, which has
 * no sequence type), when and how it is collected, and the file's state.
 */
@Component
class CollectionFacts implements ChargeFacts {

    private final JdbcClient jdbc;

    CollectionFacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param fileState {@code RECORDED} (waiting to be placed in the outbox) or {@code PLACED} */
    record Collected(String fileName, LocalDate collectionDate, String sequenceType, BigDecimal amount,
                     String fileState, Instant placedAt) {
    }

    @Override
    public String name() {
        return "collection";
    }

    @Override
    public List<Collected> about(long chargeId) {
        return jdbc.sql("""
                        select f.file_name, c.collection_date, c.sequence_type, c.amount, f.state, f.placed_at
                        from duesflow.sepa_collection c join duesflow.sepa_file f on f.id = c.file_id
                        where c.charge_id = :charge
                        union all
                        select d.file_name, p.payment_date, null, p.amount, d.state, d.placed_at
                        from duesflow.betalingsservice_payment p
                        join duesflow.betalingsservice_delivery d on d.id = p.delivery_row_id
                        where p.charge_id = :charge""")
                .param("charge", chargeId)
                .query((rs, n) -> new Collected(rs.getString(1), rs.getDate(2).toLocalDate(), rs.getString(3),
                        rs.getBigDecimal(4), rs.getString(5),
                        rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()))
                .list();
    }
}
