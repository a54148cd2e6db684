package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.CreatedBy;
import org.springframework.data.annotation.CreatedDate;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.LastModifiedBy;
import org.springframework.data.annotation.LastModifiedDate;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A named set of lines ("Key deposit", "Course fee + material") a treasurer bills to one member or a whole group
 * again and again, without a billing line of its own.
 */
public record ChargeTemplate(@Id Long id, @Version Integer version, String name,
                             @MappedCollection(idColumn = "charge_template", keyColumn = "position") List<Line> lines,
                             @CreatedDate Instant createdAt, @CreatedBy String createdBy,
                             @LastModifiedDate Instant updatedAt, @LastModifiedBy String updatedBy) {

    /** @param ledgerAccount the income account; none means the association's default */
    @Table("charge_template_line")
    public record Line(String text, BigDecimal amount, String ledgerAccount) {
    }
}
