package io.duesflow.billing;

import java.time.LocalDate;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The charge's page shows, under {@code invoice}, the day the invoice is made (its date: the day a periodic invoice's
 * line names, or the day its run was approved) and whether it is mailed, with the switch that held it back.
 */
@Component
class InvoiceDayFacts implements ChargeFacts {

    private final JdbcClient jdbc;

    InvoiceDayFacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Invoice(LocalDate madeOn, boolean mail, String mailNote) {
    }

    @Override
    public String name() {
        return "invoice";
    }

    @Override
    public Object about(long chargeId) {
        return jdbc.sql("""
                        select greatest(c.made_on, cast(r.approved_at as date)), c.mail, c.mail_note
                        from duesflow.charge c left join duesflow.billing_run r on r.id = c.run_id where c.id = :id""")
                .param("id", chargeId)
                .query((rs, n) -> new Invoice(rs.getDate(1) == null ? null : rs.getDate(1).toLocalDate(),
                        rs.getBoolean(2), rs.getString(3)))
                .optional().orElse(null);
    }
}
