package io.duesflow.ledger;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.duesflow.platform.Conflict;
import io.duesflow.platform.CurrentUser;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.Money;
import io.duesflow.platform.NotFound;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLStateSQLExceptionTranslator;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Books vouchers, each exactly once, and keeps the months a treasurer closed. A voucher is written in the caller's
 * transaction (the change it books), its lines a slice of thousands per statement, and the database checks at commit
 * that it balances (V13). Its number is the next of its year, taken under the ledger's lock, so numbers have no gaps
 * and a rolled-back change gives its number back.
 */
@Component
@Transactional
class Journal {

    /**
     * What caused a voucher; with its key (the run, the credit note, the charge, the direct-debit file, the payment, a
     * part of a bank file and its booking day …) it is booked once, whoever asks again.
     */
    enum Source {
        RUN_APPROVED, CREDIT_NOTE, CHARGE_CANCELLED, CORRECTION,
        /** A direct-debit file placed at the bank (key: the file). */
        COLLECTION_PLACED,
        /**
         * What one part of a bank file moved on one booking day (key: file/part/day): payments, overpayments,
         * settlements, returns, settlements undone, bank charges.
         */
        BANK_FILE,
        /** One payment by hand, card or a treasurer's assignment (key: the payment), and what it overpaid. */
        PAYMENT, MEMBER_CREDIT_ADDED, MEMBER_CREDIT_USED, PAYMENT_UNDONE,
        /** A bank credit a treasurer marked as not dues (key: the bank transaction). */
        NOT_DUES,
        /** The fees a reminder round added, keyed by the round. */
        REMINDER_FEE
    }

    /** Where a voucher's lines go: debit positive, credit negative; a zero amount books nothing. */
    interface Lines {
        void add(String account, BigDecimal amount, String text, Long memberNumber, Long chargeId);
    }

    record Booked(long id, int year, int number, LocalDate bookedOn, LocalDate datedOn, String note, int lines) {
    }

    record Voucher(long id, int year, int number, LocalDate bookedOn, LocalDate datedOn, String text, String note,
                   String source, String sourceKey, Instant createdAt, String createdBy, int lineCount,
                   BigDecimal debit) {
    }

    record Line(int line, String account, String accountName, BigDecimal debit, BigDecimal credit, String text,
                Long memberNumber, Long chargeId) {
    }

    record Closing(LocalDate closedThrough, Instant closedAt, String closedBy) {
    }

    /** Lines per COPY. */
    static final int SLICE = 20_000;

    /**
     * Bookings and closings take this transaction-level lock one after the other, so the month a voucher is checked
     * against cannot close under it, and "the year's highest number + 1" is nobody else's.
     */
    private static final long LEDGER_LOCK = 0x6475_6573_6C65_6467L;

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final ChartOfAccounts chart;
    private final Clock clock;
    private final MeterRegistry meters;

    Journal(JdbcClient jdbc, DataSource dataSource, ChartOfAccounts chart, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.chart = chart;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Books the voucher {@code lines} writes, unless {@code source} and {@code key} are booked already. Dated in a
     * closed month, it is booked on the first open day with a note saying so. Lines to an account that is not in the
     * chart, or inactive, are refused naming the account and the line. A voucher whose lines all come to nothing
     * (no line, or only zero amounts) is not booked at all.
     *
     * @return the voucher booked; empty when it was booked before, or had nothing to book
     */
    Optional<Booked> book(Source source, String key, LocalDate datedOn, String text, Consumer<Lines> lines) {
        // Seconds per source, on /actuator/prometheus: what booking adds to an approval.
        Timer.Sample sample = Timer.start(meters);
        try {
            return bookTimed(source, key, datedOn, text, lines);
        } finally {
            sample.stop(meters.timer("duesflow.ledger.booking", "source", source.name()));
        }
    }

    private Optional<Booked> bookTimed(Source source, String key, LocalDate datedOn, String text, Consumer<Lines> lines) {
        lock();
        if (booked(source, key).isPresent()) {
            return Optional.empty();
        }
        LocalDate closedThrough = closedThrough();
        LocalDate bookedOn = datedOn;
        String note = null;
        if (closedThrough != null && !datedOn.isAfter(closedThrough)) {
            bookedOn = closedThrough.plusDays(1);
            note = "Dated " + datedOn + ", in a closed month (closed through " + closedThrough
                    + "); booked on the first open day";
        }
        VoucherWriter writer = new VoucherWriter(source, key, datedOn, bookedOn, text, note, chart.byNumber());
        lines.accept(writer);
        writer.flush();
        return writer.voucherId == null ? Optional.empty() : Optional.of(new Booked(writer.voucherId, bookedOn.getYear(),
                writer.number, bookedOn, datedOn, note, writer.written));
    }

    /** The voucher booked for {@code source} and {@code key}, if any. */
    @Transactional(readOnly = true)
    Optional<Voucher> booked(Source source, String key) {
        return jdbc.sql(VOUCHERS + " where v.source = :source and v.source_key = :key")
                .param("source", source.name()).param("key", key).query(Journal::voucher).optional();
    }

    /**
     * Writes a voucher's lines with {@code COPY}, a slice at a time (the database's rules run on them all the same);
     * the voucher row comes with the first line that is not zero.
     */
    private final class VoucherWriter implements Lines {
        private final Source source;
        private final String key;
        private final LocalDate datedOn;
        private final LocalDate bookedOn;
        private final String text;
        private final String note;
        private final Map<String, Account> accounts;
        private final StringBuilder rows = new StringBuilder(SLICE * 80);
        private int pending;
        private Long voucherId;
        private int number;
        private int written;

        VoucherWriter(Source source, String key, LocalDate datedOn, LocalDate bookedOn, String text, String note,
                      Map<String, Account> accounts) {
            this.source = source;
            this.key = key;
            this.datedOn = datedOn;
            this.bookedOn = bookedOn;
            this.text = text;
            this.note = note;
            this.accounts = accounts;
        }

        @Override
        public void add(String account, BigDecimal amount, String lineText, Long memberNumber, Long chargeId) {
            if (amount.signum() == 0) {
                return;
            }
            Account target = accounts.get(account);
            if (target == null || !target.active()) {
                throw new InvalidInput("ledgerAccount", "Account " + account + (target == null
                        ? " is not in the chart of accounts" : " (" + target.name() + ") is inactive") + "; it is booked on '"
                        + lineText + "' of '" + text + "'. " + (target == null ? "Open it (POST /api/ledger/accounts)"
                        : "Activate it (PUT /api/ledger/accounts/" + account + ")") + " or book to another account");
            }
            if (voucherId == null) {
                open();
            }
            rows.append(voucherId).append('\t').append(written + pending + 1).append('\t').append(bookedOn).append('\t');
            copyText(rows, account).append('\t').append(Money.of(amount).amount().toPlainString()).append('\t');
            copyText(rows, lineText).append('\t').append(memberNumber == null ? "\\N" : memberNumber).append('\t')
                    .append(chargeId == null ? "\\N" : chargeId).append('\n');
            if (++pending == SLICE) {
                flush();
            }
        }

        void flush() {
            if (pending == 0) {
                return;
            }
            copyLines(rows);
            written += pending;
            pending = 0;
            rows.setLength(0);
        }

        private void open() {
            number = jdbc.sql("select coalesce(max(number), 0) + 1 from duesflow.voucher where year = :year")
                    .param("year", bookedOn.getYear()).query(Integer.class).single();
            voucherId = jdbc.sql("""
                            insert into duesflow.voucher (year, number, booked_on, dated_on, text, note, source, source_key,
                                                          created_at, created_by, created_tx)
                            values (:year, :number, :bookedOn, :datedOn, :text, :note, :source, :key, :at, :by, 0)
                            returning id""")
                    .param("year", bookedOn.getYear()).param("number", number).param("bookedOn", Date.valueOf(bookedOn))
                    .param("datedOn", Date.valueOf(datedOn)).param("text", text).param("note", note)
                    .param("source", source.name()).param("key", key).param("at", Timestamp.from(Instant.now(clock)))
                    .param("by", CurrentUser.name())
                    .query(Long.class).single();
        }
    }

    /** One slice of lines as COPY text, on the transaction's own connection. */
    private void copyLines(CharSequence rows) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                    copy duesflow.journal_line (voucher_id, line, booked_on, account, amount, text, member_number,
                                                charge_id) from stdin""", new StringReader(rows.toString()));
        } catch (SQLException e) {
            throw new SQLStateSQLExceptionTranslator().translate("booking journal lines", "copy duesflow.journal_line", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** A value in COPY's text format: the backslash, tab and line breaks escaped. */
    private static StringBuilder copyText(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out;
    }

    // --- closed months ------------------------------------------------------------------------------------------

    /** The last closed day, or null when no month was ever closed. */
    @Transactional(readOnly = true)
    LocalDate closedThrough() {
        return jdbc.sql("select max(closed_through) from duesflow.ledger_close")
                .query((rs, n) -> rs.getDate(1) == null ? null : rs.getDate(1).toLocalDate()).list().get(0);
    }

    /**
     * Closes {@code month} and every month before it. Only a month that has ended can be closed; a closed month is
     * never opened again.
     */
    Closing close(YearMonth month) {
        lock();
        LocalDate last = month.atEndOfMonth();
        LocalDate today = LocalDate.now(clock);
        if (!last.isBefore(today)) {
            throw new InvalidInput("month", month + " has not ended yet (today is " + today + "); a month is closed "
                    + "once it is over");
        }
        LocalDate closedThrough = closedThrough();
        if (closedThrough != null && !last.isAfter(closedThrough)) {
            throw new Conflict("month", month + " is closed already: the ledger is closed through " + closedThrough
                    + ", and a closed month stays closed");
        }
        Instant now = Instant.now(clock);
        jdbc.sql("insert into duesflow.ledger_close (closed_through, closed_at, closed_by) values (:through, :at, :by)")
                .param("through", Date.valueOf(last)).param("at", Timestamp.from(now)).param("by", CurrentUser.name())
                .update();
        return new Closing(last, now, CurrentUser.name());
    }

    @Transactional(readOnly = true)
    List<Closing> closings() {
        return jdbc.sql("select closed_through, closed_at, closed_by from duesflow.ledger_close order by closed_through")
                .query((rs, n) -> new Closing(rs.getDate(1).toLocalDate(), rs.getTimestamp(2).toInstant(),
                        rs.getString(3)))
                .list();
    }

    // --- reading ------------------------------------------------------------------------------------------------

    private static final String VOUCHERS = """
            select v.id, v.year, v.number, v.booked_on, v.dated_on, v.text, v.note, v.source, v.source_key, v.created_at,
                   v.created_by,
                   (select count(*) from duesflow.journal_line l where l.voucher_id = v.id) as line_count,
                   (select coalesce(sum(l.amount), 0) from duesflow.journal_line l
                    where l.voucher_id = v.id and l.amount > 0) as debit
            from duesflow.voucher v
            """;

    /**
     * Vouchers booked in [from, to], a page at a time, in number order; with {@code source} (and {@code key}) only
     * what that caused, e.g. the voucher of run 4's approval.
     */
    @Transactional(readOnly = true)
    List<Voucher> vouchers(LocalDate from, LocalDate to, Source source, String key, int page, int size) {
        return jdbc.sql(VOUCHERS + """
                         where v.booked_on between :from and :to
                           and (cast(:source as text) is null or v.source = :source)
                           and (cast(:key as text) is null or v.source_key = :key)
                         order by v.year, v.number limit :limit offset :offset""")
                .param("from", Date.valueOf(from)).param("to", Date.valueOf(to))
                .param("source", source == null ? null : source.name()).param("key", key).param("limit", size)
                .param("offset", (long) page * size).query(Journal::voucher).list();
    }

    @Transactional(readOnly = true)
    Voucher voucher(int year, int number) {
        return jdbc.sql(VOUCHERS + " where v.year = :year and v.number = :number")
                .param("year", year).param("number", number).query(Journal::voucher).optional()
                .orElseThrow(() -> new NotFound("Voucher", year + "-" + number));
    }

    /** A voucher's lines, a page at a time (a run's approval has two or three per charge). */
    @Transactional(readOnly = true)
    List<Line> lines(long voucherId, int page, int size) {
        return jdbc.sql("""
                        select l.line, l.account, a.name, l.amount, l.text, l.member_number, l.charge_id
                        from duesflow.journal_line l join duesflow.ledger_account a on a.number = l.account
                        where l.voucher_id = :id order by l.line limit :limit offset :offset""")
                .param("id", voucherId).param("limit", size).param("offset", (long) page * size)
                .query((rs, n) -> {
                    BigDecimal amount = rs.getBigDecimal(4);
                    return new Line(rs.getInt(1), rs.getString(2), rs.getString(3),
                            amount.signum() > 0 ? amount : null, amount.signum() < 0 ? amount.negate() : null,
                            rs.getString(5), rs.getObject(6, Long.class), rs.getObject(7, Long.class));
                })
                .list();
    }

    private void lock() {
        jdbc.sql("select pg_advisory_xact_lock(:key)").param("key", LEDGER_LOCK).query().singleRow();
    }

    private static Voucher voucher(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Voucher(rs.getLong("id"), rs.getInt("year"), rs.getInt("number"),
                rs.getDate("booked_on").toLocalDate(), rs.getDate("dated_on").toLocalDate(), rs.getString("text"),
                rs.getString("note"), rs.getString("source"), rs.getString("source_key"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"), rs.getInt("line_count"),
                rs.getBigDecimal("debit"));
    }
}
