package io.duesflow.payments;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.duesflow.billing.ChargeFacts;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The charge's page shows what was paid on it and how (member credit used included, as its own line), payments
 * undone with who and why, and direct debits that came back.
 */
@Component
class PaymentFacts implements ChargeFacts {

    private final PaymentRecords records;
    private final JdbcClient jdbc;
    private final Clock clock;

    PaymentFacts(PaymentRecords records, JdbcClient jdbc, Clock clock) {
        this.records = records;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** @param what PAYMENT, UNDONE or RETURN */
    record Fact(String what, LocalDate on, BigDecimal amount, String how, Long paymentId, String reference,
                String text) {
    }

    @Override
    public String name() {
        return "payments";
    }

    @Override
    public List<Fact> about(long chargeId) {
        List<Fact> facts = new ArrayList<>();
        for (Payments.Payment payment : records.ofCharge(chargeId)) {
            String text = payment.how() == PaymentMatch.MEMBER_CREDIT ? "paid from the member's credit"
                    : payment.overpaid().signum() > 0 ? payment.overpaid().toPlainString() + " overpaid, left as the "
                    + "member's credit" : payment.note();
            facts.add(new Fact("PAYMENT", payment.bookingDate(), payment.amount(), payment.how().name(), payment.id(),
                    payment.bankReference(), text));
            if (payment.undoneAt() != null) {
                facts.add(new Fact("UNDONE", LocalDate.ofInstant(payment.undoneAt(), clock.getZone()),
                        payment.amount().negate(), payment.how().name(), payment.id(), null,
                        payment.undoReason() + " (" + payment.undoneBy() + ")"));
            }
        }
        jdbc.sql("""
                        select booking_date, original_amount, source, bank_reference,
                               coalesce(code || ': ', '') || reason_text || case when mandate_ended
                                   then ' (the mandate has ended)' else '' end
                        from duesflow.collection_return where charge_id = :charge order by booking_date, id""")
                .param("charge", chargeId)
                .query((rs, n) -> new Fact("RETURN", rs.getDate(1).toLocalDate(), rs.getBigDecimal(2),
                        rs.getString(3), null, rs.getString(4), rs.getString(5)))
                .list().forEach(facts::add);
        return facts;
    }
}
