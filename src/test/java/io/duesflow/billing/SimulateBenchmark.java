package io.duesflow.billing;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.duesflow.BenchSupport;
import io.duesflow.members.ExtraFieldType;
import io.duesflow.members.MemberRegister;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code bench/run simulate --size N}: one {@link BillingRules#simulate} over January 2027 on a register of N
 * members, with two active scheduled lines due on 2027-01-01:
 * <ul>
 *   <li>"Quarterly dues": criteria {@code måned(indmeldelsesdato)=rul(3) og alder>=18}, fixed 250.00, quarterly;</li>
 *   <li>"Water": everyone, formula {@code interval:F1:0-1000=3,5:1001-2000=3:2001-10000=2,5} over the extra field
 *       "meter reading", yearly. About 1 % of the readings lie above 10 000, beyond every range: those members are
 *       skipped for this line.</li>
 * </ul>
 * The members are generated deterministically from their member number and loaded, untimed, through the REST CSV
 * import on a fresh embedded PostgreSQL. The measured call comes after one warm-up call; its result is checked
 * against what the generator knows (who is billed what, who is skipped, the totals). The baseline is the floor
 * of the same work measured in the same run: reading the same member snapshots alone, in the same pages
 * ({@link MemberRegister#snapshotsBetween}). The last line printed is
 * {@code simulate size=N seconds=S baseline_seconds=B ratio=R peak_heap_mb=H}.
 */
public final class SimulateBenchmark {

    static final String METER = "meter reading";
    static final String[] GROUP_NAMES = {"Senior", "Youth", "Family"};
    static final BigDecimal[] GROUP_PRICES = {new BigDecimal("300.00"), new BigDecimal("150.00"), new BigDecimal("450.00")};
    /** Generated dates lie on or before this day, so none is in the future whenever the benchmark runs. */
    static final LocalDate REFERENCE_DAY = LocalDate.of(2025, 6, 30);
    static final LocalDate RUN_FROM = LocalDate.of(2027, 1, 1);
    static final LocalDate RUN_TO = LocalDate.of(2027, 1, 31);
    static final BigDecimal QUARTERLY_PRICE = new BigDecimal("250.00");
    static final int IMPORT_CHUNK = 50_000;

    private static final String[] FIRST = {"Anne", "Bo", "Camilla", "Dorthe", "Emil", "Frederik", "Grethe", "Hans",
            "Ida", "Jens", "Karen", "Lars", "Mette", "Niels", "Ole", "Pia", "Rasmus", "Søren", "Tove", "Ulla", "Åse",
            "Bjørn", "Sanne", "Johan"};
    private static final String[] LAST = {"Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen",
            "Larsen", "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen",
            "Poulsen", "Møller", "Ærø", "de Vries", "van Dijk"};

    /** The benchmark's own lines; everything else that writes to stdout (the application's logging) goes to stderr. */
    private static final PrintStream OUT = System.out;

    public static void main(String[] args) throws Exception {
        BenchSupport.main("simulate", args, 100_000, SimulateBenchmark::run);
    }

    private static String run(int size, Path dataDir) throws Exception {
        Expected expected = expected(size);
        OUT.printf(Locale.ROOT, "generated %d members: %d adults who joined in Jan/Apr/Jul/Oct (quarterly dues), "
                        + "%d meter readings above 10000 (beyond the water formula's ranges)%n",
                size, expected.quarterly.size(), expected.outOfRange.size());

        try (ConfigurableApplicationContext context = BenchSupport.startApplication(dataDir)) {
            MemberRegister register = context.getBean(MemberRegister.class);
            BillingRules rules = context.getBean(BillingRules.class);
            // The simulation lists this many charges; its counts and totals are checked against all of them.
            int listed = context.getBean(BillingProperties.class).simulationLists();
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();

            // --- the register, untimed -------------------------------------------------------------------------
            for (int i = 0; i < GROUP_NAMES.length; i++) {
                register.createGroup(GROUP_NAMES[i], GROUP_PRICES[i], null);
            }
            String meterCode = register.defineExtraField(METER, ExtraFieldType.NUMBER).code();
            long loadStart = System.nanoTime();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            ObjectMapper json = new ObjectMapper();
            int created = 0;
            for (long first = 1; first <= size; first += IMPORT_CHUNK) {
                int rows = (int) Math.min(IMPORT_CHUNK, size - first + 1);
                created += BenchSupport.importCsv(http, json, port, csv(first, rows), rows);
            }
            OUT.printf(Locale.ROOT, "loaded %d members through POST /api/members/import in %.2f s (not timed)%n",
                    created, BenchSupport.seconds(System.nanoTime() - loadStart));

            // --- the billing lines --------------------------------------------------------------------------------
            BillingLine quarterly = rules.create(new BillingLineInput("Quarterly dues", 1, BillingLine.Kind.SCHEDULED,
                    BillingLine.Frequency.QUARTERLY, RUN_FROM, null, null, true, BillingLine.Who.CRITERIA, null, null,
                    null, "måned(indmeldelsesdato)=rul(3) og alder>=18", BillingLine.PriceKind.FIXED, QUARTERLY_PRICE,
                    null, null, null, null));
            String formula = "interval:" + meterCode + ":0-1000=3,5:1001-2000=3:2001-10000=2,5";
            BillingLine water = rules.create(new BillingLineInput("Water", 2, BillingLine.Kind.SCHEDULED,
                    BillingLine.Frequency.YEARLY, RUN_FROM, null, null, true, BillingLine.Who.ALL, null, null, null,
                    null, BillingLine.PriceKind.FORMULA, null, null, formula, null, null));
            OUT.printf(Locale.ROOT, "billing lines: #%d %s (%s), #%d %s (%s)%n", quarterly.id(), quarterly.name(),
                    quarterly.criteria(), water.id(), water.name(), water.formula());

            SimulationRequest request = new SimulationRequest(RUN_FROM, RUN_TO, null, null, null);

            // --- warm-up ------------------------------------------------------------------------------------------
            long warmStart = System.nanoTime();
            Simulation warm = rules.simulate(request);
            double warmSeconds = BenchSupport.seconds(System.nanoTime() - warmStart);
            check(warm, expected, quarterly.id(), water.id(), listed, "warm-up simulation");
            OUT.printf(Locale.ROOT, "warm-up simulation: %.2f s%n", warmSeconds);
            warm = null;

            // --- the measured simulation ------------------------------------------------------------------------
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            BenchSupport.HeapSampler sampler = BenchSupport.HeapSampler.started();
            long t0 = System.nanoTime();
            Simulation simulation = rules.simulate(request);
            long peakHeapMb = sampler.stop();
            double simulateSeconds = BenchSupport.seconds(System.nanoTime() - t0);
            check(simulation, expected, quarterly.id(), water.id(), listed, "simulation");
            System.gc();
            long heapWithResult = memory.getHeapMemoryUsage().getUsed();
            OUT.printf(Locale.ROOT, "simulation: %d charges to %d members, total %s %s, %d skipped (%d with a reading "
                            + "beyond the formula's ranges), in %.2f s%n", simulation.chargeCount(),
                    simulation.memberCount(), simulation.total().toPlainString(), simulation.currency(),
                    simulation.skipped().size(), expected.outOfRange.size(), simulateSeconds);
            for (Simulation.LineTotal line : simulation.lines()) {
                OUT.printf(Locale.ROOT, "  line #%d %s: %d members, %s%n", line.lineId(), line.name(), line.members(),
                        line.total().toPlainString());
            }
            simulation = null;
            System.gc();
            long heapAfter = memory.getHeapMemoryUsage().getUsed();

            // --- the baseline: the same snapshots, read alone ----------------------------------------------------
            // In the same pages the simulation reads them in: the whole register's at once would not fit the heap.
            int page = context.getBean(BillingProperties.class).chunkSize();
            long b0 = System.nanoTime();
            List<Long> bounds = new ArrayList<>(register.chunkBounds(page));
            bounds.add(null);
            long read = 0;
            Long after = null;
            for (Long through : bounds) {
                read += register.snapshotsBetween(RUN_FROM, after, through).size();
                after = through;
            }
            double baselineSeconds = BenchSupport.seconds(System.nanoTime() - b0);
            if (read != size) {
                throw new IllegalStateException("snapshots(" + RUN_FROM + ") read " + read + " members, not " + size);
            }
            OUT.printf(Locale.ROOT, "baseline: MemberRegister.snapshotsBetween(%s, …) alone, %d members in pages of %d: "
                    + "%.2f s%n", RUN_FROM, size, page, baselineSeconds);
            double pricingSeconds = Math.max(0, simulateSeconds - baselineSeconds);
            OUT.printf(Locale.ROOT, "  time split of the simulation: snapshot read ≈ %.2f s (%.0f %%), lines, "
                            + "criteria, formula, charges ≈ %.2f s (%.0f %%)%n", Math.min(baselineSeconds, simulateSeconds),
                    100 * Math.min(baselineSeconds, simulateSeconds) / simulateSeconds, pricingSeconds,
                    100 * pricingSeconds / simulateSeconds);

            OUT.printf(Locale.ROOT, "heap: %d MB in use before the simulation (application context), peak %d MB "
                            + "sampled every 10 ms during it, %d MB with its result held, %d MB after; -Xmx %d MB%n",
                    BenchSupport.mb(heapBefore), peakHeapMb, BenchSupport.mb(heapWithResult), BenchSupport.mb(heapAfter),
                    BenchSupport.mb(Runtime.getRuntime().maxMemory()));
            return String.format(Locale.ROOT, "simulate size=%d seconds=%.2f baseline_seconds=%.2f ratio=%.2f "
                    + "peak_heap_mb=%d", size, simulateSeconds, baselineSeconds, simulateSeconds / baselineSeconds,
                    peakHeapMb);
        }
    }

    // --- loading ---------------------------------------------------------------------------------------------


    // --- the members -----------------------------------------------------------------------------------------

    record Row(long number, String name, LocalDate birth, LocalDate join, List<String> groups, long meter) {
    }

    /** One member, the same every time for the same number. */
    static Row row(long number) {
        SplittableRandom r = new SplittableRandom(number * 0x9E3779B97F4A7C15L + 17);
        String name = FIRST[r.nextInt(FIRST.length)] + " " + LAST[r.nextInt(LAST.length)];
        // Born 0..90 years before the reference day; joined on or after birth, from 1985 on, in any month.
        LocalDate birth = REFERENCE_DAY.minusDays(r.nextInt(90 * 365 + 22));
        LocalDate earliest = birth.isAfter(LocalDate.of(1985, 1, 1)) ? birth : LocalDate.of(1985, 1, 1);
        LocalDate join = earliest.plusDays(r.nextLong(REFERENCE_DAY.toEpochDay() - earliest.toEpochDay() + 1));
        int age = Period.between(birth, REFERENCE_DAY).getYears();
        List<String> groups = new ArrayList<>(2);
        groups.add(age >= 65 ? GROUP_NAMES[0] : age < 18 ? GROUP_NAMES[1] : GROUP_NAMES[r.nextInt(3)]);
        if (r.nextInt(100) < 20 && !groups.contains(GROUP_NAMES[2])) {
            groups.add(GROUP_NAMES[2]);
        }
        // Whole readings, so none falls between the formula's ranges; about 1 % lie beyond them (10 001..12 000).
        long meter = r.nextInt(100) == 0 ? 10_001 + r.nextInt(2_000) : r.nextInt(10_001);
        return new Row(number, name, birth, join, groups, meter);
    }

    static byte[] csv(long first, int rows) {
        StringBuilder out = new StringBuilder(rows * 90);
        out.append("member_number;name;birth_date;join_date;collection_method;groups;").append(METER).append("\r\n");
        for (long number = first; number < first + rows; number++) {
            Row row = row(number);
            out.append(row.number).append(';').append(row.name).append(';').append(row.birth).append(';')
                    .append(row.join).append(";INVOICE;").append(String.join("|", row.groups)).append(';')
                    .append(row.meter).append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    // --- what the simulation must say ------------------------------------------------------------------------

    record Expected(Set<Long> quarterly, Set<Long> outOfRange, Map<Long, BigDecimal> water, int chargedMembers,
                    BigDecimal quarterlyTotal, BigDecimal waterTotal) {
        BigDecimal total() {
            return quarterlyTotal.add(waterTotal);
        }
    }

    static Expected expected(int size) {
        Set<Long> quarterly = new HashSet<>();
        Set<Long> outOfRange = new TreeSet<>();
        Map<Long, BigDecimal> water = new HashMap<>(size * 2);
        BigDecimal waterTotal = BigDecimal.ZERO.setScale(2);
        int charged = 0;
        for (long number = 1; number <= size; number++) {
            Row row = row(number);
            boolean dues = Math.floorMod(row.join.getMonthValue() - RUN_FROM.getMonthValue(), 3) == 0
                    && Period.between(row.birth, RUN_FROM).getYears() >= 18;
            if (dues) {
                quarterly.add(number);
            }
            BigDecimal rate = row.meter <= 1000 ? new BigDecimal("3.5") : row.meter <= 2000 ? new BigDecimal("3")
                    : row.meter <= 10_000 ? new BigDecimal("2.5") : null;
            if (rate == null) {
                outOfRange.add(number);
            } else {
                BigDecimal amount = BigDecimal.valueOf(row.meter).multiply(rate).setScale(2, RoundingMode.HALF_EVEN);
                water.put(number, amount);
                waterTotal = waterTotal.add(amount);
            }
            if (dues || rate != null) {
                charged++;
            }
        }
        return new Expected(quarterly, outOfRange, water, charged,
                QUARTERLY_PRICE.multiply(BigDecimal.valueOf(quarterly.size())), waterTotal);
    }

    private static void check(Simulation s, Expected expected, long quarterlyId, long waterId, int listed,
                              String what) {
        List<String> problems = new ArrayList<>();
        if (s.chargeCount() <= 0 || s.charges().isEmpty()) {
            problems.add("no charges");
        }
        if (s.charges().size() != Math.min(s.chargeCount(), listed)) {
            problems.add("chargeCount " + s.chargeCount() + " but " + s.charges().size() + " charges listed (the first "
                    + listed + " expected)");
        }
        if (s.chargeCount() != expected.chargedMembers || s.memberCount() != expected.chargedMembers) {
            problems.add(s.chargeCount() + " charges to " + s.memberCount() + " members, expected "
                    + expected.chargedMembers + " (one charge per member on 2027-01-01)");
        }
        BigDecimal sum = s.charges().stream().map(Simulation.Charge::total).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (s.charges().size() == s.chargeCount() && s.total().compareTo(sum) != 0) {
            problems.add("total " + s.total() + " is not the sum of the charges' totals " + sum);
        }
        if (s.total().compareTo(expected.total()) != 0) {
            problems.add("total " + s.total() + ", expected " + expected.total());
        }
        Map<Long, Simulation.LineTotal> lines = new HashMap<>();
        s.lines().forEach(line -> lines.put(line.lineId(), line));
        Simulation.LineTotal q = lines.get(quarterlyId);
        Simulation.LineTotal w = lines.get(waterId);
        if (q == null || q.members() != expected.quarterly.size() || q.total().compareTo(expected.quarterlyTotal) != 0) {
            problems.add("quarterly dues " + (q == null ? "missing" : q.members() + " members " + q.total())
                    + ", expected " + expected.quarterly.size() + " members " + expected.quarterlyTotal);
        }
        if (w == null || w.members() != expected.water.size() || w.total().compareTo(expected.waterTotal) != 0) {
            problems.add("water " + (w == null ? "missing" : w.members() + " members " + w.total()) + ", expected "
                    + expected.water.size() + " members " + expected.waterTotal);
        }
        // Every charge: the quarterly dues if due, the water amount if in range, in line order.
        int wrong = 0;
        for (Simulation.Charge charge : s.charges()) {
            List<BigDecimal> want = new ArrayList<>(2);
            if (expected.quarterly.contains(charge.memberNumber())) {
                want.add(QUARTERLY_PRICE);
            }
            BigDecimal amount = expected.water.get(charge.memberNumber());
            if (amount != null) {
                want.add(amount);
            }
            List<BigDecimal> got = charge.lines().stream().map(Simulation.Line::amount).toList();
            boolean same = got.size() == want.size() && charge.dueDate().equals(RUN_FROM);
            for (int i = 0; same && i < got.size(); i++) {
                same = got.get(i).compareTo(want.get(i)) == 0;
            }
            if (!same && wrong++ < 5) {
                problems.add("member " + charge.memberNumber() + " due " + charge.dueDate() + " charged " + got
                        + ", expected " + want);
            }
        }
        if (wrong > 5) {
            problems.add("... " + (wrong - 5) + " more wrong charges");
        }
        Set<Long> skipped = new TreeSet<>();
        for (Simulation.Skipped skip : s.skipped()) {
            if (skip.lineId() == null || skip.lineId() != waterId || !skip.reason().contains("lies in no range")) {
                if (problems.size() < 20) {
                    problems.add("unexpected skip: " + skip);
                }
            }
            skipped.add(skip.memberNumber());
        }
        boolean allSkipsListed = expected.outOfRange.size() <= listed;
        if (allSkipsListed ? !skipped.equals(expected.outOfRange) || s.skipped().size() != expected.outOfRange.size()
                : s.skipped().size() != listed || !expected.outOfRange.containsAll(skipped)) {
            problems.add(s.skipped().size() + " skipped (" + skipped.size() + " members), expected exactly the "
                    + expected.outOfRange.size() + " members whose reading is beyond the formula's ranges");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The " + what + " is wrong:\n  " + String.join("\n  ", problems));
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------

}
