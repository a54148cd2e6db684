package io.duesflow.payments;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Direct debits were placed at the bank: a pain.008 file was recorded with these collections, in the transaction that
 * puts their charges in collection (it reaches the bank outbox once that commits, and a recorded file always does).
 * From the collection date the bank, not the member, owes each {@code amount}; the bank's credit settles it
 * ({@link CollectionSettled}) or it comes back ({@link CollectionReturned}). Announced once per file; the
 * file's name says whose it is (a run's, or a collection of everything open).
 */
public record CollectionPlaced(long fileId, String fileName, LocalDate collectionDate,
                               List<Debit> debits) {

    public CollectionPlaced {
        debits = List.copyOf(debits);
    }

    /** One charge's direct debit in the file: what it collects (what the charge still owed). */
    public record Debit(long chargeId, String chargeNumber, long memberNumber, BigDecimal amount, String endToEndId) {
    }
}
