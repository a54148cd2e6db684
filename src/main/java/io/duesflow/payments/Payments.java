package io.duesflow.payments;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.duesflow.billing.ChargeState;
import io.duesflow.billing.Charges;
import io.duesflow.platform.Conflict;
import io.duesflow.platform.CurrentUser;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.Money;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The front door to what members paid: payments registered by hand ("paid", "register payment"), undoing one, the
 * member's credit that overpayments leave and later charges use, a member's account, and the association's payment
 * settings. Every payment changes its charge through billing's charge aggregate and is announced for the ledger in
 * the same transaction.
 */
@Service
@Transactional
public class Payments {

    /**
     * A payment registered on a charge.
     *
     * @param amount   what the charge took
     * @param overpaid what the member paid beyond it, left as the member's credit
     */
    public record Payment(long id, long chargeId, String chargeNumber, long memberNumber, BigDecimal amount,
                          LocalDate bookingDate, LocalDate valueDate, PaymentMatch how, String bankReference,
                          BigDecimal overpaid, BigDecimal toleranceDifference, String note, Instant registeredAt,
                          String registeredBy, Instant undoneAt, String undoneBy, String undoReason) {
    }

    /** A movement of a member's credit: {@code OVERPAYMENT} adds, {@code USED} takes, {@code UNDONE} reverses. */
    public record CreditLine(LocalDate on, String kind, BigDecimal amount, String chargeNumber, Long paymentId,
                             String by) {
    }

    /**
     * One line of a member's account: a charge ({@code CHARGE}), a payment ({@code PAYMENT}, {@code UNDONE}), a
     * movement of their credit ({@code CREDIT}), or a direct debit that came back ({@code RETURN}).
     */
    public record AccountLine(LocalDate on, String what, String chargeNumber, BigDecimal amount, String status,
                              String text) {
    }

    /** Everything about a member's money, in date order, with what is owed and the credit left. */
    public record Account(long memberNumber, BigDecimal owed, BigDecimal credit, List<AccountLine> lines) {
    }

    /**
     * What the association decides about payments.
     *
     * @param amountTolerance how far a credit matched only by amount and payer's account may be from what the one
     *                        fitting charge owes (0 to 10); the difference is noted for the ledger
     * @param sendReceipts    whether a member whose charge is paid in full gets a receipt by mail
     */
    public record Settings(BigDecimal amountTolerance, boolean sendReceipts, int version, Instant updatedAt,
                           String updatedBy) {
    }

    /** What a receipt confirms: everything paid on the charge, and the day the last payment was booked. */
    public record Receipt(BigDecimal amount, LocalDate on) {
    }

    private final Charges charges;
    private final PaymentRecords records;
    private final PaymentBooking booking;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final Clock clock;

    Payments(Charges charges, PaymentRecords records, PaymentBooking booking, ApplicationEventPublisher events,
             JdbcClient jdbc, Clock clock) {
        this.charges = charges;
        this.records = records;
        this.booking = booking;
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * "Register payment": any amount on a day up to today. Less than owed leaves the rest owed ({@code PARTLY_PAID});
     * more leaves the rest as the member's credit, which the member's next charge uses.
     */
    public Payment registerPayment(String chargeNumber, BigDecimal amount, LocalDate on, String note) {
        return pay(chargeNumber, Money.checked("amount", amount, true), day(on), PaymentMatch.MANUAL, null, null,
                blankToNull(note));
    }

    /** "Paid": exactly what the charge owes, on a day up to today. */
    public Payment markPaid(String chargeNumber, LocalDate on, String note) {
        ChargeState charge = charges.state(chargeNumber);
        if (!charge.owes()) {
            throw new Conflict("status", "Charge " + chargeNumber + " is " + charge.status()
                    + " and owes nothing; there is nothing to mark as paid");
        }
        return pay(chargeNumber, charge.owed(), day(on), PaymentMatch.MANUAL, null, null, blankToNull(note));
    }

    /** One payment on one charge through the aggregate, recorded and announced; the way in for all but bank files. */
    Payment pay(String chargeNumber, BigDecimal amount, LocalDate on, PaymentMatch how, String bankReference,
                Long bankTransactionId, String note) {
        Charges.Registered registered = charges.registerPayment(chargeNumber, amount,
                "payment of " + amount.toPlainString() + " on " + on + " (" + describe(how) + ")"
                        + (note == null ? "" : ": " + note));
        PaymentBooking.Order order = new PaymentBooking.Order(registered.chargeId(), amount, on, on, how,
                bankReference, bankTransactionId, null, note, null);
        PaymentBooking.Booked booked = booking.record(List.of(order), List.of(registered));
        announce(booked);
        return records.payment(booked.payments().get(0).paymentId());
    }

    void announce(PaymentBooking.Booked booked) {
        booked.payments().forEach(events::publishEvent);
        booked.creditsAdded().forEach(events::publishEvent);
        receiptsFor(booked.paidInFull());
    }

    /** Receipts for charges now paid in full, when the association sends them. */
    void receiptsFor(List<Long> paidInFull) {
        if (!paidInFull.isEmpty() && settings().sendReceipts()) {
            events.publishEvent(new ReceiptsDue(paidInFull));
        }
    }

    /**
     * A payment registered wrongly is taken back, with who and why: the charge owes it again, and the credit its
     * overpayment left is taken back too (refused once a later charge used it: undo that one first). A payment
     * taken from the member's credit gives the credit back.
     */
    public Payment undo(long paymentId, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInput("reason", "Say why the payment is undone; the charge's history keeps it");
        }
        Payment payment = records.lockPayment(paymentId);
        if (payment.undoneAt() != null) {
            throw new Conflict("payment", "Payment " + paymentId + " was undone already, by " + payment.undoneBy()
                    + ": " + payment.undoReason());
        }
        String why = reason.trim();
        LocalDate today = LocalDate.now(clock);
        records.lockCredit(payment.memberNumber());
        List<PaymentRecords.CreditMovement> movements = new ArrayList<>();
        if (payment.how() == PaymentMatch.MEMBER_CREDIT) {
            movements.add(new PaymentRecords.CreditMovement(payment.memberNumber(), payment.amount(), "UNDONE", today,
                    paymentId, payment.chargeId(), payment.chargeNumber()));
        }
        if (payment.overpaid().signum() > 0) {
            BigDecimal credit = records.creditBalance(payment.memberNumber());
            if (credit.compareTo(payment.overpaid()) < 0) {
                throw new Conflict("payment", "Payment " + paymentId + " left " + payment.overpaid()
                        + " as member " + payment.memberNumber() + "'s credit, and only " + credit + " of it is left: "
                        + "a later charge used it. Undo the payment from the credit first");
            }
            movements.add(new PaymentRecords.CreditMovement(payment.memberNumber(), payment.overpaid().negate(),
                    "UNDONE", today, paymentId, payment.chargeId(), payment.chargeNumber()));
        }
        charges.undoPayment(payment.chargeId(), payment.amount(), "payment " + paymentId + " of "
                + payment.amount().toPlainString() + " undone: " + why);
        records.markUndone(paymentId, CurrentUser.name(), why);
        records.moveCredits(movements);
        events.publishEvent(new PaymentUndone(paymentId, payment.chargeId(), payment.chargeNumber(),
                payment.memberNumber(), payment.amount(), payment.how(), today, CurrentUser.name(), why,
                payment.overpaid()));
        return records.payment(paymentId);
    }

    /**
     * An approved run's charges use what credit their members have, oldest due first, in the approval's
     * transaction: the invoice then shows it as already paid, and a direct debit collects only the rest.
     */
    void useCredit(long runId) {
        Map<Long, BigDecimal> balances = records.membersWithCredit();
        if (balances.isEmpty()) {
            return;
        }
        List<ChargeState> owed = charges.owedBy(balances.keySet(), runId);
        if (owed.isEmpty()) {
            return;
        }
        LocalDate today = LocalDate.now(clock);
        List<Charges.PaymentOrder> orders = new ArrayList<>();
        for (ChargeState charge : owed) {
            BigDecimal left = balances.get(charge.memberNumber());
            BigDecimal use = left.min(charge.owed());
            if (use.signum() > 0) {
                records.lockCredit(charge.memberNumber());
                balances.put(charge.memberNumber(), left.subtract(use));
                orders.add(new Charges.PaymentOrder(charge.id(), use, "paid from the member's credit"));
            }
        }
        List<Charges.Registered> registered = charges.registerPayments(orders).stream()
                .filter(charge -> charge.taken().signum() > 0).toList();
        List<Long> ids = records.insert(registered.stream().map(charge -> new PaymentRecords.NewPayment(
                charge.chargeId(), charge.number(), charge.memberNumber(), charge.taken(), today, today,
                PaymentMatch.MEMBER_CREDIT, null, null, BigDecimal.ZERO, null, null)).toList());
        List<PaymentRecords.CreditMovement> used = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Charges.Registered charge = registered.get(i);
            used.add(new PaymentRecords.CreditMovement(charge.memberNumber(), charge.taken().negate(), "USED", today,
                    ids.get(i), charge.chargeId(), charge.number()));
            events.publishEvent(new MemberCreditUsed(charge.memberNumber(), charge.taken(), today, ids.get(i),
                    charge.chargeId(), charge.number()));
        }
        records.moveCredits(used);
        receiptsFor(registered.stream().filter(charge -> charge.status() == io.duesflow.billing.Charge.Status.PAID)
                .map(Charges.Registered::chargeId).toList());
    }

    @Transactional(readOnly = true)
    public List<Payment> paymentsOf(String chargeNumber) {
        return records.ofCharge(charges.state(chargeNumber).id());
    }

    @Transactional(readOnly = true)
    public BigDecimal credit(long memberNumber) {
        return records.creditBalance(memberNumber);
    }

    /** What all members' credit comes to: what the association owes them for overpayments not used yet. */
    @Transactional(readOnly = true)
    public BigDecimal creditTotal() {
        return jdbc.sql("select coalesce(sum(amount), 0) from duesflow.member_credit").query(BigDecimal.class).single();
    }

    /** A member's charges, payments, credit and returns, in date order. */
    @Transactional(readOnly = true)
    public Account account(long memberNumber) {
        List<AccountLine> lines = new ArrayList<>();
        BigDecimal owed = BigDecimal.ZERO;
        for (ChargeState charge : charges.invoicesOf(memberNumber)) {
            lines.add(new AccountLine(charge.dueDate(), "CHARGE", charge.number(), charge.total(),
                    charge.status().name(), charge.owes() ? charge.owed().toPlainString() + " owed" : null));
            if (charge.owes()) {
                owed = owed.add(charge.owed());
            }
        }
        for (Payment payment : records.ofMember(memberNumber)) {
            lines.add(new AccountLine(payment.bookingDate(), "PAYMENT", payment.chargeNumber(), payment.amount(),
                    payment.how().name(), payment.note()));
            if (payment.undoneAt() != null) {
                lines.add(new AccountLine(LocalDate.ofInstant(payment.undoneAt(), clock.getZone()), "UNDONE",
                        payment.chargeNumber(), payment.amount().negate(), payment.how().name(),
                        payment.undoReason() + " (" + payment.undoneBy() + ")"));
            }
        }
        for (CreditLine credit : records.creditsOf(memberNumber)) {
            lines.add(new AccountLine(credit.on(), "CREDIT", credit.chargeNumber(), credit.amount(), credit.kind(), null));
        }
        jdbc.sql("""
                        select booking_date, charge_number, original_amount, outcome, coalesce(code, '') || ' ' || reason_text
                        from duesflow.collection_return where member_number = :member order by booking_date, id""")
                .param("member", memberNumber)
                .query((rs, n) -> new AccountLine(rs.getDate(1).toLocalDate(), "RETURN", rs.getString(2),
                        rs.getBigDecimal(3), rs.getString(4), rs.getString(5).trim()))
                .list().forEach(lines::add);
        lines.sort(Comparator.comparing(AccountLine::on));
        return new Account(memberNumber, owed, records.creditBalance(memberNumber), lines);
    }

    /** What a receipt for the charge confirms; empty when nothing stands paid on it. */
    @Transactional(readOnly = true)
    public Optional<Receipt> receipt(long chargeId) {
        return jdbc.sql("""
                        select sum(amount), max(booking_date) from duesflow.payment
                        where charge_id = :charge and undone_at is null having count(*) > 0""")
                .param("charge", chargeId)
                .query((rs, n) -> new Receipt(rs.getBigDecimal(1), rs.getDate(2).toLocalDate())).optional();
    }

    @Transactional(readOnly = true)
    public Settings settings() {
        return jdbc.sql("""
                        select amount_tolerance, send_receipts, version, updated_at, updated_by
                        from duesflow.payment_settings""")
                .query((rs, n) -> new Settings(rs.getBigDecimal(1), rs.getBoolean(2), rs.getInt(3),
                        rs.getTimestamp(4).toInstant(), rs.getString(5)))
                .single();
    }

    /** Changes the settings; {@code version} must be the one read (409 otherwise). */
    public Settings updateSettings(BigDecimal amountTolerance, Boolean sendReceipts, Integer version) {
        Settings current = settings();
        BigDecimal tolerance = amountTolerance == null ? current.amountTolerance()
                : Money.checked("amountTolerance", amountTolerance, false);
        if (tolerance.compareTo(BigDecimal.TEN) > 0) {
            throw new InvalidInput("amountTolerance", "The tolerance is for small differences (bank charges, "
                    + "rounding): at most 10.00, not " + tolerance.toPlainString());
        }
        int changed = jdbc.sql("""
                        update duesflow.payment_settings set amount_tolerance = :tolerance, send_receipts = :receipts,
                            version = version + 1, updated_at = :now, updated_by = :by
                        where version = :version""")
                .param("tolerance", tolerance)
                .param("receipts", sendReceipts == null ? current.sendReceipts() : sendReceipts)
                .param("now", Timestamp.from(Instant.now(clock))).param("by", CurrentUser.name())
                .param("version", version == null ? current.version() : version)
                .update();
        if (changed == 0) {
            throw new Conflict("version", "Someone else changed the payment settings since you read them (now "
                    + "version " + current.version() + "). Reload them and apply your change again.");
        }
        return settings();
    }

    static String describe(PaymentMatch how) {
        return switch (how) {
            case MANUAL -> "registered by hand";
            case CARD -> "by card";
            case TASK -> "a bank credit assigned by a treasurer";
            case MEMBER_CREDIT -> "from the member's credit";
            case END_TO_END_ID -> "bank credit, by end-to-end id";
            case RF_REFERENCE -> "bank credit, by RF reference";
            case PAYMENT_ID -> "bank credit, by +71 payment id";
            case AMOUNT_AND_IBAN -> "bank credit, by amount and payer's account";
            case COLLECTION, COLLECTION_BATCH -> "direct debit settled by the bank";
        };
    }

    private LocalDate day(LocalDate on) {
        LocalDate today = LocalDate.now(clock);
        if (on == null) {
            return today;
        }
        if (on.isAfter(today)) {
            throw new InvalidInput("on", "A payment is registered on the day it was made, not in the future ("
                    + on + " is after today, " + today + ")");
        }
        return on;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
