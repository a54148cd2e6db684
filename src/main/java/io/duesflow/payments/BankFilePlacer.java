package io.duesflow.payments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.duesflow.banking.Amendment;
import io.duesflow.banking.BankOutbox;
import io.duesflow.banking.Creditor;
import io.duesflow.banking.DirectDebit;
import io.duesflow.banking.DirectDebitFile;
import io.duesflow.banking.Pain008Version;
import io.duesflow.banking.Pain008Writer;
import io.duesflow.banking.PaymentBlock;
import io.duesflow.banking.PostalAddress;
import io.duesflow.banking.SequenceType;
import io.duesflow.platform.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes recorded direct-debit files from the database and places them in the bank outbox. A file is written from
 * its record alone (the group header, each collection as it was recorded, in end-to-end id order), streamed from a
 * cursor, so a file of 100 000 collections needs no more memory than a small one, and writing it again gives the
 * same bytes: the same name, the same message id. That matters, since placing can happen twice (the application
 * stopped after the rename and before the file was marked placed): the second placement replaces the first with
 * the same file, and the bank sees one message id once. Banks refuse a second file with a message id they have
 * seen, so a file written again must never get a new one.
 */
@Component
class BankFilePlacer {

    private static final Logger log = LoggerFactory.getLogger(BankFilePlacer.class);

    private final JdbcClient jdbc;
    private final JdbcClient cursor;
    private final BankOutbox outbox;
    private final Clock clock;

    BankFilePlacer(JdbcClient jdbc, DataSource dataSource, BankOutbox outbox, Clock clock) {
        this.jdbc = jdbc;
        JdbcTemplate fetching = new JdbcTemplate(dataSource);
        // Inside a transaction PostgreSQL then reads the collections through a cursor, a thousand at a time.
        fetching.setFetchSize(1000);
        this.cursor = JdbcClient.create(fetching);
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Writes the recorded file to {@code target}, checked against the official schema of its version first; must
     * run in a transaction (the collections are read through a cursor).
     *
     * @throws io.duesflow.banking.SchemaViolationException when the file does not match its schema
     */
    void write(long fileId, Path target) throws IOException {
        record Header(BankFileName name, LocalDate date, Pain008Version version, LocalDateTime created,
                      Creditor creditor, boolean batchBooking) {
        }
        Header header = jdbc.sql("""
                        select message_id, collection_date, version, creation_time, batch_booking, creditor_name,
                               creditor_iban, creditor_bic, creditor_id
                        from duesflow.sepa_file where id = :id""")
                .param("id", fileId)
                .query((rs, n) -> new Header(BankFileName.ofMessageId(rs.getString("message_id")),
                        rs.getDate("collection_date").toLocalDate(), version(rs.getString("version")),
                        rs.getTimestamp("creation_time").toLocalDateTime(),
                        new Creditor(rs.getString("creditor_name"), null, rs.getString("creditor_iban"),
                                rs.getString("creditor_bic"), rs.getString("creditor_id")),
                        rs.getBoolean("batch_booking")))
                .single();
        List<PaymentBlock> blocks = jdbc.sql("""
                        select sequence_type, count(*), sum(amount) from duesflow.sepa_collection where file_id = :id
                        group by sequence_type""")
                .param("id", fileId)
                .query((rs, n) -> {
                    SequenceType sequence = SequenceType.valueOf(rs.getString(1));
                    return new PaymentBlock(header.name().paymentInfoId(sequence), sequence, header.date(),
                            rs.getInt(2), rs.getBigDecimal(3), () -> debits(fileId, sequence));
                })
                .list().stream().sorted(Comparator.comparing(PaymentBlock::sequenceType)).toList();
        DirectDebitFile file = new DirectDebitFile(header.name().messageId(), header.created(), header.creditor(),
                header.batchBooking(), blocks);
        Pain008Writer.writeValidated(file, header.version(), target);
    }

    /**
     * Places the run's recorded files that nobody else is placing right now ({@code for update skip locked}, so
     * two nodes never place the same file), each marked placed in the caller's transaction; a file that cannot be
     * placed keeps its record with the try counted and the reason, which the run then shows. {@code written} holds
     * files already written and checked (by the transaction that recorded them), placed as they are.
     */
    void placeRecorded(long runId, Map<Long, Path> written) {
        placeRecorded("run_id", runId, written);
    }

    /** The same for the files of one collection of everything open. */
    void placeRecordedOfOpenCollection(long openCollectionId, Map<Long, Path> written) {
        placeRecorded("open_collection_id", openCollectionId, written);
    }

    private void placeRecorded(String owner, long ownerId, Map<Long, Path> written) {
        record Recorded(long id, String fileName) {
        }
        // The column is one of the two above, never input.
        List<Recorded> files = jdbc.sql("select id, file_name from duesflow.sepa_file where " + owner + " = :owner"
                        + " and state = 'RECORDED' order by id for update skip locked")
                .param("owner", ownerId).query((rs, n) -> new Recorded(rs.getLong(1), rs.getString(2))).list();
        files.forEach(file -> place(file.id(), file.fileName(), written.get(file.id())));
    }

    /** Runs with a recorded file nobody ever tried to place: the application stopped right after recording it. */
    List<Long> runsWithFilesNeverPlaced() {
        return jdbc.sql("""
                        select distinct run_id from duesflow.sepa_file
                        where state = 'RECORDED' and attempts = 0 and run_id is not null
                        order by run_id""")
                .query(Long.class).list();
    }

    /** Collections of everything open with a recorded file nobody ever tried to place. */
    List<Long> openCollectionsWithFilesNeverPlaced() {
        return jdbc.sql("""
                        select distinct open_collection_id from duesflow.sepa_file
                        where state = 'RECORDED' and attempts = 0 and open_collection_id is not null
                        order by open_collection_id""")
                .query(Long.class).list();
    }

    private void place(long fileId, String fileName, Path written) {
        try {
            if (written != null && Files.exists(written)) {
                outbox.place(fileName, written);
            } else {
                writeAndPlace(fileId, fileName);
            }
        } catch (IOException | RuntimeException e) {
            String reason = reason(e);
            log.warn("The direct-debit file {} could not be placed in the bank outbox: {}", fileName, reason);
            jdbc.sql("update duesflow.sepa_file set attempts = attempts + 1, last_error = :reason where id = :id")
                    .param("reason", reason).param("id", fileId).update();
            return;
        }
        jdbc.sql("""
                        update duesflow.sepa_file set state = 'PLACED', placed_at = :now, placed_by = :by,
                            attempts = attempts + 1, last_error = null
                        where id = :id""")
                .param("now", Timestamp.from(Instant.now(clock))).param("by", CurrentUser.name()).param("id", fileId)
                .update();
    }

    private void writeAndPlace(long fileId, String fileName) throws IOException {
        Path work = Files.createTempDirectory("duesflow-pain008-");
        Path written = work.resolve(fileName);
        try {
            write(fileId, written);
            outbox.place(fileName, written);
        } finally {
            Files.deleteIfExists(written);
            Files.deleteIfExists(work);
        }
    }

    private Stream<DirectDebit> debits(long fileId, SequenceType sequence) {
        return cursor.sql("""
                        select end_to_end_id, amount, mandate_id, mandate_signed_on, original_mandate_id,
                               original_creditor_id, original_debtor_iban, new_debtor_account, debtor_name,
                               debtor_street, debtor_building_number, debtor_post_code, debtor_town, debtor_country,
                               debtor_iban, debtor_bic, rf_reference, remittance_text
                        from duesflow.sepa_collection where file_id = :id and sequence_type = :sequence
                        order by end_to_end_id""")
                .param("id", fileId).param("sequence", sequence.name())
                .query((rs, n) -> debit(rs)).stream();
    }

    private static DirectDebit debit(ResultSet rs) throws SQLException {
        Amendment amendment = rs.getString("original_mandate_id") == null && rs.getString("original_creditor_id") == null
                && rs.getString("original_debtor_iban") == null && !rs.getBoolean("new_debtor_account") ? null
                : new Amendment(rs.getString("original_mandate_id"), rs.getString("original_creditor_id"),
                        rs.getString("original_debtor_iban"), rs.getBoolean("new_debtor_account"));
        PostalAddress address = rs.getString("debtor_town") == null ? null
                : new PostalAddress(rs.getString("debtor_street"), rs.getString("debtor_building_number"),
                        rs.getString("debtor_post_code"), rs.getString("debtor_town"), rs.getString("debtor_country"));
        return new DirectDebit(rs.getString("end_to_end_id"), rs.getBigDecimal("amount"), rs.getString("mandate_id"),
                rs.getDate("mandate_signed_on").toLocalDate(), amendment, rs.getString("debtor_name"), address,
                rs.getString("debtor_iban"), rs.getString("debtor_bic"), rs.getString("rf_reference"),
                rs.getString("remittance_text"));
    }

    private static Pain008Version version(String messageName) {
        return Arrays.stream(Pain008Version.values()).filter(version -> version.messageName().equals(messageName))
                .findFirst().orElseThrow(() -> new IllegalStateException("Unknown pain.008 version " + messageName));
    }

    /** The innermost message: Camel and the JDK wrap the disk's refusal in exceptions that only say where it passed. */
    static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
