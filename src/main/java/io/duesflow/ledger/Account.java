package io.duesflow.ledger;

import java.time.Instant;

import org.springframework.data.annotation.CreatedBy;
import org.springframework.data.annotation.CreatedDate;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.LastModifiedBy;
import org.springframework.data.annotation.LastModifiedDate;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An account of the chart. Its number never changes once something is booked to it (the database refuses), and an
 * inactive account takes no new postings.
 *
 * @param role what the ledger itself books to it; the accounts billing books to are the association's settings
 */
@Table("ledger_account")
record Account(@Id String number, @Version Integer version, String name, Type type, Role role, boolean active,
               @CreatedDate Instant createdAt, @CreatedBy String createdBy,
               @LastModifiedDate Instant updatedAt, @LastModifiedBy String updatedBy) {

    enum Type { ASSET, LIABILITY, EQUITY, INCOME, EXPENSE }

    /**
     * The accounts the ledger books to on its own account, beside the association's four (dues owed, income, fees,
     * bank). One account each; collection and payment postings use them.
     */
    enum Role {
        /** Direct debits placed at the bank and not yet settled: nets to zero per collection once the bank pays. */
        COLLECTION_CLEARING,
        /** What the association owes members who paid too much, until a later charge uses it (a liability). */
        MEMBER_CREDIT,
        /** What the bank charges, e.g. on a returned debit. */
        BANK_CHARGES,
        /** Cent differences, e.g. a bank's rounding, or a credit within the association's amount tolerance. */
        ROUNDING,
        /** Bank credits a treasurer marked as not dues (a donation, a refund …), until re-booked by a correction. */
        OTHER_RECEIPTS
    }

    Account changed(Integer version, String name, Type type, Role role, boolean active) {
        return new Account(number, version, name, type, role, active, createdAt, createdBy, null, null);
    }
}
