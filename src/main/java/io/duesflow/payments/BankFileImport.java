package io.duesflow.payments;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.duesflow.banking.statements.BankFileReader;
import io.duesflow.banking.statements.BankMessage;
import io.duesflow.members.Association;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.CurrentUser;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Books one file from the bank, in the caller's one transaction (the bank inbox route's): while the file is read and
 * checked its transactions are matched and booked a chunk at a time, each chunk's rows written once with what became
 * of them. A file refused half-way (its schema, another account, another currency …) leaves nothing: the transaction
 * rolls back.
 */
@Component
class BankFileImport {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BankFileImport.class);

    /** What a file held and what became of it. */
    record Imported(long fileId, BankMessage message, int statements, int entries, int transactions, int payments,
                    int settled, int unmatched, int returns, int known, String steps) {
    }

    /** Credits that matched nothing are waiting for a treasurer; their tasks are opened once the file committed. */
    record UnmatchedCreditsFound(long bankFileId) {
    }

    private final BankFileReader reader;
    private final MemberRegister register;
    private final Payments payments;
    private final CreditMatching matching;
    private final CollectionReturns returns;
    private final PaymentRecords records;
    private final ApplicationEventPublisher events;
    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    BankFileImport(BankFileReader reader, MemberRegister register, Payments payments, CreditMatching matching,
                   CollectionReturns returns, PaymentRecords records, ApplicationEventPublisher events,
                   DataSource dataSource, JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.reader = reader;
        this.register = register;
        this.payments = payments;
        this.matching = matching;
        this.returns = returns;
        this.records = records;
        this.events = events;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /**
     * Reads, checks and books the file; must run in a transaction.
     *
     * @throws BankFileRows.Refused when it holds something that cannot be booked, and why
     * @throws io.duesflow.banking.statements.UnreadableBankFileException when it is no file duesflow reads
     * @throws io.duesflow.banking.SchemaViolationException when its schema refuses it
     */
    Imported importFile(Path file, String fileName, String contentHash) throws IOException {
        Association association = register.association();
        BigDecimal tolerance = payments.settings().amountTolerance();
        long fileId = jdbc.sql("""
                        insert into duesflow.bank_file (content_hash, file_name, message, imported_at, imported_by)
                        values (:hash, :name, 'unread', :now, :by) returning id""")
                .param("hash", contentHash).param("name", fileName).param("now", Timestamp.from(Instant.now(clock)))
                .param("by", CurrentUser.name()).query(Long.class).single();
        BankFileAnnouncements announcements = new BankFileAnnouncements(events, fileId, fileName);
        StepTimes times = new StepTimes();
        announcements.times = times;
        Decisions decisions = new Decisions(fileId, tolerance, announcements, times);
        BankFileRows rows = new BankFileRows(fileId, association.iban() == null ? null
                : BankFileRows.compact(association.iban()), association.currency(), this::copy, decisions,
                CreditMatching.CHUNK);
        BankMessage message;
        long started = System.nanoTime();
        try {
            message = reader.read(file, rows);
            rows.finish();
        } catch (IOException | RuntimeException e) {
            rows.abandon();
            throw e;
        }
        long read = System.nanoTime();
        int known = decisions.known;
        int returned;
        // The chunks were decided while the file was read: their time is in the steps, not in the reading.
        String steps = "read and stored " + (read - started - decisions.nanos) / 1_000_000 + " ms";
        CreditMatching.Matched matched = decisions.matched;
        if (message.kind() == BankMessage.Kind.PAYMENT_STATUS_REPORT) {
            LocalDate on = rows.document == null || rows.document.creationTime() == null ? LocalDate.now(clock)
                    : rows.document.creationTime().toLocalDate();
            returned = returns.pain002(fileId, rows.statusReport, rows.blocks, rows.transactions, on, announcements);
        } else {
            long t = times.start();
            returned = returns.camt(fileId, announcements);
            times.stop("returns", t);
        }
        announcements.flush();
        steps += ", " + times;
        log.debug("Bank file {}: {}", fileName, steps);
        payments.receiptsFor(matched.paidInFull());
        jdbc.sql("""
                        update duesflow.bank_file set message = :message, message_id = :messageId, statements = :statements,
                            entries = :entries, transactions = :transactions, payments = :payments, settled = :settled,
                            unmatched = :unmatched, returns = :returns, known = :known
                        where id = :id""")
                .param("message", message.messageName())
                .param("messageId", rows.document == null ? null : rows.document.messageId())
                .param("statements", rows.statements).param("entries", rows.entries).param("transactions", rows.rows)
                .param("payments", matched.payments()).param("settled", matched.settled())
                .param("unmatched", matched.unmatched()).param("returns", returned).param("known", known)
                .param("id", fileId).update();
        if (matched.unmatched() > 0) {
            events.publishEvent(new UnmatchedCreditsFound(fileId));
        }
        return new Imported(fileId, message, rows.statements, rows.entries, rows.rows, matched.payments(),
                matched.settled(), matched.unmatched(), returned, known, steps);
    }

    /** A file seen before (by its content) arrived again: nothing is booked, the arrival is noted. */
    void recordDuplicate(String contentHash) {
        jdbc.sql("""
                        update duesflow.bank_file set duplicates = duplicates + 1, last_duplicate_at = :now
                        where content_hash = :hash""")
                .param("now", Timestamp.from(Instant.now(clock))).param("hash", contentHash).update();
    }

    /** A refused file, in a transaction of its own: the import's own rolls back. */
    void recordRefusal(String fileName, String contentHash, Path movedTo, String reason) {
        ownTransaction.executeWithoutResult(status -> jdbc.sql("""
                        insert into duesflow.bank_file_refusal (file_name, content_hash, moved_to, reason, refused_at)
                        values (:name, :hash, :movedTo, :reason, :now)""")
                .param("name", fileName).param("hash", contentHash).param("movedTo", movedTo.toString())
                .param("reason", reason).param("now", Timestamp.from(Instant.now(clock))).update());
    }

    /**
     * Decides each chunk of the file's rows before they are written: their ids, the bookings other files reported
     * already, the bank charges, and the credits' matches.
     */
    private final class Decisions implements BankFileRows.Chunks {
        private final long fileId;
        private final BigDecimal tolerance;
        private final BankFileAnnouncements announcements;
        private final StepTimes times;
        private LocalDate today;
        int known;
        long nanos;
        CreditMatching.Matched matched = new CreditMatching.Matched(0, 0, 0, List.of());

        Decisions(long fileId, BigDecimal tolerance, BankFileAnnouncements announcements, StepTimes times) {
            this.fileId = fileId;
            this.tolerance = tolerance;
            this.announcements = announcements;
            this.times = times;
        }

        @Override
        public void decide(List<BankFileRows.Row> rows, Runnable write) {
            long started = System.nanoTime();
            long t = times.start();
            // Ids drawn first, in file order, so the payments can name their rows before they are written.
            List<Long> ids = records.ids("duesflow.bank_transaction", rows.size());
            for (int i = 0; i < rows.size(); i++) {
                rows.get(i).id = ids.get(i);
            }
            known += linkKnownBookings(rows);
            times.stop("linked", t);
            announceBankCharges(rows);
            if (today == null) {
                today = jdbc.sql("select current_date").query(java.sql.Date.class).single().toLocalDate();
            }
            Map<Long, BankFileRows.Row> byId = new HashMap<>();
            List<CreditMatching.Credit> credits = new ArrayList<>();
            for (BankFileRows.Row row : rows) {
                if ("CREDIT".equals(row.kind) && "NEW".equals(row.state)) {
                    byId.put(row.id, row);
                    credits.add(new CreditMatching.Credit(row.id, row.amount, row.endToEndId,
                            row.paymentInformationId, row.rfReference, row.paymentId, row.debtorIban,
                            row.bookingDate != null ? row.bookingDate : row.valueDate != null ? row.valueDate : today,
                            row.valueDate, row.bankReference));
                }
            }
            CreditMatching.Matched chunk = matching.match(fileId, credits, tolerance, announcements, times,
                    decided -> {
                        for (CreditMatching.Decision decision : decided) {
                            BankFileRows.Row row = byId.get(decision.id());
                            row.state = decision.state();
                            row.matchedBy = decision.how() == null ? null : decision.how().name();
                            row.chargeId = decision.chargeId();
                            row.chargeNumber = decision.chargeNumber();
                            row.note = decision.note();
                            row.toleranceDifference = decision.toleranceDifference();
                        }
                        write.run();
                    });
            List<Long> paidInFull = new ArrayList<>(matched.paidInFull());
            paidInFull.addAll(chunk.paidInFull());
            matched = new CreditMatching.Matched(matched.payments() + chunk.payments(),
                    matched.settled() + chunk.settled(), matched.unmatched() + chunk.unmatched(), paidInFull);
            nanos += System.nanoTime() - started;
        }

        /**
         * A booking another file reported already (same account, same bank reference) is linked to that report and
         * never counted twice: a camt.054 detailing a camt.053 line, a statement sent again, a camt.052 before its
         * camt.053.
         */
        private int linkKnownBookings(List<BankFileRows.Row> rows) {
            List<BankFileRows.Row> counted = rows.stream().filter(row -> row.counted).toList();
            if (counted.isEmpty()) {
                return 0;
            }
            Map<String, Long> reported = new HashMap<>();
            // Each reference looked up by index on its own: the table's statistics predate the file, and joined as a
            // whole the planner scanned every row the import had written so far, once per chunk.
            jdbc.sql("""
                            select k.iban, k.reference, b.id
                            from unnest(:ibans, :references) as k(iban, reference)
                            cross join lateral (select min(b.id) as id from duesflow.bank_transaction b
                                                where b.account_iban = k.iban and b.bank_reference = k.reference
                                                  and b.counted and b.bank_file_id <> :file) b
                            where b.id is not null""")
                    .param("ibans", PaymentRecords.array("text", counted, row -> row.accountIban))
                    .param("references", PaymentRecords.array("text", counted, row -> row.bankReference))
                    .param("file", fileId)
                    .query(rs -> {
                        reported.put(rs.getString(1) + "\u0000" + rs.getString(2), rs.getLong(3));
                    });
            if (reported.isEmpty()) {
                return 0;
            }
            int linked = 0;
            for (BankFileRows.Row row : counted) {
                Long first = reported.get(row.accountIban + "\u0000" + row.bankReference);
                if (first != null) {
                    row.state = "LINKED";
                    row.counted = false;
                    row.linkedToId = first;
                    row.note = "reported before; linked, not counted again";
                    linked++;
                }
            }
            return linked;
        }

        private void announceBankCharges(List<BankFileRows.Row> rows) {
            List<BankChargesRecorded> charges = rows.stream().filter(row -> "FEE".equals(row.kind) && row.counted)
                    .map(row -> new BankChargesRecorded(row.amount, row.bookingDate, row.bankReference,
                            "bank charges".equals(row.note), fileId))
                    .toList();
            if (!charges.isEmpty()) {
                announcements.bankCharges(charges);
            }
        }
    }

    /** A COPY into the transactions table on the transaction's own connection: the rows commit with the file. */
    private CopyIn copy() {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("copy duesflow.bank_transaction (" + BankFileRows.COLUMNS + ") from stdin");
        } catch (SQLException e) {
            throw new IllegalStateException("The bank file's rows cannot be stored: " + e.getMessage(), e);
        }
    }
}
