package io.duesflow.payments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.duesflow.banking.Amendment;
import io.duesflow.banking.BankAccounts;
import io.duesflow.banking.BankOutbox;
import io.duesflow.banking.Creditor;
import io.duesflow.banking.DirectDebit;
import io.duesflow.banking.DirectDebitFile;
import io.duesflow.banking.Pain008Version;
import io.duesflow.banking.PaymentBlock;
import io.duesflow.banking.PostalAddress;
import io.duesflow.banking.SequenceType;
import io.duesflow.banking.Target2Calendar;
import io.duesflow.billing.BillingRuns;
import io.duesflow.billing.ChargeToCollect;
import io.duesflow.members.Association;
import io.duesflow.members.CollectionMandate;
import io.duesflow.members.MemberRegister;
import io.duesflow.members.SepaSettings;
import io.duesflow.platform.CurrentUser;
import io.duesflow.platform.InvalidInput;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The front door to collecting by SEPA direct debit: an approved run's direct-debit charges become pain.008 files in
 * the bank outbox, one per collection date (and sequence type, when the bank wants one block per file), each
 * checked against the official schema first. A charge is collected at most once and a mandate's first collection
 * happens once: both are unique keys, so writing again, or a second node writing at the same time, never puts a
 * charge into two files. Charges that cannot be collected are left out with the reason, and the file stays valid.
 */
@Service
public class DirectDebitCollections {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Pattern V02_BIC = Pattern.compile("[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?");

    private final BillingRuns billing;
    private final MemberRegister register;
    private final BankOutbox outbox;
    private final JdbcClient jdbc;
    private final Clock clock;

    DirectDebitCollections(BillingRuns billing, MemberRegister register, BankOutbox outbox, JdbcClient jdbc, Clock clock) {
        this.billing = billing;
        this.register = register;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record PlacedFile(String fileName, LocalDate collectionDate, String sequenceTypes, int transactions,
                             BigDecimal controlSum, String version) {
    }

    public record LeftOut(String chargeNumber, long memberNumber, String reason) {
    }

    /** What a run's collection looks like: its files and the charges left out, with their reasons. */
    public record Collection(long runId, List<PlacedFile> files, List<LeftOut> leftOut, BigDecimal collected) {
    }

    /**
     * Writes the files for the run's direct-debit charges not yet collected and places them in the bank outbox.
     * Calling it again collects only what is still uncollected (e.g. a member whose mandate arrived since).
     */
    @Transactional
    public Collection collect(long runId) {
        // One collection of a run at a time, across nodes; the unique keys would refuse the second anyway.
        jdbc.sql("select pg_advisory_xact_lock(7008, cast(:run as int))").param("run", runId).query().singleRow();
        List<ChargeToCollect> charges = billing.directDebitCharges(runId);
        if (charges.isEmpty()) {
            return collection(runId);
        }
        Association association = register.association();
        SepaSettings sepa = association.sepa();
        Creditor creditor = creditor(association);
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of(association.timeZone())));

        Set<Long> collected = new HashSet<>(jdbc.sql("select charge_id from duesflow.sepa_collection where run_id = :run")
                .param("run", runId).query(Long.class).list());
        Map<Long, CollectionMandate> mandates = register.activeMandates(
                charges.stream().map(ChargeToCollect::memberNumber).distinct().toList());
        Set<String> firstCollectedBefore = new HashSet<>(jdbc.sql("""
                        select mandate_id from duesflow.sepa_collection
                        where sequence_type = 'FRST' and mandate_id = any(:mandates)""")
                .param("mandates", new SqlArrayValue("text", mandates.values().stream()
                        .map(CollectionMandate::mandateId).toArray()))
                .query(String.class).list());

        List<LeftOut> leftOut = new ArrayList<>();
        Map<String, List<Debit>> files = new TreeMap<>();
        Set<String> firstInThisCollection = new HashSet<>();
        for (ChargeToCollect charge : charges) {
            if (collected.contains(charge.chargeId())) {
                continue;
            }
            CollectionMandate mandate = mandates.get(charge.memberNumber());
            if (mandate == null) {
                leftOut.add(new LeftOut(charge.number(), charge.memberNumber(), "no active SEPA mandate"));
                continue;
            }
            boolean first = !sepa.rcurFromFirst() && !mandate.firstCollectionDone()
                    && !firstCollectedBefore.contains(mandate.mandateId());
            if (first && !firstInThisCollection.add(mandate.mandateId())) {
                leftOut.add(new LeftOut(charge.number(), charge.memberNumber(), "mandate " + mandate.mandateId()
                        + " has its first collection in this file; this charge is collected once that has reached the bank"));
                continue;
            }
            SequenceType sequence = first ? SequenceType.FRST : SequenceType.RCUR;
            LocalDate date = Target2Calendar.collectionDate(charge.dueDate(), today, sepa.leadDays());
            DirectDebit debit;
            try {
                debit = new DirectDebit(charge.number(), charge.owed(), mandate.mandateId(), mandate.signedOn(),
                        amendment(mandate), mandate.name(), address(mandate), BankAccounts.iban(mandate.iban()),
                        bicFor(mandate.bic(), sepa), charge.rfReference(), null);
            } catch (IllegalArgumentException e) {
                if (first) {
                    firstInThisCollection.remove(mandate.mandateId());
                }
                leftOut.add(new LeftOut(charge.number(), charge.memberNumber(), e.getMessage()));
                continue;
            }
            String fileKey = date + (sepa.onePaymentBlockPerFile() ? "-" + sequence : "");
            files.computeIfAbsent(fileKey, key -> new ArrayList<>()).add(new Debit(charge, mandate, sequence, date, debit));
        }

        recordLeftOut(runId, charges, leftOut);
        for (List<Debit> debits : files.values()) {
            placeFile(runId, creditor, association, sepa, debits);
        }
        return collection(runId);
    }

    /** The run's files and the charges left out. */
    @Transactional(readOnly = true)
    public Collection collection(long runId) {
        List<PlacedFile> files = jdbc.sql("""
                        select file_name, collection_date, coalesce(sequence_type, (select string_agg(distinct c.sequence_type, ',')
                               from duesflow.sepa_collection c where c.file_id = f.id)), transactions, control_sum, version
                        from duesflow.sepa_file f where run_id = :run order by collection_date, file_name""")
                .param("run", runId)
                .query((rs, n) -> new PlacedFile(rs.getString(1), rs.getDate(2).toLocalDate(), rs.getString(3),
                        rs.getInt(4), rs.getBigDecimal(5), rs.getString(6)))
                .list();
        List<LeftOut> leftOut = jdbc.sql("""
                        select charge_number, member_number, reason from duesflow.sepa_exclusion
                        where run_id = :run order by member_number, charge_number""")
                .param("run", runId).query((rs, n) -> new LeftOut(rs.getString(1), rs.getLong(2), rs.getString(3))).list();
        BigDecimal collected = files.stream().map(PlacedFile::controlSum).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Collection(runId, files, leftOut, collected);
    }

    private record Debit(ChargeToCollect charge, CollectionMandate mandate, SequenceType sequence, LocalDate date,
                         DirectDebit debit) {
    }

    private Creditor creditor(Association association) {
        if (!"EUR".equals(association.currency())) {
            throw new InvalidInput("currency", "SEPA direct debit collects euros; the association bills in "
                    + association.currency());
        }
        if (association.sepaCreditorId() == null) {
            throw new InvalidInput("sepaCreditorId", "The association has no SEPA creditor identifier; the bank gives "
                    + "it (e.g. NL98ZZZ999999999999) and it goes into the association's settings");
        }
        if (association.iban() == null) {
            throw new InvalidInput("iban", "The association has no IBAN to collect into");
        }
        try {
            return new Creditor(association.name(), null, association.iban(), association.bic(), association.sepaCreditorId());
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("name", "The association's details cannot go into a SEPA file: " + e.getMessage());
        }
    }

    /**
     * The .001.02 schema refuses BICs whose location code starts with 0 or 1 (test BICs), which iban4j and .001.08
     * accept; since IBAN-only is allowed in SEPA, such a BIC is left out rather than failing the whole file.
     */
    private static String bicFor(String bic, SepaSettings sepa) {
        if (bic == null || sepa.pain008Version() != Pain008Version.V02) {
            return bic;
        }
        return V02_BIC.matcher(bic).matches() ? bic : null;
    }

    /** What the bank has not yet heard about the mandate; reported once, with the next collection. */
    private static Amendment amendment(CollectionMandate mandate) {
        if (mandate.originalMandateId() == null && mandate.originalIban() == null) {
            return null;
        }
        return new Amendment(mandate.originalMandateId(), null, mandate.originalIban(), false);
    }

    /** A structured address when the register has town and country; the EPC needs one only outside the EEA. */
    private static PostalAddress address(CollectionMandate mandate) {
        var address = mandate.address();
        if (address == null || address.town() == null || address.town().isBlank() || address.country() == null
                || address.country().isBlank()) {
            return null;
        }
        return new PostalAddress(address.street(), address.buildingNumber(), address.postcode(), address.town(),
                address.country());
    }

    private void recordLeftOut(long runId, List<ChargeToCollect> charges, List<LeftOut> leftOut) {
        jdbc.sql("delete from duesflow.sepa_exclusion where run_id = :run").param("run", runId).update();
        Map<String, Long> chargeIds = new LinkedHashMap<>();
        charges.forEach(charge -> chargeIds.put(charge.number(), charge.chargeId()));
        for (LeftOut out : leftOut) {
            jdbc.sql("""
                            insert into duesflow.sepa_exclusion (run_id, charge_id, charge_number, member_number, reason)
                            values (:run, :charge, :number, :member, :reason)""")
                    .param("run", runId).param("charge", chargeIds.get(out.chargeNumber())).param("number", out.chargeNumber())
                    .param("member", out.memberNumber()).param("reason", out.reason()).update();
        }
    }

    /**
     * Records the file's collections, marks its mandates as known to the bank and places the file, all in the
     * caller's transaction: a file that fails validation or cannot be placed rolls all of it back.
     */
    private void placeFile(long runId, Creditor creditor, Association association, SepaSettings sepa, List<Debit> debits) {
        LocalDate date = debits.get(0).date();
        String sequenceOfFile = sepa.onePaymentBlockPerFile() ? debits.get(0).sequence().name() : null;
        int earlier = jdbc.sql("""
                        select count(*) from duesflow.sepa_file where run_id = :run and collection_date = :date
                          and sequence_type is not distinct from :sequence""")
                .param("run", runId).param("date", date).param("sequence", sequenceOfFile).query(Integer.class).single();
        // Run, date (and sequence type) name the file; a later file for the same ones gets a count, never the same name.
        String stem = "R" + runId + "-" + DAY.format(date) + (sequenceOfFile == null ? "" : "-" + sequenceOfFile)
                + (earlier == 0 ? "" : "-" + (earlier + 1));
        String fileName = "pain008-" + stem + ".xml";
        String messageId = "DUESFLOW-" + stem;

        Map<SequenceType, List<DirectDebit>> bySequence = new TreeMap<>();
        debits.forEach(d -> bySequence.computeIfAbsent(d.sequence(), s -> new ArrayList<>()).add(d.debit()));
        List<PaymentBlock> blocks = new ArrayList<>();
        bySequence.forEach((sequence, list) -> blocks.add(PaymentBlock.of(stem + "-" + sequence, sequence, date, list)));
        BigDecimal sum = debits.stream().map(d -> d.debit().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
        LocalDateTime created = LocalDateTime.now(clock.withZone(ZoneId.of(association.timeZone())));

        long fileId = jdbc.sql("""
                        insert into duesflow.sepa_file (run_id, collection_date, sequence_type, file_name, message_id, version,
                                                        transactions, control_sum, placed_at, placed_by)
                        values (:run, :date, :sequence, :name, :message, :version, :count, :sum, :now, :by)
                        returning id""")
                .param("run", runId).param("date", date).param("sequence", sequenceOfFile).param("name", fileName)
                .param("message", messageId).param("version", sepa.pain008Version().messageName())
                .param("count", debits.size()).param("sum", sum).param("now", Timestamp.from(Instant.now(clock)))
                .param("by", CurrentUser.name()).query(Long.class).single();
        jdbc.sql("""
                        insert into duesflow.sepa_collection (charge_id, run_id, file_id, end_to_end_id, mandate_id,
                                                              sequence_type, collection_date, amount)
                        select c.charge, :run, :file, c.e2e, c.mandate, c.sequence, :date, c.amount
                        from unnest(:charges, :e2es, :mandates, :sequences, :amounts) as c(charge, e2e, mandate, sequence, amount)""")
                .param("run", runId).param("file", fileId).param("date", date)
                .param("charges", new SqlArrayValue("bigint", debits.stream().map(d -> d.charge().chargeId()).toArray()))
                .param("e2es", new SqlArrayValue("text", debits.stream().map(d -> d.debit().endToEndId()).toArray()))
                .param("mandates", new SqlArrayValue("text", debits.stream().map(d -> d.mandate().mandateId()).toArray()))
                .param("sequences", new SqlArrayValue("text", debits.stream().map(d -> d.sequence().name()).toArray()))
                .param("amounts", new SqlArrayValue("numeric", debits.stream().map(d -> d.debit().amount()).toArray()))
                .update();
        register.mandatesReachedTheBank(debits.stream().map(d -> d.mandate().mandateId()).distinct().toList());
        try {
            outbox.placePain008(fileName, new DirectDebitFile(messageId, created, creditor, sepa.batchBooking(), blocks),
                    sepa.pain008Version());
        } catch (IOException e) {
            throw new UncheckedIOException("The direct-debit file " + fileName + " could not be written", e);
        }
    }
}
