package io.duesflow.members;

import java.time.Instant;

import org.springframework.data.annotation.CreatedBy;
import org.springframework.data.annotation.CreatedDate;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.LastModifiedBy;
import org.springframework.data.annotation.LastModifiedDate;
import org.springframework.data.annotation.Version;

/** A field the association adds to every member: F1 "meter reading" (number), F2 "boat name" (text)… */
public record ExtraField(@Id String code, @Version Integer version, String name, ExtraFieldType type,
                         @CreatedDate Instant createdAt, @CreatedBy String createdBy,
                         @LastModifiedDate Instant updatedAt, @LastModifiedBy String updatedBy) {
}
