package io.duesflow.ledger;

import static io.duesflow.billing.BillingRunBenchmark.DUE;
import static io.duesflow.billing.BillingRunBenchmark.DUES;
import static io.duesflow.billing.BillingRunBenchmark.MAGAZINE;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.duesflow.BenchSupport;
import io.duesflow.banking.BankFolders;
import io.duesflow.billing.BillingRules;
import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRunBenchmark;
import io.duesflow.billing.BillingRuns;
import io.duesflow.billing.Charges;
import io.duesflow.members.Association;
import io.duesflow.members.MemberRegister;
import io.micrometer.core.instrument.MeterRegistry;
import org.postgresql.PGConnection;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code bench/run ledger --size N}: the ledger books the approval of a run of N charges, each of two lines ("Dues"
 * 500.00 and "Club magazine" 45.50, both to the dues account), as one voucher of 2N journal lines (dues owed debited
 * and dues credited per charge), and then the payment of all of them from one camt.053 statement of N credits, each
 * quoting its charge by end-to-end id: 2N more lines (bank debited, dues owed credited per payment), a voucher per
 * part of 5 000 payments. The members come through the REST CSV import and the run is generated, untimed, on a
 * fresh embedded PostgreSQL; the statement goes through the bank inbox as a bank's file would. What is measured is
 * the ledger's own booking inside the approval and inside the statement's import, read from its timer
 * ({@code duesflow.ledger.booking}); the approval and the import are timed whole and printed beside it. Afterwards the
 * journal is checked: 4N lines, balanced, the run's charges owing nothing by the ledger, the bank N × 545.50.
 * <p>
 * Baseline, in the same run: a PostgreSQL {@code COPY} of the same 4N journal rows (read back from what was booked)
 * into the same table under a voucher of their own, through the same rules (the statement trigger and the balance
 * check at commit), the text built in memory first. The last line is
 * {@code ledger size=N seconds=S baseline_seconds=B ratio=R peak_heap_mb=H} with S the two bookings together and H
 * the peak heap during the approval and the import.
 */
public final class LedgerBenchmark {

    static final int IMPORT_CHUNK = 50_000;
    static final String ACCOUNT = "NL91ABNA0417164300";

    private static final PrintStream OUT = System.out;

    public static void main(String[] args) throws Exception {
        BenchSupport.main("ledger", args, 100_000, LedgerBenchmark::run);
    }

    private static String run(int size, Path dataDir) throws Exception {
        // The mail route would work through the approved run's 100 000 mails while the baseline runs; the inbox is
        // read at once.
        try (ConfigurableApplicationContext context = BenchSupport.startApplication(dataDir,
                "--duesflow.mail.outbox.enabled=false", "--duesflow.collection.poll-enabled=false",
                "--duesflow.bank.inbox-poll.poll-interval=200ms", "--duesflow.bank.inbox-poll.settle-time=100ms",
                "--duesflow.bank.reading.max-file-size=2GB")) {
            BillingRules rules = context.getBean(BillingRules.class);
            BillingRuns runs = context.getBean(BillingRuns.class);
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            DataSource dataSource = context.getBean(DataSource.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            euroAccount(context.getBean(MemberRegister.class));

            // --- members and a generated run, untimed -------------------------------------------------------------
            long loadStart = System.nanoTime();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            ObjectMapper json = new ObjectMapper();
            for (long first = 1; first <= size; first += IMPORT_CHUNK) {
                int rows = (int) Math.min(IMPORT_CHUNK, size - first + 1);
                BenchSupport.importCsv(http, json, port, members(first, rows), rows);
            }
            rules.create(BillingRunBenchmark.fixedLine("Dues", 1, DUES));
            rules.create(BillingRunBenchmark.fixedLine("Club magazine", 2, MAGAZINE));
            BillingRun run = runs.createScheduled("Dues 2027", DUE, DUE, null);
            runs.generate(run.id());
            OUT.printf(Locale.ROOT, "loaded %d members and generated their run in %.2f s (not timed)%n", size,
                    BenchSupport.seconds(System.nanoTime() - loadStart));

            // --- the approval, and the booking inside it, measured ------------------------------------------------
            System.gc();
            BenchSupport.HeapSampler sampler = BenchSupport.HeapSampler.started();
            long a0 = System.nanoTime();
            runs.approve(run.id(), null);
            double approveSeconds = BenchSupport.seconds(System.nanoTime() - a0);
            long peak = sampler.stop();
            double bookSeconds = booking(meters, "RUN_APPROVED");
            Map<String, Object> booked = jdbc.sql("""
                            select count(*) as lines, sum(l.amount) as balance,
                                   sum(l.amount) filter (where l.account = '1100') as dues_owed,
                                   count(distinct l.charge_id) as charges
                            from duesflow.journal_line l join duesflow.voucher v on v.id = l.voucher_id
                            where v.source = 'RUN_APPROVED' and v.source_key = :run""")
                    .param("run", String.valueOf(run.id())).query().singleRow();
            BigDecimal expectedOwed = DUES.add(MAGAZINE).multiply(BigDecimal.valueOf(size));
            check(((Number) booked.get("lines")).longValue() == 2L * size
                            && ((BigDecimal) booked.get("balance")).signum() == 0
                            && ((BigDecimal) booked.get("dues_owed")).compareTo(expectedOwed) == 0
                            && ((Number) booked.get("charges")).longValue() == size,
                    "booked " + booked + "; expected " + 2L * size + " lines, balance 0, dues owed " + expectedOwed);
            OUT.printf(Locale.ROOT, "approval: one voucher of %d lines for %d charges, balanced, dues owed %s, in %.2f s "
                    + "(%.0f lines/s), inside an approval of %.2f s%n", 2L * size, size, expectedOwed.toPlainString(),
                    bookSeconds, 2L * size / bookSeconds, approveSeconds);

            // What of the booking is reading the run's charges from billing (read again, the same way).
            Charges charges = context.getBean(Charges.class);
            long r0 = System.nanoTime();
            long[] read = {0};
            new TransactionTemplate(context.getBean(PlatformTransactionManager.class)).executeWithoutResult(status ->
                    charges.postingsOfRun(run.id(), slice -> read[0] += slice.size()));
            OUT.printf(Locale.ROOT, "of which reading the %d charges' lines from billing: about %.2f s%n", read[0],
                    BenchSupport.seconds(System.nanoTime() - r0));

            // --- the payment of every charge from one statement, through the bank inbox ---------------------------
            Path statement = dataDir.resolve("statement.xml");
            long w0 = System.nanoTime();
            writeStatement(statement, jdbc, run.id(), LocalDate.now(context.getBean(java.time.Clock.class)));
            OUT.printf(Locale.ROOT, "wrote a camt.053 of %d credits, %.1f MB, in %.2f s (not timed)%n", size,
                    Files.size(statement) / 1048576.0, BenchSupport.seconds(System.nanoTime() - w0));
            System.gc();
            sampler = BenchSupport.HeapSampler.started();
            long i0 = System.nanoTime();
            long fileId = dropAndWait(context.getBean(BankFolders.class), jdbc, statement, "statement.xml");
            double importSeconds = BenchSupport.seconds(System.nanoTime() - i0);
            peak = Math.max(peak, sampler.stop());
            double paySeconds = booking(meters, "BANK_FILE");
            Map<String, Object> paid = jdbc.sql("""
                            select count(*) as lines, count(distinct v.id) as vouchers, sum(l.amount) as balance,
                                   sum(l.amount) filter (where l.account = '1000') as bank
                            from duesflow.journal_line l join duesflow.voucher v on v.id = l.voucher_id
                            where v.source = 'BANK_FILE' and v.source_key like :file""")
                    .param("file", fileId + "/%").query().singleRow();
            BigDecimal owedAfter = jdbc.sql("select coalesce(sum(amount), 0) from duesflow.journal_line where account = '1100'")
                    .query(BigDecimal.class).single();
            check(((Number) paid.get("lines")).longValue() == 2L * size
                            && ((BigDecimal) paid.get("balance")).signum() == 0
                            && ((BigDecimal) paid.get("bank")).compareTo(expectedOwed) == 0
                            && owedAfter.signum() == 0,
                    "the statement booked " + paid + " and left dues owed " + owedAfter + "; expected " + 2L * size
                            + " lines, bank " + expectedOwed + ", nothing owed");
            OUT.printf(Locale.ROOT, "statement: %d payments booked as %s vouchers of %d lines, balanced, bank %s, "
                            + "nothing owed, in %.2f s (%.0f lines/s), inside an import of %.2f s%n", size,
                    paid.get("vouchers"), 2L * size, expectedOwed.toPlainString(), paySeconds, 2L * size / paySeconds,
                    importSeconds);

            // --- baseline: COPY the same journal rows into the same table -----------------------------------------
            double baselineSeconds = copySameLines(dataSource, jdbc, run.id(), fileId);
            long copied = jdbc.sql("""
                            select count(*) from duesflow.journal_line l join duesflow.voucher v on v.id = l.voucher_id
                            where v.source_key = 'bench-copy'""").query(Long.class).single();
            check(copied == 4L * size, "the baseline copied " + copied + " lines");
            OUT.printf(Locale.ROOT, "baseline: COPY of the same %d journal rows, and the commit's balance check: %.2f s%n",
                    4L * size, baselineSeconds);
            OUT.printf(Locale.ROOT, "heap: peak %d MB during the approval and the import; -Xmx %d MB%n", peak,
                    BenchSupport.mb(Runtime.getRuntime().maxMemory()));
            double seconds = bookSeconds + paySeconds;
            return String.format(Locale.ROOT, "ledger size=%d seconds=%.2f baseline_seconds=%.2f ratio=%.2f "
                    + "peak_heap_mb=%d", size, seconds, baselineSeconds, seconds / baselineSeconds, peak);
        }
    }

    /** Seconds the ledger spent booking vouchers of {@code source}, by its own timer. */
    private static double booking(MeterRegistry meters, String source) {
        return meters.get("duesflow.ledger.booking").tag("source", source).timer().totalTime(TimeUnit.NANOSECONDS) / 1e9;
    }

    private static void euroAccount(MemberRegister register) {
        Association a = register.association();
        register.updateAssociation(new Association(a.id(), a.version(), a.name(), a.email(), a.address(), "EUR",
                a.timeZone(), a.languages(), ACCOUNT, a.bic(), a.sepaCreditorId(), a.betalingsserviceCreditor(),
                a.fiCreditorNumber(), a.defaultCollectionMethod(), a.monthlySuspensionFee(), a.receivablesAccount(),
                a.incomeAccount(), a.feeAccount(), a.bankAccount(), a.sepa(), a.createdAt(), a.createdBy(),
                a.updatedAt(), a.updatedBy()));
    }

    /** A camt.053.001.08 of one credit per charge of the run, quoting its number as the end-to-end id. */
    private static void writeStatement(Path file, JdbcClient jdbc, long runId, LocalDate on) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
                      <BkToCstmrStmt>
                        <GrpHdr><MsgId>BENCH-LEDGER</MsgId><CreDtTm>%1$sT23:00:00</CreDtTm></GrpHdr>
                        <Stmt>
                          <Id>BENCH-LEDGER-%1$s</Id><CreDtTm>%1$sT23:00:00</CreDtTm>
                          <Acct><Id><IBAN>%2$s</IBAN></Id><Ccy>EUR</Ccy></Acct>
                          <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>%1$s</Dt></Dt></Bal>
                    """.formatted(on, ACCOUNT));
            int[] n = {0};
            jdbc.sql("select number, total from duesflow.charge where run_id = :run and kind = 'INVOICE' order by id")
                    .param("run", runId)
                    .query(rs -> {
                        try {
                            out.write("""
                                    <Ntry><Amt Ccy="EUR">%1$s</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>%2$s</Dt></BookgDt><ValDt><Dt>%2$s</Dt></ValDt><AcctSvcrRef>BENCH-%3$d</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls><TxDtls><Refs><EndToEndId>%4$s</EndToEndId></Refs><Amt Ccy="EUR">%1$s</Amt><CdtDbtInd>CRDT</CdtDbtInd></TxDtls></NtryDtls></Ntry>
                                    """.formatted(rs.getBigDecimal(2).toPlainString(), on, ++n[0], rs.getString(1)));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
            out.write("""
                        </Stmt>
                      </BkToCstmrStmt>
                    </Document>
                    """);
        }
    }

    /** Into the bank inbox as a bank's download client puts it; answers the file's id once the inbox booked it. */
    private static long dropAndWait(BankFolders folders, JdbcClient jdbc, Path file, String name) throws Exception {
        Files.createDirectories(folders.inbox());
        Path hidden = folders.inbox().resolve("." + name + ".part");
        Files.move(file, hidden);
        Files.move(hidden, folders.inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
        long start = System.nanoTime();
        while (true) {
            java.util.Optional<Long> booked = jdbc.sql("select id from duesflow.bank_file where file_name = :name "
                    + "and message <> 'unread'").param("name", name).query(Long.class).optional();
            if (booked.isPresent()) {
                return booked.get();
            }
            String refused = jdbc.sql("select reason from duesflow.bank_file_refusal where file_name = :name")
                    .param("name", name).query(String.class).optional().orElse(null);
            if (refused != null) {
                throw new IllegalStateException("The bank inbox refused the statement: " + refused);
            }
            if (BenchSupport.seconds(System.nanoTime() - start) > 900) {
                throw new IllegalStateException("The bank inbox did not book the statement within 15 minutes");
            }
            Thread.sleep(50);
        }
    }

    /** N members on invoice, numbered from {@code first}: the columns a new member needs. */
    private static byte[] members(long first, int rows) {
        StringBuilder csv = new StringBuilder("member_number;name;join_date;language;collection_method\n");
        for (long number = first; number < first + rows; number++) {
            csv.append(number).append(";Member ").append(number).append(";2020-01-01;da;INVOICE\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The rows the approval and the statement booked, read back and written as COPY text under a voucher of their own
     * (untimed); then the COPY and its commit, with the balance check, timed.
     */
    private static double copySameLines(DataSource dataSource, JdbcClient jdbc, long runId, long fileId)
            throws Exception {
        StringBuilder lines = new StringBuilder();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            long voucher;
            try (Statement sql = connection.createStatement();
                 ResultSet id = sql.executeQuery("""
                         insert into duesflow.voucher (year, number, booked_on, dated_on, text, source, source_key,
                                                       created_at, created_by, created_tx)
                         select 2026, coalesce(max(number), 0) + 1, date '2026-12-31', date '2026-12-31', 'COPY baseline',
                                'CORRECTION', 'bench-copy', now(), 'bench', 0
                         from duesflow.voucher where year = 2026
                         returning id""")) {
                id.next();
                voucher = id.getLong(1);
            }
            int[] line = {0};
            jdbc.sql("""
                            select l.account, l.amount, l.text, l.member_number, l.charge_id
                            from duesflow.journal_line l join duesflow.voucher v on v.id = l.voucher_id
                            where (v.source = 'RUN_APPROVED' and v.source_key = :run)
                               or (v.source = 'BANK_FILE' and v.source_key like :file)
                            order by v.id, l.line""")
                    .param("run", String.valueOf(runId)).param("file", fileId + "/%")
                    .query(rs -> {
                        lines.append(voucher).append('\t').append(++line[0]).append("\t2026-12-31\t")
                                .append(rs.getString(1)).append('\t').append(rs.getBigDecimal(2).toPlainString())
                                .append('\t').append(rs.getString(3).replace("\\", "\\\\")).append('\t')
                                .append(rs.getObject(4) == null ? "\\N" : rs.getString(4)).append('\t')
                                .append(rs.getObject(5) == null ? "\\N" : rs.getString(5)).append('\n');
                    });
            long b0 = System.nanoTime();
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy duesflow.journal_line (voucher_id, line, "
                    + "booked_on, account, amount, text, member_number, charge_id) from stdin",
                    new StringReader(lines.toString()));
            connection.commit();
            return BenchSupport.seconds(System.nanoTime() - b0);
        }
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalStateException("The ledger is wrong: " + problem);
        }
    }
}
