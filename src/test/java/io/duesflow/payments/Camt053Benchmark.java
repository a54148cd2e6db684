package io.duesflow.payments;

import static io.duesflow.BenchSupport.seconds;

import java.io.PrintStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Locale;

import javax.sql.DataSource;

import io.duesflow.BenchSupport;
import io.duesflow.banking.Camt053BenchFile;
import io.duesflow.banking.Camt053ReadBenchmark;
import io.duesflow.banking.PaymentReferences;
import io.duesflow.members.Association;
import io.duesflow.members.MemberRegister;
import org.postgresql.PGConnection;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code bench/run camt053 --size N}: importing and matching a camt.053.001.08 statement of N credits (default
 * 100 000; {@link Camt053BenchFile}: 69 % our collections by end-to-end id, 20 % RF references, 10 % only amount and
 * payer's IBAN, 1 % matching nothing) against N open charges, under {@code -Xmx256m}, in the application on a fresh
 * embedded PostgreSQL. The measured call is the bank inbox's own import of the file in one transaction: recognised,
 * schema-checked while streamed into the database, deduplicated against earlier reports, matched and booked (the
 * charges through billing's set-based path, the payments, the member credit, the announcements for the ledger).
 * The tasks for the unmatched credits are opened after the commit, on another thread; the time until they exist is
 * printed, not counted.
 *
 * <p>Untimed set-up: the members (with the mandates the amount-and-IBAN credits are known by) and the charges are
 * copied straight into the tables, each charge as the file will find it (in collection for the end-to-end ids,
 * open with its RF reference, open for the rest). A warm-up imports a small statement of other credits against
 * charges of their own. The baseline is the plain StAX read of the same file (every event, every text touched; no
 * schema, no records), best of three, measured in the same run. Peak heap is the largest heap in use sampled every
 * 10 ms during the import. The last line is {@code camt053 size=N seconds=S baseline_seconds=B ratio=R peak_heap_mb=H}.
 */
public final class Camt053Benchmark {

    private static final PrintStream OUT = System.out;
    private static final long WARM_UP_FIRST = 5_000_001;
    private static final int WARM_UP_SIZE = 5_000;

    public static void main(String[] args) throws Exception {
        BenchSupport.main("camt053", args, 100_000, Camt053Benchmark::run);
    }

    private static String run(int size, Path folder) throws Exception {
        try (ConfigurableApplicationContext context = BenchSupport.startApplication(folder,
                "--duesflow.bank.inbox-poll.enabled=false", "--duesflow.collection.poll-enabled=false",
                "--duesflow.bank.reading.max-file-size=2GB",
                "--logging.level.io.duesflow.payments.BankFileImport=DEBUG")) {
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            DataSource dataSource = context.getBean(DataSource.class);
            BankFileImport imports = context.getBean(BankFileImport.class);
            TransactionTemplate transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
            association(context.getBean(MemberRegister.class));

            long t0 = System.nanoTime();
            long runId = jdbc.sql("""
                            insert into duesflow.billing_run (kind, state, name, period_from, period_to, reference_date,
                                due_date, version, created_at, created_by, updated_at, updated_by)
                            values ('IMMEDIATE', 'SENT', 'Bench', date '2027-01-01', date '2027-12-31', date '2027-01-01',
                                    date '2027-01-05', 0, now(), 'bench', now(), 'bench')
                            returning id""").query(Long.class).single();
            population(dataSource, jdbc, runId, 1, size);
            population(dataSource, jdbc, runId, WARM_UP_FIRST, WARM_UP_SIZE);
            jdbc.sql("analyze").update();
            OUT.printf(Locale.ROOT, "%d members and %d open charges copied in (and %d for the warm-up) in %.2f s "
                    + "(untimed)%n", size, size, WARM_UP_SIZE, seconds(System.nanoTime() - t0));

            Path warmUp = folder.resolve("warm-up.xml");
            Camt053BenchFile.write(warmUp, WARM_UP_FIRST, WARM_UP_SIZE);
            BankFileImport.Imported warm = transaction.execute(status -> importFile(imports, warmUp, "warm-up"));
            OUT.printf(Locale.ROOT, "warm-up: %d credits, %d paid, %d settled, %d unmatched%n", warm.transactions(),
                    warm.payments(), warm.settled(), warm.unmatched());

            Path file = folder.resolve("camt053-bench.xml");
            long t1 = System.nanoTime();
            Camt053BenchFile.write(file, size);
            OUT.printf(Locale.ROOT, "wrote a camt.053.001.08 of %d credits, %.1f MB, in %.2f s (untimed)%n", size,
                    Files.size(file) / 1048576.0, seconds(System.nanoTime() - t1));

            double baseline = Double.MAX_VALUE;
            for (int round = 1; round <= 3; round++) {
                long t2 = System.nanoTime();
                Camt053ReadBenchmark.plainRead(file);
                baseline = Math.min(baseline, seconds(System.nanoTime() - t2));
            }
            OUT.printf(Locale.ROOT, "baseline: a plain StAX read of the same file, best of 3: %.2f s%n", baseline);

            System.gc();
            BenchSupport.HeapSampler heap = BenchSupport.HeapSampler.started();
            Path postgres = folder.resolve("postgres");
            java.util.Map<String, Long> threads0 = threadTicks();
            long javaCpu0 = processCpuNanos();
            long postgresCpu0 = postgresCpuNanos(postgres);
            long t3 = System.nanoTime();
            BankFileImport.Imported imported;
            long peak;
            try {
                imported = transaction.execute(status -> importFile(imports, file, "camt053-bench.xml"));
            } finally {
                peak = heap.stop();
            }
            double measured = seconds(System.nanoTime() - t3);
            double javaCpu = seconds(processCpuNanos() - javaCpu0);
            java.util.Map<String, Long> threads1 = threadTicks();
            double postgresCpu = seconds(postgresCpuNanos(postgres) - postgresCpu0);
            long expectedUnmatched = size / 100;
            if (imported.transactions() != size || imported.unmatched() != expectedUnmatched
                    || imported.payments() + imported.settled() + imported.unmatched() != size) {
                throw new IllegalStateException("The import booked " + imported + ", not " + size + " credits of which "
                        + expectedUnmatched + " unmatched");
            }
            OUT.printf(Locale.ROOT, "imported and matched %d credits in %.2f s: %d direct debits settled by "
                            + "end-to-end id, %d payments (RF references, amount and IBAN), %d unmatched; peak heap %d MB "
                            + "of -Xmx %d MB%n", size, measured, imported.settled(), imported.payments(),
                    imported.unmatched(), peak, BenchSupport.mb(Runtime.getRuntime().maxMemory()));
            // On a shared machine the seconds depend on the neighbours; the processor time spent does much less.
            OUT.printf(Locale.ROOT, "processor time during the import: %.2f s in the JVM, %.2f s in PostgreSQL "
                    + "(%.2f s together; the load average was %.1f)%n", javaCpu, postgresCpu, javaCpu + postgresCpu,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            OUT.println("  the JVM's busiest threads: " + threads1.entrySet().stream()
                    .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - threads0.getOrDefault(e.getKey(), 0L)))
                    .filter(e -> e.getValue() > 0).sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(8).map(e -> String.format(Locale.ROOT, "%s %.2f s", e.getKey(), e.getValue() / 100.0))
                    .collect(java.util.stream.Collectors.joining(", ")));
            OUT.println("  where the import's time went: " + imported.steps());
            summary(jdbc, imported.fileId());

            long t4 = System.nanoTime();
            int expectedTasks = (int) (expectedUnmatched + warm.unmatched());
            while (jdbc.sql("select count(*) from duesflow.bank_transaction where process_instance_id is not null")
                    .query(Integer.class).single() < expectedTasks) {
                if (seconds(System.nanoTime() - t4) > 600) {
                    throw new IllegalStateException("The unmatched credits' tasks were not opened within 10 minutes");
                }
                Thread.sleep(200);
            }
            OUT.printf(Locale.ROOT, "the %d unmatched credits' Tasklist tasks were opened %.2f s after the commit "
                    + "(untimed, on another thread)%n", expectedUnmatched, seconds(System.nanoTime() - t4));
            return String.format(Locale.ROOT, "camt053 size=%d seconds=%.2f baseline_seconds=%.2f ratio=%.2f "
                    + "peak_heap_mb=%d", size, measured, baseline, measured / baseline, peak);
        }
    }

    private static BankFileImport.Imported importFile(BankFileImport imports, Path file, String name) {
        try {
            return imports.importFile(file, name, BankInboxRoute.sha256(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void association(MemberRegister register) {
        Association a = register.association();
        register.updateAssociation(new Association(a.id(), a.version(), a.name(), a.email(), a.address(), "EUR",
                a.timeZone(), a.languages(), Camt053BenchFile.ACCOUNT_IBAN, a.bic(), "DE98ZZZ09999999999",
                a.betalingsserviceCreditor(), a.fiCreditorNumber(), a.defaultCollectionMethod(),
                a.monthlySuspensionFee(), a.receivablesAccount(), a.incomeAccount(), a.feeAccount(), a.bankAccount(),
                a.sepa(), a.createdAt(), a.createdBy(), a.updatedAt(), a.updatedBy()));
    }

    /**
     * Members {@code first..first+size-1} and a charge each, as credit n of the bench file will find it: in collection
     * (its number the end-to-end id), open with its RF reference, or open with a mandate whose IBAN the credit comes
     * from.
     */
    private static void population(DataSource dataSource, JdbcClient jdbc, long runId, long first, int size)
            throws Exception {
        StringBuilder members = new StringBuilder(size * 80);
        StringBuilder charges = new StringBuilder(size * 120);
        StringBuilder mandates = new StringBuilder();
        for (long n = first; n < first + size; n++) {
            Camt053BenchFile.Credit credit = Camt053BenchFile.credit(n);
            members.append(n).append('\t').append(credit.debtorName()).append("\t2020-01-01\tda\tINVOICE\t0\t")
                    .append("2026-12-01 00:00:00+00\tbench\t2026-12-01 00:00:00+00\tbench\n");
            BigDecimal owed = credit.match() == Camt053BenchFile.Match.NONE
                    ? credit.amount().subtract(new BigDecimal("0.37")) : credit.amount();
            boolean collected = credit.match() == Camt053BenchFile.Match.END_TO_END_ID;
            String number = collected ? credit.endToEndId() : "B-" + n;
            String rf = credit.rfReference() == null ? PaymentReferences.rfFromCharge(number)
                    : PaymentReferences.rf(credit.rfReference()).orElseThrow();
            charges.append(runId).append('\t').append(n).append('\t').append(number)
                    .append("\t2027-01-05\t2027-01-01\t2027-12-31\t").append(collected ? "IN_COLLECTION" : "OPEN")
                    .append('\t').append(collected ? "SEPA_DIRECT_DEBIT" : "INVOICE").append('\t')
                    .append(collected ? "SEPA_DIRECT_DEBIT" : "\\N").append('\t').append(owed.toPlainString())
                    .append("\t2026-12-01 00:00:00+00\t").append(rf).append("\tda\n");
            if (credit.match() == Camt053BenchFile.Match.AMOUNT_AND_IBAN) {
                mandates.append(n).append('\t').append(credit.debtorIban()).append('\n');
            }
        }
        try (Connection connection = dataSource.getConnection()) {
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("copy duesflow.member (member_number, name, join_date, language, collection_method, version, "
                    + "created_at, created_by, updated_at, updated_by) from stdin", new StringReader(members.toString()));
            copy.copyIn("copy duesflow.charge (run_id, member_number, number, due_date, period_start, period_end, "
                    + "status, collection_method, collected_by, total, created_at, rf_reference, language) from stdin",
                    new StringReader(charges.toString()));
            connection.createStatement().execute("create temporary table if not exists bench_mandate (member bigint, iban text)");
            connection.createStatement().execute("truncate bench_mandate");
            copy.copyIn("copy bench_mandate from stdin", new StringReader(mandates.toString()));
            connection.createStatement().execute("""
                    insert into duesflow.sepa_mandate (member_id, mandate_id, iban, signed_on, status)
                    select m.id, 'BM-' || m.member_number, b.iban, date '2024-05-01', 'ACTIVE'
                    from bench_mandate b join duesflow.member m on m.member_number = b.member""");
        }
        jdbc.sql("select setval('duesflow.member_number_seq', (select max(member_number) from duesflow.member))")
                .query().singleRow();
    }

    /** Processor ticks per kind of thread of this JVM (Linux /proc; GC and compiler threads included). */
    private static java.util.Map<String, Long> threadTicks() {
        java.util.Map<String, Long> ticks = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                            .replaceAll("[#0-9]+$", "").strip();
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                } catch (java.io.IOException | RuntimeException gone) {
                    // The thread ended meanwhile.
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return ticks;
        }
        return ticks;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The processor time of the embedded server and its processes (Linux /proc), 0 where it cannot be read. */
    private static long postgresCpuNanos(Path dataDir) {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
            long ticks = 0;
            try (var processes = Files.list(Path.of("/proc"))) {
                for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        String stat = Files.readString(process.resolve("stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long pid = Long.parseLong(process.getFileName().toString());
                        if (pid == postmaster || Long.parseLong(fields[1]) == postmaster) {
                            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                        }
                    } catch (java.io.IOException | RuntimeException gone) {
                        // The process ended meanwhile.
                    }
                }
            }
            return ticks * 10_000_000L;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    private static void summary(JdbcClient jdbc, long fileId) {
        jdbc.sql("""
                        select state || coalesce(' ' || matched_by, '') || ': ' || count(*)
                        from duesflow.bank_transaction where bank_file_id = :file group by state, matched_by order by 1""")
                .param("file", fileId).query(String.class).list()
                .forEach(line -> OUT.println("  " + line));
    }
}
