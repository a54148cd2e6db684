package io.duesflow.payments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.platform.Conflict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The front door to collecting by SEPA direct debit: an approved run's direct-debit charges become pain.008 files
 * in the bank outbox, one per collection date (and sequence type, when the bank wants one block per file), each
 * checked against the official schema; its Betalingsservice charges become a delivery for Nets the same way
 * ({@link BetalingsserviceDeliveries}), recorded, placed, shown and tried again alongside.
 *
 * <p>A collection first <em>records</em> its files, in one transaction with the charges it puts in collection, and
 * only once that has committed places them in the outbox ({@link BankFilePlacer}). So a rollback leaves no file the
 * database does not know, and a recorded file always ends in the outbox: when placing fails (the disk) or never
 * ran (the application stopped in between), the {@code bank-file-placer} poll places it later.
 *
 * <p>Where a run's collection stands is kept on the run ({@link BillingRun#collectionState()}): {@code DONE} when
 * every charge decided for SEPA is in a placed file; {@code PENDING} while charges wait for a later file;
 * {@code FAILED} with the reason when the files could not be recorded or placed. Both are tried again by the poll,
 * waiting longer after each attempt, and a treasurer can try again at once.
 */
@Service
public class DirectDebitCollections {

    private static final Logger log = LoggerFactory.getLogger(DirectDebitCollections.class);

    private final BillingRuns billing;
    private final CollectionRecorder recorder;
    private final BankFilePlacer placer;
    private final BetalingsserviceDeliveries deliveries;
    private final CollectionProperties properties;
    private final JdbcClient jdbc;
    private final TransactionTemplate recording;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    DirectDebitCollections(BillingRuns billing, CollectionRecorder recorder, BankFilePlacer placer,
                           BetalingsserviceDeliveries deliveries, CollectionProperties properties, JdbcClient jdbc,
                           PlatformTransactionManager transactions, Clock clock) {
        this.billing = billing;
        this.recorder = recorder;
        this.placer = placer;
        this.deliveries = deliveries;
        this.properties = properties;
        this.jdbc = jdbc;
        // Recording joins the caller's transaction, if any: the files are placed when that one commits.
        this.recording = new TransactionTemplate(transactions);
        // Placing, and what the run shows, commit on their own: a failure is recorded whatever the caller does next.
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /**
     * @param state     {@code RECORDED} (waiting to be placed) or {@code PLACED} in the outbox
     * @param attempts  tries to place it so far
     * @param lastError why the last try to place it failed; null once placed
     */
    public record BankFile(String fileName, LocalDate collectionDate, String sequenceTypes, int transactions,
                           BigDecimal controlSum, String version, String state, int attempts, String lastError) {
    }

    public record LeftOut(String chargeNumber, long memberNumber, String reason) {
    }

    /**
     * What a run's collection looks like: where it stands (with the reason when it failed or charges wait, the
     * attempts so far and when it is tried again), its files and the charges left out of them, with their reasons.
     */
    public record Collection(long runId, BillingRun.CollectionState state, String error, int attempts,
                             Instant nextAttemptAt, List<BankFile> files, List<LeftOut> leftOut, BigDecimal collected,
                             List<BetalingsserviceDelivery> betalingsserviceDeliveries,
                             List<LeftOut> betalingsserviceLeftOut) {
    }

    /**
     * A Betalingsservice delivery of the run: its file, delivery id and format, the day it was made, its payments,
     * their total and payment dates, and where it stands ({@code RECORDED} or {@code PLACED}, with its attempts).
     */
    public record BetalingsserviceDelivery(String fileName, long deliveryId, String format, LocalDate createdOn,
                                           int payments, BigDecimal total, LocalDate firstPaymentDate,
                                           LocalDate lastPaymentDate, String state, int attempts, String lastError) {
    }

    /**
     * One attempt at the run's collection: records files for its direct-debit charges not yet in one and, once that
     * has committed, places every recorded file of the run that is not yet in the outbox. Calling it again collects
     * only what is still uncollected (e.g. a member whose mandate arrived since) and places what could not be
     * placed before. A failure is not thrown but recorded on the run, with the reason and the next attempt.
     *
     * @throws Conflict when nobody approved the run: nothing leaves the house before approval
     */
    public Collection collect(long runId) {
        BillingRun run = billing.run(runId);
        if (run.state() != BillingRun.State.APPROVED && run.state() != BillingRun.State.SENT) {
            throw new Conflict("state", "Run " + runId + " is " + run.state() + "; only an approved run is collected "
                    + "(that needs APPROVED or SENT)");
        }
        try {
            recording.executeWithoutResult(status -> recordThenPlace(runId));
        } catch (RuntimeException e) {
            String reason = BankFilePlacer.reason(e);
            log.warn("The direct debits of run {} could not be collected: {}", runId, reason);
            placeAndShow(runId, reason, true, Map.of(), Map.of());
        }
        return collection(runId);
    }

    /**
     * What the {@code bank-file-placer} route does every poll interval: places recorded files nobody tried to
     * place (the application stopped between recording and placing), then tries again the collections that are due.
     */
    public void pollDue() {
        java.util.Set<Long> neverPlaced = new java.util.TreeSet<>(placer.runsWithFilesNeverPlaced());
        neverPlaced.addAll(deliveries.runsWithDeliveriesNeverPlaced());
        for (long runId : neverPlaced) {
            ownTransaction.executeWithoutResult(status -> {
                // Another node placing this run's files right now has them in hand.
                if (Boolean.TRUE.equals(jdbc.sql("select pg_try_advisory_xact_lock(7008, cast(:run as int))")
                        .param("run", runId).query(Boolean.class).single())) {
                    placer.placeRecorded(runId, Map.of());
                    deliveries.placeRecorded(runId, Map.of());
                    show(runId, null, false);
                }
            });
        }
        for (long runId : billing.collectionsDue(Instant.now(clock))) {
            try {
                collect(runId);
            } catch (RuntimeException e) {
                log.warn("Trying again to collect run {} failed: {}", runId, BankFilePlacer.reason(e));
            }
        }
    }

    /** The run's collection: where it stands, its files and the charges left out. */
    public Collection collection(long runId) {
        BillingRun run = billing.run(runId);
        List<BankFile> files = jdbc.sql("""
                        select file_name, collection_date, coalesce(sequence_type, (select string_agg(distinct c.sequence_type, ',')
                               from duesflow.sepa_collection c where c.file_id = f.id)), transactions, control_sum, version,
                               state, attempts, last_error
                        from duesflow.sepa_file f where run_id = :run order by collection_date, file_name""")
                .param("run", runId)
                .query((rs, n) -> new BankFile(rs.getString(1), rs.getDate(2).toLocalDate(), rs.getString(3),
                        rs.getInt(4), rs.getBigDecimal(5), rs.getString(6), rs.getString(7), rs.getInt(8),
                        rs.getString(9)))
                .list();
        List<LeftOut> leftOut = jdbc.sql("""
                        select charge_number, member_number, reason from duesflow.sepa_exclusion
                        where run_id = :run order by member_number, charge_number""")
                .param("run", runId).query((rs, n) -> new LeftOut(rs.getString(1), rs.getLong(2), rs.getString(3))).list();
        List<BetalingsserviceDelivery> delivered = deliveries.deliveries(runId).stream()
                .map(d -> new BetalingsserviceDelivery(d.fileName(), d.deliveryId(), d.format(), d.createdOn(),
                        d.payments(), d.total(), d.firstPaymentDate(), d.lastPaymentDate(), d.state(), d.attempts(),
                        d.lastError()))
                .toList();
        BigDecimal collected = Stream.concat(files.stream().map(BankFile::controlSum),
                delivered.stream().map(BetalingsserviceDelivery::total)).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Collection(runId, run.collectionState(), run.collectionError(), run.collectionAttempts(),
                run.collectionNextAttemptAt(), files, leftOut, collected, delivered, deliveries.leftOut(runId));
    }

    /** In the recording transaction: records the files and has them placed once the transaction has committed. */
    private void recordThenPlace(long runId) {
        AfterRecording after;
        try {
            after = new AfterRecording(runId, Files.createTempDirectory("duesflow-pain008-"));
        } catch (IOException e) {
            throw new UncheckedIOException("No work folder for writing direct-debit files", e);
        }
        TransactionSynchronizationManager.registerSynchronization(after);
        // One collection of a run at a time, across nodes; the unique keys would refuse the second anyway.
        lockRun(runId);
        try {
            after.written = recorder.record(runId, after.work);
        } catch (IOException e) {
            throw new UncheckedIOException("A direct-debit file of run " + runId + " could not be written", e);
        }
        try {
            after.delivered = deliveries.record(runId, after.work);
        } catch (IOException e) {
            throw new UncheckedIOException("The Betalingsservice delivery of run " + runId + " could not be written", e);
        }
    }

    /** Places the files written by a recording that committed; always removes what it wrote. */
    private final class AfterRecording implements TransactionSynchronization {
        private final long runId;
        private final Path work;
        private Map<Long, Path> written = Map.of();
        private Map<Long, Path> delivered = Map.of();

        AfterRecording(long runId, Path work) {
            this.runId = runId;
            this.work = work;
        }

        @Override
        public void afterCommit() {
            placeAndShow(runId, null, true, written, delivered);
        }

        @Override
        public void afterCompletion(int status) {
            try (Stream<Path> files = Files.list(work)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
                Files.deleteIfExists(work);
            } catch (IOException e) {
                log.warn("The work folder {} could not be removed: {}", work, e.getMessage());
            }
        }
    }

    private void placeAndShow(long runId, String failure, boolean attempt, Map<Long, Path> written,
                              Map<Long, Path> delivered) {
        ownTransaction.executeWithoutResult(status -> {
            lockRun(runId);
            placer.placeRecorded(runId, written);
            deliveries.placeRecorded(runId, delivered);
            show(runId, failure, attempt);
        });
    }

    private void lockRun(long runId) {
        jdbc.sql("select pg_advisory_xact_lock(7008, cast(:run as int))").param("run", runId).query().singleRow();
    }

    /**
     * Records on the run where its collection stands, read from what is recorded: failed (with the reason, a file
     * that could not be placed included), pending while charges decided for SEPA wait for a later file or a
     * recorded file waits to be placed, or done. An attempt counts, and sets when the next one is due.
     */
    private void show(long runId, String failure, boolean attempt) {
        BillingRun run = billing.run(runId);
        record Recorded(String fileName, String lastError) {
        }
        List<Recorded> unplaced = jdbc.sql("""
                        select file_name, last_error from duesflow.sepa_file where run_id = :run and state = 'RECORDED'
                        order by id""")
                .param("run", runId).query((rs, n) -> new Recorded(rs.getString(1), rs.getString(2))).list();
        Recorded refused = unplaced.stream().filter(file -> file.lastError() != null).findFirst().orElse(null);
        Map.Entry<String, String> unplacedDelivery = deliveries.firstUnplaced(runId);
        if (unplacedDelivery != null) {
            Recorded delivery = new Recorded(unplacedDelivery.getKey(),
                    unplacedDelivery.getValue().isEmpty() ? null : unplacedDelivery.getValue());
            unplaced = Stream.concat(unplaced.stream(), Stream.of(delivery)).toList();
            refused = refused != null ? refused : delivery.lastError() != null ? delivery : null;
        }
        int waitingForSepa = billing.directDebitCharges(runId).size();
        int waiting = waitingForSepa + deliveries.waiting(runId);
        BillingRun.CollectionState state;
        String reason;
        if (failure != null) {
            state = BillingRun.CollectionState.FAILED;
            reason = failure;
        } else if (refused != null) {
            state = BillingRun.CollectionState.FAILED;
            reason = "the file " + refused.fileName() + " could not be placed in the bank outbox: " + refused.lastError();
        } else if (waiting > 0) {
            state = BillingRun.CollectionState.PENDING;
            reason = waitingReason(runId, waiting, waitingForSepa > 0);
        } else if (!unplaced.isEmpty()) {
            state = BillingRun.CollectionState.PENDING;
            reason = "the file " + unplaced.get(0).fileName() + " is recorded and waits to be placed";
        } else if (run.collectionState() == BillingRun.CollectionState.NONE) {
            return;
        } else {
            state = BillingRun.CollectionState.DONE;
            reason = null;
        }
        int attempts = run.collectionAttempts() + (attempt ? 1 : 0);
        Instant next = null;
        if (state != BillingRun.CollectionState.DONE) {
            next = attempt || state == BillingRun.CollectionState.FAILED || run.collectionNextAttemptAt() == null
                    ? Instant.now(clock).plus(properties.waitAfter(attempts)) : run.collectionNextAttemptAt();
        }
        billing.recordCollection(runId, state, reason, attempts, next);
    }

    private String waitingReason(long runId, int waiting, boolean sepa) {
        String first = !sepa ? deliveries.firstLeftOut(runId) : jdbc.sql("""
                        select charge_number || ': ' || reason from duesflow.sepa_exclusion where run_id = :run
                        order by member_number, charge_number limit 1""")
                .param("run", runId).query(String.class).optional().orElse(null);
        return waiting + (waiting == 1 ? " charge waits" : " charges wait") + " for a later file"
                + (first == null ? "" : "; the first, " + first);
    }
}
