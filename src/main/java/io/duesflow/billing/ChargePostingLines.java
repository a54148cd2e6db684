package io.duesflow.billing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Charges as the ledger books them ({@link ChargePostings}): a run's invoices a slice of charges per statement, one
 * charge with what is left of it after its credit notes, one credit note, and what is owed per status.
 */
@Component
class ChargePostingLines {

    /** Charges per statement when a whole run is read: a run of 100 000 is ten statements. */
    static final int SLICE = 10_000;

    private final JdbcClient jdbc;

    ChargePostingLines(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void ofRun(long runId, Consumer<List<ChargePostings>> slice) {
        long after = 0;
        while (true) {
            Long upTo = jdbc.sql("""
                            select max(id) from (select id from duesflow.charge
                                                 where run_id = :run and kind = 'INVOICE' and status <> 'DRAFT' and id > :after
                                                 order by id limit :slice) s""")
                    .param("run", runId).param("after", after).param("slice", SLICE)
                    .query((rs, n) -> rs.getObject(1, Long.class)).list().get(0);
            if (upTo == null) {
                return;
            }
            slice.accept(grouped(jdbc.sql("""
                            select c.id, c.number, c.member_number, cast(null as bigint) as credits_id, cast(null as text) as credits_number,
                                   l.kind, l.ledger_account, sum(l.amount) as amount, l.carried_charge_id,
                                   o.number as carried_number
                            from duesflow.charge c
                            join duesflow.charge_line l on l.charge_id = c.id
                            left join duesflow.charge o on o.id = l.carried_charge_id
                            where c.run_id = :run and c.kind = 'INVOICE' and c.status <> 'DRAFT'
                              and c.id > :after and c.id <= :upTo
                            group by c.id, c.number, c.member_number, l.kind, l.ledger_account, l.carried_charge_id, o.number
                            order by c.id, min(l.position)""")
                    .param("run", runId).param("after", after).param("upTo", upTo)));
            after = upTo;
        }
    }

    /** Each line less what credit notes took off it (a credit note names the position it credits). */
    ChargePostings leftOn(long chargeId) {
        List<ChargePostings> charge = grouped(jdbc.sql("""
                        select c.id, c.number, c.member_number, cast(null as bigint) as credits_id, cast(null as text) as credits_number,
                               l.kind, l.ledger_account, sum(l.amount + coalesce(credited.amount, 0)) as amount,
                               l.carried_charge_id, o.number as carried_number
                        from duesflow.charge c
                        join duesflow.charge_line l on l.charge_id = c.id
                        left join (select nl.credited_position as position, sum(nl.amount) as amount
                                   from duesflow.charge n join duesflow.charge_line nl on nl.charge_id = n.id
                                   where n.credits_charge_id = :id and n.kind = 'CREDIT_NOTE'
                                   group by nl.credited_position) credited on credited.position = l.position
                        left join duesflow.charge o on o.id = l.carried_charge_id
                        where c.id = :id
                        group by c.id, c.number, c.member_number, l.kind, l.ledger_account, l.carried_charge_id, o.number
                        having sum(l.amount + coalesce(credited.amount, 0)) <> 0
                        order by c.id, min(l.position)""")
                .param("id", chargeId));
        return charge.isEmpty() ? nothingLeft(chargeId) : charge.get(0);
    }

    ChargePostings creditNote(long creditNoteId) {
        return grouped(jdbc.sql("""
                        select n.id, n.number, n.member_number, n.credits_charge_id as credits_id,
                               b.number as credits_number, l.kind, l.ledger_account, sum(l.amount) as amount,
                               l.carried_charge_id, o.number as carried_number
                        from duesflow.charge n
                        join duesflow.charge b on b.id = n.credits_charge_id
                        join duesflow.charge_line l on l.charge_id = n.id
                        left join duesflow.charge o on o.id = l.carried_charge_id
                        where n.id = :id and n.kind = 'CREDIT_NOTE'
                        group by n.id, n.number, n.member_number, n.credits_charge_id, b.number, l.kind,
                                 l.ledger_account, l.carried_charge_id, o.number
                        order by n.id, min(l.position)""")
                .param("id", creditNoteId)).get(0);
    }

    Map<Charge.Status, BigDecimal> owedByStatus() {
        Map<Charge.Status, BigDecimal> owed = new EnumMap<>(Charge.Status.class);
        jdbc.sql("""
                        select status, sum(total - paid - credited) from duesflow.charge
                        where kind = 'INVOICE' and status <> 'DRAFT' group by status""")
                .query(rs -> {
                    owed.put(Charge.Status.valueOf(rs.getString(1)), rs.getBigDecimal(2).setScale(2));
                });
        return owed;
    }

    private ChargePostings nothingLeft(long chargeId) {
        return jdbc.sql("select id, number, member_number from duesflow.charge where id = :id").param("id", chargeId)
                .query((rs, n) -> new ChargePostings(rs.getLong(1), rs.getString(2), rs.getLong(3), null, null, List.of()))
                .single();
    }

    /** Rows ordered by charge, one per line group, into one {@link ChargePostings} per charge. */
    private static List<ChargePostings> grouped(JdbcClient.StatementSpec statement) {
        List<ChargePostings> charges = new ArrayList<>();
        statement.query(rs -> {
            long id = rs.getLong("id");
            ChargePostings current = charges.isEmpty() ? null : charges.get(charges.size() - 1);
            if (current == null || current.chargeId() != id) {
                current = new ChargePostings(id, rs.getString("number"), rs.getLong("member_number"),
                        rs.getObject("credits_id", Long.class), rs.getString("credits_number"), new ArrayList<>());
                charges.add(current);
            }
            current.lines().add(new ChargePostings.Line(ChargeLine.Kind.valueOf(rs.getString("kind")),
                    rs.getString("ledger_account"), rs.getBigDecimal("amount"),
                    rs.getObject("carried_charge_id", Long.class), rs.getString("carried_number")));
        });
        return charges;
    }
}
