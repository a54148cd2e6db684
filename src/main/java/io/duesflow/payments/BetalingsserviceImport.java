package io.duesflow.payments;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.duesflow.banking.betalingsservice.AgreementInformation;
import io.duesflow.banking.betalingsservice.BetalingsserviceReader;
import io.duesflow.banking.betalingsservice.CustomerNumbers;
import io.duesflow.banking.betalingsservice.DeliveryInfo;
import io.duesflow.banking.betalingsservice.PaymentInformation;
import io.duesflow.banking.betalingsservice.VerifiedDelivery;
import io.duesflow.billing.Charge;
import io.duesflow.billing.ChargeState;
import io.duesflow.billing.Charges;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.CurrentUser;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * Books what Betalingsservice reports, read from the bank inbox like the bank's own files and in the same one
 * transaction: 0602 payment information (a collection completed, rejected, cancelled or charged back; a payment slip
 * paid or charged back) and 0603 agreement information (agreements registered and cancelled). Nothing is booked from a
 * delivery until every record and every count and sum of its section and delivery ends agree
 * ({@link BetalingsserviceReader}); a delivery is read once, by its delivery id, and the same event in a later
 * delivery changes nothing. A record that cannot be booked (an unknown reference, customer or agreement number, an
 * amount that is not the charge's) is listed for a treasurer with the reason; the rest of the delivery is booked.
 *
 * <p>Payments and returns are booked and announced exactly as the bank's are ({@link CollectionSettled},
 * {@link CollectionReturned}, {@link PaymentUndone}, {@link PaymentRegistered} in {@link BankFileBooked}), so the
 * ledger books a Betalingsservice collection as it books a SEPA one.
 */
@Component
class BetalingsserviceImport {

    static final int CHUNK = 10_000;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BetalingsserviceImport.class);

    /** What a delivery held and what became of it. */
    record Imported(long fileId, String deliveryType, String deliveryId, int records, int booked, int already,
                    int listed) {
    }

    private final MemberRegister register;
    private final Charges charges;
    private final PaymentRecords records;
    private final PaymentBooking booking;
    private final CollectionReturns returns;
    private final Payments payments;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final Clock clock;

    BetalingsserviceImport(MemberRegister register, Charges charges, PaymentRecords records, PaymentBooking booking,
                           CollectionReturns returns, Payments payments, ApplicationEventPublisher events,
                           JdbcClient jdbc, DataSource dataSource, Clock clock) {
        this.register = register;
        this.charges = charges;
        this.records = records;
        this.booking = booking;
        this.returns = returns;
        this.payments = payments;
        this.events = events;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Whether the file is a Betalingsservice delivery, by what it holds: its first line that is no PBCNET
     * transmission line starts with the delivery start record {@code BS002}. Reads a few bytes at most.
     */
    static boolean recognises(Path file) throws IOException {
        byte[] start;
        try (InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes(512);
        }
        String text = new String(start, StandardCharsets.ISO_8859_1);
        for (String line : text.split("\r?\n", -1)) {
            if (line.startsWith("PBCNET")) {
                continue;
            }
            return line.startsWith("BS002");
        }
        return false;
    }

    /**
     * Reads, checks and books the delivery; must run in a transaction.
     *
     * @throws io.duesflow.banking.betalingsservice.RefusedDeliveryException when a record or a total is wrong
     * @throws BankFileRows.Refused when the delivery was read before, or is of a type duesflow does not read
     */
    Imported importFile(Path file, String fileName, String contentHash) throws IOException {
        String type = BetalingsserviceReader.deliveryType(file);
        return switch (type) {
            case "0602" -> {
                long started = System.nanoTime();
                VerifiedDelivery<PaymentInformation> delivery = BetalingsserviceReader.paymentInformation(file);
                long checked = System.nanoTime();
                Imported imported = paymentInformation(delivery, fileName, contentHash);
                log.debug("Betalingsservice 0602 {}: checked whole in {} ms, read again and booked in {} ms", fileName,
                        (checked - started) / 1_000_000, (System.nanoTime() - checked) / 1_000_000);
                yield imported;
            }
            case "0603" -> agreementInformation(BetalingsserviceReader.agreementInformation(file), fileName,
                    contentHash);
            default -> throw new BankFileRows.Refused("Betalingsservice delivery type " + type + " (BS002 positions "
                    + "17-20) is not one duesflow reads: it reads 0602 payment information and 0603 agreement "
                    + "information");
        };
    }

    // --- the delivery -------------------------------------------------------------------------------------------

    private record Started(long fileId, long informationId, DeliveryInfo info) {
    }

    /** The file on record, and the delivery once: a delivery id read before refuses the file. */
    private Started start(DeliveryInfo info, String fileName, String contentHash) {
        Instant now = Instant.now(clock);
        long fileId = jdbc.sql("""
                        insert into duesflow.bank_file (content_hash, file_name, message, message_id, imported_at,
                                                        imported_by, transactions)
                        values (:hash, :name, :message, :delivery, :now, :by, :records) returning id""")
                .param("hash", contentHash).param("name", fileName)
                .param("message", "betalingsservice." + info.deliveryType()).param("delivery", info.deliveryId())
                .param("now", Timestamp.from(now)).param("by", CurrentUser.name())
                .param("records", (int) info.dataRecords()).query(Long.class).single();
        Long informationId = jdbc.sql("""
                        insert into duesflow.betalingsservice_information (bank_file_id, delivery_type,
                            data_supplier_number, delivery_id, created_on, records, sha256, read_at)
                        values (:file, :type, :supplier, :delivery, :created, :records, :sha, :now)
                        on conflict (data_supplier_number, delivery_type, delivery_id) do nothing
                        returning id""")
                .param("file", fileId).param("type", info.deliveryType()).param("supplier", info.dataSupplierNumber())
                .param("delivery", info.deliveryId())
                .param("created", info.createdOn() == null ? null : Date.valueOf(info.createdOn()))
                .param("records", (int) info.dataRecords()).param("sha", info.sha256()).param("now", Timestamp.from(now))
                .query(Long.class).optional().orElse(null);
        if (informationId == null) {
            String before = jdbc.sql("""
                            select f.file_name || ' on ' || to_char(i.read_at, 'YYYY-MM-DD HH24:MI')
                            from duesflow.betalingsservice_information i join duesflow.bank_file f on f.id = i.bank_file_id
                            where i.data_supplier_number = :supplier and i.delivery_type = :type
                              and i.delivery_id = :delivery""")
                    .param("supplier", info.dataSupplierNumber()).param("type", info.deliveryType())
                    .param("delivery", info.deliveryId()).query(String.class).optional().orElse("an earlier file");
            throw new BankFileRows.Refused("Record 1: delivery " + info.deliveryType() + " no. " + info.deliveryId()
                    + " of data supplier " + info.dataSupplierNumber() + " (BS002 positions 21-30) was read before, "
                    + "from " + before + ", with other content; Nets sends a delivery once, so nothing of this one "
                    + "was booked");
        }
        return new Started(fileId, informationId, info);
    }

    private void finish(Started started, Counts counts, BankFileAnnouncements announcements) {
        announcements.flush();
        payments.receiptsFor(counts.paidInFull);
        jdbc.sql("""
                        update duesflow.bank_file set payments = :payments, settled = :settled, returns = :returns,
                            unmatched = :listed, known = :already
                        where id = :id""")
                .param("payments", counts.payments).param("settled", counts.settled).param("returns", counts.returns)
                .param("listed", counts.listed).param("already", counts.already).param("id", started.fileId())
                .update();
    }

    /** What a delivery's records came to. */
    private static final class Counts {
        int records;
        int booked;
        int already;
        int listed;
        int payments;
        int settled;
        int returns;
        final List<Long> paidInFull = new ArrayList<>();
        final List<Long> invoiceAgain = new ArrayList<>();

        Imported imported(Started started) {
            return new Imported(started.fileId(), started.info().deliveryType(), started.info().deliveryId(), records,
                    booked, already, listed);
        }
    }

    /** One record's outcome, as it is kept. */
    private record Outcome(long recordNumber, String code, String kind, String customer, String agreement,
                           String reference, BigDecimal amount, BigDecimal paidAmount, LocalDate on, Long member,
                           Long chargeId, String chargeNumber, String archiveReference, Long paymentId, String state,
                           String note) {
    }

    private static <T> void inChunks(VerifiedDelivery<T> delivery, Consumer<List<T>> each) throws IOException {
        List<T> chunk = new ArrayList<>(CHUNK);
        delivery.forEach(record -> {
            chunk.add(record);
            if (chunk.size() == CHUNK) {
                each.accept(chunk);
                chunk.clear();
            }
        });
        if (!chunk.isEmpty()) {
            each.accept(chunk);
        }
    }

    // --- 0602 payment information -------------------------------------------------------------------------------

    private Imported paymentInformation(VerifiedDelivery<PaymentInformation> delivery, String fileName,
                                        String contentHash) throws IOException {
        Started started = start(delivery.info(), fileName, contentHash);
        String pbsNumber = register.association().betalingsserviceCreditor();
        BankFileAnnouncements announcements = new BankFileAnnouncements(events, started.fileId(), fileName);
        Counts counts = new Counts();
        inChunks(delivery, chunk -> bookPayments(started, pbsNumber, chunk, counts, announcements));
        if (!counts.invoiceAgain.isEmpty()) {
            events.publishEvent(new InvoiceDueAfterFailedCollection(counts.invoiceAgain));
        }
        finish(started, counts, announcements);
        return counts.imported(started);
    }

    /** A payment of ours, as the delivery carried it. */
    private record Delivered(long chargeId, String chargeNumber, long memberNumber, String customerNumber,
                             String agreementNumber, BigDecimal amount, long deliveryId) {
    }

    private void bookPayments(Started started, String pbsNumber, List<PaymentInformation> chunk, Counts counts,
                              BankFileAnnouncements announcements) {
        String where = "delivery " + started.info().deliveryId() + " record ";
        Map<String, Delivered> delivered = delivered(chunk.stream().filter(p -> !p.kind().isPaymentSlip())
                .map(PaymentInformation::reference).toList());
        Map<Long, ChargeState> states = charges.invoicesById(delivered.values().stream().map(Delivered::chargeId)
                .toList());
        Map<Long, Payments.Payment> settlements = records.standingSettlements(states.keySet());
        Set<String> booked = bookedBefore(states.keySet());
        List<Outcome> outcomes = new ArrayList<>(chunk.size());
        List<PaymentInformation> completing = new ArrayList<>();
        List<Delivered> completingOf = new ArrayList<>();
        List<CollectionReturns.BetalingsserviceCase> returning = new ArrayList<>();
        Map<String, PaymentInformation> returnedBy = new HashMap<>();
        List<PaymentInformation> slips = new ArrayList<>();
        for (PaymentInformation record : chunk) {
            String code = code(record.kind());
            if (!Objects.equals(record.pbsNumber(), pbsNumber)) {
                outcomes.add(outcome(record, null, null, "LISTED", "for PBS number " + record.pbsNumber()
                        + "; the association's is " + pbsNumber));
                continue;
            }
            if (record.kind().isPaymentSlip()) {
                slips.add(record);
                continue;
            }
            Delivered ours = delivered.get(record.reference());
            String problem = ours == null ? "the reference '" + record.reference() + "' is no charge duesflow "
                    + "delivered to Betalingsservice" : mismatch(record, ours);
            ChargeState charge = ours == null ? null : states.get(ours.chargeId());
            if (problem == null && charge == null) {
                problem = "charge " + ours.chargeNumber() + " is no longer an invoice";
            }
            if (problem != null) {
                outcomes.add(outcome(record, ours, null, "LISTED", problem));
                continue;
            }
            if (!booked.add(ours.chargeId() + ":" + code)) {
                outcomes.add(outcome(record, ours, null, "ALREADY", "reported before; nothing changed"));
                continue;
            }
            switch (record.kind()) {
                case COMPLETED -> {
                    if (record.paidAmount().compareTo(ours.amount()) != 0) {
                        problem = "Nets reports " + record.paidAmount().toPlainString() + " DKK paid of the "
                                + ours.amount().toPlainString() + " collected";
                    } else if (charge.status() != Charge.Status.IN_COLLECTION) {
                        problem = "charge " + charge.number() + " is " + charge.status() + ", not in collection";
                    } else if (record.paymentDate() == null) {
                        problem = "the completed payment has no payment date (positions 104-109)";
                    } else {
                        completing.add(record);
                        completingOf.add(ours);
                        continue;
                    }
                }
                case REJECTED, CANCELLED, CHARGED_BACK -> {
                    boolean standing = charge.status() == Charge.Status.IN_COLLECTION
                            || record.kind() == PaymentInformation.Kind.CHARGED_BACK
                            && settlements.containsKey(charge.id());
                    if (standing) {
                        String key = "BS" + code + "-" + charge.number();
                        LocalDate on = record.paymentDate() != null ? record.paymentDate()
                                : record.bookedOn() != null ? record.bookedOn()
                                : started.info().createdOn() != null ? started.info().createdOn()
                                : LocalDate.now(clock);
                        returning.add(new CollectionReturns.BetalingsserviceCase(key, charge.id(), code,
                                ours.amount(), on, where + record.recordNumber()));
                        returnedBy.put(key, record);
                        continue;
                    }
                    problem = "charge " + charge.number() + " is " + charge.status() + "; "
                            + (record.kind() == PaymentInformation.Kind.CHARGED_BACK
                            ? "no standing Betalingsservice payment to charge back" : "not in collection");
                }
                default -> throw new IllegalStateException("unexpected " + record.kind());
            }
            booked.remove(ours.chargeId() + ":" + code);
            outcomes.add(outcome(record, ours, null, "LISTED", problem));
        }
        settle(started, completing, completingOf, outcomes, counts, announcements);
        if (!returning.isEmpty()) {
            Set<String> fresh = returns.betalingsservice(started.fileId(), returning, announcements);
            List<Long> reopened = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (CollectionReturns.BetalingsserviceCase c : returning) {
                PaymentInformation record = returnedBy.get(c.key());
                Delivered ours = delivered.get(record.reference());
                boolean isNew = fresh.contains(c.key());
                outcomes.add(outcome(record, ours, null, isNew ? "BOOKED" : "ALREADY", isNew
                        ? record.kind() == PaymentInformation.Kind.CHARGED_BACK
                        ? "the payment is reversed; the charge is owed again"
                        : "the charge is owed again; the member is invoiced with the FI line"
                        : "recorded before; nothing changed"));
                if (isNew) {
                    counts.returns++;
                    if (record.kind() != PaymentInformation.Kind.CHARGED_BACK) {
                        reopened.add(c.chargeId());
                        notes.add(BetalingsserviceReasons.text(c.code(), java.util.Locale.ENGLISH)
                                + ": invoiced with the FI payment line instead");
                    }
                }
            }
            charges.invoiceInstead(reopened, notes);
            counts.invoiceAgain.addAll(reopened);
        }
        bookSlips(started, slips, outcomes, counts, announcements);
        store(started.informationId(), outcomes, counts);
    }

    private static String mismatch(PaymentInformation record, Delivered ours) {
        if (!CustomerNumbers.withoutLeadingZeros(record.customerNumber())
                .equals(CustomerNumbers.withoutLeadingZeros(ours.customerNumber()))) {
            return "customer number " + record.customerNumber() + " is not the one charge " + ours.chargeNumber()
                    + " was delivered with (" + CustomerNumbers.withoutLeadingZeros(ours.customerNumber()) + ")";
        }
        String agreement = record.agreementNumber() == null ? "" : record.agreementNumber();
        if (!agreement.equals(CustomerNumbers.withoutLeadingZeros(ours.agreementNumber()))) {
            return "agreement number " + (agreement.isEmpty() ? "(none)" : agreement) + " is not the one charge "
                    + ours.chargeNumber() + " was delivered under ("
                    + CustomerNumbers.withoutLeadingZeros(ours.agreementNumber()) + ")";
        }
        if (record.amount().compareTo(ours.amount()) != 0) {
            return "the amount " + record.amount().toPlainString() + " DKK is not the "
                    + ours.amount().toPlainString() + " DKK charge " + ours.chargeNumber() + " was delivered with";
        }
        return null;
    }

    /** Completed collections: the charges are paid on the payment date, as the bank's settlements are. */
    private void settle(Started started, List<PaymentInformation> completing, List<Delivered> of,
                        List<Outcome> outcomes, Counts counts, BankFileAnnouncements announcements) {
        if (completing.isEmpty()) {
            return;
        }
        String delivery = "Betalingsservice delivery " + started.info().deliveryId();
        Map<Long, Charges.Settled> settled = new HashMap<>();
        List<String> reasons = new ArrayList<>(completing.size());
        for (PaymentInformation record : completing) {
            reasons.add("collected through Betalingsservice on " + record.paymentDate() + " (" + delivery + ", record "
                    + record.recordNumber() + ")");
        }
        charges.settleCollections(of.stream().map(Delivered::chargeId).toList(), reasons)
                .forEach(s -> settled.put(s.chargeId(), s));
        List<Integer> done = new ArrayList<>();
        List<PaymentRecords.NewPayment> newPayments = new ArrayList<>();
        for (int i = 0; i < completing.size(); i++) {
            PaymentInformation record = completing.get(i);
            Charges.Settled charge = settled.get(of.get(i).chargeId());
            if (charge == null) {
                outcomes.add(outcome(record, of.get(i), null, "LISTED", "charge " + of.get(i).chargeNumber()
                        + " was no longer in collection"));
                continue;
            }
            done.add(i);
            newPayments.add(new PaymentRecords.NewPayment(charge.chargeId(), charge.number(), charge.memberNumber(),
                    charge.amount(), record.paymentDate(), record.bookedOn(), PaymentMatch.COLLECTION,
                    bankReference(started, record), null, BigDecimal.ZERO, null, "Betalingsservice 0236"));
        }
        List<Long> ids = records.insert(newPayments);
        List<CollectionSettled> announced = new ArrayList<>(ids.size());
        for (int j = 0; j < ids.size(); j++) {
            PaymentInformation record = completing.get(done.get(j));
            PaymentRecords.NewPayment payment = newPayments.get(j);
            announced.add(new CollectionSettled(ids.get(j), payment.chargeId(), payment.chargeNumber(),
                    payment.memberNumber(), payment.amount(), record.paymentDate(), PaymentMatch.COLLECTION,
                    payment.bankReference(), null, started.fileId()));
            outcomes.add(outcome(record, of.get(done.get(j)), ids.get(j), "BOOKED", "paid on " + record.paymentDate()));
            counts.paidInFull.add(payment.chargeId());
        }
        counts.settled += announced.size();
        announcements.settlements(announced);
    }

    /**
     * Payment slips (section 0215): a paid slip is a payment the member made, found by their customer number and the
     * amount (exactly one of their open charges owes it, else it is listed); a charged-back slip reverses the payment
     * its paid record booked, found by Nets' archive reference.
     */
    private void bookSlips(Started started, List<PaymentInformation> slips, List<Outcome> outcomes, Counts counts,
                           BankFileAnnouncements announcements) {
        if (slips.isEmpty()) {
            return;
        }
        Set<Long> members = new HashSet<>();
        slips.forEach(slip -> slip.memberNumber().ifPresent(members::add));
        Map<Long, List<ChargeState>> owed = new HashMap<>();
        charges.owedBy(members, null).forEach(charge ->
                owed.computeIfAbsent(charge.memberNumber(), m -> new ArrayList<>()).add(charge));
        Map<String, long[]> paidSlips = paidSlips(slips.stream().map(PaymentInformation::archiveReference).toList());
        List<PaymentBooking.Order> orders = new ArrayList<>();
        List<PaymentInformation> ordered = new ArrayList<>();
        Set<Long> claimed = new HashSet<>();
        for (PaymentInformation slip : slips) {
            String archive = slip.archiveReference();
            if (slip.kind() == PaymentInformation.Kind.SLIP_COMPLETED) {
                if (archive != null && paidSlips.containsKey(archive)) {
                    outcomes.add(slipOutcome(slip, null, null, null, "ALREADY", "reported before; nothing changed"));
                    continue;
                }
                if (slip.memberNumber().isEmpty()) {
                    outcomes.add(slipOutcome(slip, null, null, null, "LISTED", "the customer number '"
                            + slip.customerNumber() + "' is no member's"));
                    continue;
                }
                long member = slip.memberNumber().getAsLong();
                List<ChargeState> fitting = owed.getOrDefault(member, List.of()).stream()
                        .filter(charge -> !claimed.contains(charge.id()))
                        .filter(charge -> charge.owed().compareTo(slip.paidAmount()) == 0).toList();
                if (fitting.size() != 1) {
                    outcomes.add(slipOutcome(slip, member, null, null, "LISTED", fitting.isEmpty()
                            ? "no open charge of member " + member + " owes " + slip.paidAmount().toPlainString()
                            : fitting.size() + " open charges of member " + member + " owe "
                            + slip.paidAmount().toPlainString() + "; which one it pays is the treasurer's decision"));
                    continue;
                }
                ChargeState charge = fitting.get(0);
                claimed.add(charge.id());
                LocalDate on = slip.paymentDate() != null ? slip.paymentDate() : LocalDate.now(clock);
                orders.add(new PaymentBooking.Order(charge.id(), slip.paidAmount(), on, slip.bookedOn(),
                        PaymentMatch.PAYMENT_ID, bankReference(started, slip), null, null,
                        "Betalingsservice payment slip " + archive, started.fileId()));
                ordered.add(slip);
            } else {
                long[] paid = archive == null ? null : paidSlips.get(archive);
                if (paid == null) {
                    outcomes.add(slipOutcome(slip, null, null, null, "LISTED", "no paid payment slip with archive "
                            + "reference " + archive + " was booked"));
                    continue;
                }
                Payments.Payment payment = records.payment(paid[1]);
                if (payment.undoneAt() != null) {
                    outcomes.add(slipOutcome(slip, payment.memberNumber(), payment.chargeId(), payment.chargeNumber(),
                            "ALREADY", "the payment was undone before; nothing changed"));
                    continue;
                }
                String why = "reported by Betalingsservice: " + BetalingsserviceReasons.text("0299",
                        java.util.Locale.ENGLISH);
                charges.undoPayment(payment.chargeId(), payment.amount(), why);
                records.markUndone(payment.id(), CurrentUser.name(), why);
                announcements.undone(List.of(new PaymentUndone(payment.id(), payment.chargeId(), payment.chargeNumber(),
                        payment.memberNumber(), payment.amount(), payment.how(),
                        slip.paymentDate() != null ? slip.paymentDate() : LocalDate.now(clock), CurrentUser.name(), why,
                        BigDecimal.ZERO)));
                counts.returns++;
                outcomes.add(new Outcome(slip.recordNumber(), "0299", slip.kind().name(), slip.customerNumber(), null,
                        slip.reference(), slip.amount(), slip.paidAmount(), slip.paymentDate(), payment.memberNumber(),
                        payment.chargeId(), payment.chargeNumber(), archive, payment.id(), "BOOKED",
                        "the payment is reversed; the charge is owed again"));
            }
        }
        if (orders.isEmpty()) {
            return;
        }
        List<Charges.Registered> registered = charges.registerPayments(orders.stream().map(order -> order.forCharge(
                "paid by payment slip on " + order.bookingDate() + " (" + order.bankReference() + ")")).toList());
        PaymentBooking.Booked result = booking.record(orders, registered);
        Map<Long, PaymentRegistered> byCharge = new HashMap<>();
        result.payments().forEach(payment -> byCharge.put(payment.chargeId(), payment));
        for (int i = 0; i < orders.size(); i++) {
            PaymentInformation slip = ordered.get(i);
            PaymentRegistered payment = byCharge.get(orders.get(i).chargeId());
            if (payment == null) {
                outcomes.add(slipOutcome(slip, registered.get(i).memberNumber(), orders.get(i).chargeId(),
                        registered.get(i).number(), "LISTED", "the charge owed nothing by the time the slip reached it"));
            } else {
                outcomes.add(new Outcome(slip.recordNumber(), "0297", slip.kind().name(), slip.customerNumber(), null,
                        slip.reference(), slip.amount(), slip.paidAmount(), slip.paymentDate(), payment.memberNumber(),
                        payment.chargeId(), payment.chargeNumber(), slip.archiveReference(), payment.paymentId(),
                        "BOOKED", "paid by payment slip"));
            }
        }
        counts.payments += result.payments().size();
        counts.paidInFull.addAll(result.paidInFull());
        announcements.payments(result.payments());
        announcements.credits(result.creditsAdded());
    }

    /** Paid slips booked before, by archive reference: {charge id, payment id}. */
    private Map<String, long[]> paidSlips(List<String> archiveReferences) {
        Map<String, long[]> paid = new HashMap<>();
        List<String> references = archiveReferences.stream().filter(Objects::nonNull).distinct().toList();
        if (!references.isEmpty()) {
            jdbc.sql("""
                            select archive_reference, charge_id, payment_id from duesflow.betalingsservice_record
                            where archive_reference = any(:refs) and transaction_code = '0297' and state = 'BOOKED'""")
                    .param("refs", new SqlArrayValue("text", references.toArray()))
                    .query(rs -> {
                        paid.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                    });
        }
        return paid;
    }

    private static String bankReference(Started started, PaymentInformation record) {
        return "BS" + started.info().deliveryType() + "-" + started.info().deliveryId() + "-" + record.recordNumber();
    }

    private Map<String, Delivered> delivered(List<String> references) {
        Map<String, Delivered> delivered = new HashMap<>();
        List<String> keys = references.stream().filter(Objects::nonNull).distinct().toList();
        if (keys.isEmpty()) {
            return delivered;
        }
        // Each reference looked up by its unique key. Filtered with "charge_number = any(:refs)", the planner walked
        // the payments index of every delivery ever made and tested each entry against the list: 100 000 entries per
        // chunk of a 0602 after one delivery of 100 000, and more with every delivery since.
        jdbc.sql("""
                        select p.charge_id, p.charge_number, p.member_number, p.customer_number, p.agreement_number,
                               p.amount, d.delivery_id
                        from unnest(:refs) as r(reference)
                        join duesflow.betalingsservice_payment p on p.charge_number = r.reference
                        join duesflow.betalingsservice_delivery d on d.id = p.delivery_row_id""")
                .param("refs", new SqlArrayValue("text", keys.toArray()))
                .query(rs -> {
                    delivered.put(rs.getString(2), new Delivered(rs.getLong(1), rs.getString(2), rs.getLong(3),
                            rs.getString(4), rs.getString(5), rs.getBigDecimal(6), rs.getLong(7)));
                });
        return delivered;
    }

    /** The events booked before for these charges, as {@code chargeId:code}. */
    private Set<String> bookedBefore(Set<Long> chargeIds) {
        Set<String> booked = new HashSet<>();
        if (!chargeIds.isEmpty()) {
            jdbc.sql("""
                            select charge_id || ':' || transaction_code from duesflow.betalingsservice_record
                            where charge_id = any(:ids) and state = 'BOOKED' and archive_reference is null""")
                    .param("ids", new SqlArrayValue("bigint", chargeIds.toArray()))
                    .query(rs -> {
                        booked.add(rs.getString(1));
                    });
        }
        return booked;
    }

    private static Outcome outcome(PaymentInformation record, Delivered ours, Long paymentId, String state,
                                   String note) {
        return new Outcome(record.recordNumber(), code(record.kind()), record.kind().name(), record.customerNumber(),
                record.agreementNumber(), record.reference(), record.amount(), record.paidAmount(),
                record.paymentDate(), ours == null ? record.memberNumber().stream().boxed().findFirst().orElse(null)
                : ours.memberNumber(), ours == null ? null : ours.chargeId(), ours == null ? null : ours.chargeNumber(),
                null, paymentId, state, note);
    }

    private static Outcome slipOutcome(PaymentInformation slip, Long member, Long chargeId, String chargeNumber,
                                       String state, String note) {
        return new Outcome(slip.recordNumber(), code(slip.kind()), slip.kind().name(), slip.customerNumber(), null,
                slip.reference(), slip.amount(), slip.paidAmount(), slip.paymentDate(), member, chargeId, chargeNumber,
                slip.archiveReference(), null, state, note);
    }

    private static String code(PaymentInformation.Kind kind) {
        return switch (kind) {
            case COMPLETED -> "0236";
            case REJECTED -> "0237";
            case CANCELLED -> "0238";
            case CHARGED_BACK -> "0239";
            case SLIP_COMPLETED -> "0297";
            case SLIP_CHARGED_BACK -> "0299";
        };
    }

    // --- 0603 agreement information -----------------------------------------------------------------------------

    private Imported agreementInformation(VerifiedDelivery<AgreementInformation> delivery, String fileName,
                                          String contentHash) throws IOException {
        Started started = start(delivery.info(), fileName, contentHash);
        String pbsNumber = register.association().betalingsserviceCreditor();
        Counts counts = new Counts();
        inChunks(delivery, chunk -> {
            List<Outcome> outcomes = new ArrayList<>(chunk.size());
            for (AgreementInformation record : chunk) {
                outcomes.add(agreement(record, pbsNumber));
            }
            store(started.informationId(), outcomes, counts);
        });
        finish(started, counts, new BankFileAnnouncements(events, started.fileId(), fileName));
        return counts.imported(started);
    }

    private Outcome agreement(AgreementInformation record, String pbsNumber) {
        String code = switch (record.kind()) {
            case ACTIVE -> "0230";
            case REGISTERED -> "0231";
            case CANCELLED_BY_BANK -> "0232";
            case CANCELLED_BY_CREDITOR -> "0233";
            case CANCELLED_BY_BETALINGSSERVICE -> "0234";
        };
        Long member = record.memberNumber().stream().boxed().findFirst().orElse(null);
        String state;
        String note;
        if (!Objects.equals(record.pbsNumber(), pbsNumber)) {
            state = "LISTED";
            note = "for PBS number " + record.pbsNumber() + "; the association's is " + pbsNumber;
        } else if (member == null) {
            state = "LISTED";
            note = "the customer number '" + record.customerNumber() + "' is no member's";
        } else {
            MemberRegister.AgreementReport report = register.agreementReported(member, record.agreementNumber(),
                    record.date(), record.kind().cancelledBy().orElse(null));
            state = switch (report) {
                case UPDATED -> "UPDATED";
                case ALREADY -> "ALREADY";
                default -> "LISTED";
            };
            note = switch (report) {
                case UPDATED -> record.kind().isCancellation() ? "cancelled by " + record.kind().cancelledBy().get()
                        + (record.date() == null ? "" : " on " + record.date()) : "registered";
                case ALREADY -> "the member's agreement stood so already; nothing changed";
                case UNKNOWN_MEMBER -> "no member " + member;
                case OTHER_MEMBERS_AGREEMENT -> "agreement " + record.agreementNumber() + " belongs to another member";
                case UNKNOWN_AGREEMENT -> "member " + member + " has no agreement " + record.agreementNumber();
            };
        }
        return new Outcome(record.recordNumber(), code, record.kind().name(), record.customerNumber(),
                record.agreementNumber(), null, null, null, record.date(), member, null, null, null, null, state, note);
    }

    // --- what became of each record -----------------------------------------------------------------------------

    private void store(long informationId, List<Outcome> outcomes, Counts counts) {
        counts.records += outcomes.size();
        for (Outcome outcome : outcomes) {
            switch (outcome.state()) {
                case "BOOKED", "UPDATED" -> counts.booked++;
                case "ALREADY" -> counts.already++;
                default -> counts.listed++;
            }
        }
        if (outcomes.isEmpty()) {
            return;
        }
        // One COPY per chunk: the database's rules run on the records as on an insert.
        CopyRows rows = new CopyRows("duesflow.betalingsservice_record", """
                information_id, record_number, transaction_code, kind, customer_number, agreement_number, reference,
                amount, paid_amount, on_date, member_number, charge_id, charge_number, archive_reference, payment_id,
                state, note""");
        for (Outcome o : outcomes) {
            rows.value(informationId).value(o.recordNumber()).value(o.code()).value(o.kind()).value(o.customer())
                    .value(o.agreement()).value(o.reference()).value(o.amount()).value(o.paidAmount()).value(o.on())
                    .value(o.member()).value(o.chargeId()).value(o.chargeNumber()).value(o.archiveReference())
                    .value(o.paymentId()).value(o.state()).value(o.note())
                    .endRow();
        }
        rows.copy(dataSource);
    }
}
