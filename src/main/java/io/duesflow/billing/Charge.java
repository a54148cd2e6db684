package io.duesflow.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.duesflow.platform.Conflict;
import io.duesflow.platform.CurrentUser;
import io.duesflow.platform.Money;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A charge (an invoice, or a credit note) and its one life cycle. Its status changes only through the methods below,
 * each of which names the charge, its status and what was asked when it refuses. The set-based statements of a whole
 * run (approval, numbering, collection) move charges along the same arrows, checked against {@link Status#from}.
 *
 * <pre>
 *   DRAFT → OPEN                      approved and numbered
 *   OPEN | PARTLY_PAID → IN_COLLECTION  in a direct-debit file placed for the bank (for what is still owed), not yet
 *                                     settled
 *   IN_COLLECTION → PAID | OPEN | PARTLY_PAID  settled by the bank, or returned / rejected (partly paid when some
 *                                     was paid before, e.g. from the member's credit)
 *   OPEN ↔ PARTLY_PAID → PAID         payments; undoing one moves back
 *   OPEN | PARTLY_PAID → CARRIED      its debt moved onto a later charge (arrears); given back when that one is
 *                                     cancelled or credited
 *   OPEN → CANCELLED                  nothing paid; a charge cancelled by an arrears rule can be given back too
 *   → CREDITED                        a credit note covers what is left of it
 * </pre>
 *
 * What is owed is {@code total − paid − credited}; the debtor list, arrears, credit notes, collection, payments and
 * reminders all read {@link #status()} and {@link #owed()}.
 */
@Table("charge")
public final class Charge {

    public enum Kind { INVOICE, CREDIT_NOTE }

    public enum Status {
        DRAFT, OPEN, IN_COLLECTION, PARTLY_PAID, PAID, CANCELLED, CREDITED, CARRIED;

        private static final Map<Status, Set<Status>> ARROWS = Map.of(
                DRAFT, EnumSet.of(OPEN),
                OPEN, EnumSet.of(IN_COLLECTION, PARTLY_PAID, PAID, CANCELLED, CREDITED, CARRIED),
                IN_COLLECTION, EnumSet.of(PAID, OPEN, PARTLY_PAID),
                // A second part payment leaves it partly paid.
                PARTLY_PAID, EnumSet.of(OPEN, IN_COLLECTION, PARTLY_PAID, PAID, CREDITED, CARRIED, CANCELLED),
                PAID, EnumSet.of(OPEN, PARTLY_PAID, CREDITED),
                CARRIED, EnumSet.of(OPEN, PARTLY_PAID, PAID, CREDITED),
                CANCELLED, EnumSet.of(OPEN, PARTLY_PAID, CREDITED),
                CREDITED, EnumSet.noneOf(Status.class));

        /** The statuses from which a charge may move to this one; bulk statements put these in their where clause. */
        public Set<Status> from() {
            Set<Status> sources = EnumSet.noneOf(Status.class);
            ARROWS.forEach((source, targets) -> {
                if (targets.contains(this)) {
                    sources.add(source);
                }
            });
            return sources;
        }

        public boolean mayBecome(Status next) {
            return ARROWS.get(this).contains(next);
        }

        /** Still owed by the member and not on its way through the bank: what the debtor list and reminders see. */
        public boolean isOwed() {
            return this == OPEN || this == PARTLY_PAID;
        }
    }

    /** Who collects the charge, decided once at approval; {@code null} on a charge means the member pays it. */
    public enum CollectedBy { SEPA_DIRECT_DEBIT, BETALINGSSERVICE }

    @Id
    private Long id;
    @Version
    private Integer version;
    private Kind kind;
    private Long runId;
    private long memberNumber;
    private String number;
    private LocalDate dueDate;
    private LocalDate periodStart;
    private LocalDate periodEnd;
    private String message;
    private Status status;
    private String statusReason;
    private String statusChangedBy;
    private int reminderLevel;
    private LocalDate lastRemindedOn;
    private boolean remindersStopped;
    private String remindersStoppedReason;
    private String remindersStoppedBy;
    private Instant remindersStoppedAt;
    private String collectionMethod;
    private String language;
    private boolean invoicedInstead;
    private CollectedBy collectedBy;
    private String collectionNote;
    private String rfReference;
    private String paymentId;
    private Money total;
    private Money paid;
    private Money credited;
    private Long creditsChargeId;
    private Long carriedIntoChargeId;
    private Instant createdAt;
    @MappedCollection(idColumn = "charge_id")
    private Set<ChargeLine> lines = new HashSet<>();

    private Charge() {
    }

    /**
     * A credit note for {@code credited}: the given lines (negative amounts), numbered at once, nothing to pay.
     */
    static Charge creditNote(Charge credited, String number, LocalDate issuedOn, List<ChargeLine> lines, Instant now) {
        Charge note = new Charge();
        note.kind = Kind.CREDIT_NOTE;
        note.memberNumber = credited.memberNumber;
        note.number = number;
        note.dueDate = issuedOn;
        note.periodStart = credited.periodStart;
        note.periodEnd = credited.periodEnd;
        note.status = Status.PAID;
        note.statusReason = "credit note for " + credited.number;
        note.statusChangedBy = CurrentUser.name();
        note.collectionMethod = credited.collectionMethod;
        note.language = credited.language;
        note.lines = new HashSet<>(lines);
        note.total = lines.stream().map(ChargeLine::amount).reduce(Money.ZERO, Money::plus);
        note.paid = Money.ZERO;
        note.credited = Money.ZERO;
        note.creditsChargeId = credited.id;
        note.createdAt = now;
        return note;
    }

    // --- what it is --------------------------------------------------------------------------------------------

    public Long id() {
        return id;
    }

    public Integer version() {
        return version;
    }

    public Kind kind() {
        return kind;
    }

    public Long runId() {
        return runId;
    }

    public long memberNumber() {
        return memberNumber;
    }

    public String number() {
        return number;
    }

    public LocalDate dueDate() {
        return dueDate;
    }

    public LocalDate periodStart() {
        return periodStart;
    }

    public LocalDate periodEnd() {
        return periodEnd;
    }

    public String message() {
        return message;
    }

    public Status status() {
        return status;
    }

    public String statusReason() {
        return statusReason;
    }

    public int reminderLevel() {
        return reminderLevel;
    }

    /** The day of its last reminder, or null when it was never reminded. */
    public LocalDate lastRemindedOn() {
        return lastRemindedOn;
    }

    /** A treasurer's "no reminders" (a member with an arrangement): reminder rounds leave it out, saying why. */
    public boolean remindersStopped() {
        return remindersStopped;
    }

    public String remindersStoppedReason() {
        return remindersStoppedReason;
    }

    public String remindersStoppedBy() {
        return remindersStoppedBy;
    }

    public Instant remindersStoppedAt() {
        return remindersStoppedAt;
    }

    /** The member's collection method when the charge was billed. */
    public String collectionMethod() {
        return collectionMethod;
    }

    /** The member's language when billed (da, nl, en): billing's own line texts are in it. */
    public String language() {
        return language;
    }

    /** On direct debit, but invoiced: see {@link #collectionNote()} for why. */
    public boolean invoicedInstead() {
        return invoicedInstead;
    }

    public CollectedBy collectedBy() {
        return collectedBy;
    }

    public String collectionNote() {
        return collectionNote;
    }

    public String rfReference() {
        return rfReference;
    }

    public String paymentId() {
        return paymentId;
    }

    public Money total() {
        return total;
    }

    public Money paid() {
        return paid;
    }

    public Money credited() {
        return credited;
    }

    public Money owed() {
        return total.minus(paid).minus(credited);
    }

    public Long creditsChargeId() {
        return creditsChargeId;
    }

    public Long carriedIntoChargeId() {
        return carriedIntoChargeId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** In position order. */
    public List<ChargeLine> lines() {
        List<ChargeLine> ordered = new ArrayList<>(lines);
        ordered.sort(Comparator.comparingInt(ChargeLine::position));
        return ordered;
    }

    public ChargeLine line(int position) {
        return lines.stream().filter(line -> line.position() == position).findFirst().orElse(null);
    }

    // --- how it moves ------------------------------------------------------------------------------------------

    /**
     * A member paid {@code amount} (a bank credit matched to it, or a treasurer's registration). Paying more than is
     * owed is the caller's to split: the charge takes at most what it is owed.
     *
     * @return the part of {@code amount} the charge did not need (an overpayment), zero when it needed all
     */
    public Money registerPayment(Money amount, String reason) {
        requireInvoice("register a payment");
        if (!amount.isPositive()) {
            throw refused("register a payment of " + amount);
        }
        if (!status.isOwed()) {
            // In collection the bank settles it; a payment on top would be paid twice.
            throw refused("register a payment");
        }
        Money taken = amount.min(owed());
        paid = paid.plus(taken);
        moveTo(owed().isPositive() ? Status.PARTLY_PAID : Status.PAID, reason);
        return amount.minus(taken);
    }

    /** A payment registered wrongly, or a settled debit returned later, is taken back. */
    public void undoPayment(Money amount, String reason) {
        requireInvoice("undo a payment");
        if (!amount.isPositive() || amount.isMoreThan(paid)) {
            throw refused("undo a payment of " + amount + " (" + paid + " is paid)");
        }
        if (status != Status.PAID && status != Status.PARTLY_PAID) {
            throw refused("undo a payment");
        }
        paid = paid.minus(amount);
        moveTo(paid.isZero() ? Status.OPEN : Status.PARTLY_PAID, reason);
    }

    /** The charge went into a direct-debit file placed for the bank. */
    public void putInCollection(String reason) {
        requireInvoice("put it in collection");
        moveTo(Status.IN_COLLECTION, reason);
    }

    /** The bank settled the collection: the whole amount owed is paid. */
    public void settleCollection(String reason) {
        if (status != Status.IN_COLLECTION) {
            throw refused("settle a collection");
        }
        paid = paid.plus(owed());
        moveTo(Status.PAID, reason);
    }

    /**
     * The bank returned or rejected the collection: owed again, to be paid another way; {@code reason} says why in
     * the treasurer's words (the return code and its text). What was paid before the collection stays paid.
     */
    public void returnFromCollection(String reason) {
        if (status != Status.IN_COLLECTION) {
            throw refused("take it back from collection");
        }
        moveTo(paid.isPositive() ? Status.PARTLY_PAID : Status.OPEN, reason);
    }

    /** Voided before anything was paid. */
    void cancel(String reason) {
        requireInvoice("cancel it");
        if (paid.isPositive()) {
            throw refused("cancel it with " + paid + " paid on it; credit it instead");
        }
        if (status != Status.OPEN) {
            throw refused("cancel it");
        }
        moveTo(Status.CANCELLED, reason);
    }

    /**
     * A credit note of {@code amount} was issued for it. What is left owed is settled: nothing left and nothing paid
     * is {@code CREDITED}; paid in part and credited for the rest is {@code PAID}.
     */
    void credit(Money amount, String reason) {
        requireInvoice("credit it");
        if (!amount.isPositive() || amount.isMoreThan(creditable())) {
            throw refused("credit " + amount + " (" + creditable() + " can still be credited)");
        }
        boolean carried = carriedIntoChargeId != null && (status == Status.CARRIED || status == Status.CANCELLED);
        if (!(status.isOwed() || status == Status.PAID || carried)) {
            throw refused("credit it");
        }
        credited = credited.plus(amount);
        if (carried) {
            // Its debt lives on the carrier, which the caller credits alongside; this one is settled once fully credited.
            if (!owed().isPositive()) {
                moveTo(Status.CREDITED, reason);
            }
        } else if (credited.compareTo(total) >= 0) {
            moveTo(Status.CREDITED, reason);
        } else if (!owed().isPositive() && status != Status.PAID) {
            moveTo(Status.PAID, reason);
        }
    }

    /** Refuses, naming the charge and its status, when no credit note can be issued for it now. */
    void requireCreditable() {
        boolean carried = carriedIntoChargeId != null && (status == Status.CARRIED || status == Status.CANCELLED);
        if (!(status.isOwed() || status == Status.PAID || carried) || !creditable().isPositive()) {
            throw refused("credit it");
        }
    }

    /** What a credit note may still take off: the charge less what earlier notes took. */
    public Money creditable() {
        return total.minus(credited);
    }

    /**
     * Its debt moves onto a later charge as an arrears line. With {@code cancel} (the "add and cancel" rule) it ends
     * {@code CANCELLED}, otherwise {@code CARRIED}; either way it can be given back.
     */
    void carryInto(long carrierId, String carrierNumber, boolean cancel) {
        requireInvoice("carry its arrears");
        if (!status.isOwed()) {
            throw refused("carry its arrears into another charge");
        }
        carriedIntoChargeId = carrierId;
        moveTo(cancel ? Status.CANCELLED : Status.CARRIED, "arrears carried into " + carrierNumber);
    }

    /** The charge carrying its debt was cancelled or credited: the debt is owed here again, never written off. */
    void giveBackCarriedDebt(String reason) {
        if (carriedIntoChargeId == null || !(status == Status.CARRIED || status == Status.CANCELLED)) {
            throw refused("take back carried arrears");
        }
        carriedIntoChargeId = null;
        moveTo(paid.isPositive() ? Status.PARTLY_PAID : Status.OPEN, reason);
    }

    /** A reminder of {@code level} (1 or 2) was sent. */
    public void remind(int level) {
        requireInvoice("remind");
        if (!status.isOwed() || level < 1 || level > 2 || level < reminderLevel) {
            throw refused("send reminder " + level + " (at level " + reminderLevel + ")");
        }
        reminderLevel = level;
    }

    /** No more reminders for it (an arrangement with the member), until {@link #resumeReminders()}. */
    void stopReminders(String reason, Instant at) {
        requireInvoice("stop its reminders");
        remindersStopped = true;
        remindersStoppedReason = reason;
        remindersStoppedBy = CurrentUser.name();
        remindersStoppedAt = at;
    }

    /** Reminder rounds take it again when it is still owed. */
    void resumeReminders() {
        requireInvoice("resume its reminders");
        remindersStopped = false;
        remindersStoppedReason = null;
        remindersStoppedBy = null;
        remindersStoppedAt = null;
    }

    private void moveTo(Status next, String reason) {
        if (!status.mayBecome(next)) {
            throw refused("move it to " + next);
        }
        status = next;
        statusReason = reason;
        statusChangedBy = CurrentUser.name();
    }

    private void requireInvoice(String what) {
        if (kind != Kind.INVOICE) {
            throw refused(what + " on a credit note");
        }
    }

    private Conflict refused(String what) {
        return new Conflict("status", "Charge " + (number != null ? number : "#" + id) + " is " + status
                + "; it is not possible to " + what);
    }
}
