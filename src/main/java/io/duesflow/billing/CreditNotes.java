package io.duesflow.billing;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.NotFound;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Credit notes: a charge's lines with the opposite sign, numbered like charges, never more than was charged. */
@Component
class CreditNotes {

    /** A line to credit by its position on the charge; no amount credits the whole line. */
    public record CreditedLine(int position, BigDecimal amount) {
    }

    private final JdbcClient jdbc;
    private final ChargeNumbers numbers;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CreditNotes(JdbcClient jdbc, ChargeNumbers numbers, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.numbers = numbers;
        this.events = events;
        this.clock = clock;
    }

    ChargeView create(String chargeNumber, List<CreditedLine> requested) {
        Map<String, Object> charge = jdbc.sql("""
                        select id, member_number, status, kind, total, credited, period_start, period_end,
                               collection_method
                        from duesflow.charge where number = :number for update""")
                .param("number", chargeNumber).query().listOfRows().stream().findFirst()
                .orElseThrow(() -> new NotFound("Charge", chargeNumber));
        if (!"INVOICE".equals(charge.get("kind")) || !List.of("OPEN", "PARTLY_PAID", "PAID").contains(charge.get("status"))) {
            throw new InvalidInput("chargeNumber", "Charge " + chargeNumber + " is " + charge.get("status")
                    + "; only open, partly paid or paid charges can be credited");
        }
        long chargeId = ((Number) charge.get("id")).longValue();
        Map<Integer, Object[]> lines = new HashMap<>();
        jdbc.sql("select position, text, amount, ledger_account from duesflow.charge_line where charge_id = :id order by position")
                .param("id", chargeId)
                .query(rs -> {
                    lines.put(rs.getInt(1), new Object[] {rs.getString(2), rs.getBigDecimal(3), rs.getString(4)});
                });
        List<CreditedLine> wanted = requested == null || requested.isEmpty()
                ? lines.keySet().stream().sorted().map(position -> new CreditedLine(position, null)).toList() : requested;
        List<Object[]> credit = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (CreditedLine line : wanted) {
            Object[] original = lines.get(line.position());
            if (original == null) {
                throw new InvalidInput("lines", "Charge " + chargeNumber + " has no line " + line.position());
            }
            BigDecimal lineAmount = (BigDecimal) original[1];
            BigDecimal amount = line.amount() == null ? lineAmount : line.amount();
            if (amount.signum() <= 0 || amount.scale() > 2 || amount.compareTo(lineAmount) > 0) {
                throw new InvalidInput("lines", "Line " + line.position() + " (" + original[0] + ", " + lineAmount
                        + ") can be credited with an amount above 0 up to " + lineAmount + ", not " + amount);
            }
            credit.add(new Object[] {original[0], amount.negate(), original[2]});
            sum = sum.add(amount);
        }
        BigDecimal creditable = ((BigDecimal) charge.get("total")).subtract((BigDecimal) charge.get("credited"));
        if (sum.compareTo(creditable) > 0) {
            throw new InvalidInput("lines", "A credit note of " + sum + " is more than the " + creditable
                    + " still creditable on charge " + chargeNumber);
        }
        LocalDate today = LocalDate.now(clock);
        String number = numbers.take(today.getYear(), 1).get(0);
        long noteId = jdbc.sql("""
                        insert into duesflow.charge (member_number, number, due_date, period_start, period_end, status,
                            collection_method, total, created_at, kind, credits_charge_id)
                        values (:member, :number, :today, :start, :end, 'PAID', :method, :total, now(), 'CREDIT_NOTE', :credits)
                        returning id""")
                .param("member", charge.get("member_number")).param("number", number).param("today", Date.valueOf(today))
                .param("start", charge.get("period_start")).param("end", charge.get("period_end"))
                .param("method", charge.get("collection_method")).param("total", sum.negate()).param("credits", chargeId)
                .query(Long.class).single();
        int position = 1;
        for (Object[] line : credit) {
            jdbc.sql("""
                            insert into duesflow.charge_line (charge_id, position, text, amount, ledger_account, kind)
                            values (:id, :position, :text, :amount, :account, 'CREDIT')""")
                    .param("id", noteId).param("position", position++).param("text", line[0]).param("amount", line[1])
                    .param("account", line[2]).update();
        }
        jdbc.sql("""
                        update duesflow.charge set credited = credited + :sum,
                            status = case when credited + :sum >= total then 'CREDITED' else status end
                        where id = :id""")
                .param("sum", sum).param("id", chargeId).update();
        events.publishEvent(new ChargeCredited(chargeId, noteId, sum));
        return new ChargeView(noteId, number, ((Number) charge.get("member_number")).longValue(), today,
                ((Date) charge.get("period_start")).toLocalDate(), ((Date) charge.get("period_end")).toLocalDate(), "PAID",
                (String) charge.get("collection_method"), false, null, null, sum.negate(), null,
                credit.stream().map(l -> new ChargeView.Line((String) l[0], (BigDecimal) l[1], (String) l[2])).toList());
    }
}
