package io.duesflow.payments;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.duesflow.banking.BankOutbox;
import io.duesflow.banking.betalingsservice.BetalingsserviceCreditor;
import io.duesflow.banking.betalingsservice.BetalingsserviceDeliveryWriter;
import io.duesflow.banking.betalingsservice.BetalingsserviceProperties;
import io.duesflow.banking.betalingsservice.CollectionDelivery;
import io.duesflow.banking.betalingsservice.CollectionPayment;
import io.duesflow.banking.betalingsservice.DebtorNameAndAddress;
import io.duesflow.banking.betalingsservice.DeliveryInfo;
import io.duesflow.billing.BillingRuns;
import io.duesflow.billing.ChargeToCollect;
import io.duesflow.billing.ChargeView;
import io.duesflow.billing.Charges;
import io.duesflow.members.Association;
import io.duesflow.members.CollectionAgreement;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * A run's Betalingsservice charges as a collection delivery for Nets, the way its pain.008 files go to the bank: one
 * delivery per collection of the run holds every charge decided for Betalingsservice and not yet delivered, each
 * with its own payment date. The delivery is first <em>recorded</em> (its creditor, delivery id, creation date and
 * every payment as the file will carry it), in the transaction that puts its charges in collection, and written and
 * placed in the bank outbox only once that has committed ({@link DirectDebitCollections}). Written from the record
 * alone, it is the same file every time: same name, same delivery id, same bytes.
 *
 * <p>Delivery ids come from one counter row, taken in the recording transaction: unique and increasing in the order
 * deliveries are recorded, and a recording that rolls back gives its number back. Nets refuses a delivery id it has
 * seen, so a delivery written again never gets a new one.
 */
@Component
class BetalingsserviceDeliveries {

    private static final Logger log = LoggerFactory.getLogger(BetalingsserviceDeliveries.class);
    private static final String LINE_BREAK = "\n";

    private final BillingRuns billing;
    private final Charges charges;
    private final MemberRegister register;
    private final BetalingsserviceProperties properties;
    private final BankOutbox outbox;
    private final JdbcClient jdbc;
    private final JdbcClient cursor;
    private final DataSource dataSource;
    private final Clock clock;

    private final ApplicationEventPublisher events;

    BetalingsserviceDeliveries(BillingRuns billing, Charges charges, MemberRegister register,
                               BetalingsserviceProperties properties, BankOutbox outbox, JdbcClient jdbc,
                               DataSource dataSource, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.billing = billing;
        this.charges = charges;
        this.register = register;
        this.properties = properties;
        this.outbox = outbox;
        this.jdbc = jdbc;
        JdbcTemplate fetching = new JdbcTemplate(dataSource);
        fetching.setFetchSize(1000);
        this.cursor = JdbcClient.create(fetching);
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * @param state {@code RECORDED} (waiting to be placed) or {@code PLACED} in the outbox
     */
    record Delivery(String fileName, long deliveryId, String format, LocalDate createdOn, int payments,
                    BigDecimal total, LocalDate firstPaymentDate, LocalDate lastPaymentDate, String state,
                    int attempts, String lastError) {
    }

    private record LeftOut(ChargeToCollect charge, String reason) {
    }

    private record Payment(ChargeToCollect charge, CollectionPayment payment) {
    }

    /**
     * Records a delivery for the run's Betalingsservice charges not yet in one, in the caller's transaction (which
     * holds the run's lock), and writes it into {@code work}, read back and checked; a delivery that fails its check
     * is never recorded. Returns the written delivery by the id of its record (none when nothing is to collect).
     *
     * <p>The charges are recorded a chunk at a time ({@link BetalingsserviceProperties#recordingChunk}): read with
     * their agreements and lines, checked, written into the delivery's record and put in collection, then let go, so
     * a delivery of 100 000 never holds its payments in memory whole. All chunks are one transaction: a failure in
     * the last rolls back the first (and gives the delivery id back), and the file is placed only once it has
     * committed.
     *
     * @throws IllegalArgumentException when the association cannot collect through Betalingsservice (no PBS or data
     *                                  supplier number, another currency)
     */
    Map<Long, Path> record(long runId, Path work) throws IOException {
        long started = System.nanoTime();
        jdbc.sql("delete from duesflow.betalingsservice_exclusion where run_id = :run").param("run", runId).update();
        Recording recording = new Recording(runId, LocalDate.now(clock));
        billing.betalingsserviceCharges(runId, properties.recordingChunk(), recording::record);
        if (recording.id == null) {
            return Map.of();
        }
        recording.finish();
        long recorded = System.nanoTime();
        Path target = work.resolve(recording.fileName);
        DeliveryInfo written = write(recording.id, target);
        log.debug("Betalingsservice delivery of run {}: {} payments read, checked and recorded in {} chunks in {} ms "
                        + "({} ms reading charges, agreements and lines, {} ms recording), written and read back in "
                        + "{} ms", runId, recording.count, recording.chunks, (recorded - started) / 1_000_000,
                recording.reading / 1_000_000, (recorded - started - recording.reading) / 1_000_000,
                (System.nanoTime() - recorded) / 1_000_000);
        jdbc.sql("update duesflow.betalingsservice_delivery set sha256 = :sha where id = :id")
                .param("sha", written.sha256()).param("id", recording.id).update();
        return Map.of(recording.id, target);
    }

    /**
     * One delivery being recorded, a chunk of charges at a time. Its record is opened with the first payment (the
     * delivery id taken then); what it keeps across chunks is its totals and, for the ledger, the debits per payment
     * date (a few numbers per charge: the name, address and text lines of a payment are let go with its chunk).
     */
    private final class Recording {
        private final long runId;
        private final LocalDate today;
        private BetalingsserviceCreditor creditor;
        private Long id;
        private long deliveryId;
        private String fileName;
        private int count;
        private BigDecimal total = BigDecimal.ZERO;
        private int chunks;
        private long reading;
        private final Map<LocalDate, List<CollectionPlaced.Debit>> debits = new TreeMap<>();
        /** The payment date of each due date, worked out once: a run's charges share a few due dates. */
        private final Map<LocalDate, LocalDate> paymentDates = new HashMap<>();

        Recording(long runId, LocalDate today) {
            this.runId = runId;
            this.today = today;
        }

        void record(List<ChargeToCollect> chunk) {
            long started = System.nanoTime();
            Set<Long> delivered = new HashSet<>(jdbc.sql("""
                            select charge_id from duesflow.betalingsservice_payment where charge_id = any(:ids)""")
                    .param("ids", array("bigint", chunk, ChargeToCollect::chargeId)).query(Long.class).list());
            List<ChargeToCollect> toCollect = chunk.stream().filter(charge -> !delivered.contains(charge.chargeId()))
                    .toList();
            if (toCollect.isEmpty()) {
                return;
            }
            if (creditor == null) {
                creditor = creditor();
            }
            Map<Long, CollectionAgreement> agreements = register.activeAgreements(
                    toCollect.stream().map(ChargeToCollect::memberNumber).distinct().toList());
            Map<Long, List<ChargeView.Line>> lines = billing.chargeLines(toCollect.stream()
                    .map(ChargeToCollect::chargeId).toList());
            List<LeftOut> leftOut = new ArrayList<>();
            List<Payment> payments = new ArrayList<>(toCollect.size());
            for (ChargeToCollect charge : toCollect) {
                CollectionAgreement agreement = agreements.get(charge.memberNumber());
                if (agreement == null) {
                    leftOut.add(new LeftOut(charge, "no active Betalingsservice agreement (cancelled since the "
                            + "approval?)"));
                    continue;
                }
                try {
                    payments.add(new Payment(charge, agreement.payment(charge.number(), charge.owed(),
                            paymentDates.computeIfAbsent(charge.dueDate(), due -> properties.paymentDate(due, today)),
                            textLines(lines.getOrDefault(charge.chargeId(), List.of()), charge))));
                } catch (IllegalArgumentException e) {
                    leftOut.add(new LeftOut(charge, e.getMessage()));
                }
            }
            reading += System.nanoTime() - started;
            chunks++;
            recordLeftOut(runId, leftOut);
            if (payments.isEmpty()) {
                return;
            }
            BigDecimal chunkTotal = payments.stream().map(p -> p.payment().amount())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            if (id == null) {
                open(payments.size(), chunkTotal);
            }
            insertPayments(runId, id, payments);
            charges.putInCollection(payments.stream().map(p -> p.charge().chargeId()).toList(),
                    "in Betalingsservice delivery " + deliveryId + " (" + fileName + ")");
            count += payments.size();
            total = total.add(chunkTotal);
            for (Payment p : payments) {
                debits.computeIfAbsent(p.payment().paymentDate(), date -> new ArrayList<>())
                        .add(new CollectionPlaced.Debit(p.charge().chargeId(), p.charge().number(),
                                p.charge().memberNumber(), p.payment().amount(), p.charge().number()));
            }
        }

        private BetalingsserviceCreditor creditor() {
            Association association = register.association();
            if (!"DKK".equals(association.currency())) {
                throw new IllegalArgumentException("the association bills in " + association.currency()
                        + "; Betalingsservice collects Danish kroner");
            }
            return properties.creditor(association.betalingsserviceCreditor(), association.name());
        }

        /** The delivery's record, with the first chunk's payments; its counts grow with each chunk. */
        private void open(int payments, BigDecimal firstTotal) {
            // Taken in this transaction: its row lock orders two recordings, and a rollback gives the number back.
            deliveryId = jdbc.sql("""
                            update duesflow.betalingsservice_delivery_counter set last_delivery_id = last_delivery_id + 1
                            returning last_delivery_id""")
                    .query(Long.class).single();
            fileName = fileName(properties.deliveryFormat(), deliveryId);
            id = jdbc.sql("""
                            insert into duesflow.betalingsservice_delivery (run_id, delivery_id, format, file_name,
                                created_on, payments, total, data_supplier_number, subsystem, pbs_number, debtor_group,
                                user_identification, heading_text, state, recorded_at, recorded_by)
                            values (:run, :delivery, :format, :name, :created, :count, :total, :supplier, :subsystem,
                                    :pbs, :group, :user, :heading, 'RECORDED', :now, :by)
                            returning id""")
                    .param("run", runId).param("delivery", deliveryId).param("format", properties.deliveryFormat())
                    .param("name", fileName).param("created", Date.valueOf(today))
                    .param("count", payments).param("total", firstTotal)
                    .param("supplier", creditor.dataSupplierNumber()).param("subsystem", creditor.subsystem())
                    .param("pbs", creditor.pbsNumber()).param("group", creditor.debtorGroup())
                    .param("user", creditor.userIdentification()).param("heading", creditor.headingText())
                    .param("now", Timestamp.from(Instant.now(clock))).param("by", CurrentUser.name())
                    .query(Long.class).single();
        }

        /**
         * The delivery's counts as its payments add up, and for the ledger, in this transaction, as a pain.008's
         * collections are: from each payment date Nets, not the member, owes the amount, until the 0602 says it was
         * paid, rejected or cancelled. One announcement per payment date, with every payment on it (the ledger books
         * one voucher per delivery and date).
         */
        void finish() {
            jdbc.sql("update duesflow.betalingsservice_delivery set payments = :count, total = :total where id = :id")
                    .param("count", count).param("total", total).param("id", id).update();
            debits.forEach((paymentDate, onDate) -> events.publishEvent(new CollectionPlaced(id, fileName,
                    paymentDate, onDate)));
            debits.clear();
        }
    }

    /**
     * What the member reads on their payment overview: one line per charge line (its text and amount), and the
     * charge's number. A line whose text a delivery cannot carry (another script) is shown by its amount alone
     * rather than holding back the collection.
     */
    static List<String> textLines(List<ChargeView.Line> chargeLines, ChargeToCollect charge) {
        List<String> lines = new ArrayList<>(chargeLines.size() + 1);
        for (ChargeView.Line line : chargeLines) {
            String text;
            try {
                text = CollectionPayment.textLine(line.text(), line.amount());
            } catch (IllegalArgumentException e) {
                text = CollectionPayment.textLine("Linje " + line.position(), line.amount());
            }
            lines.add(text);
        }
        lines.add(CollectionPayment.textLine("Faktura " + charge.number(), null));
        return lines;
    }

    /** One chunk's payments into the delivery's record, in one COPY. */
    private void insertPayments(long runId, long id, List<Payment> payments) {
        CopyRows rows = new CopyRows("duesflow.betalingsservice_payment", """
                charge_id, run_id, delivery_row_id, charge_number, member_number, customer_number, agreement_number,
                amount, payment_date, debtor_name, address_line1, address_line2, post_code, country, text_lines""");
        for (Payment p : payments) {
            CollectionPayment payment = p.payment();
            DebtorNameAndAddress debtor = payment.debtor();
            rows.value(p.charge().chargeId()).value(runId).value(id).value(p.charge().number())
                    .value(p.charge().memberNumber()).value(payment.customerNumber()).value(payment.agreementNumber())
                    .value(payment.amount()).value(payment.paymentDate()).value(debtor.name())
                    .value(debtor.addressLine1()).value(debtor.addressLine2()).value(debtor.postCode())
                    .value(debtor.countryCode()).value(String.join(LINE_BREAK, payment.textLines()))
                    .endRow();
        }
        rows.copy(dataSource);
    }

    /**
     * Writes the recorded delivery to {@code target}, read back and checked in full before it is renamed into
     * place; must run in a transaction (the payments are read through a cursor).
     */
    DeliveryInfo write(long id, Path target) throws IOException {
        record Header(long deliveryId, String format, LocalDate createdOn, long payments, BigDecimal total,
                      BetalingsserviceCreditor creditor) {
        }
        Header header = jdbc.sql("""
                        select delivery_id, format, created_on, payments, total, data_supplier_number, subsystem,
                               pbs_number, debtor_group, user_identification, heading_text
                        from duesflow.betalingsservice_delivery where id = :id""")
                .param("id", id)
                .query((rs, n) -> new Header(rs.getLong(1), rs.getString(2), rs.getDate(3).toLocalDate(), rs.getLong(4),
                        rs.getBigDecimal(5), new BetalingsserviceCreditor(rs.getString(6), rs.getString(7),
                        rs.getString(8), rs.getInt(9), rs.getString(10), rs.getString(11))))
                .single();
        BetalingsserviceDeliveryWriter writer = BetalingsserviceDeliveryWriter.of(header.format());
        return writer.writeChecked(new CollectionDelivery(header.creditor(), header.deliveryId(), header.createdOn(),
                header.payments(), header.total(), () -> payments(id)), target);
    }

    private Stream<CollectionPayment> payments(long id) {
        return cursor.sql("""
                        select charge_number, customer_number, agreement_number, amount, payment_date, debtor_name,
                               address_line1, address_line2, post_code, country, text_lines
                        from duesflow.betalingsservice_payment where delivery_row_id = :id
                        order by member_number, charge_number""")
                .param("id", id).query((rs, n) -> payment(rs)).stream();
    }

    private static CollectionPayment payment(ResultSet rs) throws SQLException {
        return new CollectionPayment(rs.getString("customer_number"), rs.getString("agreement_number"),
                rs.getBigDecimal("amount"), rs.getDate("payment_date").toLocalDate(), rs.getString("charge_number"),
                new DebtorNameAndAddress(rs.getString("debtor_name"), rs.getString("address_line1"),
                        rs.getString("address_line2"), rs.getString("post_code"), rs.getString("country")),
                Arrays.asList(rs.getString("text_lines").split(LINE_BREAK, -1)));
    }

    /**
     * Places the run's recorded deliveries nobody else is placing right now, each marked placed in the caller's
     * transaction; one that cannot be placed keeps its record with the try counted and the reason.
     */
    void placeRecorded(long runId, Map<Long, Path> written) {
        record Recorded(long id, String fileName) {
        }
        jdbc.sql("""
                        select id, file_name from duesflow.betalingsservice_delivery
                        where run_id = :run and state = 'RECORDED' order by id for update skip locked""")
                .param("run", runId).query((rs, n) -> new Recorded(rs.getLong(1), rs.getString(2))).list()
                .forEach(delivery -> place(delivery.id(), delivery.fileName(), written.get(delivery.id())));
    }

    /** Runs with a recorded delivery nobody ever tried to place: the application stopped right after recording it. */
    List<Long> runsWithDeliveriesNeverPlaced() {
        return jdbc.sql("""
                        select distinct run_id from duesflow.betalingsservice_delivery
                        where state = 'RECORDED' and attempts = 0 order by run_id""")
                .query(Long.class).list();
    }

    /** The first recorded delivery of the run not yet placed: its file name and why placing it failed (or null). */
    Map.Entry<String, String> firstUnplaced(long runId) {
        return jdbc.sql("""
                        select file_name, last_error from duesflow.betalingsservice_delivery
                        where run_id = :run and state = 'RECORDED' order by last_error is null, id limit 1""")
                .param("run", runId)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2)))
                .optional().orElse(null);
    }

    /** The run's charges decided for Betalingsservice that are in no delivery yet. */
    int waiting(long runId) {
        // Only the charges still to collect are looked up among the payments, by their key: once a delivery holds
        // the run, that is none of its 100 000 (they are in collection), instead of every payment of the run read.
        List<Long> toCollect = billing.betalingsserviceCharges(runId).stream().map(ChargeToCollect::chargeId).toList();
        if (toCollect.isEmpty()) {
            return 0;
        }
        Set<Long> delivered = new HashSet<>(jdbc.sql("""
                        select charge_id from duesflow.betalingsservice_payment where charge_id = any(:ids)""")
                .param("ids", new SqlArrayValue("bigint", toCollect.toArray())).query(Long.class).list());
        return (int) toCollect.stream().filter(id -> !delivered.contains(id)).count();
    }

    /** The first charge left out of the run's delivery, with the reason, or null. */
    String firstLeftOut(long runId) {
        return jdbc.sql("""
                        select charge_number || ': ' || reason from duesflow.betalingsservice_exclusion
                        where run_id = :run order by member_number, charge_number limit 1""")
                .param("run", runId).query(String.class).optional().orElse(null);
    }

    List<Delivery> deliveries(long runId) {
        return jdbc.sql("""
                        select d.file_name, d.delivery_id, d.format, d.created_on, d.payments, d.total,
                               p.first_date, p.last_date, d.state, d.attempts, d.last_error
                        from duesflow.betalingsservice_delivery d
                        -- One pass over the delivery's payments for both dates, not one for each.
                        cross join lateral (select min(payment_date) as first_date, max(payment_date) as last_date
                                            from duesflow.betalingsservice_payment p
                                            where p.delivery_row_id = d.id) p
                        where d.run_id = :run order by d.delivery_id""")
                .param("run", runId)
                .query((rs, n) -> new Delivery(rs.getString(1), rs.getLong(2), rs.getString(3),
                        rs.getDate(4).toLocalDate(), rs.getInt(5), rs.getBigDecimal(6),
                        rs.getDate(7) == null ? null : rs.getDate(7).toLocalDate(),
                        rs.getDate(8) == null ? null : rs.getDate(8).toLocalDate(), rs.getString(9), rs.getInt(10),
                        rs.getString(11)))
                .list();
    }

    List<DirectDebitCollections.LeftOut> leftOut(long runId) {
        return jdbc.sql("""
                        select charge_number, member_number, reason from duesflow.betalingsservice_exclusion
                        where run_id = :run order by member_number, charge_number""")
                .param("run", runId)
                .query((rs, n) -> new DirectDebitCollections.LeftOut(rs.getString(1), rs.getLong(2), rs.getString(3)))
                .list();
    }

    private void place(long id, String fileName, Path written) {
        try {
            if (written != null && Files.exists(written)) {
                outbox.place(fileName, written);
            } else {
                writeAndPlace(id, fileName);
            }
        } catch (IOException | RuntimeException e) {
            String reason = BankFilePlacer.reason(e);
            log.warn("The Betalingsservice delivery {} could not be placed in the bank outbox: {}", fileName, reason);
            jdbc.sql("""
                            update duesflow.betalingsservice_delivery set attempts = attempts + 1, last_error = :reason
                            where id = :id""")
                    .param("reason", reason).param("id", id).update();
            return;
        }
        jdbc.sql("""
                        update duesflow.betalingsservice_delivery set state = 'PLACED', placed_at = :now, placed_by = :by,
                            attempts = attempts + 1, last_error = null
                        where id = :id""")
                .param("now", Timestamp.from(Instant.now(clock))).param("by", CurrentUser.name()).param("id", id)
                .update();
    }

    private void writeAndPlace(long id, String fileName) throws IOException {
        Path work = Files.createTempDirectory("duesflow-betalingsservice-");
        Path written = work.resolve(fileName);
        try {
            write(id, written);
            outbox.place(fileName, written);
        } finally {
            Files.deleteIfExists(written);
            Files.deleteIfExists(work);
        }
    }

    /** {@code betalingsservice-0601-0000000042.txt}: the format and the delivery id, so the name never repeats. */
    static String fileName(String format, long deliveryId) {
        return "betalingsservice-" + format + "-" + String.format("%010d", deliveryId) + ".txt";
    }

    /** A chunk's charges left out of the delivery, with the reason (the run's earlier ones are gone by then). */
    private void recordLeftOut(long runId, List<LeftOut> leftOut) {
        if (leftOut.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into duesflow.betalingsservice_exclusion (run_id, charge_id, charge_number, member_number,
                                                                         reason)
                        select :run, o.charge, o.number, o.member, o.reason
                        from unnest(:charges, :numbers, :members, :reasons) as o(charge, number, member, reason)""")
                .param("run", runId)
                .param("charges", array("bigint", leftOut, out -> out.charge().chargeId()))
                .param("numbers", array("text", leftOut, out -> out.charge().number()))
                .param("members", array("bigint", leftOut, out -> out.charge().memberNumber()))
                .param("reasons", array("text", leftOut, LeftOut::reason))
                .update();
    }

    private static <T> SqlArrayValue array(String type, List<T> rows, Function<T, Object> column) {
        return new SqlArrayValue(type, rows.stream().map(column).toArray());
    }
}
