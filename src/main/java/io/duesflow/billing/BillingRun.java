package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.duesflow.platform.Conflict;
import org.springframework.data.annotation.CreatedBy;
import org.springframework.data.annotation.CreatedDate;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.LastModifiedBy;
import org.springframework.data.annotation.LastModifiedDate;
import org.springframework.data.annotation.Version;

/**
 * One batch of charges and its life cycle: {@code DRAFT → GENERATING → GENERATED → APPROVED → SENT}, or
 * {@code REJECTED} (and generated again, picking up newcomers) or {@code EXPIRED} when nobody approved it by its
 * deadline. Nothing of a run leaves the house before {@code APPROVED}. A refused step names the run, its state and
 * what was asked.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class BillingRun {

    public enum Kind {
        /** The scheduled lines due in a period: the monthly cycle. */
        SCHEDULED,
        /** Chosen immediate lines, due on one day. */
        IMMEDIATE,
        /** Chosen lines for members not yet billed since a cut-off, with an optional discount. */
        NEW_MEMBERS,
        /** Reminder fees of a dunning round. */
        REMINDER_FEE,
        /** A set of lines (a charge template, or lines written for the occasion) for one member or a group. */
        TEMPLATE
    }

    public enum State { DRAFT, GENERATING, GENERATED, APPROVED, SENT, REJECTED, EXPIRED }

    /** How far the run's direct debits are after approval. */
    public enum CollectionState { NONE, PENDING, DONE, FAILED }

    @Id
    private Long id;
    @Version
    private Integer version;
    private Kind kind;
    private State state;
    private String name;
    private LocalDate periodFrom;
    private LocalDate periodTo;
    /** The day ages and {@code rul(n)} count from. */
    private LocalDate referenceDate;
    private LocalDate dueDate;
    /** For an immediate or new-member run: the billing line ids joined with {@code |}. */
    private String lineIds;
    /** The last day it may be approved. */
    private LocalDate deadline;
    private int chunkSize;
    private int chunksTotal;
    private int chunksDone;
    private int chargeCount;
    private int memberCount;
    private BigDecimal total;
    private String message;
    private LocalDate firstReminderOn;
    private LocalDate secondReminderOn;
    private ApprovalEdits.ArrearsRule arrearsRule;
    private Instant approvedAt;
    private String approvedBy;
    /** For a new-member run: members with a charge due after this day are not billed again. */
    private LocalDate cutOff;
    /** For a new-member run: taken off every line, 0–100. */
    private BigDecimal discountPercent;
    /** For a template run: the one member billed. */
    private Long targetMember;
    /** For a template run: the group whose members are billed. */
    private String targetGroup;
    private Long templateId;
    /** The run's mail switch at approval: false, none of its charges was mailed. */
    private boolean mailInvoices = true;
    /** For a template run copied from a charge: its member numbers joined with {@code |} (a selection). */
    private String targetMembers;
    /** For a template run copied from a charge: the criteria expression that selects its members (a filter). */
    private String targetCriteria;
    /** For a template run copied from a charge ("duplicate"): the charge it copies. */
    private Long modelChargeId;
    private CollectionState collectionState;
    private String collectionError;
    private int collectionAttempts;
    private Instant collectionNextAttemptAt;
    @CreatedDate
    private Instant createdAt;
    @CreatedBy
    private String createdBy;
    @LastModifiedDate
    private Instant updatedAt;
    @LastModifiedBy
    private String updatedBy;

    private BillingRun() {
    }

    /** A new run in {@code DRAFT}; the kind-specific parts are set with the {@code for...} methods. */
    static BillingRun draft(Kind kind, String name, LocalDate periodFrom, LocalDate periodTo, LocalDate referenceDate,
                            LocalDate dueDate, LocalDate deadline) {
        BillingRun run = new BillingRun();
        run.kind = kind;
        run.state = State.DRAFT;
        run.name = name;
        run.periodFrom = periodFrom;
        run.periodTo = periodTo;
        run.referenceDate = referenceDate;
        run.dueDate = dueDate;
        run.deadline = deadline;
        run.chunkSize = 1000;
        run.total = BigDecimal.ZERO.setScale(2);
        run.arrearsRule = ApprovalEdits.ArrearsRule.LEAVE;
        run.collectionState = CollectionState.NONE;
        return run;
    }

    BillingRun forLines(List<Long> ids, LocalDate newCutOff, BigDecimal discount) {
        lineIds = ids.stream().map(String::valueOf).collect(Collectors.joining("|"));
        cutOff = newCutOff;
        discountPercent = discount;
        return this;
    }

    BillingRun forTarget(Long member, String group, Long template, String chargeMessage) {
        targetMember = member;
        targetGroup = group;
        templateId = template;
        message = chargeMessage;
        return this;
    }

    /** A copy of an existing charge for a selection of members or the members a criteria expression selects. */
    BillingRun forCopy(long chargeId, List<Long> members, String criteria) {
        modelChargeId = chargeId;
        targetMembers = members == null || members.isEmpty() ? null
                : members.stream().map(String::valueOf).collect(Collectors.joining("|"));
        targetCriteria = criteria;
        return this;
    }

    List<Long> targetMemberNumbers() {
        return targetMembers == null || targetMembers.isBlank() ? List.of()
                : Arrays.stream(targetMembers.split("\\|")).map(Long::valueOf).toList();
    }

    BillingRun withChunkSize(int size) {
        chunkSize = size;
        return this;
    }

    // --- life cycle --------------------------------------------------------------------------------------------

    /** Generation starts (or starts again after a rejection, from nothing). */
    void startGenerating() {
        require("generate it", State.DRAFT, State.REJECTED, State.GENERATING);
        if (state == State.REJECTED) {
            chunksDone = 0;
            chunksTotal = 0;
        }
        state = State.GENERATING;
    }

    void generated(int charges, int members, BigDecimal sum) {
        require("finish generating it", State.GENERATING);
        state = State.GENERATED;
        chargeCount = charges;
        memberCount = members;
        total = sum;
    }

    void rejected() {
        require("reject it", State.GENERATED, State.GENERATING, State.DRAFT);
        state = State.REJECTED;
        chargeCount = 0;
        memberCount = 0;
        total = BigDecimal.ZERO.setScale(2);
    }

    void expired() {
        require("expire it", State.DRAFT, State.GENERATING, State.GENERATED);
        state = State.EXPIRED;
    }

    void approved(ApprovalEdits edits, BigDecimal approvedTotal, int charges, Instant at, String by) {
        require("approve it", State.GENERATED);
        state = State.APPROVED;
        if (edits.name() != null && !edits.name().isBlank()) {
            name = edits.name().trim();
        }
        if (edits.message() != null) {
            message = edits.message();
        }
        if (edits.firstReminderOn() != null) {
            firstReminderOn = edits.firstReminderOn();
        }
        if (edits.secondReminderOn() != null) {
            secondReminderOn = edits.secondReminderOn();
        }
        if (edits.dueDate() != null) {
            dueDate = edits.dueDate();
        }
        arrearsRule = edits.arrears() == null ? ApprovalEdits.ArrearsRule.LEAVE : edits.arrears();
        mailInvoices = !Boolean.FALSE.equals(edits.mail());
        total = approvedTotal;
        chargeCount = charges;
        approvedAt = at;
        approvedBy = by;
    }

    /** Everything of the approved run has been handed on: mail queued, collection recorded. */
    void sent() {
        require("mark it sent", State.APPROVED);
        state = State.SENT;
    }

    void collection(CollectionState newState, String error, int attempts, Instant nextAttemptAt) {
        require("record its collection", State.APPROVED, State.SENT);
        collectionState = newState;
        collectionError = error;
        collectionAttempts = attempts;
        collectionNextAttemptAt = nextAttemptAt;
    }

    void require(String what, State... allowed) {
        if (!Arrays.asList(allowed).contains(state)) {
            throw new Conflict("state", "Run " + id + " is " + state + "; it is not possible to " + what
                    + " (that needs " + String.join(" or ", Arrays.stream(allowed).map(Enum::name).toList()) + ")");
        }
    }

    List<Long> immediateLineIds() {
        return lineIds == null || lineIds.isBlank() ? List.of() : Arrays.stream(lineIds.split("\\|")).map(Long::valueOf).toList();
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

    public State state() {
        return state;
    }

    public String name() {
        return name;
    }

    public LocalDate periodFrom() {
        return periodFrom;
    }

    public LocalDate periodTo() {
        return periodTo;
    }

    public LocalDate referenceDate() {
        return referenceDate;
    }

    public LocalDate dueDate() {
        return dueDate;
    }

    public LocalDate deadline() {
        return deadline;
    }

    public int chunkSize() {
        return chunkSize;
    }

    public int chunksTotal() {
        return chunksTotal;
    }

    public int chunksDone() {
        return chunksDone;
    }

    public int chargeCount() {
        return chargeCount;
    }

    public int memberCount() {
        return memberCount;
    }

    public BigDecimal total() {
        return total;
    }

    public String message() {
        return message;
    }

    public LocalDate firstReminderOn() {
        return firstReminderOn;
    }

    public LocalDate secondReminderOn() {
        return secondReminderOn;
    }

    public ApprovalEdits.ArrearsRule arrearsRule() {
        return arrearsRule;
    }

    public Instant approvedAt() {
        return approvedAt;
    }

    public String approvedBy() {
        return approvedBy;
    }

    public LocalDate cutOff() {
        return cutOff;
    }

    public BigDecimal discountPercent() {
        return discountPercent;
    }

    public Long targetMember() {
        return targetMember;
    }

    public String targetGroup() {
        return targetGroup;
    }

    public Long templateId() {
        return templateId;
    }

    public boolean mailInvoices() {
        return mailInvoices;
    }

    public String targetMembers() {
        return targetMembers;
    }

    public String targetCriteria() {
        return targetCriteria;
    }

    public Long modelChargeId() {
        return modelChargeId;
    }

    public CollectionState collectionState() {
        return collectionState;
    }

    public String collectionError() {
        return collectionError;
    }

    public int collectionAttempts() {
        return collectionAttempts;
    }

    public Instant collectionNextAttemptAt() {
        return collectionNextAttemptAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String createdBy() {
        return createdBy;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public String updatedBy() {
        return updatedBy;
    }
}
