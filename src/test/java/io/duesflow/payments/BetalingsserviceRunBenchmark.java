package io.duesflow.payments;

import static io.duesflow.BenchSupport.seconds;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.PrintStream;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.duesflow.BenchSupport;
import io.duesflow.banking.BankFolders;
import io.duesflow.mail.CpuUse;
import io.duesflow.banking.betalingsservice.NetsLines;
import io.duesflow.members.Association;
import io.duesflow.members.MemberRegister;
import org.postgresql.PGConnection;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code bench/run betalingsservice --size N}: a run's Betalingsservice collection end to end, in the application on
 * a fresh embedded PostgreSQL, under {@code -Xmx256m}. Two measured calls:
 * <ol>
 * <li><b>write</b>: the run's collection ({@link DirectDebitCollections#collect}) of N approved charges to members
 * with an agreement: the charges, agreements and charge lines read, every payment checked and recorded, the delivery
 * id taken, the charges put in collection, the 0601 delivery written from the record, read back and checked in full,
 * and placed in the bank outbox after the commit;</li>
 * <li><b>read and book</b>: the bank inbox's import of a 0602 of N completed payments for them
 * ({@link BetalingsserviceImport}) in one transaction: checked whole (every record, every total), read again and
 * booked a chunk at a time (the charges settled, the payments recorded, the announcements for the ledger).</li>
 * </ol>
 * Untimed set-up: members, agreements, an approved run and its charges with one line each are copied into the tables;
 * a warm-up collects and books 20 000 other charges the same way (several chunks of each call, so the JIT
 * compiler has done most of its work before the measured calls). The 0602 is written from the recorded payments
 * (untimed). Baseline, measured in the same run: the same number of 128-character records written plainly with a
 * buffered Windows-1252 writer, the 0602's lines read plainly, and a {@code COPY} of N payment rows into a temporary
 * table. Peak heap: the largest heap in use sampled every 10 ms during the measured calls. Each call's processor
 * time is printed beside its seconds (the JVM's and the embedded PostgreSQL's), and under it the split the recording
 * and the import log (reading, recording, writing and reading back; checking, booking). The last line is
 * {@code betalingsservice size=N seconds=S baseline_seconds=B ratio=R peak_heap_mb=H}, S the two calls together;
 * each is printed on its own before it.
 */
public final class BetalingsserviceRunBenchmark {

    private static final PrintStream OUT = System.out;
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final DateTimeFormatter DDMMYY = DateTimeFormatter.ofPattern("ddMMyy");
    private static final long WARM_UP_FIRST = 5_000_001;
    // Four recording chunks and two import chunks: every per-chunk path runs a few times before the JIT compiler is
    // asked to have compiled it; a single chunk left the measured calls paying for much of the compiling.
    private static final int WARM_UP_SIZE = 20_000;
    private static final LocalDate DUE = LocalDate.of(2027, 2, 1);

    public static void main(String[] args) throws Exception {
        BenchSupport.main("betalingsservice", args, 100_000, BetalingsserviceRunBenchmark::run);
    }

    private static String run(int size, Path folder) throws Exception {
        try (ConfigurableApplicationContext context = BenchSupport.startApplication(folder,
                "--duesflow.bank.inbox-poll.enabled=false", "--duesflow.collection.poll-enabled=false",
                "--duesflow.betalingsservice.data-supplier-number=" + NetsLines.DATA_SUPPLIER,
                "--duesflow.time.start=2026-12-01T09:00:00Z",
                "--logging.level.io.duesflow.payments.BetalingsserviceDeliveries=DEBUG",
                "--logging.level.io.duesflow.payments.BetalingsserviceImport=DEBUG")) {
            List<String> phases = phasesLogged();
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            DataSource dataSource = context.getBean(DataSource.class);
            DirectDebitCollections collections = context.getBean(DirectDebitCollections.class);
            BetalingsserviceImport imports = context.getBean(BetalingsserviceImport.class);
            BankFolders folders = context.getBean(BankFolders.class);
            TransactionTemplate transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
            association(context.getBean(MemberRegister.class));

            long t0 = System.nanoTime();
            long warmRun = population(dataSource, jdbc, WARM_UP_FIRST, WARM_UP_SIZE);
            long runId = population(dataSource, jdbc, 1, size);
            jdbc.sql("analyze").update();
            OUT.printf(Locale.ROOT, "%d members with agreements and an approved run of %d charges copied in (and %d for "
                    + "the warm-up) in %.2f s (untimed)%n", size, size, WARM_UP_SIZE, seconds(System.nanoTime() - t0));

            collect(collections, warmRun, WARM_UP_SIZE);
            Path warm0602 = folder.resolve("warm-0602.txt");
            write0602(jdbc, warmRun, warm0602, 1);
            imported(transaction, imports, warm0602, WARM_UP_SIZE);
            OUT.println("warm-up: " + WARM_UP_SIZE + " charges delivered and booked");
            phases.clear();
            long peak;

            String postgres = folder.resolve("postgres").toString();
            System.gc();
            BenchSupport.HeapSampler heap = BenchSupport.HeapSampler.started();
            CpuUse.Snapshot cpu1 = CpuUse.now(postgres);
            long t1 = System.nanoTime();
            DirectDebitCollections.BetalingsserviceDelivery delivery;
            try {
                delivery = collect(collections, runId, size);
            } finally {
                peak = heap.stop();
            }
            double write = seconds(System.nanoTime() - t1);
            String writeCpu = cpu(cpu1, CpuUse.now(postgres));
            Path file0602 = folder.resolve("bench-0602.txt");
            write0602(jdbc, runId, file0602, 2);
            System.gc();
            heap = BenchSupport.HeapSampler.started();
            CpuUse.Snapshot cpu2 = CpuUse.now(postgres);
            long t2 = System.nanoTime();
            BetalingsserviceImport.Imported imported;
            try {
                imported = imported(transaction, imports, file0602, size);
            } finally {
                peak = Math.max(peak, heap.stop());
            }
            double read = seconds(System.nanoTime() - t2);
            String readCpu = cpu(cpu2, CpuUse.now(postgres));
            Path written = folders.outbox().resolve(delivery.fileName());
            OUT.printf(Locale.ROOT, "wrote the 0601 delivery %d of %d payments (%.1f MB, %s) in %.2f s, placed in the "
                    + "outbox; processor time %s%n", delivery.deliveryId(), delivery.payments(),
                    Files.size(written) / 1048576.0, delivery.total().toPlainString() + " DKK", write, writeCpu);
            OUT.printf(Locale.ROOT, "read and booked a 0602 of %d completed payments (%.1f MB) in %.2f s: %d booked, "
                    + "%d listed; processor time %s%n", size, Files.size(file0602) / 1048576.0, read, imported.booked(),
                    imported.listed(), readCpu);
            phases.forEach(phase -> OUT.println("  " + phase));
            long paid = jdbc.sql("select count(*) from duesflow.charge where run_id = :run and status = 'PAID'")
                    .param("run", runId).query(Long.class).single();
            if (paid != size) {
                throw new IllegalStateException(paid + " of the run's " + size + " charges are paid, not all");
            }

            double baseline = Double.MAX_VALUE;
            for (int round = 1; round <= 3; round++) {
                baseline = Math.min(baseline, baseline(dataSource, folder, file0602, size));
            }
            OUT.printf(Locale.ROOT, "baseline: %d plain 128-character records written, the 0602 read plainly and %d "
                    + "payment rows copied, best of 3: %.2f s%n", Files.readAllLines(written, WINDOWS_1252).size(),
                    size, baseline);
            OUT.printf(Locale.ROOT, "write %.2f s (goal 2 s), read and book %.2f s (goal 8 s), peak heap %d MB of "
                    + "-Xmx %d MB (goal 256 MB)%n", write, read, peak, BenchSupport.mb(Runtime.getRuntime().maxMemory()));
            double measured = write + read;
            return String.format(Locale.ROOT, "betalingsservice size=%d seconds=%.2f baseline_seconds=%.2f ratio=%.2f "
                    + "peak_heap_mb=%d", size, measured, baseline, measured / baseline, peak);
        }
    }

    /**
     * Processor time between two snapshots: the JVM's (with the JIT compiler's and the garbage collector's) and the
     * embedded PostgreSQL's. On a machine shared with other work the seconds depend on the neighbours; this much less.
     */
    private static String cpu(CpuUse.Snapshot before, CpuUse.Snapshot after) {
        double jvm = seconds(after.processNanos() - before.processNanos());
        double postgres = seconds(after.childProcessNanos() - before.childProcessNanos());
        return String.format(Locale.ROOT, "%.2f s in the JVM + %.2f s in PostgreSQL = %.2f s (load average %.1f)", jvm,
                postgres, jvm + postgres, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /**
     * The split of each measured call as the delivery's recording and the 0602's import log it (at DEBUG): reading,
     * recording, writing, checking, booking. Kept as they come, printed with the results.
     */
    private static List<String> phasesLogged() {
        List<String> phases = new CopyOnWriteArrayList<>();
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        AppenderBase<ILoggingEvent> keeper = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                phases.add(event.getFormattedMessage());
            }
        };
        keeper.setContext(logging);
        keeper.start();
        for (Class<?> logged : List.of(BetalingsserviceDeliveries.class, BetalingsserviceImport.class)) {
            logging.getLogger(logged).addAppender(keeper);
        }
        return phases;
    }

    private static DirectDebitCollections.BetalingsserviceDelivery collect(DirectDebitCollections collections,
                                                                          long runId, int size) {
        DirectDebitCollections.Collection collection = collections.collect(runId);
        if (collection.betalingsserviceDeliveries().size() != 1
                || collection.betalingsserviceDeliveries().get(0).payments() != size
                || !"PLACED".equals(collection.betalingsserviceDeliveries().get(0).state())) {
            throw new IllegalStateException("The collection of run " + runId + " gave " + collection);
        }
        return collection.betalingsserviceDeliveries().get(0);
    }

    private static BetalingsserviceImport.Imported imported(TransactionTemplate transaction,
                                                            BetalingsserviceImport imports, Path file, int size) {
        BetalingsserviceImport.Imported imported = transaction.execute(status -> {
            try {
                return imports.importFile(file, file.getFileName().toString(), BankInboxRoute.sha256(file));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        if (imported.booked() != size) {
            throw new IllegalStateException("The 0602 booked " + imported + ", not " + size + " payments");
        }
        return imported;
    }

    private static void association(MemberRegister register) {
        Association a = register.association();
        register.updateAssociation(new Association(a.id(), a.version(), a.name(), a.email(), a.address(), "DKK",
                a.timeZone(), a.languages(), a.iban(), a.bic(), a.sepaCreditorId(), NetsLines.PBS, "81131945",
                a.defaultCollectionMethod(), a.monthlySuspensionFee(), a.receivablesAccount(), a.incomeAccount(),
                a.feeAccount(), a.bankAccount(), a.sepa(), a.createdAt(), a.createdBy(), a.updatedAt(), a.updatedBy()));
    }

    /**
     * Members {@code first..first+size-1} on Betalingsservice with an agreement each, and an approved run with a
     * charge of one line for each, decided for Betalingsservice: as an approval leaves them.
     */
    private static long population(DataSource dataSource, JdbcClient jdbc, long first, int size) throws Exception {
        long runId = jdbc.sql("""
                        insert into duesflow.billing_run (kind, state, name, period_from, period_to, reference_date,
                            due_date, version, created_at, created_by, updated_at, updated_by, approved_at)
                        values ('IMMEDIATE', 'APPROVED', 'Bench', date '2027-02-01', date '2027-02-28', date '2027-02-01',
                                date '2027-02-01', 0, now(), 'bench', now(), 'bench', now())
                        returning id""").query(Long.class).single();
        StringBuilder members = new StringBuilder(size * 120);
        StringBuilder charges = new StringBuilder(size * 120);
        for (long n = first; n < first + size; n++) {
            members.append(n).append("\tMedlem ").append(n).append(" Sørensen\tVestergade\t").append(n % 200 + 1)
                    .append("\t").append(1000 + n % 8000).append("\tKøbenhavn\tDK\t2020-01-01\tda\tBETALINGSSERVICE\t0\t")
                    .append("2026-12-01 00:00:00+00\tbench\t2026-12-01 00:00:00+00\tbench\n");
            String amount = (100 + n % 400) + "." + String.format("%02d", n % 100);
            charges.append(runId).append('\t').append(n).append("\tBS-").append(runId).append('-').append(n)
                    .append("\t2027-02-01\t2027-02-01\t2027-02-28\tOPEN\tBETALINGSSERVICE\tBETALINGSSERVICE\t")
                    .append(amount).append("\t2026-12-01 00:00:00+00\tda\n");
        }
        try (Connection connection = dataSource.getConnection()) {
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("copy duesflow.member (member_number, name, street, building_number, postcode, town, country, "
                    + "join_date, language, collection_method, version, created_at, created_by, updated_at, updated_by) "
                    + "from stdin", new StringReader(members.toString()));
            copy.copyIn("copy duesflow.charge (run_id, member_number, number, due_date, period_start, period_end, "
                    + "status, collection_method, collected_by, total, created_at, language) from stdin",
                    new StringReader(charges.toString()));
        }
        jdbc.sql("""
                        insert into duesflow.betalingsservice_agreement (member_id, agreement_number, status, registered_on)
                        select id, (100000 + member_number)::text, 'ACTIVE', date '2026-01-15' from duesflow.member
                        where member_number between :first and :last""")
                .param("first", first).param("last", first + size - 1).update();
        jdbc.sql("""
                        insert into duesflow.charge_line (charge_id, position, text, amount, ledger_account)
                        select id, 1, 'Kontingent februar 2027', total, '3000' from duesflow.charge where run_id = :run""")
                .param("run", runId).update();
        jdbc.sql("select setval('duesflow.member_number_seq', (select max(member_number) from duesflow.member))")
                .query().singleRow();
        return runId;
    }

    /** A 0602 of one completed payment for every payment the run's delivery holds, as Nets would send it. */
    private static void write0602(JdbcClient jdbc, long runId, Path file, int deliveryId) throws Exception {
        String due = DUE.format(DDMMYY);
        String booked = DUE.plusDays(1).format(DDMMYY);
        long[] totals = new long[2];
        try (BufferedWriter out = Files.newBufferedWriter(file, WINDOWS_1252)) {
            out.write(NetsLines.deliveryStart("0602", String.format("%010d", deliveryId), "020227"));
            out.write("\r\n");
            out.write(NetsLines.sectionStart("0211"));
            out.write("\r\n");
            jdbc.sql("""
                            select customer_number, agreement_number, amount, charge_number
                            from duesflow.betalingsservice_payment where run_id = :run order by charge_id""")
                    .param("run", runId)
                    .query(rs -> {
                        long ore = rs.getBigDecimal(3).movePointRight(2).longValueExact();
                        String reference = rs.getString(4);
                        try {
                            out.write(NetsLines.automaticPayment("0236", rs.getString(1), rs.getString(2), due, '1', ore,
                                    reference + " ".repeat(30 - reference.length()), due, booked, ore));
                            out.write("\r\n");
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        totals[0]++;
                        totals[1] += ore;
                    });
            out.write(NetsLines.sectionEnd("0211", totals[0], totals[1]));
            out.write("\r\n");
            out.write(NetsLines.deliveryEnd("0602", 1, totals[0], totals[1]));
            out.write("\r\n");
        }
    }

    /** The floor of the same work: the records written and read plainly, the payment rows copied into a table. */
    private static double baseline(DataSource dataSource, Path folder, Path file0602, int size) throws Exception {
        long t = System.nanoTime();
        Path plain = folder.resolve("plain-0601.txt");
        String record = "BS042" + "0".repeat(123);
        try (BufferedWriter out = Files.newBufferedWriter(plain, WINDOWS_1252)) {
            for (int i = 0; i < size * 6 + 4; i++) {
                out.write(record);
                out.write("\r\n");
            }
        }
        long lines = 0;
        try (BufferedReader in = Files.newBufferedReader(file0602, WINDOWS_1252)) {
            while (in.readLine() != null) {
                lines++;
            }
        }
        StringBuilder rows = new StringBuilder(size * 60);
        for (int n = 0; n < size; n++) {
            rows.append(n).append("\t000000000").append(n).append("\t123.45\t2027-02-01\tMedlem ").append(n).append('\n');
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.createStatement().execute("create temporary table if not exists bench_payment (charge bigint, "
                    + "customer text, amount numeric(14,2), payment_date date, name text)");
            connection.createStatement().execute("truncate bench_payment");
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy bench_payment from stdin",
                    new StringReader(rows.toString()));
        }
        if (lines < size) {
            throw new IllegalStateException("the 0602 has " + lines + " lines");
        }
        Files.delete(plain);
        return seconds(System.nanoTime() - t);
    }
}
