package io.duesflow.payments;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.duesflow.billing.Charge;
import io.duesflow.billing.ChargeState;
import io.duesflow.billing.Charges;
import io.duesflow.members.MemberRegister;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * Matches a bank file's credits to charges and books them, a chunk of a few thousand at a time (bounded memory,
 * a handful of statements per chunk whatever its size), in this order:
 * <ol>
 *     <li>our end-to-end id (the charge number): a direct debit settled on its own, or a transfer quoting it;</li>
 *     <li>the RF reference (check digits verified) or the Danish +71 payment id;</li>
 *     <li>one of our collection blocks by its {@code PmtInfId} and amount, when the bank booked a whole pain.008
 *     block as one entry: every charge in it is paid on the booking date;</li>
 *     <li>amount and payer's account, when exactly one open charge of a member known by that account fits (within
 *     the association's tolerance; the difference is noted for the ledger).</li>
 * </ol>
 * A credit found to be for a charge that owes nothing (paid already, cancelled …) is not booked on it but waits for a
 * treasurer, with the reason, as does every credit that matched nothing.
 */
@Component
class CreditMatching {

    static final int CHUNK = 10_000;

    /** A credit of the file still to match. */
    record Credit(long id, BigDecimal amount, String endToEndId, String paymentInformationId, String rf,
                          String paymentId, String debtorIban, LocalDate bookingDate, LocalDate valueDate,
                          String bankReference) {
    }

    /** What became of a credit: its state, how it matched, its charge, and why when it waits. */
    record Decision(long id, String state, PaymentMatch how, Long chargeId, String chargeNumber, String note,
                            BigDecimal toleranceDifference) {
    }

    /** A collection a credit settles. */
    private record Settling(Credit credit, long chargeId, PaymentMatch how) {
    }

    /** What matching a file did. */
    record Matched(int payments, int settled, int unmatched, List<Long> paidInFull) {
    }

    private final Charges charges;
    private final MemberRegister register;
    private final CollectedDebits debits;
    private final PaymentBooking booking;
    private final PaymentRecords records;
    private final JdbcClient jdbc;

    CreditMatching(Charges charges, MemberRegister register, CollectedDebits debits, PaymentBooking booking,
                   PaymentRecords records, JdbcClient jdbc) {
        this.charges = charges;
        this.register = register;
        this.debits = debits;
        this.booking = booking;
        this.records = records;
        this.jdbc = jdbc;
    }

    /**
     * Matches and books one chunk of a file's credits, in file order. The decisions are handed to {@code store}
     * once the charges have moved and before the payments are recorded: the caller writes each bank row once, with
     * its final state, and the payments name rows that exist.
     */
    Matched match(long fileId, List<Credit> credits, BigDecimal tolerance, BankFileAnnouncements announcements,
                  StepTimes times, Consumer<Collection<Decision>> store) {
        if (credits.isEmpty()) {
            store.accept(List.of());
            return new Matched(0, 0, 0, List.of());
        }
        Chunk done = matchChunk(fileId, credits, tolerance, announcements, times, store);
        return new Matched(done.payments, done.settled, done.unmatched, done.paidInFull);
    }

    private static final class Chunk {
        final Map<Long, Decision> decisions = new LinkedHashMap<>();
        final List<PaymentBooking.Order> orders = new ArrayList<>();
        final Map<Long, Credit> credits = new HashMap<>();
        final List<Settling> settling = new ArrayList<>();
        final Set<Long> claimed = new HashSet<>();
        int payments;
        int settled;
        int unmatched;
        final List<Long> paidInFull = new ArrayList<>();

        void waits(Credit credit, String note, ChargeState candidate) {
            decisions.put(credit.id(), new Decision(credit.id(), "UNMATCHED", null,
                    candidate == null ? null : candidate.id(), candidate == null ? null : candidate.number(), note,
                    null));
        }
    }

    private Chunk matchChunk(long fileId, List<Credit> credits, BigDecimal tolerance,
                             BankFileAnnouncements announcements, StepTimes times,
                             Consumer<Collection<Decision>> store) {
        long t = times.start();
        Chunk chunk = new Chunk();
        credits.forEach(credit -> chunk.credits.put(credit.id(), credit));
        Map<String, ChargeState> byNumber = charges.invoicesByNumber(keys(credits, Credit::endToEndId));
        Map<String, ChargeState> byRf = charges.invoicesByRfReference(keys(credits, Credit::rf));
        Map<String, ChargeState> byPaymentId = charges.invoicesByPaymentId(keys(credits, Credit::paymentId));
        times.stop("look up references", t);
        t = times.start();
        List<Credit> byAccount = new ArrayList<>();
        for (Credit credit : credits) {
            ChargeState charge;
            PaymentMatch how;
            if (credit.endToEndId() != null && byNumber.containsKey(credit.endToEndId())) {
                charge = byNumber.get(credit.endToEndId());
                how = PaymentMatch.END_TO_END_ID;
            } else if (credit.rf() != null && byRf.containsKey(credit.rf())) {
                charge = byRf.get(credit.rf());
                how = PaymentMatch.RF_REFERENCE;
            } else if (credit.paymentId() != null && byPaymentId.containsKey(credit.paymentId())) {
                charge = byPaymentId.get(credit.paymentId());
                how = PaymentMatch.PAYMENT_ID;
            } else {
                if (!settlesBlock(credit, chunk)) {
                    byAccount.add(credit);
                }
                continue;
            }
            decide(credit, charge, how, chunk);
        }
        times.stop("decide by reference and block", t);
        t = times.start();
        matchByAccount(byAccount, tolerance, chunk);
        times.stop("match by amount and account", t);
        book(fileId, chunk, announcements, times, store);
        return chunk;
    }

    /** A credit found its charge by a reference: booked on it if it owes, settled if in collection, else it waits. */
    private void decide(Credit credit, ChargeState charge, PaymentMatch how, Chunk chunk) {
        if (charge.status() == Charge.Status.IN_COLLECTION) {
            if (how == PaymentMatch.END_TO_END_ID && credit.amount().compareTo(charge.owed()) == 0
                    && chunk.claimed.add(charge.id())) {
                chunk.settling.add(new Settling(credit, charge.id(), PaymentMatch.COLLECTION));
            } else {
                chunk.waits(credit, "Charge " + charge.number() + " is in collection for " + charge.owed()
                        .toPlainString() + "; this credit of " + credit.amount().toPlainString() + " quotes it by "
                        + describe(how) + " but is not that collection", charge);
            }
            return;
        }
        if (!charge.owes()) {
            chunk.waits(credit, "The credit quotes charge " + charge.number() + " by " + describe(how) + ", which is "
                    + charge.status() + " and owes nothing", charge);
            return;
        }
        order(credit, charge.id(), credit.amount(), how, null, chunk);
    }

    private void order(Credit credit, long chargeId, BigDecimal amount, PaymentMatch how, BigDecimal difference,
                       Chunk chunk) {
        chunk.orders.add(new PaymentBooking.Order(chargeId, amount, credit.bookingDate(), credit.valueDate(), how,
                credit.bankReference(), credit.id(), difference, null, null));
        chunk.claimed.add(chargeId);
    }

    /**
     * Some banks book a whole pain.008 block as one entry, with nothing but the block's {@code PmtInfId}: when it is
     * ours and the amount is what its collections still in collection come to, they are all settled.
     */
    private boolean settlesBlock(Credit credit, Chunk chunk) {
        if (credit.paymentInformationId() == null || credit.endToEndId() != null) {
            return false;
        }
        List<CollectedDebits.Debit> block = debits.inBlock(credit.paymentInformationId());
        if (block.isEmpty()) {
            return false;
        }
        List<ChargeState> inCollection = charges.invoicesById(block.stream().map(CollectedDebits.Debit::chargeId)
                        .toList()).values().stream()
                .filter(charge -> charge.status() == Charge.Status.IN_COLLECTION).toList();
        BigDecimal expected = inCollection.stream().map(ChargeState::owed).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (inCollection.isEmpty() || expected.compareTo(credit.amount()) != 0) {
            chunk.waits(credit, "This is our collection block " + credit.paymentInformationId() + " of "
                    + block.size() + " direct debits, " + inCollection.size() + " of them still in collection for "
                    + expected.toPlainString() + ", not " + credit.amount().toPlainString(), null);
            return true;
        }
        for (ChargeState charge : inCollection) {
            chunk.claimed.add(charge.id());
            chunk.settling.add(new Settling(credit, charge.id(), PaymentMatch.COLLECTION_BATCH));
        }
        return true;
    }

    /**
     * Only an amount and the payer's account: the member is known by the account (a mandate's IBAN, an earlier
     * credit from it), and exactly one of their open charges owes the amount, give or take the tolerance.
     */
    private void matchByAccount(List<Credit> credits, BigDecimal tolerance, Chunk chunk) {
        Set<String> ibans = credits.stream().map(Credit::debtorIban).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        Map<String, Set<Long>> members = ibans.isEmpty() ? Map.of() : membersByIban(ibans);
        Map<Long, List<ChargeState>> owed = charges.owedBy(members.values().stream().flatMap(Set::stream)
                        .collect(Collectors.toSet()), null).stream()
                .collect(Collectors.groupingBy(ChargeState::memberNumber));
        for (Credit credit : credits) {
            Set<Long> payers = credit.debtorIban() == null ? Set.of() : members.getOrDefault(credit.debtorIban(), Set.of());
            List<ChargeState> fitting = payers.stream().flatMap(member -> owed.getOrDefault(member, List.of()).stream())
                    .filter(charge -> !chunk.claimed.contains(charge.id()))
                    .filter(charge -> charge.owed().subtract(credit.amount()).abs().compareTo(tolerance) <= 0)
                    .toList();
            if (fitting.size() == 1) {
                ChargeState charge = fitting.get(0);
                BigDecimal difference = credit.amount().subtract(charge.owed());
                order(credit, charge.id(), charge.owed(), PaymentMatch.AMOUNT_AND_IBAN,
                        difference.signum() == 0 ? null : difference, chunk);
            } else {
                chunk.waits(credit, credit.debtorIban() == null ? "The credit names no reference and no payer's account"
                        : payers.isEmpty() ? "No reference, and the payer's account " + credit.debtorIban()
                        + " is no member's that duesflow knows"
                        : fitting.isEmpty() ? "No reference, and no open charge of the payer's account ("
                        + payers.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ") owes "
                        + credit.amount().toPlainString()
                        : fitting.size() + " open charges of the payer's account owe " + credit.amount().toPlainString()
                        + "; which one it pays is the treasurer's decision", null);
            }
        }
    }

    /** Members known by these accounts: the register's mandates, and credits from them booked on members' charges. */
    private Map<String, Set<Long>> membersByIban(Set<String> ibans) {
        Map<String, Set<Long>> members = new HashMap<>(register.membersByIban(ibans));
        // By index, account by account (offset 0 keeps each lookup apart): the tables' statistics predate the file,
        // and joined as a whole the planner read every payment the import had recorded so far, once per chunk.
        jdbc.sql("""
                        select distinct i.iban, p.member_number from unnest(:ibans) as i(iban)
                        cross join lateral (select t.id from duesflow.bank_transaction t
                                            where t.debtor_iban = i.iban and t.charge_id is not null offset 0) t
                        cross join lateral (select p.member_number from duesflow.payment p
                                            where p.bank_transaction_id = t.id and p.undone_at is null offset 0) p""")
                .param("ibans", new SqlArrayValue("text", ibans.toArray()))
                .query(rs -> {
                    members.computeIfAbsent(rs.getString(1), iban -> new HashSet<>()).add(rs.getLong(2));
                });
        return members;
    }

    /**
     * The chunk's payments and settlements: the charges move first, then every credit's decision is stored (its bank
     * row written), then the payments naming those rows are recorded and everything is announced.
     */
    private void book(long fileId, Chunk chunk, BankFileAnnouncements announcements, StepTimes times,
                      Consumer<Collection<Decision>> store) {
        long t = times.start();
        List<Charges.Registered> registered = charges.registerPayments(chunk.orders.stream()
                .map(order -> order.forCharge("payment of " + order.amount().toPlainString() + " on "
                        + order.bookingDate() + " (" + Payments.describe(order.how()) + ", " + order.bankReference()
                        + ")"))
                .toList());
        List<PaymentBooking.Order> orders = chunk.orders.stream()
                .map(order -> new PaymentBooking.Order(order.chargeId(), order.amount(), order.bookingDate(),
                        order.valueDate(), order.how(), order.bankReference(), order.bankTransactionId(),
                        order.toleranceDifference(), null, fileId))
                .toList();
        times.stop("register payments on charges", t);
        for (int i = 0; i < orders.size(); i++) {
            PaymentBooking.Order order = orders.get(i);
            Charges.Registered charge = registered.get(i);
            Credit credit = chunk.credits.get(order.bankTransactionId());
            if (charge.taken().signum() == 0) {
                chunk.waits(credit, "Charge " + charge.number() + " owed nothing by the time the credit reached it ("
                        + charge.status() + ")", null);
            } else {
                chunk.decisions.put(credit.id(), new Decision(credit.id(), "MATCHED", order.how(), order.chargeId(),
                        charge.number(), charge.overpaid().signum() > 0 ? charge.overpaid().toPlainString()
                        + " more than owed, left as the member's credit" : null, order.toleranceDifference()));
            }
        }
        Map<Long, Charges.Settled> settled = settleCharges(chunk, times);
        List<Decision> unmatched = chunk.decisions.values().stream().filter(d -> "UNMATCHED".equals(d.state()))
                .toList();
        t = times.start();
        store.accept(chunk.decisions.values());
        times.stop("write rows", t);
        t = times.start();
        PaymentBooking.Booked booked = booking.record(orders, registered);
        times.stop("record payments", t);
        chunk.payments = booked.payments().size();
        chunk.paidInFull.addAll(booked.paidInFull());
        announcements.payments(booked.payments());
        announcements.credits(booked.creditsAdded());
        recordSettlements(fileId, chunk, settled, announcements, times);
        chunk.unmatched = unmatched.size();
        announcements.unmatched(unmatched.stream().map(d -> {
            Credit credit = chunk.credits.get(d.id());
            return new BankFileBooked.CreditUnmatched(d.id(), credit.amount(), credit.bookingDate(),
                    credit.bankReference());
        }).toList());
    }

    /** The collections the chunk settles, paid on their charges; each settling credit's decision taken. */
    private Map<Long, Charges.Settled> settleCharges(Chunk chunk, StepTimes times) {
        Map<Long, Charges.Settled> settled = new HashMap<>();
        if (chunk.settling.isEmpty()) {
            return settled;
        }
        long t = times.start();
        charges.settleCollections(chunk.settling.stream().map(Settling::chargeId).toList(),
                        chunk.settling.stream().map(s -> "direct debit settled by the bank on "
                                + s.credit().bookingDate() + " (" + s.credit().bankReference() + ")").toList())
                .forEach(s -> settled.put(s.chargeId(), s));
        times.stop("settle: charges", t);
        Map<Long, List<Settling>> byCredit = chunk.settling.stream()
                .collect(Collectors.groupingBy(s -> s.credit().id(), LinkedHashMap::new, Collectors.toList()));
        for (List<Settling> ofCredit : byCredit.values()) {
            Credit credit = ofCredit.get(0).credit();
            List<Settling> ofCreditDone = ofCredit.stream().filter(s -> settled.containsKey(s.chargeId())).toList();
            if (ofCreditDone.size() == ofCredit.size()) {
                Charges.Settled first = settled.get(ofCredit.get(0).chargeId());
                boolean lump = ofCredit.get(0).how() == PaymentMatch.COLLECTION_BATCH;
                chunk.decisions.put(credit.id(), new Decision(credit.id(), "SETTLED", ofCredit.get(0).how(),
                        lump ? null : first.chargeId(), lump ? null : first.number(),
                        lump ? ofCredit.size() + " direct debits of block " + credit.paymentInformationId() + " settled"
                                : null, null));
            } else {
                // Cannot happen while the file holds the inbox lock; kept honest all the same.
                chunk.waits(credit, (ofCredit.size() - ofCreditDone.size()) + " of the direct debits it settles were no "
                        + "longer in collection", null);
            }
        }
        return settled;
    }

    /** The settlements' payments, once the bank rows they name are written; announced. */
    private void recordSettlements(long fileId, Chunk chunk, Map<Long, Charges.Settled> settled,
                                   BankFileAnnouncements announcements, StepTimes times) {
        if (chunk.settling.isEmpty()) {
            return;
        }
        long t = times.start();
        List<Settling> done = chunk.settling.stream().filter(s -> settled.containsKey(s.chargeId())).toList();
        List<Long> ids = records.insert(done.stream().map(s -> {
            Charges.Settled charge = settled.get(s.chargeId());
            return new PaymentRecords.NewPayment(s.chargeId(), charge.number(), charge.memberNumber(), charge.amount(),
                    s.credit().bookingDate(), s.credit().valueDate(), s.how(), s.credit().bankReference(),
                    s.credit().id(), BigDecimal.ZERO, null, null);
        }).toList());
        times.stop("settle: payments", t);
        List<CollectionSettled> announced = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            Settling s = done.get(i);
            Charges.Settled charge = settled.get(s.chargeId());
            announced.add(new CollectionSettled(ids.get(i), s.chargeId(), charge.number(), charge.memberNumber(),
                    charge.amount(), s.credit().bookingDate(), s.how(), s.credit().bankReference(),
                    s.how() == PaymentMatch.COLLECTION_BATCH ? s.credit().paymentInformationId() : null, fileId));
            chunk.paidInFull.add(s.chargeId());
        }
        chunk.settled = announced.size();
        announcements.settlements(announced);
    }

    private static Set<String> keys(List<Credit> credits, java.util.function.Function<Credit, String> key) {
        return credits.stream().map(key).filter(Objects::nonNull).collect(Collectors.toSet());
    }

    static String describe(PaymentMatch how) {
        return switch (how) {
            case END_TO_END_ID -> "end-to-end id";
            case RF_REFERENCE -> "RF reference";
            case PAYMENT_ID -> "+71 payment id";
            default -> how.name();
        };
    }
}
