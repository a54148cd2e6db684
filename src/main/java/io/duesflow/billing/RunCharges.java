package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A whole run's charges at once, set-based: a statement per chunk of thousands, never one per charge. Every status
 * change here follows the arrows of {@link Charge.Status} (its {@code from()} is the where clause) and leaves its
 * reason and author, as the aggregate's own methods do; the status history records both alike.
 */
interface RunCharges {

    /** Inserts a chunk of planned charges as drafts with their lines and billed occurrences; returns how many. */
    int insertChunk(long runId, String message, List<Simulation.Charge> slice, Instant createdAt);

    int deleteDrafts(long runId);

    record Totals(int charges, int members, BigDecimal total) {
    }

    Totals totals(long runId);

    /** The distinct due dates of the run's charges. */
    List<LocalDate> dueDates(long runId);

    record Period(LocalDate start, LocalDate end) {
    }

    /** The distinct periods the run's charges cover. */
    List<Period> periods(long runId);

    /** An approval's edits of every charge; nulls leave a value as generated. */
    void editCharges(long runId, LocalDate dueDate, LocalDate periodStart, LocalDate periodEnd, String message);

    /** An approval's income account, on every line that did not choose its own (nor its group's). */
    int replaceDefaultAccounts(long runId, String account);

    /** An approval's fee line, last on every charge of the run. */
    int addFeeLine(long runId, String text, BigDecimal amount, String account);

    /** The run's drafts in numbering order (member, then due date). */
    List<Long> draftIds(long runId);

    /** Gives the drafts their numbers and references and opens them: {@code DRAFT → OPEN}. */
    void open(List<Long> ids, List<String> numbers, List<String> rfReferences, List<String> paymentIds, String reason,
              String by);

    /**
     * Older charges of the run's members that are overdue on {@code today} and still owed (open or partly paid;
     * never one in collection) move onto the member's earliest charge of the run as an arrears line, booked to
     * receivables; they become {@code CARRIED}, or {@code CANCELLED} with {@code cancel}. Returns how many.
     */
    int carryArrears(long runId, boolean cancel, LocalDate today, String receivablesAccount, ChargeTexts texts,
                     String by);

    /**
     * An approved run's open charges of members on direct debit (SEPA or Betalingsservice), as the collection decision
     * needs them: at most {@code limit}, in charge order after {@code afterChargeId}, so a run of a million charges is
     * decided a slice at a time.
     */
    List<CollectionDecision.Candidate> collectionCandidates(long runId, long afterChargeId, int limit);

    void recordCollectionDecisions(List<CollectionDecision.Decision> decisions);

    List<ChargeView> page(long runId, int page, int size);

    /** The run's numbered invoices to mail: those its lines or its approval held back from mail are not among them. */
    List<Long> invoiceIds(long runId);

    List<ChargeForDocument> forDocuments(Collection<Long> chargeIds);

    /** The lines of these charges by charge id, in position order; a charge without lines is not among them. */
    Map<Long, List<ChargeView.Line>> lines(Collection<Long> chargeIds);

    /**
     * The run's charges decided for SEPA collection and still owed (open or partly paid), i.e. not yet in a file; not
     * those held back from mail (no invoice announced the debit): they wait for the collection of everything open.
     */
    List<ChargeToCollect> toCollectBySepa(long runId);

    /** The run's charges decided for Betalingsservice and still owed, i.e. not yet in a delivery. */
    List<ChargeToCollect> toCollectByBetalingsservice(long runId);

    /**
     * The next {@code limit} of {@link #toCollectByBetalingsservice} after {@code afterMember} and {@code afterDue}, in
     * member and due-date order (the run's unique key, so no charge is handed over twice or skipped).
     */
    List<ChargeToCollect> toCollectByBetalingsservice(long runId, long afterMember, LocalDate afterDue, int limit);

    /** {@code OPEN → IN_COLLECTION} for charges placed in a bank file; returns how many moved. */
    int putInCollection(Collection<Long> chargeIds, String reason, String by);

    /**
     * Occurrences billed by other runs than {@code exceptRun}, among these lines and due dates, of the members
     * numbered after {@code afterMember} up to {@code lastMember} (all members when they are null).
     */
    LinePricing.AlreadyBilled alreadyBilled(Collection<Long> lineIds, LocalDate from, LocalDate to, Long exceptRun,
                                            Long afterMember, Long lastMember);

    /** Members billed for dues after {@code cutOff}: invoices of regular runs not cancelled, credited or drafts. */
    Set<Long> membersBilledAfter(LocalDate cutOff);

    /** A split line's share per member and due date, made once when a run's generation starts. */
    record Share(long lineId, long memberNumber, LocalDate dueDate, BigDecimal amount) {
    }

    void storeShares(long runId, List<Share> shares);

    boolean hasShares(long runId);

    /** The run's shares of these members. */
    List<Share> shares(long runId, Collection<Long> memberNumbers);

    /** What a chunk flagged: members skipped with the reason, invoiced instead of collected, without a mail address. */
    void recordFlags(long runId, Simulation chunk);

    void deleteFlags(long runId);

    /** The run's flags of one kind, the first {@code limit}, and how many there are in all. */
    List<RunFlag> flags(long runId, String kind, int limit);

    int flagCount(long runId, String kind);

    List<RunLineTotal> lineTotals(long runId);

    /** Whether any charge of the run is to a member on Betalingsservice (its deadline is then Nets'). */
    boolean hasBetalingsserviceCharges(long runId);
}
