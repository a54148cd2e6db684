package io.duesflow.ledger;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import io.duesflow.payments.BankChargesRecorded;
import io.duesflow.payments.BankFileBooked;
import io.duesflow.payments.CollectionPlaced;
import io.duesflow.payments.CollectionReturned;
import io.duesflow.payments.CollectionSettled;
import io.duesflow.payments.CreditMarkedNotDues;
import io.duesflow.payments.MemberCreditAdded;
import io.duesflow.payments.MemberCreditUsed;
import io.duesflow.payments.PaymentMatch;
import io.duesflow.payments.PaymentRegistered;
import io.duesflow.payments.PaymentUndone;
import io.duesflow.payments.Payments;
import io.duesflow.platform.InvalidInput;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Books what the payments room announces, the way {@link BillingPostings} books billing: plain, synchronous listeners
 * inside the transaction of the change (the file's import, the treasurer's payment, the collection's recording), not
 * through the event publication registry. So the money movement and its voucher commit together or not at all: the
 * ledger's check (dues owed = the debtor list, clearing = what is in collection, member credit = the members'
 * credit) holds after every commit, and an account missing from the chart refuses the change with the reason
 * instead of leaving a posting behind to retry. It cannot double: payments announces each movement once (a payment,
 * a settlement and a return are recorded once, under their own unique keys, and a bank file seen before books
 * nothing), a rolled-back change takes its voucher with it, and every voucher is keyed in the database by what caused
 * it ({@code voucher(source, source_key)} is unique), so the same announcement heard again books nothing.
 *
 * <ul>
 *   <li>Direct debits placed at the bank ({@link CollectionPlaced}), one voucher per file, dated on the collection
 *   date: dues owed → collection clearing, per charge. The bank's credit ({@link CollectionSettled}) clears it:
 *   clearing → bank, per charge (a block the bank booked as one entry is one bank line). So the clearing account nets
 *   to zero per collection and its balance is what the bank still owes.</li>
 *   <li>A payment ({@link PaymentRegistered}): bank debited, dues owed credited with what the charge took; what the
 *   member paid beyond it ({@link MemberCreditAdded}) goes to member credit (a liability); a difference within the
 *   amount tolerance to the rounding account. Credit used on a later charge ({@link MemberCreditUsed}): member
 *   credit → dues owed.</li>
 *   <li>A payment undone ({@link PaymentUndone}) reverses what it booked: from the bank (or back to member credit when
 *   it came from there), with the overpayment it had left as credit; a settled direct debit the bank returned comes
 *   out of the bank. A direct debit returned while still in collection ({@link CollectionReturned}) goes back from
 *   clearing to dues owed; the bank's fee on it, and bank charges on an entry ({@link BankChargesRecorded}), are
 *   bank charges.</li>
 *   <li>A bank credit marked not dues ({@link CreditMarkedNotDues}): bank → other receipts, with the treasurer's
 *   note. A credit that matched nothing is booked when a treasurer decides it, on its booking date.</li>
 * </ul>
 *
 * A bank file's movements come in parts of a few thousand ({@link BankFileBooked}); each part is booked as one
 * voucher per booking day, its lines written with {@code COPY} like any voucher's: a statement of 100 000 credits is
 * a few dozen vouchers, not 100 000, and nothing is queried per credit.
 */
@Component
class PaymentPostings {

    private final Journal journal;
    private final ChartOfAccounts chart;
    private final Payments payments;
    private final Clock clock;

    PaymentPostings(Journal journal, ChartOfAccounts chart, Payments payments, Clock clock) {
        this.journal = journal;
        this.chart = chart;
        this.payments = payments;
        this.clock = clock;
    }

    // --- collections ----------------------------------------------------------------------------------------------

    @EventListener
    void on(CollectionPlaced placed) {
        Accounts accounts = new Accounts();
        String clearing = accounts.role(Account.Role.COLLECTION_CLEARING);
        journal.book(Journal.Source.COLLECTION_PLACED, placed.fileName() + "/" + placed.collectionDate(),
                placed.collectionDate(),
                "Direct debits " + placed.fileName() + ": " + placed.debits().size()
                        + " collections placed at the bank, collected on " + placed.collectionDate(),
                lines -> {
                    for (CollectionPlaced.Debit debit : placed.debits()) {
                        String text = "Direct debit of invoice " + debit.chargeNumber() + ", member "
                                + debit.memberNumber();
                        lines.add(clearing, debit.amount(), text, debit.memberNumber(), debit.chargeId());
                        lines.add(accounts.duesOwed, debit.amount().negate(), text, debit.memberNumber(),
                                debit.chargeId());
                    }
                });
    }

    // --- a bank file, a part and a booking day at a time -----------------------------------------------------------

    /** What one part of a bank file moved on one booking day. */
    private static final class Day {
        final List<PaymentRegistered> payments = new ArrayList<>();
        final List<MemberCreditAdded> credits = new ArrayList<>();
        final List<CollectionSettled> settlements = new ArrayList<>();
        final List<CollectionReturned> returns = new ArrayList<>();
        final List<PaymentUndone> undone = new ArrayList<>();
        final List<BankChargesRecorded> bankCharges = new ArrayList<>();
    }

    @EventListener
    void on(BankFileBooked part) {
        LocalDate today = LocalDate.now(clock);
        Map<LocalDate, Day> days = new TreeMap<>();
        Function<LocalDate, Day> day = on -> days.computeIfAbsent(on == null ? today : on, d -> new Day());
        part.payments().forEach(payment -> day.apply(payment.bookingDate()).payments.add(payment));
        part.creditsAdded().forEach(credit -> day.apply(credit.on()).credits.add(credit));
        part.settlements().forEach(settled -> day.apply(settled.settledOn()).settlements.add(settled));
        part.returns().forEach(returned -> day.apply(returned.on()).returns.add(returned));
        part.undone().forEach(undone -> day.apply(undone.on()).undone.add(undone));
        part.bankCharges().forEach(charges -> day.apply(charges.on()).bankCharges.add(charges));
        if (days.isEmpty()) {
            return;
        }
        Accounts accounts = new Accounts();
        days.forEach((on, moved) -> journal.book(Journal.Source.BANK_FILE,
                part.bankFileId() + "/" + part.part() + "/" + on, on, text(part, on, moved), lines -> {
                    moved.payments.forEach(payment -> payment(payment, accounts, lines));
                    moved.credits.forEach(credit -> creditAdded(credit, accounts, lines));
                    settlements(moved.settlements, accounts, lines);
                    moved.returns.forEach(returned -> returned(returned, accounts, lines));
                    moved.undone.forEach(undone -> undone(undone, accounts, lines));
                    moved.bankCharges.forEach(charges -> bankCharges(charges, accounts, lines));
                }));
    }

    private static String text(BankFileBooked part, LocalDate on, Day moved) {
        List<String> what = new ArrayList<>();
        count(what, moved.payments.size(), "payment", "payments");
        count(what, moved.credits.size(), "overpayment", "overpayments");
        count(what, moved.settlements.size(), "direct debit settled", "direct debits settled");
        count(what, moved.returns.size(), "direct debit returned", "direct debits returned");
        count(what, moved.undone.size(), "settlement undone", "settlements undone");
        count(what, moved.bankCharges.size(), "bank charge", "bank charges");
        return "Bank file " + part.fileName() + " (" + part.bankFileId() + (part.part() > 1 ? ", part " + part.part()
                : "") + "), booked " + on + ": " + String.join(", ", what);
    }

    private static void count(List<String> what, int count, String one, String many) {
        if (count > 0) {
            what.add(count + " " + (count == 1 ? one : many));
        }
    }

    // --- a treasurer's action, a card payment, a run's approval: one movement at a time ---------------------------

    @EventListener
    void on(PaymentRegistered payment) {
        Accounts accounts = new Accounts();
        journal.book(Journal.Source.PAYMENT, String.valueOf(payment.paymentId()), payment.bookingDate(),
                "Payment " + payment.paymentId() + " of invoice " + payment.chargeNumber() + ", member "
                        + payment.memberNumber() + " (" + how(payment.how()) + ")",
                lines -> payment(payment, accounts, lines));
    }

    @EventListener
    void on(MemberCreditAdded credit) {
        Accounts accounts = new Accounts();
        journal.book(Journal.Source.MEMBER_CREDIT_ADDED, String.valueOf(credit.paymentId()), credit.on(),
                "Overpayment of invoice " + credit.chargeNumber() + " (payment " + credit.paymentId()
                        + "), member " + credit.memberNumber() + ": the member's credit",
                lines -> creditAdded(credit, accounts, lines));
    }

    @EventListener
    void on(MemberCreditUsed used) {
        Accounts accounts = new Accounts();
        String credit = accounts.role(Account.Role.MEMBER_CREDIT);
        String text = "Member's credit used on invoice " + used.chargeNumber() + ", member " + used.memberNumber();
        journal.book(Journal.Source.MEMBER_CREDIT_USED, String.valueOf(used.paymentId()), used.on(), text, lines -> {
            lines.add(credit, used.amount(), text, used.memberNumber(), used.chargeId());
            lines.add(accounts.duesOwed, used.amount().negate(), text, used.memberNumber(), used.chargeId());
        });
    }

    @EventListener
    void on(PaymentUndone undone) {
        Accounts accounts = new Accounts();
        journal.book(Journal.Source.PAYMENT_UNDONE, String.valueOf(undone.paymentId()), undone.on(),
                "Payment " + undone.paymentId() + " of invoice " + undone.chargeNumber() + ", member "
                        + undone.memberNumber() + " undone by " + undone.by() + ": " + undone.reason(),
                lines -> undone(undone, accounts, lines));
    }

    @EventListener
    void on(CreditMarkedNotDues notDues) {
        Accounts accounts = new Accounts();
        String other = accounts.role(Account.Role.OTHER_RECEIPTS);
        String text = "Bank credit" + (notDues.payerName() == null ? "" : " from " + notDues.payerName())
                + (notDues.bankReference() == null ? "" : " (" + notDues.bankReference() + ")") + ", not dues: "
                + notDues.note() + " (" + notDues.by() + ")";
        journal.book(Journal.Source.NOT_DUES, String.valueOf(notDues.bankTransactionId()), notDues.bookingDate(), text,
                lines -> {
                    lines.add(accounts.bank, notDues.amount(), text, null, null);
                    lines.add(other, notDues.amount().negate(), text, null, null);
                });
    }

    // --- the lines of each movement --------------------------------------------------------------------------------

    /** Bank (what the bank booked) against dues owed (what the charge took); a tolerated difference to rounding. */
    private static void payment(PaymentRegistered payment, Accounts accounts, Journal.Lines lines) {
        String text = "Payment of invoice " + payment.chargeNumber() + ", member " + payment.memberNumber()
                + (payment.bankReference() == null ? "" : ", " + payment.bankReference());
        BigDecimal difference = payment.toleranceDifference() == null ? BigDecimal.ZERO : payment.toleranceDifference();
        lines.add(accounts.bank, payment.amount().add(difference), text, payment.memberNumber(), payment.chargeId());
        lines.add(accounts.duesOwed, payment.amount().negate(), text, payment.memberNumber(), payment.chargeId());
        if (difference.signum() != 0) {
            lines.add(accounts.role(Account.Role.ROUNDING), difference.negate(), "Within the tolerance: "
                    + text, payment.memberNumber(), payment.chargeId());
        }
    }

    private static void creditAdded(MemberCreditAdded credit, Accounts accounts, Journal.Lines lines) {
        String text = "Overpaid on invoice " + credit.chargeNumber() + ", member " + credit.memberNumber()
                + ": the member's credit" + (credit.bankReference() == null ? "" : ", " + credit.bankReference());
        lines.add(accounts.bank, credit.amount(), text, credit.memberNumber(), null);
        lines.add(accounts.role(Account.Role.MEMBER_CREDIT), credit.amount().negate(), text, credit.memberNumber(),
                null);
    }

    /**
     * Clearing → bank per charge; the bank line of a block the bank booked as one entry is one line for the block,
     * as it stands on the statement.
     */
    private static void settlements(List<CollectionSettled> settlements, Accounts accounts, Journal.Lines lines) {
        if (settlements.isEmpty()) {
            return;
        }
        String clearing = accounts.role(Account.Role.COLLECTION_CLEARING);
        Map<String, List<CollectionSettled>> blocks = new LinkedHashMap<>();
        for (CollectionSettled settled : settlements) {
            String text = "Direct debit of invoice " + settled.chargeNumber() + " settled, member "
                    + settled.memberNumber();
            if (settled.how() == PaymentMatch.COLLECTION_BATCH && settled.paymentInformationId() != null) {
                blocks.computeIfAbsent(settled.paymentInformationId() + "\u0000" + settled.bankReference(),
                        block -> new ArrayList<>()).add(settled);
            } else {
                lines.add(accounts.bank, settled.amount(), text + (settled.bankReference() == null ? ""
                        : ", " + settled.bankReference()), settled.memberNumber(), settled.chargeId());
            }
            lines.add(clearing, settled.amount().negate(), text, settled.memberNumber(), settled.chargeId());
        }
        for (List<CollectionSettled> block : blocks.values()) {
            CollectionSettled first = block.get(0);
            BigDecimal sum = block.stream().map(CollectionSettled::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
            lines.add(accounts.bank, sum, "Direct-debit block " + first.paymentInformationId() + " settled: "
                    + block.size() + " collections" + (first.bankReference() == null ? ""
                    : ", " + first.bankReference()), null, null);
        }
    }

    /** Back from clearing to dues owed when it was still in collection; the bank's fee out of the bank. */
    private static void returned(CollectionReturned returned, Accounts accounts, Journal.Lines lines) {
        String reason = (returned.reasonCode() == null ? "" : returned.reasonCode() + " ") + returned.reasonText();
        String what = returned.chargeNumber() == null ? "direct debit " + returned.endToEndId()
                : "direct debit of invoice " + returned.chargeNumber() + ", member " + returned.memberNumber();
        BigDecimal back = returned.fromCollection() == null ? BigDecimal.ZERO : returned.fromCollection();
        if (back.signum() != 0) {
            String text = "Returned: " + what + " (" + reason + ")";
            lines.add(accounts.duesOwed, back, text, returned.memberNumber(), returned.chargeId());
            lines.add(accounts.role(Account.Role.COLLECTION_CLEARING), back.negate(), text, returned.memberNumber(),
                    returned.chargeId());
        }
        BigDecimal fee = returned.returnFee() == null ? BigDecimal.ZERO : returned.returnFee();
        if (fee.signum() != 0) {
            String text = "Bank's fee on the returned " + what + (returned.bankReference() == null ? ""
                    : ", " + returned.bankReference());
            lines.add(accounts.role(Account.Role.BANK_CHARGES), fee, text, returned.memberNumber(), returned.chargeId());
            lines.add(accounts.bank, fee.negate(), text, returned.memberNumber(), returned.chargeId());
        }
    }

    /**
     * The reverse of what the payment booked: dues owed again, against member credit when it was paid from there, else
     * against the bank (a settled direct debit returned leaves the bank); the overpayment it left as credit is taken
     * back from member credit, and a tolerated difference from rounding.
     */
    private void undone(PaymentUndone undone, Accounts accounts, Journal.Lines lines) {
        String text = "Undone: payment of invoice " + undone.chargeNumber() + ", member " + undone.memberNumber()
                + " (" + undone.reason() + ")";
        String from = undone.how() == PaymentMatch.MEMBER_CREDIT ? accounts.role(Account.Role.MEMBER_CREDIT)
                : accounts.bank;
        BigDecimal difference = toleranceOf(undone);
        lines.add(accounts.duesOwed, undone.amount(), text, undone.memberNumber(), undone.chargeId());
        lines.add(from, undone.amount().add(difference).negate(), text, undone.memberNumber(), undone.chargeId());
        if (difference.signum() != 0) {
            lines.add(accounts.role(Account.Role.ROUNDING), difference, text, undone.memberNumber(), undone.chargeId());
        }
        BigDecimal credit = undone.creditTakenBack() == null ? BigDecimal.ZERO : undone.creditTakenBack();
        if (credit.signum() != 0 && undone.how() != PaymentMatch.MEMBER_CREDIT) {
            String taken = "Undone: the member's credit the payment of invoice " + undone.chargeNumber() + " left";
            lines.add(accounts.role(Account.Role.MEMBER_CREDIT), credit, taken, undone.memberNumber(), null);
            lines.add(accounts.bank, credit.negate(), taken, undone.memberNumber(), null);
        }
    }

    /** Only a payment matched by amount and payer's account can have had a tolerated difference booked. */
    private BigDecimal toleranceOf(PaymentUndone undone) {
        if (undone.how() != PaymentMatch.AMOUNT_AND_IBAN) {
            return BigDecimal.ZERO;
        }
        return payments.paymentsOf(undone.chargeNumber()).stream()
                .filter(payment -> payment.id() == undone.paymentId() && payment.toleranceDifference() != null)
                .map(Payments.Payment::toleranceDifference).findFirst().orElse(BigDecimal.ZERO);
    }

    private static void bankCharges(BankChargesRecorded charges, Accounts accounts, Journal.Lines lines) {
        String text = "Bank charges" + (charges.bankReference() == null ? "" : ", " + charges.bankReference())
                + (charges.explained() ? "" : " (the entry less its transactions)");
        lines.add(accounts.role(Account.Role.BANK_CHARGES), charges.amount(), text, null, null);
        lines.add(accounts.bank, charges.amount().negate(), text, null, null);
    }

    private static String how(PaymentMatch how) {
        return switch (how) {
            case MANUAL -> "registered by hand";
            case CARD -> "by card";
            case TASK -> "a bank credit assigned by a treasurer";
            case MEMBER_CREDIT -> "from the member's credit";
            case COLLECTION, COLLECTION_BATCH -> "direct debit";
            case END_TO_END_ID, RF_REFERENCE, PAYMENT_ID, AMOUNT_AND_IBAN -> "bank credit";
        };
    }

    /**
     * The accounts of one booking: the association's bank and dues owed, and the accounts playing the ledger's roles,
     * each looked up once, when first needed. A role no account plays refuses the booking, naming it.
     */
    private final class Accounts {
        final String bank = chart.bank();
        final String duesOwed = chart.duesOwed();
        private final Map<Account.Role, String> roles = new EnumMap<>(Account.Role.class);

        String role(Account.Role role) {
            String number = roles.get(role);
            if (number == null) {
                number = chart.withRole(role);
                if (number == null) {
                    throw new InvalidInput("role", "No account of the chart is the " + role + " account, which this "
                            + "payment posting needs; give an account that role (PUT /api/ledger/accounts/{number})");
                }
                roles.put(role, number);
            }
            return number;
        }
    }
}
