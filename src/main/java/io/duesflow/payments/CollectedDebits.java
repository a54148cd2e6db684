package io.duesflow.payments;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * The direct debits duesflow sent, as the bank refers back to them: by end-to-end id (a return, a rejected
 * transaction), by block ({@code PmtInfId}: a whole block booked as one entry, or rejected), by file
 * ({@code MsgId}: a file rejected as a whole).
 */
@Component
class CollectedDebits {

    /** One collection of a file we placed. */
    record Debit(long chargeId, String endToEndId, String mandateId, BigDecimal amount, String paymentInformationId) {
    }

    private static final String DEBIT = """
            select c.charge_id, c.end_to_end_id, c.mandate_id, c.amount,
                   substr(f.message_id, length('DUESFLOW-') + 1) || '-' || c.sequence_type as payment_information_id
            from duesflow.sepa_collection c join duesflow.sepa_file f on f.id = c.file_id""";

    private final JdbcClient jdbc;

    CollectedDebits(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The collections of one of our blocks; empty when the id is none of ours. */
    List<Debit> inBlock(String paymentInformationId) {
        return BankFileName.ofPaymentInfoId(paymentInformationId)
                .map(block -> jdbc.sql(DEBIT + " where f.message_id = :message and c.sequence_type = :sequence"
                                + " order by c.end_to_end_id")
                        .param("message", block.file().messageId()).param("sequence", block.sequence().name())
                        .query((rs, n) -> debit(rs)).list())
                .orElse(List.of());
    }

    /** The collections of one of our files, by its message id; empty when it is none of ours. */
    List<Debit> inFile(String messageId) {
        return jdbc.sql(DEBIT + " where f.message_id = :message order by c.end_to_end_id")
                .param("message", messageId).query((rs, n) -> debit(rs)).list();
    }

    Map<String, Debit> byEndToEndId(Collection<String> endToEndIds) {
        Map<String, Debit> debits = new HashMap<>();
        if (!endToEndIds.isEmpty()) {
            jdbc.sql(DEBIT + " where c.end_to_end_id = any(:ids)")
                    .param("ids", new SqlArrayValue("text", endToEndIds.toArray()))
                    .query((rs, n) -> debit(rs)).list()
                    .forEach(debit -> debits.put(debit.endToEndId(), debit));
        }
        return debits;
    }

    private static Debit debit(ResultSet rs) throws SQLException {
        return new Debit(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4), rs.getString(5));
    }
}
