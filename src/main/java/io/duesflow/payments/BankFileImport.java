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
import java.util.List;

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
 * Books one file from the bank, in the caller's one transaction (the bank inbox route's): its transactions are
 * streamed into the database while the file is read and checked, then matched and booked a chunk at a time. A file
 * refused half-way (its schema, another account, another currency …) leaves nothing: the transaction rolls back.
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
    private final ApplicationEventPublisher events;
    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    BankFileImport(BankFileReader reader, MemberRegister register, Payments payments, CreditMatching matching,
                   CollectionReturns returns, ApplicationEventPublisher events, DataSource dataSource, JdbcClient jdbc,
                   PlatformTransactionManager transactions, Clock clock) {
        this.reader = reader;
        this.register = register;
        this.payments = payments;
        this.matching = matching;
        this.returns = returns;
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
        BankFileRows rows = new BankFileRows(fileId, association.iban() == null ? null
                : BankFileRows.compact(association.iban()), association.currency(), copy());
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
        BankFileAnnouncements announcements = new BankFileAnnouncements(events, fileId, fileName);
        StepTimes times = new StepTimes();
        announcements.times = times;
        int known = 0;
        int returned;
        String steps = "read and stored " + (read - started) / 1_000_000 + " ms";
        CreditMatching.Matched matched = new CreditMatching.Matched(0, 0, 0, List.of());
        if (message.kind() == BankMessage.Kind.PAYMENT_STATUS_REPORT) {
            LocalDate on = rows.document == null || rows.document.creationTime() == null ? LocalDate.now(clock)
                    : rows.document.creationTime().toLocalDate();
            returned = returns.pain002(fileId, rows.statusReport, rows.blocks, rows.transactions, on, announcements);
        } else {
            known = linkKnownBookings(fileId);
            announceBankCharges(fileId, announcements);
            long linked = System.nanoTime();
            steps += ", linked " + (linked - read) / 1_000_000 + " ms";
            matched = matching.match(fileId, tolerance, announcements, times);
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
     * A booking another file reported already (same account, same bank reference) is linked to that report and
     * never counted twice: a camt.054 detailing a camt.053 line, a statement sent again, a camt.052 before its
     * camt.053.
     */
    private int linkKnownBookings(long fileId) {
        return jdbc.sql("""
                        update duesflow.bank_transaction n set state = 'LINKED', counted = false,
                            linked_to_id = (select min(b.id) from duesflow.bank_transaction b
                                            where b.account_iban = n.account_iban and b.bank_reference = n.bank_reference
                                              and b.counted and b.bank_file_id <> n.bank_file_id),
                            note = 'reported before; linked, not counted again'
                        where n.bank_file_id = :file and n.counted
                          and exists (select 1 from duesflow.bank_transaction b
                                      where b.account_iban = n.account_iban and b.bank_reference = n.bank_reference
                                        and b.counted and b.bank_file_id <> n.bank_file_id)""")
                .param("file", fileId).update();
    }

    private void announceBankCharges(long fileId, BankFileAnnouncements announcements) {
        announcements.bankCharges(jdbc.sql("""
                        select amount, booking_date, bank_reference, note from duesflow.bank_transaction
                        where bank_file_id = :file and kind = 'FEE' and counted order by id""")
                .param("file", fileId)
                .query((rs, n) -> new BankChargesRecorded(rs.getBigDecimal(1),
                        rs.getDate(2) == null ? null : rs.getDate(2).toLocalDate(), rs.getString(3),
                        "bank charges".equals(rs.getString(4)), fileId))
                .list());
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
