package io.duesflow.members;

import java.math.BigDecimal;
import java.time.Instant;

import org.springframework.data.annotation.CreatedBy;
import org.springframework.data.annotation.CreatedDate;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.LastModifiedBy;
import org.springframework.data.annotation.LastModifiedDate;
import org.springframework.data.annotation.Version;

/** A group or activity ("Senior", "Ball money"); a price makes membership billable, one line per group. */
public record MemberGroup(@Id Long id, @Version Integer version, String name, BigDecimal price, String ledgerAccount,
                          @CreatedDate Instant createdAt, @CreatedBy String createdBy,
                          @LastModifiedDate Instant updatedAt, @LastModifiedBy String updatedBy) {
}
