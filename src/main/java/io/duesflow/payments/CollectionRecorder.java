package io.duesflow.payments;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import io.duesflow.banking.Creditor;
import io.duesflow.banking.DirectDebit;
import io.duesflow.banking.SequenceType;
import io.duesflow.banking.Target2Calendar;
import io.duesflow.billing.BillingRuns;
import io.duesflow.billing.ChargeToCollect;
import io.duesflow.billing.Charges;
import io.duesflow.billing.OpenCharges;
import io.duesflow.members.Association;
import io.duesflow.members.CollectionMandate;
import io.duesflow.members.MemberRegister;
import io.duesflow.members.SepaSettings;
import io.duesflow.platform.CurrentUser;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * Decides which of a run's direct-debit charges go into which file, and records the files: one per collection date
 * (and sequence type, when the bank wants one block per file), with every collection as the file will carry it. It
 * only records; the file reaches the outbox once the recording has committed ({@link DirectDebitCollections}). A
 * charge is collected at most once and a mandate's first collection happens once: both are unique keys, so
 * recording again, or a second node at the same time, never puts a charge into two files. Charges that cannot be
 * collected now are left out with the reason and stay open.
 */
@Component
class CollectionRecorder {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final BillingRuns billing;
    private final Charges charges;
    private final MemberRegister register;
    private final BankFilePlacer files;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final Clock clock;

    CollectionRecorder(BillingRuns billing, Charges charges, MemberRegister register, BankFilePlacer files,
                       ApplicationEventPublisher events, JdbcClient jdbc, Clock clock) {
        this.billing = billing;
        this.charges = charges;
        this.register = register;
        this.files = files;
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private record Debit(ChargeToCollect charge, long runId, CollectionMandate mandate, SequenceType sequence,
                         LocalDate date, DirectDebit debit) {
    }

    record LeftOut(ChargeToCollect charge, String reason) {
    }

    /**
     * Whose files are recorded: a run's ({@code R<run>-<date>}), or one collection of everything open
     * ({@code O<id>-<date>}), whose charges belong to several runs.
     */
    private record Owner(Long runId, Long openCollectionId, String stem) {
    }

    /**
     * Records files for the run's direct-debit charges not yet in one, in the caller's transaction (which holds the
     * run's lock), and writes
     * each into {@code work}, checked against its schema: a file that would fail the check is never recorded.
     * Returns the written files by the id of their record.
     *
     * @throws io.duesflow.platform.InvalidInput when the association cannot collect by SEPA (no creditor id …)
     */
    Map<Long, Path> record(long runId, Path work) throws IOException {
        List<ChargeToCollect> toCollect = billing.directDebitCharges(runId);
        if (toCollect.isEmpty()) {
            recordLeftOut(runId, List.of());
            return Map.of();
        }
        Decided decided = decide(toCollect.stream().map(charge -> new OpenCharges.Collectable(runId, charge)).toList(),
                null);
        recordLeftOut(runId, decided.leftOut());
        return recordFiles(new Owner(runId, null, "R" + runId), decided, work);
    }

    /**
     * Records the files of one collection of everything open ({@code open_collection} {@code openCollectionId}), all
     * on {@code date}, in the caller's transaction (which holds the locks of every run concerned), and writes them
     * into {@code work}. Answers what was left out, with the reasons; the files are by the id of their record.
     */
    Recorded recordOpen(long openCollectionId, List<OpenCharges.Collectable> toCollect, LocalDate date, Path work)
            throws IOException {
        Decided decided = decide(toCollect, date);
        return new Recorded(recordFiles(new Owner(null, openCollectionId, "O" + openCollectionId), decided, work),
                decided.leftOut(), decided.byFile().values().stream().mapToInt(List::size).sum(),
                decided.byFile().values().stream().flatMap(List::stream).map(d -> d.debit().amount())
                        .reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    /** An open collection's record: its files, what it left out, how many debits and their sum. */
    record Recorded(Map<Long, Path> files, List<LeftOut> leftOut, int debits, BigDecimal sum) {
    }

    /** Which charges go into which file (by collection date, and sequence type when one block per file). */
    private record Decided(Map<String, List<Debit>> byFile, List<LeftOut> leftOut) {
    }

    /**
     * The debits of these charges: a charge collected before is left alone (collected once ever), one without an
     * active mandate or one the file could not carry is left out with the reason, and a mandate's first collection
     * comes once. Each on its due date moved to a TARGET2 business day, or all on {@code fixedDate}.
     */
    private Decided decide(List<OpenCharges.Collectable> toCollect, LocalDate fixedDate) {
        Association association = register.association();
        SepaSettings sepa = association.sepa();
        association.sepaCreditor();
        LocalDate today = LocalDate.now(clock);

        Set<Long> collected = new HashSet<>(jdbc.sql("select charge_id from duesflow.sepa_collection where charge_id = any(:ids)")
                .param("ids", new SqlArrayValue("bigint", toCollect.stream().map(c -> c.charge().chargeId()).toArray()))
                .query(Long.class).list());
        Map<Long, CollectionMandate> mandates = register.activeMandates(
                toCollect.stream().map(c -> c.charge().memberNumber()).distinct().toList());
        Set<String> firstCollectedBefore = new HashSet<>(jdbc.sql("""
                        select mandate_id from duesflow.sepa_collection
                        where sequence_type = 'FRST' and mandate_id = any(:mandates)""")
                .param("mandates", new SqlArrayValue("text", mandates.values().stream()
                        .map(CollectionMandate::mandateId).toArray()))
                .query(String.class).list());

        List<LeftOut> leftOut = new ArrayList<>();
        Map<String, List<Debit>> byFile = new TreeMap<>();
        Set<String> firstInThisCollection = new HashSet<>();
        for (OpenCharges.Collectable collectable : toCollect) {
            ChargeToCollect charge = collectable.charge();
            if (collected.contains(charge.chargeId())) {
                if (fixedDate != null) {
                    leftOut.add(new LeftOut(charge, "collected before (the bank returned it): a charge is collected "
                            + "once; it is to be paid another way"));
                }
                continue;
            }
            CollectionMandate mandate = mandates.get(charge.memberNumber());
            if (mandate == null) {
                leftOut.add(new LeftOut(charge, "no active SEPA mandate"));
                continue;
            }
            boolean first = !sepa.rcurFromFirst() && !mandate.firstCollectionDone()
                    && !firstCollectedBefore.contains(mandate.mandateId());
            if (first && !firstInThisCollection.add(mandate.mandateId())) {
                leftOut.add(new LeftOut(charge, "mandate " + mandate.mandateId() + " has its first collection in "
                        + "this file; this charge is collected once that has reached the bank"));
                continue;
            }
            SequenceType sequence = first ? SequenceType.FRST : SequenceType.RCUR;
            LocalDate date = fixedDate != null ? fixedDate
                    : Target2Calendar.collectionDate(charge.dueDate(), today, sepa.leadDays());
            DirectDebit debit;
            try {
                debit = mandate.directDebit(charge.number(), charge.owed(), charge.rfReference(), sepa);
            } catch (IllegalArgumentException e) {
                if (first) {
                    firstInThisCollection.remove(mandate.mandateId());
                }
                leftOut.add(new LeftOut(charge, e.getMessage()));
                continue;
            }
            String fileKey = date + (sepa.onePaymentBlockPerFile() ? "-" + sequence : "");
            byFile.computeIfAbsent(fileKey, key -> new ArrayList<>())
                    .add(new Debit(charge, collectable.runId(), mandate, sequence, date, debit));
        }
        return new Decided(byFile, leftOut);
    }

    private Map<Long, Path> recordFiles(Owner owner, Decided decided, Path work) throws IOException {
        Association association = register.association();
        Map<Long, Path> written = new LinkedHashMap<>();
        for (List<Debit> debits : decided.byFile().values()) {
            RecordedFile file = recordFile(owner, association.sepaCreditor(), association.sepa(), debits);
            Path target = work.resolve(file.name().fileName());
            files.write(file.id(), target);
            written.put(file.id(), target);
        }
        return written;
    }

    private void recordLeftOut(long runId, List<LeftOut> leftOut) {
        jdbc.sql("delete from duesflow.sepa_exclusion where run_id = :run").param("run", runId).update();
        if (leftOut.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into duesflow.sepa_exclusion (run_id, charge_id, charge_number, member_number, reason)
                        select :run, o.charge, o.number, o.member, o.reason
                        from unnest(:charges, :numbers, :members, :reasons) as o(charge, number, member, reason)""")
                .param("run", runId)
                .param("charges", array("bigint", leftOut, out -> out.charge().chargeId()))
                .param("numbers", array("text", leftOut, out -> out.charge().number()))
                .param("members", array("bigint", leftOut, out -> out.charge().memberNumber()))
                .param("reasons", array("text", leftOut, LeftOut::reason))
                .update();
    }

    /**
     * Records one file: its group header, each collection with everything the file says of it, its mandates as
     * known to the bank, and its charges in collection. Everything the file will say is fixed here, down to its
     * creation time, so it can be written again, identically, after a crash.
     */
    private record RecordedFile(long id, BankFileName name) {
    }

    private RecordedFile recordFile(Owner owner, Creditor creditor, SepaSettings sepa, List<Debit> debits) {
        LocalDate date = debits.get(0).date();
        String sequenceOfFile = sepa.onePaymentBlockPerFile() ? debits.get(0).sequence().name() : null;
        int earlier = jdbc.sql("""
                        select count(*) from duesflow.sepa_file
                        where run_id is not distinct from :run and open_collection_id is not distinct from :open
                          and collection_date = :date and sequence_type is not distinct from :sequence""")
                .param("run", owner.runId()).param("open", owner.openCollectionId()).param("date", date)
                .param("sequence", sequenceOfFile).query(Integer.class).single();
        // Run, date (and sequence type) name the file; a later file for the same ones gets a count, never the same name.
        BankFileName name = new BankFileName(owner.stem() + "-" + DAY.format(date)
                + (sequenceOfFile == null ? "" : "-" + sequenceOfFile) + (earlier == 0 ? "" : "-" + (earlier + 1)));
        BigDecimal sum = debits.stream().map(d -> d.debit().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
        LocalDateTime created = LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);

        long fileId = jdbc.sql("""
                        insert into duesflow.sepa_file (run_id, open_collection_id, collection_date, sequence_type,
                                                        file_name, message_id, version,
                                                        transactions, control_sum, state, recorded_at, recorded_by,
                                                        creation_time, batch_booking, creditor_name, creditor_iban,
                                                        creditor_bic, creditor_id)
                        values (:run, :open, :date, :sequence, :name, :message, :version, :count, :sum, 'RECORDED', :now,
                                :by, :created, :batch, :creditorName, :creditorIban, :creditorBic, :creditorId)
                        returning id""")
                .param("run", owner.runId()).param("open", owner.openCollectionId()).param("date", date).param("sequence", sequenceOfFile).param("name", name.fileName())
                .param("message", name.messageId()).param("version", sepa.pain008Version().messageName())
                .param("count", debits.size()).param("sum", sum).param("now", Timestamp.from(Instant.now(clock)))
                .param("by", CurrentUser.name()).param("created", created).param("batch", sepa.batchBooking())
                .param("creditorName", creditor.name()).param("creditorIban", creditor.iban())
                .param("creditorBic", creditor.bic()).param("creditorId", creditor.creditorSchemeId())
                .query(Long.class).single();
        jdbc.sql("""
                        insert into duesflow.sepa_collection (charge_id, run_id, file_id, end_to_end_id, mandate_id,
                            sequence_type, collection_date, amount, debtor_name, debtor_iban, debtor_bic, debtor_street,
                            debtor_building_number, debtor_post_code, debtor_town, debtor_country, mandate_signed_on,
                            original_mandate_id, original_creditor_id, original_debtor_iban, new_debtor_account,
                            rf_reference, remittance_text)
                        select c.charge, c.run, :file, c.e2e, c.mandate, c.sequence, :date, c.amount, c.name, c.iban,
                               c.bic, c.street, c.building, c.post_code, c.town, c.country, c.signed_on,
                               c.original_mandate, c.original_creditor, c.original_iban, c.new_account, c.rf, c.remittance
                        from unnest(:charges, :runs, :e2es, :mandates, :sequences, :amounts, :names, :ibans, :bics, :streets,
                                    :buildings, :postCodes, :towns, :countries, :signedOn, :originalMandates,
                                    :originalCreditors, :originalIbans, :newAccounts, :rfs, :remittances)
                             as c(charge, run, e2e, mandate, sequence, amount, name, iban, bic, street, building, post_code,
                                  town, country, signed_on, original_mandate, original_creditor, original_iban,
                                  new_account, rf, remittance)""")
                .param("file", fileId).param("date", date)
                .param("charges", array("bigint", debits, d -> d.charge().chargeId()))
                .param("runs", array("bigint", debits, Debit::runId))
                .param("e2es", debitArray("text", debits, DirectDebit::endToEndId))
                .param("mandates", debitArray("text", debits, DirectDebit::mandateId))
                .param("sequences", array("text", debits, d -> d.sequence().name()))
                .param("amounts", debitArray("numeric", debits, DirectDebit::amount))
                .param("names", debitArray("text", debits, DirectDebit::debtorName))
                .param("ibans", debitArray("text", debits, DirectDebit::debtorIban))
                .param("bics", debitArray("text", debits, DirectDebit::debtorBic))
                .param("streets", addressArray(debits, io.duesflow.banking.PostalAddress::streetName))
                .param("buildings", addressArray(debits, io.duesflow.banking.PostalAddress::buildingNumber))
                .param("postCodes", addressArray(debits, io.duesflow.banking.PostalAddress::postCode))
                .param("towns", addressArray(debits, io.duesflow.banking.PostalAddress::townName))
                .param("countries", addressArray(debits, io.duesflow.banking.PostalAddress::country))
                .param("signedOn", debitArray("date", debits, d -> java.sql.Date.valueOf(d.mandateSignedOn())))
                .param("originalMandates", amendmentArray("text", debits, a -> a.originalMandateId()))
                .param("originalCreditors", amendmentArray("text", debits, a -> a.originalCreditorSchemeId()))
                .param("originalIbans", amendmentArray("text", debits, a -> a.originalDebtorIban()))
                .param("newAccounts", debitArray("boolean", debits,
                        d -> d.amended() && d.amendment().sameMandateNewDebtorAccount()))
                .param("rfs", debitArray("text", debits, DirectDebit::rfReference))
                .param("remittances", debitArray("text", debits, DirectDebit::remittanceText))
                .update();
        // Told to the bank with this file: recorded files are always placed, so the next file must not repeat a
        // first collection or an amendment.
        register.mandatesReachedTheBank(debits.stream().map(d -> d.mandate().mandateId()).distinct().toList());
        charges.putInCollection(debits.stream().map(d -> d.charge().chargeId()).toList(),
                "in direct-debit file " + name.fileName());
        // For the ledger, in this transaction: the charges are owed by the bank from the collection date.
        events.publishEvent(new CollectionPlaced(fileId, name.fileName(), date, debits.stream()
                .map(d -> new CollectionPlaced.Debit(d.charge().chargeId(), d.charge().number(),
                        d.charge().memberNumber(), d.debit().amount(), d.debit().endToEndId()))
                .toList()));
        return new RecordedFile(fileId, name);
    }

    private static <T> SqlArrayValue array(String type, List<T> rows, Function<T, Object> column) {
        return new SqlArrayValue(type, rows.stream().map(column).toArray());
    }

    private static SqlArrayValue debitArray(String type, List<Debit> debits, Function<DirectDebit, Object> column) {
        return array(type, debits, d -> column.apply(d.debit()));
    }

    private static SqlArrayValue addressArray(List<Debit> debits,
                                              Function<io.duesflow.banking.PostalAddress, Object> part) {
        return debitArray("text", debits, d -> d.debtorAddress() == null ? null : part.apply(d.debtorAddress()));
    }

    private static SqlArrayValue amendmentArray(String type, List<Debit> debits,
                                                Function<io.duesflow.banking.Amendment, Object> part) {
        return debitArray(type, debits, d -> d.amendment() == null ? null : part.apply(d.amendment()));
    }
}
