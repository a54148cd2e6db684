package io.duesflow.members;

import static io.duesflow.members.MemberCsvColumns.*;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.duesflow.platform.CurrentUser;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.RequestTooLarge;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.postgresql.PGConnection;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports members from CSV, all or nothing by default. Every row is checked in Java first and every problem
 * reported with its row, column and reason; the good rows then go into temporary tables with {@code COPY} and
 * are merged into the register with a handful of set-based statements, so 100 000 rows take seconds, not
 * minutes. Rows are matched by member number: a known number updates that member, a new or empty one
 * registers a member. Columns missing from the file are left as they are. The rows are checked by the register's
 * own {@link MemberRules}, and every member the import touches gets a history entry in the register's words
 * ({@link ImportHistory}), written set-based like the rest.
 */
@Component
class MemberImport {

    record Problem(long row, String column, String value, String reason) {
    }

    /**
     * @param problems how many problems the file has; {@code errors} lists the first {@value #MAX_PROBLEMS_SHOWN}
     *                 of them (all of them are in the errors CSV up to {@value #MAX_PROBLEMS_KEPT})
     */
    record Report(long importId, int rows, int created, int updated, int rejected, boolean applied, long problems,
                  List<Problem> errors) {
    }

    private static final CSVFormat ERRORS_CSV = CSVFormat.DEFAULT.builder().setDelimiter(';')
            .setHeader("row", "column", "value", "reason").get();

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final MemberRegister register;
    private final ChangeLog changeLog;
    private final ImportHistory history;
    private final Clock clock;

    MemberImport(JdbcClient jdbc, DataSource dataSource, MemberRegister register, ChangeLog changeLog,
                 ImportHistory history, Clock clock) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.register = register;
        this.changeLog = changeLog;
        this.history = history;
        this.clock = clock;
    }

    /** The same as {@link #run(InputStream, boolean)}, for a file already in memory (tests, benchmarks). */
    @Transactional
    public Report run(byte[] file, boolean validRowsOnly) {
        return run(new ByteArrayInputStream(file), validRowsOnly);
    }

    /**
     * Reads the file as it arrives: its rows are checked one at a time and the good ones written to staging files on
     * disk, so memory stays the same for ten rows or a million. At most {@value #MAX_PROBLEMS_SHOWN} problems are
     * answered and {@value #MAX_PROBLEMS_KEPT} kept for the errors CSV; all of them are counted.
     */
    @Transactional
    public Report run(InputStream file, boolean validRowsOnly) {
        CsvText text = new CsvText(file);
        try (Stage stage = new Stage()) {
            return run(text, stage, validRowsOnly);
        }
    }

    private Report run(CsvText text, Stage stage, boolean validRowsOnly) {
        BufferedReader in = new BufferedReader(text, 1 << 16);
        char delimiter = delimiter(in);
        Context context = context();
        Problems problems = new Problems();
        int rows = 0;
        BitSet rejectedRows = new BitSet();
        try (CSVParser parser = CSVParser.builder().setReader(in).setFormat(CSVFormat.DEFAULT.builder()
                .setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                .setTrim(true).setAllowMissingColumnNames(true).get()).get()) {
            Columns columns = columns(parser.getHeaderNames(), context);
            stage.columns = columns;
            text.recordEnded(2);
            for (CSVRecord record : parser) {
                rows++;
                int row = (int) record.getRecordNumber() + 1;
                List<Problem> rowProblems = new ArrayList<>();
                stage.add(row, record, columns, context, rowProblems);
                if (!rowProblems.isEmpty()) {
                    problems.addAll(rowProblems);
                    rejectedRows.set(row);
                }
                text.recordEnded(row + 1);
            }
        } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            RequestTooLarge tooLarge = RequestTooLarge.in(e);
            if (tooLarge != null) {
                throw new UncheckedIOException(tooLarge);
            }
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            // The parser names the line; a cell that spans lines makes it differ from the row, so both are said.
            throw new InvalidInput("file", "Not a readable CSV file: " + cause.getMessage()
                    + (rows > 0 ? " (the row after row " + (rows + 1) + ")" : ""));
        } catch (IOException e) {
            if (RequestTooLarge.in(e) != null) {
                throw new UncheckedIOException(e);
            }
            throw new InvalidInput("file", "Not a readable CSV file: " + e.getMessage());
        }
        if (rows == 0) {
            throw new InvalidInput("file", "The file has a header but no members");
        }
        stage.finishWriting();
        long importId = jdbc.sql("select nextval(pg_get_serial_sequence('duesflow.member_import', 'id'))")
                .query(Long.class).single();
        if (problems.count() > 0 && !validRowsOnly) {
            return saved(importId, rows, 0, 0, rejectedRows.cardinality(), false, problems);
        }
        copyIntoStage(stage);
        List<Problem> conflicts = conflictsWithOtherMembers();
        if (!conflicts.isEmpty()) {
            problems.addAll(conflicts);
            conflicts.forEach(conflict -> rejectedRows.set((int) conflict.row()));
            if (!validRowsOnly) {
                return saved(importId, rows, 0, 0, rejectedRows.cardinality(), false, problems);
            }
            jdbc.sql("delete from member_stage where row_no = any(:rows)")
                    .param("rows", conflicts.stream().map(c -> (int) c.row()).toArray(Integer[]::new)).update();
        }
        int[] counts = merge(stage, context, importId);
        problems.sortByRow();
        Report report = saved(importId, rows, counts[0], counts[1], rejectedRows.cardinality(), true, problems);
        changeLog.record("member", "*", "imported", report.created() + " created, " + report.updated() + " updated, "
                + report.rejected() + " rejected (import " + report.importId() + ")");
        return report;
    }

    static final int MAX_PROBLEMS_SHOWN = 1_000;
    static final int MAX_PROBLEMS_KEPT = 100_000;

    /** The problems found, counted all, kept up to {@link #MAX_PROBLEMS_KEPT}: a million bad rows is one answer. */
    static final class Problems {
        private final List<Problem> kept = new ArrayList<>();
        private long count;

        void addAll(List<Problem> found) {
            for (Problem problem : found) {
                count++;
                if (kept.size() < MAX_PROBLEMS_KEPT) {
                    kept.add(problem);
                }
            }
        }

        long count() {
            return count;
        }

        void sortByRow() {
            kept.sort((a, b) -> Long.compare(a.row(), b.row()));
        }

        List<Problem> kept() {
            return kept;
        }

        List<Problem> shown() {
            return kept.size() <= MAX_PROBLEMS_SHOWN ? kept : kept.subList(0, MAX_PROBLEMS_SHOWN);
        }
    }

    @Transactional(readOnly = true)
    public String errorsCsv(long importId) {
        return jdbc.sql("select errors_csv from duesflow.member_import where id = :id").param("id", importId)
                .query(String.class).optional()
                .orElseThrow(() -> new io.duesflow.platform.NotFound("Import", importId));
    }

    // --- reading ---------------------------------------------------------------------------------------------

    /**
     * The delimiter is the one of ';' and ',' that the header line uses more. The header is read ahead and put back,
     * so the parser reads it again.
     */
    private static char delimiter(BufferedReader in) {
        String header;
        try {
            in.mark(CsvText.MAX_RECORD);
            header = in.readLine();
            in.reset();
        } catch (IOException e) {
            RequestTooLarge tooLarge = RequestTooLarge.in(e);
            throw tooLarge != null ? new UncheckedIOException(tooLarge)
                    : new InvalidInput("file", "The header line is longer than " + CsvText.MAX_RECORD + " characters");
        }
        if (header == null || header.isBlank()) {
            throw new InvalidInput("file", "The file is empty; the first line must name the columns, e.g. "
                    + String.join(";", STANDARD));
        }
        long semicolons = header.chars().filter(c -> c == ';').count();
        long commas = header.chars().filter(c -> c == ',').count();
        return semicolons >= commas ? ';' : ',';
    }

    /** What the file's columns mean: a standard column, or an extra field by code or name. */
    static final class Columns {
        final Set<String> standard = new HashSet<>();
        final Map<String, ExtraField> extra = new LinkedHashMap<>();

        boolean has(String column) {
            return standard.contains(column);
        }
    }

    private static Columns columns(List<String> header, Context context) {
        Columns columns = new Columns();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            String key = name.toLowerCase(Locale.ROOT);
            if (key.isBlank()) {
                throw new InvalidInput("file", "Row 1, column " + (i + 1) + ": a column without a name");
            }
            if (!seen.add(key)) {
                throw new InvalidInput("file", "Row 1, column " + (i + 1) + ": the column '" + name + "' appears twice");
            }
            if (STANDARD.contains(key)) {
                columns.standard.add(key);
            } else if (context.fields.containsKey(key)) {
                columns.extra.put(name, context.fields.get(key));
            } else {
                throw new InvalidInput("file", "Row 1, column " + (i + 1) + ": unknown column '" + name + "'. Columns are "
                        + String.join(", ", STANDARD) + " and the extra fields "
                        + context.fieldList.stream().map(f -> f.code() + " (" + f.name() + ")").collect(Collectors.joining(", ")));
            }
        }
        if (!columns.has(MEMBER_NUMBER) && !columns.has(NAME)) {
            throw new InvalidInput("file", "Row 1: no member_number and no name column; this is not a member list");
        }
        return columns;
    }

    /** What every row is checked against, read once. */
    private Context context() {
        Context context = new Context();
        Association association = register.association();
        context.defaultMethod = association.defaultCollectionMethod();
        context.defaultLanguage = MemberRules.defaultLanguage(association);
        register.groupsByKey().forEach((key, group) -> context.groups.put(key, group.id()));
        context.fieldList = register.extraFields();
        context.fieldList.forEach(field -> {
            context.fields.put(field.code().toLowerCase(Locale.ROOT), field);
            context.fields.put(field.name().toLowerCase(Locale.ROOT), field);
        });
        // The stored dates too: a row that changes one of them is checked against the other as it is stored.
        jdbc.sql("select member_number, join_date, leave_date from duesflow.member").query(rs -> {
            java.sql.Date leaveDate = rs.getDate(3);
            context.existing.put(rs.getLong(1), new Stored(rs.getDate(2).toLocalDate(),
                    leaveDate == null ? null : leaveDate.toLocalDate()));
        });
        context.today = LocalDate.now(clock);
        return context;
    }

    static final class Context {
        CollectionMethod defaultMethod;
        String defaultLanguage;
        final Map<String, Long> groups = new HashMap<>();
        final Map<String, ExtraField> fields = new HashMap<>();
        List<ExtraField> fieldList = List.of();
        final Map<Long, Stored> existing = new HashMap<>();
        final Set<Long> numbersInFile = new HashSet<>();
        final Set<String> mandatesInFile = new HashSet<>();
        final Set<String> agreementsInFile = new HashSet<>();
        LocalDate today;
    }

    /** What the register holds of a known member that a row's checks need. */
    record Stored(LocalDate joinDate, LocalDate leaveDate) {
    }

    /**
     * Checked rows as COPY text for the three staging tables, in files of their own on disk while the file is read:
     * PostgreSQL takes one COPY at a time, and a million rows are not kept in memory.
     */
    static final class Stage implements AutoCloseable {
        Columns columns;
        /** Rows staged for known members and for new ones: what the merge need not look for when there is none. */
        int knownRows;
        int newRows;
        private final Path directory;
        final Path members;
        final Path extraValues;
        final Path groups;
        private final CSVPrinter memberOut;
        private final CSVPrinter extraOut;
        private final CSVPrinter groupOut;

        Stage() {
            try {
                directory = Files.createTempDirectory("duesflow-import-");
                members = directory.resolve("members.csv");
                extraValues = directory.resolve("extra-values.csv");
                groups = directory.resolve("groups.csv");
                memberOut = new CSVPrinter(Files.newBufferedWriter(members), CSVFormat.POSTGRESQL_CSV);
                extraOut = new CSVPrinter(Files.newBufferedWriter(extraValues), CSVFormat.POSTGRESQL_CSV);
                groupOut = new CSVPrinter(Files.newBufferedWriter(groups), CSVFormat.POSTGRESQL_CSV);
            } catch (IOException e) {
                throw new UncheckedIOException("The import cannot write its staging files: " + e.getMessage(), e);
            }
        }

        void finishWriting() {
            try {
                memberOut.close();
                extraOut.close();
                groupOut.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                finishWriting();
            } catch (UncheckedIOException e) {
                // closing what failed already; the files go all the same
            }
            for (Path file : List.of(members, extraValues, groups, directory)) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a temporary file left behind is the system's to clean
                }
            }
        }

        void add(int row, CSVRecord record, Columns columns, Context context, List<Problem> problems) {
            RowReader in = new RowReader(row, record, problems);
            MemberRules.Problems rules = in::broken;
            Long number = MemberRules.memberNumber(in.text(MEMBER_NUMBER), rules);
            Stored stored = number == null ? null : context.existing.get(number);
            boolean existing = stored != null;
            if (number != null && !context.numbersInFile.add(number)) {
                in.problem(MEMBER_NUMBER, number.toString(), "member number " + number + " appears twice in the file");
            }
            // A known member keeps what the file has no column for; a new one is checked in full.
            String name = !existing || columns.has(NAME) ? MemberRules.name(in.text(NAME), rules) : null;
            LocalDate joinDate = in.date(JOIN_DATE);
            LocalDate joinsOn = MemberRules.joinDate(joinDate, existing ? stored.joinDate() : null, rules);
            String email = MemberRules.email(in.text(EMAIL), rules);
            String country = MemberRules.country(in.text(COUNTRY), rules);
            LocalDate birthDate = in.date(BIRTH_DATE);
            MemberRules.birthDate(birthDate, context.today, rules);
            LocalDate leaveDate = in.date(LEAVE_DATE);
            MemberRules.leaveDate(joinsOn, columns.has(LEAVE_DATE) || !existing ? leaveDate : stored.leaveDate(), rules);
            String language = MemberRules.language(in.text(LANGUAGE), existing ? null : context.defaultLanguage, rules);
            String method = in.text(COLLECTION_METHOD);
            if (method != null) {
                try {
                    CollectionMethod.valueOf(method.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    in.problem(COLLECTION_METHOD, method, "the collection method is INVOICE, SEPA_DIRECT_DEBIT, "
                            + "BETALINGSSERVICE, CARD or MANUAL");
                }
            }
            List<Long> groupIds = new ArrayList<>();
            String groupNames = in.text(GROUPS);
            if (groupNames != null) {
                for (String group : groupNames.split("\\|")) {
                    Long id = context.groups.get(MemberRules.groupKey(group));
                    if (id == null) {
                        in.problem(GROUPS, group.trim(), MemberRules.noSuchGroup(group.trim()));
                    } else if (!groupIds.contains(id)) {
                        groupIds.add(id);
                    }
                }
            }
            String mandateId = in.text(MANDATE_ID);
            String iban = in.text(IBAN);
            String bic = in.text(BIC);
            LocalDate signedOn = in.date(MANDATE_SIGNED_ON);
            if (mandateId != null) {
                mandateId = MemberRules.mandateId(mandateId, rules);
                if (!context.mandatesInFile.add(mandateId)) {
                    in.problem(MANDATE_ID, mandateId, "the mandate id appears twice in the file");
                }
                iban = MemberRules.iban(iban, rules);
                bic = MemberRules.bic(bic, rules);
                MemberRules.signedOn(signedOn, rules);
            } else if (iban != null) {
                in.problem(MANDATE_ID, "", "an IBAN without a mandate id cannot be collected from");
            }
            String agreement = in.text(AGREEMENT);
            if (agreement != null) {
                agreement = MemberRules.agreementNumber(agreement, rules);
                if (!in.failed(AGREEMENT) && !context.agreementsInFile.add(agreement)) {
                    in.problem(AGREEMENT, agreement, "the agreement number appears twice in the file");
                }
            }
            List<Object[]> extra = new ArrayList<>();
            for (Map.Entry<String, ExtraField> column : columns.extra.entrySet()) {
                String value = in.raw(column.getKey());
                try {
                    Member.ExtraValue parsed = ExtraValues.parse(column.getValue(), value, column.getKey());
                    if (parsed != null) {
                        extra.add(new Object[] {row, column.getValue().code(), parsed.numberValue(), parsed.textValue(),
                                parsed.dateValue()});
                    }
                } catch (InvalidInput e) {
                    in.problem(column.getKey(), value, e.getMessage());
                }
            }
            if (in.hasProblems()) {
                return;
            }
            try {
                if (existing) {
                    knownRows++;
                } else {
                    newRows++;
                }
                memberOut.printRecord(row, number, existing, name, email, in.text(STREET), in.text(BUILDING_NUMBER),
                        in.text(POSTCODE), in.text(TOWN), country, in.text(PHONE), birthDate, joinDate, leaveDate,
                        language,
                        method == null ? (existing ? null : context.defaultMethod.name()) : method.toUpperCase(Locale.ROOT),
                        mandateId, iban, bic, signedOn, agreement);
                for (Object[] value : extra) {
                    extraOut.printRecord(value);
                }
                for (Long groupId : groupIds) {
                    groupOut.printRecord(row, groupId);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Reads one row's cells, collecting problems instead of stopping at the first. */
    private static final class RowReader {
        private final int row;
        private final CSVRecord record;
        private final List<Problem> problems;
        private final Set<String> failed = new HashSet<>();
        private final Set<String> unreadable = new HashSet<>(2);

        RowReader(int row, CSVRecord record, List<Problem> problems) {
            this.row = row;
            this.record = record;
            this.problems = problems;
        }

        String raw(String column) {
            if (!record.isMapped(column)) {
                return null;
            }
            if (!record.isSet(column)) {
                unreadable(column, "", "the row has fewer cells than the header has columns");
                return null;
            }
            return record.get(column);
        }

        String text(String column) {
            String value = raw(column);
            return value == null || value.isBlank() ? null : value.trim();
        }

        LocalDate date(String column) {
            String value = text(column);
            if (value == null) {
                return null;
            }
            try {
                return ExtraValues.date(value, column, "expected yyyy-MM-dd or dd-MM-yyyy");
            } catch (InvalidInput e) {
                unreadable(column, value, "not a date: use yyyy-MM-dd or dd-MM-yyyy");
                return null;
            }
        }

        /**
         * A member rule the row breaks. A cell that could not be read at all has said so already; that it is then
         * missing is no news.
         */
        void broken(MemberRules.Field field, String value, String reason) {
            if (!unreadable.contains(field.column)) {
                problem(field.column, value, reason);
            }
        }

        void problem(String column, String value, String reason) {
            failed.add(column);
            problems.add(new Problem(row, column, value, reason));
        }

        private void unreadable(String column, String value, String reason) {
            unreadable.add(column);
            problem(column, value, reason);
        }

        boolean failed(String column) {
            return failed.contains(column);
        }

        boolean hasProblems() {
            return !failed.isEmpty();
        }
    }

    // --- applying --------------------------------------------------------------------------------------------

    private void copyIntoStage(Stage stage) {
        jdbc.sql("""
                create temporary table member_stage (
                    row_no int primary key, member_number bigint, existed boolean not null, name text, email text,
                    street text, building_number text, postcode text, town text, country text, phone text,
                    birth_date date, join_date date, leave_date date, language text, collection_method text,
                    mandate_id text, iban text, bic text, signed_on date, agreement text, member_id bigint
                ) on commit drop""").update();
        jdbc.sql("""
                create temporary table extra_stage (row_no int, field_code text, number_value numeric, text_value text,
                    date_value date) on commit drop""").update();
        jdbc.sql("create temporary table group_stage (row_no int, group_id bigint) on commit drop").update();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            try (Reader members = Files.newBufferedReader(stage.members);
                 Reader extraValues = Files.newBufferedReader(stage.extraValues);
                 Reader groups = Files.newBufferedReader(stage.groups)) {
                copy.copyIn("""
                        copy member_stage (row_no, member_number, existed, name, email, street, building_number, postcode,
                            town, country, phone, birth_date, join_date, leave_date, language, collection_method, mandate_id,
                            iban, bic, signed_on, agreement) from stdin (format csv)""", members);
                copy.copyIn("copy extra_stage from stdin (format csv)", extraValues);
                copy.copyIn("copy group_stage from stdin (format csv)", groups);
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Copying the import into its staging tables failed: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        jdbc.sql("analyze member_stage").update();
        // Numbers are never reused: move the sequence past every number the file brings, then number new rows.
        jdbc.sql("""
                select setval('duesflow.member_number_seq', highest)
                from (select greatest((select max(member_number) from member_stage),
                                      (select max(member_number) from duesflow.member)) as highest) h
                where highest >= (select last_value from duesflow.member_number_seq)""").query().listOfRows();
        jdbc.sql("""
                update member_stage s set member_number = numbered.number
                from (select row_no, nextval('duesflow.member_number_seq') as number
                      from (select row_no from member_stage where member_number is null order by row_no) ordered) numbered
                where s.row_no = numbered.row_no""").update();
    }

    private List<Problem> conflictsWithOtherMembers() {
        List<Problem> conflicts = new ArrayList<>(jdbc.sql("""
                        select s.row_no, s.mandate_id, m.member_number
                        from member_stage s
                        join duesflow.sepa_mandate sm on sm.mandate_id = s.mandate_id
                        join duesflow.member m on m.id = sm.member_id
                        where m.member_number <> s.member_number""")
                .query((rs, n) -> new Problem(rs.getInt(1), MANDATE_ID, rs.getString(2),
                        "the mandate id belongs to member " + rs.getLong(3))).list());
        conflicts.addAll(jdbc.sql("""
                        select s.row_no, s.agreement, m.member_number
                        from member_stage s
                        join duesflow.betalingsservice_agreement a on a.agreement_number = s.agreement
                        join duesflow.member m on m.id = a.member_id
                        where m.member_number <> s.member_number""")
                .query((rs, n) -> new Problem(rs.getInt(1), AGREEMENT, rs.getString(2),
                        "the agreement belongs to member " + rs.getLong(3))).list());
        return conflicts;
    }

    /** Merges the staged rows into the register; answers {created, updated}. */
    private int[] merge(Stage stage, Context context, long importId) {
        Columns columns = stage.columns;
        Timestamp now = Timestamp.from(Instant.now(clock));
        String by = CurrentUser.name();
        if (stage.knownRows > 0) {
            jdbc.sql("""
                    update member_stage s set member_id = m.id from duesflow.member m
                    where s.existed and m.member_number = s.member_number""").update();
            // Read before anything changes: the history compares the file with the register as it was.
            history.recordChanges(columns, context.today, importId);
        }
        // Only the columns the file has are written; an empty cell clears a value, except the four a member
        // always has, which an empty cell leaves as they are. The names come from our own column list.
        String set = MEMBER_TABLE.stream().filter(columns::has)
                .map(column -> KEPT_WHEN_EMPTY.contains(column)
                        ? column + " = coalesce(s." + column + ", m." + column + ")"
                        : column + " = s." + column)
                .map(assignment -> assignment + ", ")
                .collect(Collectors.joining());
        int updated = jdbc.sql("""
                        update duesflow.member m set %s version = m.version + 1, updated_at = :now, updated_by = :by
                        from member_stage s where s.existed and m.member_number = s.member_number""".formatted(set))
                .param("now", now).param("by", by).update();
        int created = jdbc.sql("""
                        insert into duesflow.member (member_number, name, email, street, building_number, postcode,
                            town, country, phone, birth_date, join_date, leave_date, language, collection_method,
                            version, created_at, created_by, updated_at, updated_by)
                        select member_number, name, email, street, building_number, postcode, town, country, phone,
                               birth_date, join_date, leave_date, language, collection_method, 0, :now, :by, :now, :by
                        from member_stage where not existed order by member_number""")
                .param("now", now).param("by", by).update();
        jdbc.sql("""
                update member_stage s set member_id = m.id from duesflow.member m
                where not s.existed and m.member_number = s.member_number""").update();
        if (stage.newRows > 0) {
            history.recordRegistrations(columns, importId);
        }

        if (!columns.extra.isEmpty()) {
            String[] codes = columns.extra.values().stream().map(ExtraField::code).distinct().toArray(String[]::new);
            jdbc.sql("""
                    delete from duesflow.member_extra_value v using member_stage s
                    where s.existed and v.member_id = s.member_id and v.field_code = any(:codes)""")
                    .param("codes", codes).update();
            jdbc.sql("""
                    insert into duesflow.member_extra_value (member_id, field_code, number_value, text_value, date_value)
                    select s.member_id, e.field_code, e.number_value, e.text_value, e.date_value
                    from extra_stage e join member_stage s on s.row_no = e.row_no""").update();
        }
        if (columns.has(GROUPS)) {
            jdbc.sql("""
                    update duesflow.group_membership gm set left_on = greatest(gm.joined_on, :today)
                    from member_stage s
                    where s.existed and gm.member_id = s.member_id and gm.left_on is null
                      and not exists (select 1 from group_stage g where g.row_no = s.row_no and g.group_id = gm.group_id)""")
                    .param("today", context.today).update();
            jdbc.sql("""
                    insert into duesflow.group_membership (member_id, group_id, joined_on)
                    select s.member_id, g.group_id, case when s.existed then :today else m.join_date end
                    from group_stage g join member_stage s on s.row_no = g.row_no join duesflow.member m on m.id = s.member_id
                    where not s.existed or not exists (
                        select 1 from duesflow.group_membership gm
                        where gm.member_id = s.member_id and gm.group_id = g.group_id and gm.left_on is null)
                    on conflict (member_id, group_id, joined_on) do update set left_on = null""")
                    .param("today", context.today).update();
        }
        if (columns.has(MANDATE_ID)) {
            mergeMandates(context.today);
        }
        if (columns.has(AGREEMENT)) {
            jdbc.sql("""
                    update duesflow.betalingsservice_agreement a set status = 'CANCELLED'
                    from member_stage s
                    where s.existed and s.agreement is not null and a.member_id = s.member_id
                      and a.agreement_number <> s.agreement and a.status = 'ACTIVE'""").update();
            jdbc.sql("""
                    insert into duesflow.betalingsservice_agreement (member_id, agreement_number, status)
                    select member_id, agreement, 'ACTIVE' from member_stage where agreement is not null
                    on conflict (agreement_number) do nothing""").update();
        }
        return new int[] {created, updated};
    }

    /**
     * Same mandate id with another IBAN: an amendment, keeping the original IBAN for the next collection.
     * A new mandate id: a newly signed mandate that replaces the member's active one.
     */
    private void mergeMandates(LocalDate today) {
        jdbc.sql("""
                update duesflow.sepa_mandate sm set
                    original_iban = case when sm.iban <> s.iban then coalesce(sm.original_iban, sm.iban) else sm.original_iban end,
                    amended_on = case when sm.iban <> s.iban then :today else sm.amended_on end,
                    iban = s.iban, bic = s.bic, signed_on = s.signed_on
                from member_stage s
                where s.existed and s.mandate_id is not null and sm.member_id = s.member_id and sm.mandate_id = s.mandate_id
                  and (sm.iban, sm.bic, sm.signed_on) is distinct from (s.iban, s.bic, s.signed_on)""")
                .param("today", today).update();
        jdbc.sql("""
                update duesflow.sepa_mandate sm set status = 'REVOKED'
                from member_stage s
                where s.existed and s.mandate_id is not null and sm.member_id = s.member_id
                  and sm.mandate_id <> s.mandate_id and sm.status = 'ACTIVE'
                  and not exists (select 1 from duesflow.sepa_mandate x where x.mandate_id = s.mandate_id)""").update();
        jdbc.sql("""
                insert into duesflow.sepa_mandate (member_id, mandate_id, iban, bic, signed_on, status)
                select member_id, mandate_id, iban, bic, signed_on, 'ACTIVE' from member_stage
                where mandate_id is not null
                on conflict (mandate_id) do nothing""").update();
    }

    private Report saved(long id, int rows, int created, int updated, int rejected, boolean applied,
                         Problems problems) {
        StringBuilder errors = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(errors, ERRORS_CSV)) {
            for (Problem problem : problems.kept()) {
                printer.printRecord(problem.row(), problem.column(), problem.value(), problem.reason());
            }
            if (problems.count() > problems.kept().size()) {
                printer.printRecord("", "", "", (problems.count() - problems.kept().size())
                        + " more problems are not listed; fix these and import the file again");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jdbc.sql("""
                        insert into duesflow.member_import (id, imported_at, imported_by, rows, created, updated, rejected,
                            applied, errors_csv)
                        overriding system value
                        values (:id, :at, :by, :rows, :created, :updated, :rejected, :applied, :errors)""")
                .param("id", id).param("at", Timestamp.from(Instant.now(clock))).param("by", CurrentUser.name())
                .param("rows", rows).param("created", created).param("updated", updated).param("rejected", rejected)
                .param("applied", applied).param("errors", errors.toString())
                .update();
        return new Report(id, rows, created, updated, rejected, applied, problems.count(), problems.shown());
    }
}
