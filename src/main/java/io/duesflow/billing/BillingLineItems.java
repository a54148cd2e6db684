package io.duesflow.billing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * The own invoice lines of billing lines priced {@code LINES} (a periodic invoice's "magazine" and "postage"). Kept
 * beside the line rather than inside it: a run reads the items of all its lines in one statement per chunk, however
 * many periodic invoices there are.
 */
@Component
class BillingLineItems {

    private final JdbcClient jdbc;

    BillingLineItems(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The items of these lines, each in order; a line without items is not in the map. */
    Map<Long, List<ChargeTemplate.Line>> of(Collection<Long> lineIds) {
        Map<Long, List<ChargeTemplate.Line>> items = new HashMap<>();
        if (lineIds.isEmpty()) {
            return items;
        }
        jdbc.sql("""
                        select billing_line_id, text, amount, ledger_account from duesflow.billing_line_item
                        where billing_line_id = any(:ids) order by billing_line_id, position""")
                .param("ids", new SqlArrayValue("bigint", lineIds.toArray()))
                .query(rs -> {
                    items.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>())
                            .add(new ChargeTemplate.Line(rs.getString(2), rs.getBigDecimal(3), rs.getString(4)));
                });
        return items;
    }

    List<ChargeTemplate.Line> of(long lineId) {
        return of(List.of(lineId)).getOrDefault(lineId, List.of());
    }

    /** Replaces the line's items with these (none: the line has no items). */
    void replace(long lineId, List<ChargeTemplate.Line> lines) {
        jdbc.sql("delete from duesflow.billing_line_item where billing_line_id = :id").param("id", lineId).update();
        for (int i = 0; i < lines.size(); i++) {
            ChargeTemplate.Line line = lines.get(i);
            jdbc.sql("""
                            insert into duesflow.billing_line_item (billing_line_id, position, text, amount, ledger_account)
                            values (:id, :position, :text, :amount, :account)""")
                    .param("id", lineId).param("position", i + 1).param("text", line.text())
                    .param("amount", line.amount()).param("account", line.ledgerAccount()).update();
        }
    }
}
