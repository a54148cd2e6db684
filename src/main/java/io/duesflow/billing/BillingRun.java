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
 * @param lineIds   for an immediate run: the billing line ids joined with {@code |}
 * @param deadline  the last day it may be approved
 */
public record BillingRun(@Id Long id, @Version Integer version, Kind kind, State state, String name,
                         LocalDate periodFrom, LocalDate periodTo, LocalDate referenceDate, LocalDate dueDate,
                         String lineIds, LocalDate deadline, int chunkSize, int chunksTotal, int chunksDone,
                         int chargeCount, int memberCount, BigDecimal total, String message,
                         LocalDate firstReminderOn, LocalDate secondReminderOn, Instant approvedAt, String approvedBy,
                         @CreatedDate Instant createdAt, @CreatedBy String createdBy,
                         @LastModifiedDate Instant updatedAt, @LastModifiedBy String updatedBy) {

    public enum Kind { SCHEDULED, IMMEDIATE, NEW_MEMBERS, REMINDER_FEE }

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

    BillingRun with(State newState) {
        return new BillingRun(id, version, kind, newState, name, periodFrom, periodTo, referenceDate, dueDate, lineIds,
                deadline, chunkSize, chunksTotal, chunksDone, chargeCount, memberCount, total, message,
                firstReminderOn, secondReminderOn, approvedAt, approvedBy, createdAt, createdBy, updatedAt, updatedBy);
    }
}
