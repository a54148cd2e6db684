package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.duesflow.platform.CurrentUser;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.Money;
import io.duesflow.platform.NotFound;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The front door to one charge's life once it is approved: what it is and what happened to it, credit notes,
 * cancellation, and the bank's part (in collection). Every change goes through the {@link Charge} aggregate (or, for
 * many charges at once, through {@link RunCharges} along the same arrows), so its {@code @Version} guards against two
 * changes at once and its status history records who and why.
 */
@Service
@Transactional
public class Charges {

    /** A line to credit by its position on the charge; no amount credits what is left of the line. */
    public record CreditedLine(int position, BigDecimal amount) {
    }

    /** One change of a charge's status, with who made it and why. */
    public record StatusChange(Instant at, String from, String to, String reason, String by) {
    }

    /**
     * A charge with everything about it: its lines, its status history, what it carries or is carried into, its
     * credit notes, and what other rooms know of it (its mails, its collection) under their names.
     */
    public record ChargeDetail(ChargeView charge, List<StatusChange> history, String carriedInto, List<String> carries,
                               String credits, List<String> creditNotes, Map<String, Object> more) {
    }

    /** A payment to register on a charge; the reason goes into the charge's status history. */
    public record PaymentOrder(long chargeId, BigDecimal amount, String reason) {
    }

    /**
     * What a charge took of a payment.
     *
     * @param taken    what it took: at most what it owed
     * @param overpaid the rest, the caller's to keep (all of it when the charge owed nothing)
     * @param status   the charge's status now; null when there is no such invoice
     */
    public record Registered(long chargeId, String number, long memberNumber, BigDecimal taken, BigDecimal overpaid,
                             Charge.Status status) {
    }

    /** A collection the bank settled: the charge is paid {@code amount}, what it still owed. */
    public record Settled(long chargeId, String number, long memberNumber, BigDecimal amount) {
    }

    private final ChargeRepository charges;
    private final ChargeNumbers numbers;
    private final ChargeTexts texts;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final List<ChargeFacts> facts;
    private final Clock clock;
    private final ChargePostingLines postings;

    Charges(ChargeRepository charges, ChargeNumbers numbers, ChargeTexts texts, ApplicationEventPublisher events,
            JdbcClient jdbc, List<ChargeFacts> facts, Clock clock, ChargePostingLines postings) {
        this.charges = charges;
        this.numbers = numbers;
        this.texts = texts;
        this.events = events;
        this.jdbc = jdbc;
        this.facts = facts;
        this.clock = clock;
        this.postings = postings;
    }

    @Transactional(readOnly = true)
    public ChargeDetail charge(String number) {
        Charge charge = find(number);
        List<StatusChange> history = jdbc.sql("""
                        select changed_at, from_status, to_status, reason, changed_by from duesflow.charge_status_change
                        where charge_id = :id order by changed_at""")
                .param("id", charge.id())
                .query((rs, n) -> new StatusChange(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5)))
                .list();
        String carriedInto = charge.carriedIntoChargeId() == null ? null : numberOf(charge.carriedIntoChargeId());
        List<String> carries = charges.findByCarriedIntoChargeId(charge.id()).stream().map(Charge::number).toList();
        String credits = charge.creditsChargeId() == null ? null : numberOf(charge.creditsChargeId());
        List<String> notes = jdbc.sql("""
                        select number from duesflow.charge where credits_charge_id = :id and kind = 'CREDIT_NOTE'
                        order by number""")
                .param("id", charge.id()).query(String.class).list();
        Map<String, Object> more = new LinkedHashMap<>();
        facts.forEach(fact -> more.put(fact.name(), fact.about(charge.id())));
        return new ChargeDetail(ChargeView.of(charge), history, carriedInto, carries, credits, notes, more);
    }

    /**
     * A credit note for a charge: the chosen lines (all when none are chosen) with the opposite sign, each no more
     * than what is left of its line. An arrears line is given back whole to the charge it carries (that debt is owed
     * there again, never written off). A carried charge is credited through the charge that carries it, since that is
     * where its debt is owed now.
     */
    public ChargeView creditNote(String chargeNumber, List<CreditedLine> requested) {
        Charge charge = find(chargeNumber);
        if (charge.kind() != Charge.Kind.INVOICE) {
            throw new InvalidInput("chargeNumber", chargeNumber + " is a credit note; only invoices are credited");
        }
        charge.requireCreditable();
        List<CreditedLine> wanted = requested == null || requested.isEmpty()
                ? charge.lines().stream().map(line -> new CreditedLine(line.position(), null)).toList() : requested;
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < wanted.size(); i++) {
            if (!seen.add(wanted.get(i).position())) {
                throw new InvalidInput("lines[" + i + "].position", "Line " + wanted.get(i).position() + " of "
                        + chargeNumber + " is asked for twice in one credit note");
            }
        }
        Map<Integer, Money> creditedBefore = creditedPerLine(charge.id());
        String language = charge.language();
        List<ChargeLine> noteLines = new ArrayList<>();
        List<Charge> givenBack = new ArrayList<>();
        Money sum = Money.ZERO;
        for (int i = 0; i < wanted.size(); i++) {
            CreditedLine asked = wanted.get(i);
            ChargeLine line = charge.line(asked.position());
            if (line == null) {
                throw new InvalidInput("lines[" + i + "].position", "Charge " + chargeNumber + " has no line "
                        + asked.position());
            }
            Money left = line.amount().minus(creditedBefore.getOrDefault(line.position(), Money.ZERO));
            if (asked.amount() == null && !left.isPositive()) {
                continue;
            }
            Money amount = asked.amount() == null ? left
                    : Money.of(Money.checked("lines[" + i + "].amount", asked.amount(), true));
            if (amount.isMoreThan(left)) {
                throw new InvalidInput("lines[" + i + "].amount", "Line " + line.position() + " (" + line.text() + ", "
                        + line.amount() + ") can be credited with up to " + left + ", not " + amount);
            }
            String text = line.text();
            if (line.kind() == ChargeLine.Kind.ARREARS) {
                if (!amount.equals(left)) {
                    throw new InvalidInput("lines[" + i + "].amount", "An arrears line is given back to its invoice "
                            + "whole (" + left + "), not in part");
                }
                Charge old = charges.findById(line.carriedChargeId()).orElseThrow();
                givenBack.add(old);
                text = texts.arrearsReturned(old.number(), language);
            }
            noteLines.add(new ChargeLine(noteLines.size() + 1, text, amount.negate(), line.ledgerAccount(), null,
                    ChargeLine.Kind.CREDIT, false, line.carriedChargeId(), line.position()));
            sum = sum.plus(amount);
        }
        if (!sum.isPositive()) {
            throw new InvalidInput("lines", "Nothing is left to credit on charge " + chargeNumber);
        }
        Charge credited = charge;
        if (charge.carriedIntoChargeId() != null) {
            credited = charges.findById(charge.carriedIntoChargeId()).orElseThrow();
            noteLines = throughCarrier(charge, credited, sum, noteLines);
        }
        LocalDate today = LocalDate.now(clock);
        String number = numbers.take(today.getYear(), 1).get(0);
        Charge note = charges.save(Charge.creditNote(credited, number, today, noteLines, Instant.now(clock)));
        if (credited != charge) {
            charge.credit(sum, "credited through " + credited.number() + " by credit note " + number);
            charges.save(charge);
        }
        credited.credit(sum, "credit note " + number);
        charges.save(credited);
        for (Charge old : givenBack) {
            old.giveBackCarriedDebt("arrears given back by credit note " + number + " on " + credited.number());
            charges.save(old);
        }
        events.publishEvent(new ChargeCredited(credited.id(), note.id(), sum.amount()));
        return ChargeView.of(note);
    }

    /**
     * A carried charge's debt is owed on the charge that carries it, so its credit note credits that charge's arrears
     * line for it (and never more than is left of that line), with the lines of the charge it carries as its text.
     */
    private List<ChargeLine> throughCarrier(Charge charge, Charge carrier, Money sum, List<ChargeLine> noteLines) {
        ChargeLine arrears = carrier.lines().stream()
                .filter(line -> line.kind() == ChargeLine.Kind.ARREARS && charge.id().equals(line.carriedChargeId()))
                .findFirst().orElseThrow(() -> new IllegalStateException("Charge " + carrier.number()
                        + " carries " + charge.number() + " without an arrears line for it"));
        Money left = arrears.amount().minus(creditedPerLine(carrier.id()).getOrDefault(arrears.position(), Money.ZERO));
        if (sum.isMoreThan(left)) {
            throw new InvalidInput("lines", "Charge " + charge.number() + " is carried into " + carrier.number()
                    + ", where " + left + " of it is still owed; a credit note of " + sum + " is more than that");
        }
        return noteLines.stream().map(line -> new ChargeLine(line.position(), line.text() + " (" + charge.number() + ")",
                line.amount(), line.ledgerAccount(), null, ChargeLine.Kind.CREDIT, false, null, arrears.position())).toList();
    }

    /** Voids an open charge nobody has paid anything on; what it carried is owed on its own charges again. */
    public ChargeView cancel(String chargeNumber, String reason) {
        Charge charge = find(chargeNumber);
        String why = reason == null || reason.isBlank() ? "cancelled" : reason.trim();
        charge.cancel(why);
        charges.save(charge);
        for (Charge old : charges.findByCarriedIntoChargeId(charge.id())) {
            old.giveBackCarriedDebt("arrears given back: " + chargeNumber + " was cancelled");
            charges.save(old);
        }
        events.publishEvent(new ChargeCancelled(charge.id()));
        return ChargeView.of(charge);
    }

    /**
     * Charges placed in a bank file for collection: {@code OPEN → IN_COLLECTION}. Called in the transaction that
     * records the file, so a file is never recorded without its charges moving, nor the other way round.
     */
    public int putInCollection(Collection<Long> chargeIds, String reason) {
        return charges.putInCollection(chargeIds, reason, CurrentUser.name());
    }

    // --- what the ledger books ----------------------------------------------------------------------------------

    /**
     * An approved run's invoices as the ledger books them, handed over a slice of thousands of charges at a time, in
     * the caller's transaction (so inside the approval, they are what it approved).
     */
    @Transactional(readOnly = true)
    public void postingsOfRun(long runId, Consumer<List<ChargePostings>> slice) {
        postings.ofRun(runId, slice);
    }

    /** What is still on a charge: its lines less what its credit notes took off them (a cancellation reverses this). */
    @Transactional(readOnly = true)
    public ChargePostings postingsLeftOn(long chargeId) {
        return postings.leftOn(chargeId);
    }

    /** A credit note's lines, with the charge it credits. */
    @Transactional(readOnly = true)
    public ChargePostings postingsOfCreditNote(long creditNoteId) {
        return postings.creditNote(creditNoteId);
    }

    /** What invoices still owe ({@code total − paid − credited}) summed per status; drafts are not counted. */
    @Transactional(readOnly = true)
    public Map<Charge.Status, BigDecimal> owedByStatus() {
        return postings.owedByStatus();
    }

    // --- payments ------------------------------------------------------------------------------------------------

    /** Where one invoice stands. */
    @Transactional(readOnly = true)
    public ChargeState state(String number) {
        return stateOf(find(number));
    }

    /** Invoices by number; numbers nobody has are left out. */
    @Transactional(readOnly = true)
    public Map<String, ChargeState> invoicesByNumber(Collection<String> numbers) {
        return keyed(charges.invoicesByNumber(numbers), ChargeState::number);
    }

    /** Invoices by their ISO 11649 RF reference (as printed, without spaces). */
    @Transactional(readOnly = true)
    public Map<String, ChargeState> invoicesByRfReference(Collection<String> rfReferences) {
        return keyed(charges.invoicesByRfReference(rfReferences), ChargeState::rfReference);
    }

    /** Invoices by their 15-digit +71 payment id. */
    @Transactional(readOnly = true)
    public Map<String, ChargeState> invoicesByPaymentId(Collection<String> paymentIds) {
        return keyed(charges.invoicesByPaymentId(paymentIds), ChargeState::paymentId);
    }

    @Transactional(readOnly = true)
    public Map<Long, ChargeState> invoicesById(Collection<Long> ids) {
        return keyed(charges.invoicesById(ids), ChargeState::id);
    }

    /** Every approved invoice of a member (whatever its status), by due date. */
    @Transactional(readOnly = true)
    public List<ChargeState> invoicesOf(long memberNumber) {
        return charges.invoicesOfMember(memberNumber);
    }

    /** The members' open and partly paid invoices, of one run when {@code runId} is given; oldest due first. */
    @Transactional(readOnly = true)
    public List<ChargeState> owedBy(Collection<Long> memberNumbers, Long runId) {
        return charges.owedBy(memberNumbers, runId);
    }

    /** Open and partly paid invoices owing exactly {@code amount}, oldest due first. */
    @Transactional(readOnly = true)
    public List<ChargeState> owing(BigDecimal amount, int limit) {
        return charges.owing(amount, limit);
    }

    /**
     * A payment on one charge, through the aggregate ({@code @Version} guards it): it takes at most what is owed
     * and answers what it took and what is left over.
     *
     * @throws io.duesflow.platform.Conflict when the charge owes nothing now (paid, in collection, cancelled …)
     */
    public Registered registerPayment(String chargeNumber, BigDecimal amount, String reason) {
        Charge charge = find(chargeNumber);
        Money overpaid = charge.registerPayment(Money.of(amount), reason);
        charges.save(charge);
        return new Registered(charge.id(), charge.number(), charge.memberNumber(),
                Money.of(amount).minus(overpaid).amount(), overpaid.amount(), charge.status());
    }

    /**
     * Many payments at once, set-based (a bank statement's credits), in order: each takes at most what its charge
     * still owes after the ones before it. A charge that owes nothing takes nothing and changes nothing.
     */
    public List<Registered> registerPayments(List<PaymentOrder> orders) {
        return charges.registerPayments(orders, CurrentUser.name());
    }

    /** A payment registered wrongly, or settled and then returned by the bank, is taken back from the charge. */
    public ChargeState undoPayment(long chargeId, BigDecimal amount, String reason) {
        Charge charge = charges.findById(chargeId).orElseThrow(() -> new NotFound("Charge", "#" + chargeId));
        charge.undoPayment(Money.of(amount), reason);
        return stateOf(charges.save(charge));
    }

    /**
     * The bank settled these collections: each charge still in collection is paid what it owed, with its own reason
     * (the booking and its reference). Returns the charges that were settled.
     */
    public List<Settled> settleCollections(List<Long> chargeIds, List<String> reasons) {
        return charges.settleCollections(chargeIds, reasons, CurrentUser.name());
    }

    /**
     * The bank returned or rejected these collections: each charge still in collection is owed again, with its own
     * reason (the code and its text). Returns the charges that moved.
     */
    public List<ChargeState> returnFromCollections(List<Long> chargeIds, List<String> reasons) {
        return charges.returnFromCollections(chargeIds, reasons, CurrentUser.name());
    }

    /**
     * The direct debit of these charges failed for good (Betalingsservice rejected or cancelled it): who collects is
     * no longer the bank, the member pays themselves, and the charge says why ({@code collectionNote}), so its
     * documents give the payment line instead of promising a debit. Answers how many changed.
     */
    public int invoiceInstead(List<Long> chargeIds, List<String> reasons) {
        if (chargeIds.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        update duesflow.charge c set collected_by = null, invoiced_instead = true,
                            collection_note = r.reason, version = c.version + 1
                        from unnest(:ids, :reasons) as r(id, reason)
                        where c.id = r.id and c.kind = 'INVOICE' and c.collected_by is not null""")
                .param("ids", new org.springframework.jdbc.support.SqlArrayValue("bigint", chargeIds.toArray()))
                .param("reasons", new org.springframework.jdbc.support.SqlArrayValue("text", reasons.toArray()))
                .update();
    }

    private static <K> Map<K, ChargeState> keyed(List<ChargeState> states, java.util.function.Function<ChargeState, K> key) {
        Map<K, ChargeState> keyed = new HashMap<>();
        states.forEach(state -> keyed.put(key.apply(state), state));
        return keyed;
    }

    private static ChargeState stateOf(Charge charge) {
        return new ChargeState(charge.id(), charge.number(), charge.memberNumber(), charge.status(),
                charge.total().amount(), charge.paid().amount(), charge.owed().amount(), charge.dueDate(),
                charge.runId(), charge.rfReference(), charge.paymentId(), charge.language());
    }

    private Map<Integer, Money> creditedPerLine(long chargeId) {
        Map<Integer, Money> credited = new HashMap<>();
        jdbc.sql("""
                        select l.credited_position, -sum(l.amount) from duesflow.charge_line l
                        join duesflow.charge n on n.id = l.charge_id
                        where n.credits_charge_id = :id and n.kind = 'CREDIT_NOTE' and l.credited_position is not null
                        group by l.credited_position""")
                .param("id", chargeId)
                .query(rs -> {
                    credited.put(rs.getInt(1), Money.of(rs.getBigDecimal(2)));
                });
        return credited;
    }

    private String numberOf(long chargeId) {
        return jdbc.sql("select number from duesflow.charge where id = :id").param("id", chargeId)
                .query(String.class).single();
    }

    Charge find(String number) {
        return charges.findByNumber(number).orElseThrow(() -> new NotFound("Charge", number));
    }
}
