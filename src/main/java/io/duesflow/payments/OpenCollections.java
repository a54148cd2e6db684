package io.duesflow.payments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.duesflow.banking.Target2Calendar;
import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.billing.OpenCharges;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.CurrentUser;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.NotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One direct-debit collection of everything open (the Dutch manual's "automatisch incassobestand … voor alle
 * facturen"): every open charge decided for SEPA at approval and not yet collected, of members with an active
 * mandate, across runs (or of chosen runs, or due before a day), on one collection date. It is recorded and placed
 * exactly as a run's collection is ({@link DirectDebitCollections}): checked against the official schema, recorded
 * with the charges it puts in collection, placed in the bank outbox once that has committed. A charge is collected
 * at most once ever, whether by its run or by such a collection: the charge is the collection's key, and the runs
 * concerned are locked while it is recorded, so a run's own collection at the same moment waits and then finds the
 * charge in collection.
 */
@Service
public class OpenCollections {

    private static final Logger log = LoggerFactory.getLogger(OpenCollections.class);

    /**
     * @param collectionDate the one day all is collected on (a TARGET2 business day, not before the bank's lead time);
     *                       empty: the earliest possible
     * @param dueBefore      only charges due before this day; empty: all
     * @param runIds         only charges of these runs; empty: of every run
     */
    public record Request(LocalDate collectionDate, LocalDate dueBefore, List<Long> runIds) {
    }

    /** A collection of everything open: what was asked, what it collected, its files and what it left out, why. */
    public record Collection(long id, LocalDate collectionDate, LocalDate dueBefore, List<Long> runIds, int charges,
                             BigDecimal controlSum, Instant requestedAt, String requestedBy,
                             List<DirectDebitCollections.BankFile> files, List<DirectDebitCollections.LeftOut> leftOut) {
    }

    private final OpenCharges open;
    private final BillingRuns runs;
    private final CollectionRecorder recorder;
    private final BankFilePlacer placer;
    private final MemberRegister register;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    OpenCollections(OpenCharges open, BillingRuns runs, CollectionRecorder recorder, BankFilePlacer placer,
                    MemberRegister register, JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.open = open;
        this.runs = runs;
        this.recorder = recorder;
        this.placer = placer;
        this.register = register;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /**
     * Records one collection of everything open the request selects and, once that has committed, places its file in
     * the bank outbox. Nothing to collect (no open direct-debit charge, or none that can be collected) is refused
     * with the reason, and nothing is recorded.
     */
    public Collection collect(Request request) {
        Request asked = request == null ? new Request(null, null, null) : request;
        List<Long> runIds = checkedRuns(asked.runIds());
        LocalDate date = collectionDate(asked.collectionDate());
        long id = transaction.execute(status -> record(asked, runIds, date));
        return collection(id);
    }

    /** One collection of everything open, as recorded. */
    public Collection collection(long id) {
        Collection head = jdbc.sql("""
                        select id, collection_date, due_before, run_ids, charges, control_sum, requested_at, requested_by
                        from duesflow.open_collection where id = :id""")
                .param("id", id)
                .query((rs, n) -> new Collection(rs.getLong(1), rs.getDate(2).toLocalDate(),
                        rs.getDate(3) == null ? null : rs.getDate(3).toLocalDate(), ids(rs.getString(4)), rs.getInt(5),
                        rs.getBigDecimal(6), rs.getTimestamp(7).toInstant(), rs.getString(8), List.of(), List.of()))
                .optional().orElseThrow(() -> new NotFound("Collection of everything open", id));
        List<DirectDebitCollections.BankFile> files = jdbc.sql("""
                        select file_name, collection_date, coalesce(sequence_type, (select string_agg(distinct c.sequence_type, ',')
                               from duesflow.sepa_collection c where c.file_id = f.id)), transactions, control_sum, version,
                               state, attempts, last_error
                        from duesflow.sepa_file f where open_collection_id = :id order by file_name""")
                .param("id", id)
                .query((rs, n) -> new DirectDebitCollections.BankFile(rs.getString(1), rs.getDate(2).toLocalDate(),
                        rs.getString(3), rs.getInt(4), rs.getBigDecimal(5), rs.getString(6), rs.getString(7),
                        rs.getInt(8), rs.getString(9)))
                .list();
        List<DirectDebitCollections.LeftOut> leftOut = jdbc.sql("""
                        select charge_number, member_number, reason from duesflow.open_collection_exclusion
                        where open_collection_id = :id order by member_number, charge_number""")
                .param("id", id)
                .query((rs, n) -> new DirectDebitCollections.LeftOut(rs.getString(1), rs.getLong(2), rs.getString(3)))
                .list();
        return new Collection(head.id(), head.collectionDate(), head.dueBefore(), head.runIds(), head.charges(),
                head.controlSum(), head.requestedAt(), head.requestedBy(), files, leftOut);
    }

    /** The collections of everything open, newest first. */
    public List<Collection> collections(int limit) {
        return jdbc.sql("select id from duesflow.open_collection order by id desc limit :limit").param("limit", limit)
                .query(Long.class).list().stream().map(this::collection).toList();
    }

    /** What the {@code bank-file-placer} poll does for these collections: places files nobody tried to place. */
    void placeNeverPlaced() {
        for (long id : placer.openCollectionsWithFilesNeverPlaced()) {
            ownTransaction.executeWithoutResult(status -> {
                if (Boolean.TRUE.equals(jdbc.sql("select pg_try_advisory_xact_lock(7009, cast(:id as int))")
                        .param("id", id).query(Boolean.class).single())) {
                    placer.placeRecordedOfOpenCollection(id, Map.of());
                }
            });
        }
    }

    private long record(Request asked, List<Long> runIds, LocalDate date) {
        // One collection of everything open at a time, and none while a run concerned collects: the charge's key
        // would refuse a second collection anyway, but this way the second one finds the charge in collection.
        jdbc.sql("select pg_advisory_xact_lock(7009, 0)").query().singleRow();
        List<OpenCharges.Collectable> collectable = open.toCollectBySepa(asked.dueBefore(), runIds);
        new TreeSet<>(collectable.stream().map(OpenCharges.Collectable::runId).toList()).forEach(run ->
                jdbc.sql("select pg_advisory_xact_lock(7008, cast(:run as int))").param("run", run).query().singleRow());
        collectable = open.toCollectBySepa(asked.dueBefore(), runIds);
        if (collectable.isEmpty()) {
            throw nothingToCollect(asked, "no open charge decided for SEPA direct debit is waiting to be collected"
                    + (asked.dueBefore() != null ? " before " + asked.dueBefore() : "")
                    + (runIds.isEmpty() ? "" : " in run " + runIds.stream().map(String::valueOf)
                    .collect(Collectors.joining(", "))));
        }
        long id = jdbc.sql("""
                        insert into duesflow.open_collection (collection_date, due_before, run_ids, charges, control_sum,
                                                              requested_at, requested_by)
                        values (:date, :dueBefore, :runs, 0, 0, :now, :by) returning id""")
                .param("date", date).param("dueBefore", asked.dueBefore())
                .param("runs", runIds.isEmpty() ? null : runIds.stream().map(String::valueOf)
                        .collect(Collectors.joining("|")))
                .param("now", Timestamp.from(Instant.now(clock))).param("by", CurrentUser.name())
                .query(Long.class).single();
        Path work;
        try {
            work = Files.createTempDirectory("duesflow-pain008-");
        } catch (IOException e) {
            throw new UncheckedIOException("No work folder for writing direct-debit files", e);
        }
        CollectionRecorder.Recorded recorded;
        PlaceAfterCommit after = new PlaceAfterCommit(id, work);
        try {
            TransactionSynchronizationManager.registerSynchronization(after);
            recorded = recorder.recordOpen(id, collectable, date, work);
        } catch (IOException e) {
            throw new UncheckedIOException("The direct-debit file of the collection of everything open could not be "
                    + "written", e);
        }
        if (recorded.debits() == 0) {
            throw nothingToCollect(asked, collectable.size() + " open direct-debit "
                    + (collectable.size() == 1 ? "charge waits" : "charges wait") + ", but none can be collected: "
                    + recorded.leftOut().get(0).charge().number() + ", " + recorded.leftOut().get(0).reason());
        }
        List<CollectionRecorder.LeftOut> leftOut = recorded.leftOut();
        if (!leftOut.isEmpty()) {
            jdbc.sql("""
                            insert into duesflow.open_collection_exclusion (open_collection_id, charge_id, charge_number,
                                                                            member_number, reason)
                            select :id, o.charge, o.number, o.member, o.reason
                            from unnest(:charges, :numbers, :members, :reasons) as o(charge, number, member, reason)""")
                    .param("id", id)
                    .param("charges", new SqlArrayValue("bigint", leftOut.stream().map(o -> o.charge().chargeId()).toArray()))
                    .param("numbers", new SqlArrayValue("text", leftOut.stream().map(o -> o.charge().number()).toArray()))
                    .param("members", new SqlArrayValue("bigint", leftOut.stream().map(o -> o.charge().memberNumber()).toArray()))
                    .param("reasons", new SqlArrayValue("text", leftOut.stream().map(CollectionRecorder.LeftOut::reason).toArray()))
                    .update();
        }
        jdbc.sql("update duesflow.open_collection set charges = :charges, control_sum = :sum where id = :id")
                .param("charges", recorded.debits()).param("sum", recorded.sum()).param("id", id).update();
        after.written = recorded.files();
        return id;
    }

    /** Places the files of a recording that committed; always removes what it wrote. */
    private final class PlaceAfterCommit implements TransactionSynchronization {
        private final long id;
        private final Path work;
        private Map<Long, Path> written = Map.of();

        PlaceAfterCommit(long id, Path work) {
            this.id = id;
            this.work = work;
        }

        @Override
        public void afterCommit() {
            Map<Long, Path> files = written;
            try {
                ownTransaction.executeWithoutResult(status -> {
                    jdbc.sql("select pg_advisory_xact_lock(7009, cast(:id as int))").param("id", id).query().singleRow();
                    placer.placeRecordedOfOpenCollection(id, files);
                });
            } catch (RuntimeException e) {
                // Recorded files are placed by the bank-file-placer poll, which shows why they could not be placed.
                log.warn("The files of collection {} of everything open could not be placed yet: {}", id,
                        BankFilePlacer.reason(e));
            }
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

    private InvalidInput nothingToCollect(Request asked, String why) {
        String field = asked.runIds() != null && !asked.runIds().isEmpty() ? "runIds"
                : asked.dueBefore() != null ? "dueBefore" : "collection";
        return new InvalidInput(field, "Nothing to collect: " + why);
    }

    private List<Long> checkedRuns(List<Long> runIds) {
        if (runIds == null) {
            return List.of();
        }
        List<Long> checked = new ArrayList<>();
        for (int i = 0; i < runIds.size(); i++) {
            Long id = runIds.get(i);
            BillingRun run;
            try {
                run = id == null ? null : runs.run(id);
            } catch (NotFound e) {
                run = null;
            }
            if (run == null) {
                throw new InvalidInput("runIds[" + i + "]", "There is no run " + id);
            }
            if (run.state() != BillingRun.State.APPROVED && run.state() != BillingRun.State.SENT) {
                throw new InvalidInput("runIds[" + i + "]", "Run " + id + " is " + run.state()
                        + "; only an approved run's charges are collected");
            }
            checked.add(id);
        }
        return checked;
    }

    /** The one collection date: a TARGET2 business day the bank can still make; empty: the earliest it can. */
    private LocalDate collectionDate(LocalDate asked) {
        LocalDate today = LocalDate.now(clock);
        int leadDays = register.association().sepa().leadDays();
        LocalDate earliest = Target2Calendar.earliestCollectionDate(today, leadDays);
        if (asked == null) {
            return earliest;
        }
        if (!Target2Calendar.isBusinessDay(asked)) {
            throw new InvalidInput("collectionDate", asked + " is no TARGET2 business day (a weekend or a closing "
                    + "day); the next one is " + Target2Calendar.nextBusinessDayOnOrAfter(asked));
        }
        if (asked.isBefore(earliest)) {
            throw new InvalidInput("collectionDate", asked + " is too early: the bank needs " + leadDays
                    + " business " + (leadDays == 1 ? "day" : "days") + "; the earliest collection date is " + earliest);
        }
        return asked;
    }

    private static List<Long> ids(String joined) {
        return joined == null || joined.isBlank() ? List.of()
                : Arrays.stream(joined.split("\\|")).map(Long::valueOf).toList();
    }
}
