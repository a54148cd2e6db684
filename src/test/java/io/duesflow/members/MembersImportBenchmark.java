package io.duesflow.members;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.duesflow.BenchSupport;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code bench/run members-import --size N}: imports a realistic N-row member CSV through {@link MemberImport#run}
 * (all or nothing: parse, validate, stage, merge, commit) and compares it with the physical floor of the same
 * work, a plain PostgreSQL {@code COPY} of the same rows into the same five tables with the same indexes,
 * measured in the same JVM on the same database. The last line printed is
 * {@code members-import size=N seconds=S baseline_seconds=B ratio=R peak_heap_mb=H}.
 * <p>
 * It lives in {@code io.duesflow.members} because {@link MemberImport} is package-private; it uses no REST.
 * Every row is generated deterministically from its member number, so the CSV and the baseline's COPY text come
 * from the same model without keeping N rows in memory while the import is measured.
 */
public final class MembersImportBenchmark {

    static final String METER = "meter reading";
    static final String LICENCE = "licence expires";
    static final String[] GROUP_NAMES = {"Senior", "Youth", "Subscribers – monthly"};
    static final BigDecimal[] GROUP_PRICES = {new BigDecimal("300.00"), new BigDecimal("150.00"), new BigDecimal("25.00")};
    /** Generated dates lie before this day, so none is in the future whenever the benchmark runs. */
    static final LocalDate REFERENCE_DAY = LocalDate.of(2025, 6, 30);
    static final long WARM_UP_FIRST_NUMBER = 900_000_001L;
    static final int WARM_UP_ROWS = 2_000;
    static final String TABLES = "duesflow.member, duesflow.member_extra_value, duesflow.group_membership, "
            + "duesflow.sepa_mandate, duesflow.betalingsservice_agreement";

    /** The benchmark's own lines; everything else that writes to stdout (the application's logging) goes to stderr. */
    private static final PrintStream OUT = System.out;

    public static void main(String[] args) throws Exception {
        BenchSupport.main("members-import", args, 100_000, MembersImportBenchmark::run);
    }

    private static String run(int size, Path dataDir) throws Exception {
        // On disk, as a treasurer's upload arrives: the file of a million members never sits in the heap.
        Path file = csvFile(1, size, dataDir);
        Counts expected = counts(1, size);
        OUT.printf(Locale.ROOT, "generated %d rows: %d SEPA mandates, %d Betalingsservice agreements, "
                        + "%d group memberships, %d extra values; file %.1f MB (%d bytes, UTF-8, ';')%n",
                size, expected.mandates, expected.agreements, expected.groups, expected.extraValues,
                Files.size(file) / 1048576.0, Files.size(file));

        try (ConfigurableApplicationContext context = BenchSupport.startApplication(dataDir)) {
            MemberRegister register = context.getBean(MemberRegister.class);
            MemberImport memberImport = context.getBean(MemberImport.class);
            DataSource dataSource = context.getBean(DataSource.class);

            long[] groupIds = new long[GROUP_NAMES.length];
            for (int i = 0; i < GROUP_NAMES.length; i++) {
                groupIds[i] = register.createGroup(GROUP_NAMES[i], GROUP_PRICES[i], null).id();
            }
            String meterCode = register.defineExtraField(METER, ExtraFieldType.NUMBER).code();
            String licenceCode = register.defineExtraField(LICENCE, ExtraFieldType.DATE).code();

            // Warm-up on numbers far above N, so the JIT has compiled the import before it is measured.
            long warmStart = System.nanoTime();
            MemberImport.Report warm = memberImport.run(csv(WARM_UP_FIRST_NUMBER, WARM_UP_ROWS), false);
            check(warm, WARM_UP_ROWS, "warm-up import");
            OUT.printf(Locale.ROOT, "warm-up import of %d rows: %.2f s%n", WARM_UP_ROWS,
                    BenchSupport.seconds(System.nanoTime() - warmStart));
            truncate(dataSource);

            // The measured import.
            System.gc();
            long heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
            heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
            Sampler sampler = new Sampler(dataSource);
            sampler.start();
            Instant importStart = Instant.now();
            long t0 = System.nanoTime();
            MemberImport.Report report;
            try (InputStream upload = Files.newInputStream(file)) {
                report = memberImport.run(upload, false);
            } finally {
                sampler.stop();
            }
            double importSeconds = BenchSupport.seconds(System.nanoTime() - t0);
            Instant importEnd = Instant.now();
            check(report, size, "import");
            long poolPeaks = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            OUT.printf(Locale.ROOT, "import: rows=%d created=%d updated=%d rejected=%d applied=%s errors=%d "
                            + "in %.2f s (%.0f rows/s)%n", report.rows(), report.created(), report.updated(),
                    report.rejected(), report.applied(), report.errors().size(), importSeconds, size / importSeconds);
            sampler.printPhases(importStart, importEnd);
            Files.delete(file);
            Counts imported = countTables(dataSource);
            if (!imported.equals(expected)) {
                throw new IllegalStateException("The import wrote " + imported + " but the file holds " + expected);
            }
            Map<String, String> importedContent = fingerprint(dataSource);

            // The baseline: COPY of the same rows into the same tables, text prepared before the timer starts.
            truncate(dataSource);
            Copies copies = copies(1, size, groupIds, meterCode, licenceCode, dataDir);
            System.gc();
            double baselineSeconds;
            try (Connection connection = dataSource.getConnection()) {
                checkpoint(connection);
                connection.setAutoCommit(false);
                CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
                long b0 = System.nanoTime();
                copy.copyIn("copy duesflow.member (id, member_number, name, email, street, building_number, postcode, "
                        + "town, country, phone, birth_date, join_date, leave_date, language, collection_method, version, "
                        + "created_at, created_by, updated_at, updated_by) from stdin", Files.newBufferedReader(copies.members));
                copy.copyIn("copy duesflow.member_extra_value (member_id, field_code, number_value, text_value, date_value) "
                        + "from stdin", Files.newBufferedReader(copies.extraValues));
                copy.copyIn("copy duesflow.group_membership (member_id, group_id, joined_on) from stdin",
                        Files.newBufferedReader(copies.groups));
                copy.copyIn("copy duesflow.sepa_mandate (member_id, mandate_id, iban, bic, signed_on, status) from stdin",
                        Files.newBufferedReader(copies.mandates));
                copy.copyIn("copy duesflow.betalingsservice_agreement (member_id, agreement_number, status) from stdin",
                        Files.newBufferedReader(copies.agreements));
                connection.commit();
                baselineSeconds = BenchSupport.seconds(System.nanoTime() - b0);
                connection.setAutoCommit(true);
            }
            OUT.printf(Locale.ROOT, "baseline: COPY of the same rows into the same 5 tables and indexes, one "
                    + "transaction: %.2f s (%.0f rows/s)%n", baselineSeconds, size / baselineSeconds);
            Counts copied = countTables(dataSource);
            Map<String, String> copiedContent = fingerprint(dataSource);
            if (!copied.equals(expected) || !copiedContent.equals(importedContent)) {
                List<String> differing = importedContent.keySet().stream()
                        .filter(table -> !importedContent.get(table).equals(copiedContent.get(table))).toList();
                throw new IllegalStateException("The import's result differs from the baseline's in " + differing
                        + " (import " + imported + ", baseline " + copied + ")");
            }
            OUT.println("the register's contents after the import and after the baseline COPY are identical "
                    + "(member, extra values, groups, mandates, agreements)");

            // Peak heap: the maximum of the heap in use sampled every 10 ms during the measured import (the sum of
            // the heap pools' peaks after System.gc() and resetPeakUsage is printed too; it overstates, since the
            // pools peak at different moments).
            long peakHeapMb = Math.round(sampler.peakHeap / 1048576.0);
            OUT.printf(Locale.ROOT, "heap: %d MB in use before the import (application context), peak %d MB "
                            + "sampled during it (sum of pool peaks %d MB), -Xmx %d MB%n",
                    Math.round(heapBefore / 1048576.0), peakHeapMb, Math.round(poolPeaks / 1048576.0),
                    Math.round(Runtime.getRuntime().maxMemory() / 1048576.0));
            return String.format(Locale.ROOT, "members-import size=%d seconds=%.2f baseline_seconds=%.2f ratio=%.2f "
                    + "peak_heap_mb=%d", size, importSeconds, baselineSeconds, importSeconds / baselineSeconds, peakHeapMb);
        }
    }

    // --- checking --------------------------------------------------------------------------------------------

    private static void check(MemberImport.Report report, int rows, String what) {
        if (!report.applied() || report.rows() != rows || report.created() != rows || report.updated() != 0
                || report.rejected() != 0 || !report.errors().isEmpty()) {
            StringBuilder message = new StringBuilder("The " + what + " went wrong: rows=" + report.rows() + " created="
                    + report.created() + " updated=" + report.updated() + " rejected=" + report.rejected() + " applied="
                    + report.applied() + " errors=" + report.errors().size());
            report.errors().stream().limit(20).forEach(problem -> message.append("\n  ").append(problem));
            throw new IllegalStateException(message.toString());
        }
    }

    record Counts(long members, long extraValues, long groups, long mandates, long agreements) {
    }

    private static Counts counts(long first, int rows) {
        long extra = 0;
        long groups = 0;
        long mandates = 0;
        long agreements = 0;
        for (long number = first; number < first + rows; number++) {
            Row row = row(number);
            extra += (row.meter == null ? 0 : 1) + (row.licence == null ? 0 : 1);
            groups += row.groups.size();
            mandates += row.mandateId == null ? 0 : 1;
            agreements += row.agreement == null ? 0 : 1;
        }
        return new Counts(rows, extra, groups, mandates, agreements);
    }

    private static Counts countTables(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("""
                     select (select count(*) from duesflow.member), (select count(*) from duesflow.member_extra_value),
                            (select count(*) from duesflow.group_membership), (select count(*) from duesflow.sepa_mandate),
                            (select count(*) from duesflow.betalingsservice_agreement)""")) {
            rs.next();
            return new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
        }
    }

    /** An md5 per table over everything but surrogate ids and audit timestamps, keyed by member number. */
    private static Map<String, String> fingerprint(DataSource dataSource) throws SQLException {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("member", """
                select md5(string_agg((member_number, name, email, street, building_number, postcode, town, country, phone,
                    birth_date, join_date, leave_date, language, collection_method, version, created_by)::text, E'\\n'
                    order by member_number)) from duesflow.member""");
        queries.put("member_extra_value", """
                select md5(string_agg((m.member_number, v.field_code, v.number_value, v.text_value, v.date_value)::text,
                    E'\\n' order by m.member_number, v.field_code))
                from duesflow.member_extra_value v join duesflow.member m on m.id = v.member_id""");
        queries.put("group_membership", """
                select md5(string_agg((m.member_number, g.group_id, g.joined_on, g.left_on)::text, E'\\n'
                    order by m.member_number, g.group_id))
                from duesflow.group_membership g join duesflow.member m on m.id = g.member_id""");
        queries.put("sepa_mandate", """
                select md5(string_agg((m.member_number, s.mandate_id, s.iban, s.bic, s.signed_on, s.status,
                    s.first_collection_done, s.original_mandate_id, s.original_iban, s.amended_on)::text, E'\\n'
                    order by m.member_number))
                from duesflow.sepa_mandate s join duesflow.member m on m.id = s.member_id""");
        queries.put("betalingsservice_agreement", """
                select md5(string_agg((m.member_number, a.agreement_number, a.status)::text, E'\\n' order by m.member_number))
                from duesflow.betalingsservice_agreement a join duesflow.member m on m.id = a.member_id""");
        Map<String, String> result = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (Map.Entry<String, String> query : queries.entrySet()) {
                try (ResultSet rs = statement.executeQuery(query.getValue())) {
                    rs.next();
                    result.put(query.getKey(), rs.getString(1));
                }
            }
        }
        return result;
    }

    /** Empties the five tables the import fills (and what cascades from member); resets nothing else. */
    private static void truncate(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("truncate " + TABLES + " cascade");
            checkpoint(connection);
        }
    }

    /** Neither measured phase pays for writing out the other's dirty pages. */
    private static void checkpoint(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("checkpoint");
        }
    }

    // --- the rows --------------------------------------------------------------------------------------------

    record Row(long number, String name, String email, String street, String building, String postcode, String town,
               String country, String phone, LocalDate birth, LocalDate join, LocalDate leave, String language,
               String method, String mandateId, String iban, String bic, LocalDate signedOn, String agreement,
               List<Integer> groups, BigDecimal meter, String meterText, LocalDate licence, String licenceText) {
    }

    private static final String[] DK_FIRST = {"Søren", "Mette", "Jørgen", "Åse", "Bjørn", "Kirsten", "Mads", "Freja",
            "Birgitte", "Poul", "Lærke", "Anders", "Signe", "Knud", "Søs", "Ebbe", "Øjvind", "Karen", "Niels", "Ida"};
    private static final String[] DK_LAST = {"Jørgensen", "Sørensen", "Mølgaard", "Ågård", "Kjær", "Nørgaard", "Hansen",
            "Pedersen", "Bækgaard", "Læsøe", "Østergaard", "Rasmussen", "Thomsen", "Bøgh", "Dalsgård", "Frølich"};
    private static final String[] NL_FIRST = {"Sanne", "Daan", "Joëlle", "Bram", "Anouk", "Thijs", "Femke", "Sjoerd",
            "Maarten", "Eline", "Ruud", "Chloë", "Geert", "Ingrid", "Noël", "Renée"};
    private static final String[] NL_LAST = {"de Vries", "van den Berg", "Bakker", "Janssen", "van Dijk", "IJsselstein",
            "Visser", "Smit", "Meijer", "de Jong", "van der Meer", "Mulder", "Brouwer", "Hendriks", "ter Horst", "Çelik"};
    private static final String[] DK_STREETS = {"Nørregade", "Åboulevarden", "Vesterbrogade", "Ærøgade", "Søndergade",
            "Strøget", "Østerbrogade", "Møllevej", "Kærvej", "Fælledvej", "Grønnegade", "Skovløkken"};
    private static final String[] NL_STREETS = {"Keizersgracht", "Dorpsstraat", "Kerkstraat", "Stationsweg",
            "Molenstraat", "Julianalaan", "Oudegracht", "Lange Voorhout", "Prinses Beatrixlaan", "Burg. de Vlugtlaan"};
    private static final String[][] DK_TOWNS = {{"1050", "København K"}, {"8000", "Aarhus C"}, {"9000", "Aalborg"},
            {"5000", "Odense C"}, {"4700", "Næstved"}, {"4600", "Køge"}, {"2800", "Kongens Lyngby"}, {"7100", "Vejle"},
            {"9800", "Hjørring"}, {"6400", "Sønderborg"}, {"3700", "Rønne"}, {"8900", "Randers C"}};
    private static final String[] NL_TOWNS = {"Amsterdam", "Utrecht", "'s-Hertogenbosch", "Zwolle", "Groningen",
            "Den Haag", "Eindhoven", "Leeuwarden"};
    private static final String[] DK_FLOORS = {"", "", "", "B", ", 1. tv", ", 2. th", ", st. mf", ", 3. 12"};
    private static final String[][] NL_BANKS = {{"ABNA", "ABNANL2A"}, {"RABO", "RABONL2U"}, {"INGB", "INGBNL2A"},
            {"TRIO", "TRIONL2U"}, {"SNSB", "SNSBNL2A"}, {"ASNB", "ASNBNL21"}};
    private static final String POSTCODE_LETTERS = "ABCEGHJKLMNPRTVWXZ";
    private static final DateTimeFormatter DAY_FIRST = DateTimeFormatter.ofPattern("dd-MM-uuuu");

    /** One member, the same every time for the same number. */
    static Row row(long number) {
        SplittableRandom r = new SplittableRandom(number * 0x9E3779B97F4A7C15L + 17);
        boolean dk = r.nextInt(100) < 60;
        String first = pick(r, dk ? DK_FIRST : NL_FIRST);
        String last = pick(r, dk ? DK_LAST : NL_LAST);
        String name = r.nextInt(200) == 0 ? first + " \"" + pick(r, DK_FIRST) + "\" " + last
                : r.nextInt(10) == 0 ? first + " " + (char) ('A' + r.nextInt(26)) + ". " + last : first + " " + last;
        String email = r.nextInt(100) < 94 ? (ascii(first) + "." + ascii(last)).replace(" ", "") + number + "@"
                + (dk ? pick(r, "mail.dk", "jubii.dk", "gmail.com") : pick(r, "ziggo.nl", "kpnmail.nl", "gmail.com")) : null;
        String street;
        String building;
        String postcode;
        String town;
        String phone;
        if (dk) {
            street = pick(r, DK_STREETS);
            building = (1 + r.nextInt(180)) + pick(r, DK_FLOORS);
            String[] place = DK_TOWNS[r.nextInt(DK_TOWNS.length)];
            postcode = place[0];
            town = place[1];
            phone = r.nextInt(100) < 85 ? String.format(Locale.ROOT, "+45 %02d %02d %02d %02d", 20 + r.nextInt(80),
                    r.nextInt(100), r.nextInt(100), r.nextInt(100)) : null;
        } else {
            street = pick(r, NL_STREETS);
            building = (1 + r.nextInt(250)) + pick(r, "", "", "", "A", "-2", " bis", "-hs");
            postcode = (1000 + r.nextInt(9000)) + " " + POSTCODE_LETTERS.charAt(r.nextInt(POSTCODE_LETTERS.length()))
                    + POSTCODE_LETTERS.charAt(r.nextInt(POSTCODE_LETTERS.length()));
            town = pick(r, NL_TOWNS);
            phone = r.nextInt(100) < 85 ? String.format(Locale.ROOT, "+31 6 %08d", r.nextInt(100_000_000)) : null;
        }
        LocalDate birth = LocalDate.of(1935, 1, 1).plusDays(r.nextInt(80 * 365));
        LocalDate earliestJoin = max(LocalDate.of(1985, 1, 1), birth.plusYears(5));
        LocalDate join = earliestJoin.plusDays(r.nextLong(REFERENCE_DAY.toEpochDay() - earliestJoin.toEpochDay() + 1));
        if (r.nextInt(100) < 8) {
            birth = null;
        }
        LocalDate leave = r.nextInt(100) < 4
                ? join.plusDays(r.nextLong(REFERENCE_DAY.toEpochDay() - join.toEpochDay() + 1)) : null;
        String language = r.nextInt(100) < 85 ? (dk ? "da" : "nl") : "en";
        int method = r.nextInt(100);
        String collection;
        String mandateId = null;
        String iban = null;
        String bic = null;
        LocalDate signedOn = null;
        String agreement = null;
        if (dk && method < 45) {
            collection = "BETALINGSSERVICE";
            agreement = Long.toString(100_000_000L + number);
        } else if (!dk && method < 60) {
            collection = "SEPA_DIRECT_DEBIT";
            String[] bank = NL_BANKS[r.nextInt(NL_BANKS.length)];
            mandateId = "DUES-" + number + "-" + (1 + r.nextInt(3));
            iban = iban("NL", bank[0] + String.format(Locale.ROOT, "%010d", r.nextLong(10_000_000_000L)));
            bic = r.nextInt(100) < 85 ? bank[1] : null;
            signedOn = join.plusDays(r.nextLong(REFERENCE_DAY.toEpochDay() - join.toEpochDay() + 1));
        } else {
            collection = "INVOICE";
        }
        List<Integer> groups = new ArrayList<>(2);
        int age = REFERENCE_DAY.getYear() - (birth == null ? 1980 : birth.getYear());
        groups.add(age >= 65 && r.nextInt(100) < 80 ? 0 : age < 20 && r.nextInt(100) < 80 ? 1 : r.nextInt(3));
        if (r.nextInt(100) < 35) {
            int second = groups.get(0) == 2 ? (age >= 65 ? 0 : 1) : 2;
            groups.add(second);
        }
        BigDecimal meter = null;
        String meterText = null;
        if (r.nextInt(100) < 90) {
            meter = BigDecimal.valueOf(r.nextLong(10_000_000L), r.nextInt(100) < 70 ? 2 : 1);
            meterText = dk && r.nextInt(100) < 50 ? meter.toPlainString().replace('.', ',') : meter.toPlainString();
        }
        LocalDate licence = null;
        String licenceText = null;
        if (r.nextInt(100) < 70) {
            licence = REFERENCE_DAY.plusDays(r.nextInt(1900) - 400);
            licenceText = r.nextInt(100) < 40 ? licence.format(DAY_FIRST) : licence.toString();
        }
        return new Row(number, name, email, street, building, postcode, town, dk ? "DK" : "NL", phone, birth, join, leave,
                language, collection, mandateId, iban, bic, signedOn, agreement, groups, meter, meterText, licence,
                licenceText);
    }

    /** An IBAN with correct ISO 7064 mod-97 check digits. */
    static String iban(String country, String bban) {
        String rearranged = bban + country + "00";
        StringBuilder digits = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        int check = 98 - new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue();
        return country + String.format(Locale.ROOT, "%02d", check) + bban;
    }

    // --- the CSV ---------------------------------------------------------------------------------------------

    static byte[] csv(long first, int rows) {
        StringWriter out = new StringWriter(rows * 260);
        try {
            writeCsv(out, first, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Path csvFile(long first, int rows, Path folder) throws IOException {
        Path file = folder.resolve("members-" + first + "-" + rows + ".csv");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeCsv(out, first, rows);
        }
        return file;
    }

    private static void writeCsv(Writer out, long first, int rows) throws IOException {
        List<String> header = new ArrayList<>(MemberCsvColumns.STANDARD);
        header.add(METER);
        header.add(LICENCE);
        out.write(String.join(";", header));
        out.write("\r\n");
        StringBuilder line = new StringBuilder(512);
        for (long number = first; number < first + rows; number++) {
            Row row = row(number);
            String groups = String.join("|", row.groups.stream().map(i -> GROUP_NAMES[i]).toList());
            line.setLength(0);
            // In the order of MemberCsvColumns.STANDARD, then the two extra fields.
            Stream.of(Long.toString(row.number), row.name, row.email, row.street, row.building, row.postcode, row.town,
                            row.country, row.phone, text(row.birth), text(row.join), text(row.leave), row.language,
                            row.method, groups, row.mandateId, row.iban, row.bic, text(row.signedOn), row.agreement,
                            row.meterText, row.licenceText)
                    .forEach(cell -> line.append(cell(cell)).append(';'));
            line.setLength(line.length() - 1);
            line.append("\r\n");
            out.append(line);
        }
    }

    private static String cell(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(';') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    // --- the baseline's COPY text ----------------------------------------------------------------------------

    record Copies(Path members, Path extraValues, Path groups, Path mandates, Path agreements) {
    }

    /** The COPY text of each table, in files beside the data: a million members' worth does not fit the heap. */
    static Copies copies(long first, int rows, long[] groupIds, String meterCode, String licenceCode, Path folder)
            throws IOException {
        String now = OffsetDateTime.now().toString();
        Copies copies = new Copies(folder.resolve("copy-member.txt"), folder.resolve("copy-extra.txt"),
                folder.resolve("copy-groups.txt"), folder.resolve("copy-mandates.txt"),
                folder.resolve("copy-agreements.txt"));
        try (Writer members = Files.newBufferedWriter(copies.members());
             Writer extra = Files.newBufferedWriter(copies.extraValues());
             Writer groups = Files.newBufferedWriter(copies.groups());
             Writer mandates = Files.newBufferedWriter(copies.mandates());
             Writer agreements = Files.newBufferedWriter(copies.agreements())) {
            StringBuilder line = new StringBuilder(512);
            for (long number = first; number < first + rows; number++) {
                Row row = row(number);
                long id = number - first + 1;
                line(members, line, id, row.number, row.name, row.email, row.street, row.building, row.postcode,
                        row.town, row.country, row.phone, row.birth, row.join, row.leave, row.language, row.method, 0,
                        now, "system", now, "system");
                if (row.meter != null) {
                    line(extra, line, id, meterCode, row.meter.toPlainString(), null, null);
                }
                if (row.licence != null) {
                    line(extra, line, id, licenceCode, null, null, row.licence);
                }
                for (int group : row.groups) {
                    line(groups, line, id, groupIds[group], row.join);
                }
                if (row.mandateId != null) {
                    line(mandates, line, id, row.mandateId, row.iban, row.bic, row.signedOn, "ACTIVE");
                }
                if (row.agreement != null) {
                    line(agreements, line, id, row.agreement, "ACTIVE");
                }
            }
        }
        return copies;
    }

    private static void line(Writer to, StringBuilder out, Object... values) throws IOException {
        out.setLength(0);
        line(out, values);
        to.append(out);
    }

    /** One line of COPY's text format: tab-separated, \N for null, backslash escapes. */
    private static void line(StringBuilder out, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append('\t');
            }
            Object value = values[i];
            if (value == null) {
                out.append("\\N");
                continue;
            }
            String text = value.toString();
            for (int c = 0; c < text.length(); c++) {
                char ch = text.charAt(c);
                switch (ch) {
                    case '\\' -> out.append("\\\\");
                    case '\t' -> out.append("\\t");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    default -> out.append(ch);
                }
            }
        }
        out.append('\n');
    }

    // --- measuring -------------------------------------------------------------------------------------------

    /**
     * Samples the heap in use and, from pg_stat_activity on a connection of its own, the statements the import's
     * session runs: their start times split the import into its Java part (reading, parsing, validating, writing
     * the staging COPY text) and its database part, without touching MemberImport.
     */
    static final class Sampler {
        private static final java.util.regex.Pattern WRITES_REGISTER = java.util.regex.Pattern.compile(
                "^\\s*(with\\s+\\w+\\s+as\\s*\\(\\s*)?(insert\\s+into|update|delete\\s+from|merge\\s+into)\\s+duesflow\\.",
                java.util.regex.Pattern.CASE_INSENSITIVE);
        private final DataSource dataSource;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Map<String, Instant> statements = new HashMap<>();
        private Thread thread;
        private Exception failure;
        volatile long peakHeap;

        Sampler(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        void start() throws SQLException {
            Connection connection = dataSource.getConnection();
            thread = new Thread(() -> {
                try (connection; var query = connection.prepareStatement("""
                        select query, query_start from pg_stat_activity
                        where datname = current_database() and pid <> pg_backend_pid() and query_start is not null""")) {
                    var memory = ManagementFactory.getMemoryMXBean();
                    while (running.get()) {
                        peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
                        try (ResultSet rs = query.executeQuery()) {
                            while (rs.next()) {
                                Instant started = rs.getObject(2, OffsetDateTime.class).toInstant();
                                statements.merge(rs.getString(1), started, (a, b) -> a.isBefore(b) ? a : b);
                            }
                        }
                        peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
                        Thread.sleep(10);
                    }
                } catch (SQLException | InterruptedException e) {
                    failure = e;
                }
            }, "import-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
            peakHeap = Math.max(peakHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }

        /**
         * The first statement on the staging tables starts the database part; the first that writes a register
         * table (duesflow.*) starts the merge.
         */
        void printPhases(Instant start, Instant end) {
            if (failure != null) {
                OUT.println("(no split of the import's time: " + failure + ")");
                return;
            }
            Instant staging = first(start, query -> query.contains("member_stage"));
            Instant merge = first(staging == null ? start : staging, query -> WRITES_REGISTER.matcher(query).find());
            if (staging == null || merge == null || merge.isBefore(staging)) {
                OUT.println("(no split of the import's time: its statements were not seen in pg_stat_activity)");
                return;
            }
            OUT.printf(Locale.ROOT, "  where the import's time went (from pg_stat_activity start times): "
                            + "read+parse+validate in Java %.2f s, staging (temp tables, COPY, numbering, conflict "
                            + "checks) %.2f s, merge into the register + import record + commit %.2f s%n",
                    between(start, staging), between(staging, merge), between(merge, end));
        }

        private Instant first(Instant notBefore, java.util.function.Predicate<String> matches) {
            return statements.entrySet().stream()
                    .filter(entry -> !entry.getValue().isBefore(notBefore) && matches.test(entry.getKey()))
                    .map(Map.Entry::getValue).min(Comparator.naturalOrder()).orElse(null);
        }

        private static double between(Instant a, Instant b) {
            return java.time.Duration.between(a, b).toNanos() / 1e9;
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static String text(LocalDate date) {
        return date == null ? null : date.toString();
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    @SafeVarargs
    private static <T> T pick(SplittableRandom r, T... choices) {
        return choices[r.nextInt(choices.length)];
    }

    private static String ascii(String text) {
        return text.toLowerCase(Locale.ROOT).replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
                .replace("ë", "e").replace("é", "e").replace("ç", "c").replace("'", "").replace("\"", "");
    }


}
