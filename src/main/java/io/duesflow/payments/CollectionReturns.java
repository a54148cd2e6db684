package io.duesflow.payments;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.duesflow.banking.statements.PaymentBlockStatus;
import io.duesflow.banking.statements.Reason;
import io.duesflow.banking.statements.ReasonCode;
import io.duesflow.banking.statements.StatusReport;
import io.duesflow.banking.statements.TransactionStatus;
import io.duesflow.billing.Charge;
import io.duesflow.billing.ChargeState;
import io.duesflow.billing.Charges;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.CurrentUser;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Direct debits that came back: returns in camt (a reversed debit with {@code RtrInf/Rsn/Cd}, before or after the
 * bank settled it) and rejections in pain.002 (the whole file, a block, or one transaction). Each puts its charge back
 * to owed, records the code with its text in the member's language, and ends the mandate when the code says
 * collecting on it again is pointless. A return is recorded once per collection, so the same return reported twice
 * changes nothing; one for something duesflow never collected is listed, never guessed.
 */
@Component
class CollectionReturns {

    private enum Outcome { REOPENED, PAYMENT_UNDONE, NOT_COLLECTED, NOT_IN_COLLECTION }

    private static final String BETALINGSSERVICE = "BETALINGSSERVICE";

    /** One collection reported back, wherever it was reported. */
    private record Case(String key, CollectedDebits.Debit debit, String source, String code, String information,
                        BigDecimal originalAmount, BigDecimal fee, LocalDate on, String bankReference,
                        Long bankTransactionId) {
    }

    private final Charges charges;
    private final CollectedDebits debits;
    private final PaymentRecords records;
    private final MemberRegister register;
    private final JdbcClient jdbc;
    private final Clock clock;

    CollectionReturns(Charges charges, CollectedDebits debits, PaymentRecords records, MemberRegister register,
                      JdbcClient jdbc, Clock clock) {
        this.charges = charges;
        this.debits = debits;
        this.records = records;
        this.register = register;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The returns a camt file reported (its rows of kind RETURN); returns how many were new. */
    int camt(long fileId, BankFileAnnouncements announcements) {
        record Row(long id, BigDecimal amount, BigDecimal fee, String endToEndId, String code, String information,
                   LocalDate on, String reference) {
        }
        List<Row> rows = jdbc.sql("""
                        select id, amount, bank_charges, end_to_end_id, return_code, return_information,
                               coalesce(booking_date, value_date, current_date),
                               bank_reference
                        from duesflow.bank_transaction where bank_file_id = :file and kind = 'RETURN' and state = 'NEW'
                        order by id""")
                .param("file", fileId)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getDate(7).toLocalDate(), rs.getString(8)))
                .list();
        if (rows.isEmpty()) {
            return 0;
        }
        Map<String, CollectedDebits.Debit> collected = debits.byEndToEndId(rows.stream().map(Row::endToEndId)
                .filter(java.util.Objects::nonNull).toList());
        List<Case> cases = rows.stream().map(row -> new Case(row.endToEndId() != null ? row.endToEndId()
                        : "return " + row.reference() + " #" + row.id(), collected.get(row.endToEndId()), "CAMT",
                row.code(), row.information(), row.amount(), row.fee(), row.on(), row.reference(), row.id())).toList();
        return apply(cases, fileId, announcements);
    }

    /** The rejections a pain.002 reported: the whole file, blocks, transactions. Returns how many were new. */
    int pain002(long fileId, StatusReport report, List<PaymentBlockStatus> blocks,
                List<TransactionStatus> rejected, LocalDate on, BankFileAnnouncements announcements) {
        Map<String, Case> cases = new LinkedHashMap<>();
        for (TransactionStatus transaction : rejected) {
            String key = transaction.originalEndToEndId() != null ? transaction.originalEndToEndId()
                    : "transaction " + transaction.originalInstructionId();
            CollectedDebits.Debit debit = transaction.originalEndToEndId() == null ? null
                    : debits.byEndToEndId(List.of(transaction.originalEndToEndId())).get(transaction.originalEndToEndId());
            Reason reason = transaction.reasons().isEmpty() ? null : transaction.reasons().get(0);
            cases.putIfAbsent(key, new Case(key, debit, "PAIN002_TRANSACTION", code(reason), information(reason),
                    transaction.originalAmount() == null ? debit == null ? null : debit.amount()
                            : transaction.originalAmount().value(), BigDecimal.ZERO, on, null, null));
        }
        for (PaymentBlockStatus block : blocks) {
            if ("RJCT".equals(block.status())) {
                Reason reason = block.reasons().isEmpty() ? null : block.reasons().get(0);
                whole(cases, debits.inBlock(block.originalPaymentInformationId()),
                        "block " + block.originalPaymentInformationId(), "PAIN002_BLOCK", reason, on);
            }
        }
        if (report != null && "RJCT".equals(report.groupStatus())) {
            Reason reason = report.reasons().isEmpty() ? null : report.reasons().get(0);
            whole(cases, debits.inFile(report.originalMessageId()), "file " + report.originalMessageId(),
                    "PAIN002_FILE", reason, on);
        }
        return apply(List.copyOf(cases.values()), fileId, announcements);
    }

    /**
     * A collection Betalingsservice reported back (0602): rejected (0237), cancelled (0238) or charged back (0239).
     *
     * @param key         unique per charge and code, so the same report in a later delivery changes nothing
     * @param code        the transaction code
     * @param reference   where it was reported: the delivery and the record
     */
    record BetalingsserviceCase(String key, long chargeId, String code, BigDecimal amount, LocalDate on,
                                String reference) {
    }

    /** The returns Betalingsservice reported; returns the keys of the new ones (the others were recorded before). */
    Set<String> betalingsservice(long fileId, List<BetalingsserviceCase> reported, BankFileAnnouncements announcements) {
        List<Case> cases = reported.stream().map(r -> new Case(r.key(), new CollectedDebits.Debit(r.chargeId(),
                r.key(), null, r.amount(), null), BETALINGSSERVICE, r.code(), null, r.amount(), BigDecimal.ZERO,
                r.on(), r.reference(), null)).toList();
        return applied(cases, fileId, announcements);
    }

    private static void whole(Map<String, Case> cases, List<CollectedDebits.Debit> collections, String what,
                              String source, Reason reason, LocalDate on) {
        if (collections.isEmpty()) {
            cases.putIfAbsent(what, new Case(what, null, source, code(reason), information(reason), null,
                    BigDecimal.ZERO, on, null, null));
        }
        for (CollectedDebits.Debit debit : collections) {
            cases.putIfAbsent(debit.endToEndId(), new Case(debit.endToEndId(), debit, source, code(reason),
                    information(reason), debit.amount(), BigDecimal.ZERO, on, null, null));
        }
    }

    private int apply(List<Case> cases, long fileId, BankFileAnnouncements announcements) {
        return applied(cases, fileId, announcements).size();
    }

    private Set<String> applied(List<Case> cases, long fileId, BankFileAnnouncements announcements) {
        Map<Long, ChargeState> states = charges.invoicesById(cases.stream().filter(c -> c.debit() != null)
                .map(c -> c.debit().chargeId()).toList());
        Map<Long, Payments.Payment> settlements = records.standingSettlements(states.keySet());
        List<Outcome> outcomes = new ArrayList<>(cases.size());
        List<String> texts = new ArrayList<>(cases.size());
        for (Case c : cases) {
            ChargeState charge = c.debit() == null ? null : states.get(c.debit().chargeId());
            outcomes.add(charge == null ? Outcome.NOT_COLLECTED
                    : charge.status() == Charge.Status.IN_COLLECTION ? Outcome.REOPENED
                    : settlements.containsKey(charge.id()) ? Outcome.PAYMENT_UNDONE : Outcome.NOT_IN_COLLECTION);
            texts.add(text(c, charge == null ? "en" : charge.language()));
        }
        Set<String> fresh = record(cases, outcomes, texts, states, fileId);
        List<Long> reopen = new ArrayList<>();
        List<String> reopenWhy = new ArrayList<>();
        List<CollectionReturned> returned = new ArrayList<>();
        List<PaymentUndone> undone = new ArrayList<>();
        List<RowState> rows = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            ChargeState charge = c.debit() == null ? null : states.get(c.debit().chargeId());
            Outcome outcome = outcomes.get(i);
            String why = BETALINGSSERVICE.equals(c.source()) ? "reported by Betalingsservice: " + texts.get(i)
                    : (c.source().startsWith("PAIN002") ? "rejected" : "returned") + " by the bank: "
                    + (c.code() == null ? "" : c.code() + " – ") + texts.get(i);
            if (!fresh.contains(c.key())) {
                rows.add(new RowState(c.bankTransactionId(), "RETURNED", charge,
                        "already recorded from an earlier file; nothing changed"));
                continue;
            }
            boolean mandateEnded = false;
            if (outcome == Outcome.REOPENED) {
                reopen.add(charge.id());
                reopenWhy.add(why);
            } else if (outcome == Outcome.PAYMENT_UNDONE) {
                Payments.Payment settlement = settlements.get(charge.id());
                charges.undoPayment(charge.id(), settlement.amount(), why);
                records.markUndone(settlement.id(), CurrentUser.name(), why);
                undone.add(new PaymentUndone(settlement.id(), charge.id(), charge.number(), charge.memberNumber(),
                        settlement.amount(), settlement.how(), c.on(), CurrentUser.name(), why, BigDecimal.ZERO));
            }
            if (charge != null && c.code() != null && c.debit().mandateId() != null
                    && ReasonCode.of(c.code()).map(ReasonCode::endsMandate).orElse(false)) {
                mandateEnded = register.endSepaMandate(charge.memberNumber(), c.debit().mandateId(), why);
                if (mandateEnded) {
                    jdbc.sql("update duesflow.collection_return set mandate_ended = true where end_to_end_id = :key")
                            .param("key", c.key()).update();
                }
            }
            returned.add(new CollectionReturned(charge == null ? null : charge.id(),
                    charge == null ? null : charge.number(), charge == null ? null : charge.memberNumber(),
                    c.debit() == null ? c.key() : c.debit().endToEndId(), c.originalAmount(), c.fee(), c.code(),
                    texts.get(i), c.on(), c.bankReference(), outcome == Outcome.PAYMENT_UNDONE, mandateEnded, fileId,
                    outcome == Outcome.REOPENED ? charge.owed() : BigDecimal.ZERO));
            boolean listed = outcome == Outcome.NOT_COLLECTED || outcome == Outcome.NOT_IN_COLLECTION;
            rows.add(new RowState(c.bankTransactionId(), listed ? "RETURN_LISTED" : "RETURNED", charge, listed
                    ? "a return of a direct debit that is not in collection here; listed for the treasurer"
                    : outcome == Outcome.REOPENED ? "the charge is owed again"
                    : "its settlement is undone; the charge is owed again"));
        }
        charges.returnFromCollections(reopen, reopenWhy);
        mark(rows.stream().filter(row -> row.id() != null).toList());
        announcements.returns(returned);
        announcements.undone(undone);
        return fresh;
    }

    /** What a camt return's row says after it was handled. */
    private record RowState(Long id, String state, ChargeState charge, String note) {
    }

    private void mark(List<RowState> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        update duesflow.bank_transaction t set state = r.state, charge_id = r.charge,
                            charge_number = r.number, note = r.note
                        from unnest(:ids, :states, :charges, :numbers, :notes) as r(id, state, charge, number, note)
                        where t.id = r.id""")
                .param("ids", PaymentRecords.array("bigint", rows, RowState::id))
                .param("states", PaymentRecords.array("text", rows, RowState::state))
                .param("charges", PaymentRecords.array("bigint", rows, r -> r.charge() == null ? null : r.charge().id()))
                .param("numbers", PaymentRecords.array("text", rows, r -> r.charge() == null ? null
                        : r.charge().number()))
                .param("notes", PaymentRecords.array("text", rows, RowState::note))
                .update();
    }

    /** Records the returns not recorded before; answers the keys of the new ones. */
    private Set<String> record(List<Case> cases, List<Outcome> outcomes, List<String> texts,
                               Map<Long, ChargeState> states, long fileId) {
        if (cases.isEmpty()) {
            return Set.of();
        }
        List<Integer> index = java.util.stream.IntStream.range(0, cases.size()).boxed().toList();
        return new HashSet<>(jdbc.sql("""
                        insert into duesflow.collection_return (end_to_end_id, charge_id, charge_number, member_number,
                            source, code, reason_text, original_amount, return_fee, booking_date, bank_reference,
                            bank_file_id, mandate_id, outcome, recorded_at)
                        select r.key, r.charge, r.number, r.member, r.source, r.code, r.text, r.original, r.fee, r.on_date,
                               r.reference, :file, r.mandate, r.outcome, :now
                        from unnest(:keys, :charges, :numbers, :members, :sources, :codes, :texts, :originals, :fees,
                                    :dates, :references, :mandates, :outcomes)
                             as r(key, charge, number, member, source, code, text, original, fee, on_date, reference,
                                  mandate, outcome)
                        on conflict (end_to_end_id) do nothing
                        returning end_to_end_id""")
                .param("keys", PaymentRecords.array("text", index, i -> cases.get(i).key()))
                .param("charges", PaymentRecords.array("bigint", index, i -> charge(cases.get(i), states) == null ? null
                        : charge(cases.get(i), states).id()))
                .param("numbers", PaymentRecords.array("text", index, i -> charge(cases.get(i), states) == null ? null
                        : charge(cases.get(i), states).number()))
                .param("members", PaymentRecords.array("bigint", index, i -> charge(cases.get(i), states) == null ? null
                        : charge(cases.get(i), states).memberNumber()))
                .param("sources", PaymentRecords.array("text", index, i -> cases.get(i).source()))
                .param("codes", PaymentRecords.array("text", index, i -> cases.get(i).code()))
                .param("texts", PaymentRecords.array("text", index, texts::get))
                .param("originals", PaymentRecords.array("numeric", index, i -> cases.get(i).originalAmount()))
                .param("fees", PaymentRecords.array("numeric", index, i -> cases.get(i).fee()))
                .param("dates", PaymentRecords.array("date", index, i -> Date.valueOf(cases.get(i).on())))
                .param("references", PaymentRecords.array("text", index, i -> cases.get(i).bankReference()))
                .param("mandates", PaymentRecords.array("text", index, i -> cases.get(i).debit() == null ? null
                        : cases.get(i).debit().mandateId()))
                .param("outcomes", PaymentRecords.array("text", index, i -> outcomes.get(i).name()))
                .param("file", fileId).param("now", Timestamp.from(Instant.now(clock)))
                .query(String.class).list());
    }

    private static ChargeState charge(Case c, Map<Long, ChargeState> states) {
        return c == null || c.debit() == null ? null : states.get(c.debit().chargeId());
    }

    /** The code's plain-language text in the member's language; the bank's own words when it gives no known code. */
    private static String text(Case c, String language) {
        if (BETALINGSSERVICE.equals(c.source())) {
            return BetalingsserviceReasons.text(c.code(), Locale.forLanguageTag(language == null ? "en" : language));
        }
        if (c.code() != null) {
            String text = ReasonCode.describe(c.code(), Locale.forLanguageTag(language == null ? "en" : language));
            return c.information() == null || c.information().isBlank() ? text : text + " (" + c.information() + ")";
        }
        return c.information() == null || c.information().isBlank() ? "no reason given" : c.information();
    }

    private static String code(Reason reason) {
        return reason == null ? null : reason.code() != null ? reason.code() : reason.proprietary();
    }

    private static String information(Reason reason) {
        return reason == null || reason.additionalInformation().isEmpty() ? null
                : String.join(" ", reason.additionalInformation());
    }
}
