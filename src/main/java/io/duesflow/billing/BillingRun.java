package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import io.duesflow.platform.InvalidInput;
import org.springframework.data.annotation.CreatedBy;
import org.springframework.data.annotation.CreatedDate;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.LastModifiedBy;
import org.springframework.data.annotation.LastModifiedDate;
import org.springframework.data.annotation.Version;

/**
 * One batch of charges: generated in chunks, approved by a treasurer before anything leaves, or rejected,
 * or expired when nobody approved it by its deadline.
 *
 * @param lineIds         for an immediate or new-member run: the billing line ids joined with {@code |}
 * @param deadline        the last day it may be approved
 * @param cutOff          for a new-member run: members with a charge due after this day are not billed again
 * @param discountPercent for a new-member run: taken off every line, 0–100
 * @param targetMember    for a template run: the one member billed
 * @param targetGroup     for a template run: the group whose members are billed
 */
public record BillingRun(@Id Long id, @Version Integer version, Kind kind, State state, String name,
                         LocalDate periodFrom, LocalDate periodTo, LocalDate referenceDate, LocalDate dueDate,
                         String lineIds, LocalDate deadline, int chunkSize, int chunksTotal, int chunksDone,
                         int chargeCount, int memberCount, BigDecimal total, String message,
                         LocalDate firstReminderOn, LocalDate secondReminderOn, Instant approvedAt, String approvedBy,
                         LocalDate cutOff, BigDecimal discountPercent, Long targetMember, String targetGroup,
                         Long templateId, @CreatedDate Instant createdAt, @CreatedBy String createdBy,
                         @LastModifiedDate Instant updatedAt, @LastModifiedBy String updatedBy) {

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

    public enum State { DRAFT, GENERATED, APPROVED, SENT, REJECTED, EXPIRED }

    List<Long> immediateLineIds() {
        return lineIds == null || lineIds.isBlank() ? List.of() : Arrays.stream(lineIds.split("\\|")).map(Long::valueOf).toList();
    }

    void require(State... allowed) {
        if (!Arrays.asList(allowed).contains(state)) {
            throw new InvalidInput("state", "Run " + id + " is " + state + "; this needs it to be "
                    + String.join(" or ", Arrays.stream(allowed).map(Enum::name).toList()));
        }
    }

    /** A new run in {@code DRAFT}; the kind-specific parts are set with the {@code for...} methods. */
    static BillingRun draft(Kind kind, String name, LocalDate periodFrom, LocalDate periodTo, LocalDate referenceDate,
                            LocalDate dueDate, LocalDate deadline) {
        return new BillingRun(null, null, kind, State.DRAFT, name, periodFrom, periodTo, referenceDate, dueDate, null,
                deadline, 1000, 0, 0, 0, 0, BigDecimal.ZERO, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    BillingRun forLines(List<Long> ids, LocalDate newCutOff, BigDecimal discount) {
        return new BillingRun(id, version, kind, state, name, periodFrom, periodTo, referenceDate, dueDate,
                ids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("|")), deadline, chunkSize,
                chunksTotal, chunksDone, chargeCount, memberCount, total, message, firstReminderOn, secondReminderOn,
                approvedAt, approvedBy, newCutOff, discount, targetMember, targetGroup, templateId, createdAt, createdBy,
                updatedAt, updatedBy);
    }

    BillingRun forTarget(Long member, String group, Long template, String chargeMessage) {
        return new BillingRun(id, version, kind, state, name, periodFrom, periodTo, referenceDate, dueDate, lineIds,
                deadline, chunkSize, chunksTotal, chunksDone, chargeCount, memberCount, total, chargeMessage,
                firstReminderOn, secondReminderOn, approvedAt, approvedBy, cutOff, discountPercent, member, group,
                template, createdAt, createdBy, updatedAt, updatedBy);
    }
}
