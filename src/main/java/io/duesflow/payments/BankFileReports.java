package io.duesflow.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What the bank inbox did: the files booked and refused, each file's transactions, the returns. Read only. */
@RestController
@RequestMapping("/api/payments")
@Tag(name = "Bank files")
class BankFileReports {

    record BankFile(long id, String fileName, String message, String messageId, Instant importedAt, int statements,
                    int entries, int transactions, int payments, int settled, int unmatched, int returns, int known,
                    int duplicates, Instant lastDuplicateAt) {
    }

    record Refusal(String fileName, String movedTo, String reason, Instant refusedAt) {
    }

    record Files(List<BankFile> imported, List<Refusal> refused) {
    }

    record Transaction(long id, String kind, String state, String bankReference, int detail, int line,
                       BigDecimal amount, BigDecimal bankCharges, LocalDate bookingDate, String endToEndId,
                       String rfReference, String payerName, String payerIban, String remittance, String returnCode,
                       String matchedBy, String chargeNumber, String note) {
    }

    record Return(String endToEndId, String chargeNumber, Long memberNumber, String source, String code,
                  String reasonText, BigDecimal originalAmount, BigDecimal returnFee, LocalDate bookingDate,
                  boolean mandateEnded, String outcome) {
    }

    private final JdbcClient jdbc;

    BankFileReports(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/bank-files")
    @Operation(summary = "Bank files booked (newest first, with what they held and what became of it, and how often "
            + "the same file came again) and bank files refused, with the reason and where they were moved")
    Files files(@RequestParam(defaultValue = "100") int limit) {
        List<BankFile> imported = jdbc.sql("""
                        select id, file_name, message, message_id, imported_at, statements, entries, transactions,
                               payments, settled, unmatched, returns, known, duplicates, last_duplicate_at
                        from duesflow.bank_file order by id desc limit :limit""")
                .param("limit", limit)
                .query((rs, n) -> new BankFile(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9),
                        rs.getInt(10), rs.getInt(11), rs.getInt(12), rs.getInt(13), rs.getInt(14),
                        rs.getTimestamp(15) == null ? null : rs.getTimestamp(15).toInstant()))
                .list();
        List<Refusal> refused = jdbc.sql("""
                        select file_name, moved_to, reason, refused_at from duesflow.bank_file_refusal
                        order by id desc limit :limit""")
                .param("limit", limit)
                .query((rs, n) -> new Refusal(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant()))
                .list();
        return new Files(imported, refused);
    }

    @GetMapping("/bank-files/{id}/transactions")
    @Operation(summary = "A booked file's transactions, one per transaction detail, with what became of each "
            + "(MATCHED, SETTLED, UNMATCHED, ASSIGNED, NOT_DUES, LINKED, RETURNED, RETURN_LISTED, IGNORED)")
    List<Transaction> transactions(@PathVariable long id, @RequestParam(required = false) String state,
                                   @RequestParam(defaultValue = "0") int page,
                                   @RequestParam(defaultValue = "100") int size) {
        return jdbc.sql("""
                        select id, kind, state, bank_reference, detail, line, amount, bank_charges, booking_date,
                               end_to_end_id, rf_reference, debtor_name, debtor_iban, remittance, return_code,
                               matched_by, charge_number, note
                        from duesflow.bank_transaction
                        where bank_file_id = :file and (cast(:state as text) is null or state = :state)
                        order by id limit :size offset :offset""")
                .param("file", id).param("state", state).param("size", size).param("offset", (long) page * size)
                .query((rs, n) -> new Transaction(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getInt(6), rs.getBigDecimal(7), rs.getBigDecimal(8),
                        rs.getDate(9) == null ? null : rs.getDate(9).toLocalDate(), rs.getString(10), rs.getString(11),
                        rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16),
                        rs.getString(17), rs.getString(18)))
                .list();
    }

    @GetMapping("/returns")
    @Operation(summary = "Direct debits returned or rejected by the bank, newest first, with the code and its text "
            + "in the member's language, the bank's fee, whether the mandate ended; NOT_COLLECTED ones are returns of "
            + "something duesflow never collected, listed for the treasurer")
    List<Return> returns(@RequestParam(defaultValue = "100") int limit) {
        return jdbc.sql("""
                        select end_to_end_id, charge_number, member_number, source, code, reason_text, original_amount,
                               return_fee, booking_date, mandate_ended, outcome
                        from duesflow.collection_return order by id desc limit :limit""")
                .param("limit", limit)
                .query((rs, n) -> new Return(rs.getString(1), rs.getString(2), (Long) rs.getObject(3, Long.class),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getBigDecimal(7), rs.getBigDecimal(8),
                        rs.getDate(9).toLocalDate(), rs.getBoolean(10), rs.getString(11)))
                .list();
    }
}
