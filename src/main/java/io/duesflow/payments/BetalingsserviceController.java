package io.duesflow.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What Betalingsservice reported and what became of it: the 0602 and 0603 deliveries read, and each record, with
 * those that could not be booked listed for a treasurer with the reason.
 */
@RestController
@RequestMapping("/api/payments/betalingsservice")
@Tag(name = "Betalingsservice")
class BetalingsserviceController {

    private final JdbcClient jdbc;

    BetalingsserviceController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Information(String deliveryType, String deliveryId, String dataSupplierNumber, LocalDate createdOn,
                       int records, String fileName, Instant readAt) {
    }

    /**
     * @param state {@code BOOKED} (a payment or return booked), {@code UPDATED} (an agreement), {@code ALREADY}
     *              (reported before; nothing changed) or {@code LISTED} (for the treasurer, with the reason)
     */
    record Reported(String deliveryType, String deliveryId, long recordNumber, String transactionCode, String kind,
                    String customerNumber, String agreementNumber, String reference, BigDecimal amount,
                    BigDecimal paidAmount, LocalDate on, Long memberNumber, String chargeNumber, String state,
                    String note) {
    }

    @GetMapping("/deliveries")
    @Operation(summary = "The 0602 payment and 0603 agreement information deliveries read from the bank inbox, "
            + "newest first")
    @Transactional(readOnly = true)
    List<Information> deliveries(@RequestParam(defaultValue = "50") int limit) {
        return jdbc.sql("""
                        select i.delivery_type, i.delivery_id, i.data_supplier_number, i.created_on, i.records,
                               f.file_name, i.read_at
                        from duesflow.betalingsservice_information i join duesflow.bank_file f on f.id = i.bank_file_id
                        order by i.id desc limit :limit""")
                .param("limit", Math.max(1, Math.min(limit, 1000)))
                .query((rs, n) -> new Information(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getDate(4) == null ? null : rs.getDate(4).toLocalDate(), rs.getInt(5), rs.getString(6),
                        rs.getTimestamp(7).toInstant()))
                .list();
    }

    @GetMapping("/records")
    @Operation(summary = "The records Betalingsservice reported and what became of each; state=LISTED gives those "
            + "waiting for a treasurer (an unknown reference, customer or agreement number, an amount that is not "
            + "the charge's), with the reason")
    @Transactional(readOnly = true)
    List<Reported> records(@RequestParam(required = false) String state,
                           @RequestParam(required = false) String deliveryId,
                           @RequestParam(defaultValue = "200") int limit) {
        return jdbc.sql("""
                        select i.delivery_type, i.delivery_id, r.record_number, r.transaction_code, r.kind,
                               r.customer_number, r.agreement_number, r.reference, r.amount, r.paid_amount, r.on_date,
                               r.member_number, r.charge_number, r.state, r.note
                        from duesflow.betalingsservice_record r
                        join duesflow.betalingsservice_information i on i.id = r.information_id
                        where (cast(:state as text) is null or r.state = :state)
                          and (cast(:delivery as text) is null or i.delivery_id = :delivery)
                        order by r.information_id desc, r.record_number limit :limit""")
                .param("state", state == null ? null : state.toUpperCase(java.util.Locale.ROOT))
                .param("delivery", deliveryId).param("limit", Math.max(1, Math.min(limit, 10_000)))
                .query((rs, n) -> new Reported(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getBigDecimal(9),
                        rs.getBigDecimal(10), rs.getDate(11) == null ? null : rs.getDate(11).toLocalDate(),
                        (Long) rs.getObject(12, Long.class), rs.getString(13), rs.getString(14), rs.getString(15)))
                .list();
    }
}
