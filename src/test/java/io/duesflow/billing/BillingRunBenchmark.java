package io.duesflow.billing;

import java.io.PrintStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.duesflow.BenchSupport;
import io.duesflow.banking.PaymentReferences;
import io.duesflow.members.ExtraFieldType;
import io.duesflow.members.MemberRegister;
import org.postgresql.PGConnection;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code bench/run billing-run --size N}: a scheduled run of two lines over N members, both due on 2027-01-01 so
 * every member gets one charge with two lines ("Dues" 500.00 and "Club magazine" 45.50), generated in chunks of
 * 1 000 and then approved (gap-free numbers, RF and +71 references). The members (those of the simulate benchmark)
 * are loaded, untimed, through the REST CSV import on a fresh embedded PostgreSQL. Afterwards the database is
 * checked: N charges, 2N lines, the total, every number distinct, every reference valid.
 * <p>
 * Baseline, in the same run: a PostgreSQL {@code COPY} of the same N charges and 2N lines into the same tables
 * (the text built in memory first, then both COPYs and the commit), the floor for writing those rows.
 * The last line printed is {@code billing-run size=N seconds=S baseline_seconds=B ratio=R peak_heap_mb=H}, with S the
 * generation; the approval's seconds are printed on the line before.
 */
public final class BillingRunBenchmark {

    public static final LocalDate DUE = LocalDate.of(2027, 1, 1);
    public static final BigDecimal DUES = new BigDecimal("500.00");
    public static final BigDecimal MAGAZINE = new BigDecimal("45.50");

    private static final PrintStream OUT = System.out;

    public static void main(String[] args) throws Exception {
        BenchSupport.main("billing-run", args, 100_000, BillingRunBenchmark::run);
    }

    private static String run(int size, Path dataDir) throws Exception {
        try (ConfigurableApplicationContext context = BenchSupport.startApplication(dataDir)) {
            BillingRuns runs = context.getBean(BillingRuns.class);
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            DataSource dataSource = context.getBean(DataSource.class);
            registerAndLines(context, size);

            // --- generation, measured --------------------------------------------------------------------------
            BillingRun run = runs.createScheduled("Dues 2027", DUE, DUE, null);
            System.gc();
            BenchSupport.HeapSampler sampler = BenchSupport.HeapSampler.started();
            long g0 = System.nanoTime();
            BillingRun generated = runs.generate(run.id());
            double generateSeconds = BenchSupport.seconds(System.nanoTime() - g0);
            long generatePeak = sampler.stop();
            BigDecimal expectedTotal = DUES.add(MAGAZINE).multiply(BigDecimal.valueOf(size));
            check(generated.chargeCount() == size && generated.total().compareTo(expectedTotal) == 0
                            && generated.chunksDone() == generated.chunksTotal(),
                    "generated " + generated.chargeCount() + " charges, total " + generated.total() + ", chunks "
                            + generated.chunksDone() + "/" + generated.chunksTotal() + "; expected " + size + " and "
                            + expectedTotal);
            long lines = jdbc.sql("""
                            select count(*) from duesflow.charge_line l join duesflow.charge c on c.id = l.charge_id
                            where c.run_id = :id""").param("id", run.id()).query(Long.class).single();
            check(lines == 2L * size, lines + " charge lines, expected " + 2L * size);
            OUT.printf(Locale.ROOT, "generation: %d charges with %d lines in %d chunks, total %s, in %.2f s (%.0f charges/s)%n",
                    generated.chargeCount(), lines, generated.chunksTotal(), generated.total().toPlainString(),
                    generateSeconds, size / generateSeconds);

            // --- approval, measured ------------------------------------------------------------------------------
            sampler = BenchSupport.HeapSampler.started();
            long a0 = System.nanoTime();
            BillingRun approved = runs.approve(run.id(), null);
            double approveSeconds = BenchSupport.seconds(System.nanoTime() - a0);
            long approvePeak = sampler.stop();
            Map<String, Object> numbered = jdbc.sql("""
                            select count(*) as charges, count(distinct number) as numbers,
                                   count(*) filter (where status = 'OPEN') as open,
                                   min(number) as first, max(number) as last
                            from duesflow.charge where run_id = :id""").param("id", run.id()).query().singleRow();
            check(((Number) numbered.get("numbers")).intValue() == size && ((Number) numbered.get("open")).intValue() == size,
                    "after approval: " + numbered);
            List<String[]> references = jdbc.sql("select rf_reference, payment_id from duesflow.charge where run_id = :id")
                    .param("id", run.id()).query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list();
            long invalid = references.stream().filter(r -> !PaymentReferences.isValidRf(r[0])
                    || !PaymentReferences.isValidFik71PaymentId(r[1])).count();
            check(invalid == 0, invalid + " charges with an invalid RF or +71 reference");
            OUT.printf(Locale.ROOT, "approval: %s, numbers %s … %s, every RF and +71 reference valid, in %.2f s%n",
                    approved.state(), numbered.get("first"), numbered.get("last"), approveSeconds);

            // --- baseline: COPY the same rows into the same tables ------------------------------------------------
            BillingRun scratch = runs.createScheduled("COPY baseline", DUE, DUE, null);
            long firstId = jdbc.sql("select coalesce(max(id), 0) + 1 from duesflow.charge").query(Long.class).single();
            long b0 = System.nanoTime();
            copySameRows(dataSource, scratch.id(), firstId, size);
            double baselineSeconds = BenchSupport.seconds(System.nanoTime() - b0);
            long copied = jdbc.sql("select count(*) from duesflow.charge where run_id = :id").param("id", scratch.id())
                    .query(Long.class).single();
            check(copied == size, "the baseline copied " + copied + " charges");
            jdbc.sql("delete from duesflow.charge where run_id = :id").param("id", scratch.id()).update();
            OUT.printf(Locale.ROOT, "baseline: COPY of %d charges and %d lines into the same tables: %.2f s%n", size,
                    2L * size, baselineSeconds);

            OUT.printf(Locale.ROOT, "heap: peak %d MB during generation, %d MB during approval; -Xmx %d MB%n",
                    generatePeak, approvePeak, BenchSupport.mb(Runtime.getRuntime().maxMemory()));
            OUT.printf(Locale.ROOT, "approval seconds=%.2f (goal ≤ 6)%n", approveSeconds);
            return String.format(Locale.ROOT, "billing-run size=%d seconds=%.2f baseline_seconds=%.2f ratio=%.2f "
                            + "peak_heap_mb=%d", size, generateSeconds, baselineSeconds, generateSeconds / baselineSeconds,
                    Math.max(generatePeak, approvePeak));
        }
    }

    /**
     * The register and the lines, untimed: the simulate benchmark's groups and N members loaded through
     * {@code POST /api/members/import}, and the two yearly lines first due on {@link #DUE}.
     */
    public static void registerAndLines(ConfigurableApplicationContext context, int size) throws Exception {
        MemberRegister register = context.getBean(MemberRegister.class);
        BillingRules rules = context.getBean(BillingRules.class);
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        for (int i = 0; i < SimulateBenchmark.GROUP_NAMES.length; i++) {
            register.createGroup(SimulateBenchmark.GROUP_NAMES[i], SimulateBenchmark.GROUP_PRICES[i], null);
        }
        register.defineExtraField(SimulateBenchmark.METER, ExtraFieldType.NUMBER);
        long loadStart = System.nanoTime();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        ObjectMapper json = new ObjectMapper();
        for (long first = 1; first <= size; first += SimulateBenchmark.IMPORT_CHUNK) {
            int rows = (int) Math.min(SimulateBenchmark.IMPORT_CHUNK, size - first + 1);
            BenchSupport.importCsv(http, json, port, SimulateBenchmark.csv(first, rows), rows);
        }
        OUT.printf(Locale.ROOT, "loaded %d members through POST /api/members/import in %.2f s (not timed)%n", size,
                BenchSupport.seconds(System.nanoTime() - loadStart));
        rules.create(fixedLine("Dues", 1, DUES));
        rules.create(fixedLine("Club magazine", 2, MAGAZINE));
    }

    /** A yearly line for every member at a fixed price, first due on {@link #DUE}. */
    public static BillingLineInput fixedLine(String name, int position, BigDecimal price) {
        return new BillingLineInput(name, position, BillingLine.Kind.SCHEDULED, BillingLine.Frequency.YEARLY, DUE, null,
                null, true, BillingLine.Who.ALL, null, null, null, null, BillingLine.PriceKind.FIXED, price, null, null,
                null, null);
    }

    /** The rows generation writes, as COPY text: one charge per member, two lines each, one transaction. */
    private static void copySameRows(DataSource dataSource, long runId, long firstId, int size) throws Exception {
        StringBuilder charges = new StringBuilder(size * 100);
        StringBuilder lines = new StringBuilder(size * 80);
        String total = DUES.add(MAGAZINE).toPlainString();
        String periodEnd = DUE.plusYears(1).minusDays(1).toString();
        for (int i = 0; i < size; i++) {
            long id = firstId + i;
            charges.append(id).append('\t').append(runId).append('\t').append(i + 1).append('\t').append(DUE).append('\t')
                    .append(DUE).append('\t').append(periodEnd).append("\tDRAFT\tINVOICE\tf\t").append(total)
                    .append("\tnow\n");
            lines.append(id).append("\t1\tDues\t").append(DUES.toPlainString()).append("\t3000\n");
            lines.append(id).append("\t2\tClub magazine\t").append(MAGAZINE.toPlainString()).append("\t3000\n");
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("copy duesflow.charge (id, run_id, member_number, due_date, period_start, period_end, status, "
                    + "collection_method, invoiced_instead, total, created_at) from stdin", new StringReader(charges.toString()));
            copy.copyIn("copy duesflow.charge_line (charge_id, position, text, amount, ledger_account) from stdin",
                    new StringReader(lines.toString()));
            connection.commit();
        }
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalStateException("The billing run is wrong: " + problem);
        }
    }
}
