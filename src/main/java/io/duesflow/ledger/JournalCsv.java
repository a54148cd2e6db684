package io.duesflow.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import javax.sql.DataSource;

import io.duesflow.platform.InvalidInput;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The journal as CSV for the association's accounting program: {@code Dato;Bilag;Konto;Kontonavn;Tekst;Debet;Kredit}
 * (the columns Danish programs import; English headers on request), UTF-8 with a byte order mark, {@code ;}
 * separated, for a period and optionally one account. Danish headers come with Danish dates ({@code 31-01-2027}),
 * English ones with ISO dates; amounts with a decimal comma or point, without thousands separators, the other side
 * left empty. Streamed row by row, however long the journal. The trial balance, an account's statement, a member's
 * account and the check print the same way.
 */
@Component
class JournalCsv {

    /** How the file is written: the header language and the decimal mark. */
    record Style(boolean english, boolean decimalPoint) {

        static Style of(String headers, String decimal) {
            boolean english = switch (headers == null ? "da" : headers.trim().toLowerCase()) {
                case "da" -> false;
                case "en" -> true;
                default -> throw new InvalidInput("headers", "Headers are 'da' (Dato;Bilag;…) or 'en' (Date;Voucher;…), "
                        + "not '" + headers + "'");
            };
            boolean point = switch (decimal == null ? (english ? "point" : "comma") : decimal.trim().toLowerCase()) {
                case "comma" -> false;
                case "point" -> true;
                default -> throw new InvalidInput("decimal", "The decimal mark is 'comma' or 'point', not '" + decimal + "'");
            };
            return new Style(english, point);
        }

        String[] header(String... danishAndEnglish) {
            String[] header = new String[danishAndEnglish.length / 2];
            for (int i = 0; i < header.length; i++) {
                header[i] = danishAndEnglish[2 * i + (english ? 1 : 0)];
            }
            return header;
        }

        String date(LocalDate date) {
            return english ? date.toString() : DateTimeFormatter.ofPattern("dd-MM-yyyy").format(date);
        }

        String amount(BigDecimal amount) {
            if (amount == null) {
                return "";
            }
            String plain = amount.setScale(2).toPlainString();
            return decimalPoint ? plain : plain.replace('.', ',');
        }
    }

    private final JdbcTemplate jdbc;
    private final LedgerReports reports;

    JournalCsv(DataSource dataSource, LedgerReports reports) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(1000);
        this.reports = reports;
    }

    /** Every line booked in [from, to], of one account or all, in booking order. */
    @Transactional(readOnly = true)
    void journal(Writer out, LocalDate from, LocalDate to, String account, Style style) {
        CSVPrinter csv = printer(out, style.header("Dato", "Date", "Bilag", "Voucher", "Konto", "Account",
                "Kontonavn", "Account name", "Tekst", "Text", "Debet", "Debit", "Kredit", "Credit"));
        jdbc.query("""
                        select l.booked_on, v.number, l.account, a.name, l.text, l.amount
                        from duesflow.journal_line l
                        join duesflow.voucher v on v.id = l.voucher_id
                        join duesflow.ledger_account a on a.number = l.account
                        where l.booked_on between ? and ? and (cast(? as text) is null or l.account = ?)
                        order by l.booked_on, v.year, v.number, l.line""",
                rs -> {
                    BigDecimal amount = rs.getBigDecimal(6);
                    print(csv, style.date(rs.getDate(1).toLocalDate()), rs.getInt(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), style.amount(amount.signum() > 0 ? amount : null),
                            style.amount(amount.signum() < 0 ? amount.negate() : null));
                },
                Date.valueOf(from), Date.valueOf(to), account, account);
        flush(csv);
    }

    /** An account's statement: its opening balance, every line with the balance after it, its closing balance. */
    @Transactional(readOnly = true)
    void statement(Writer out, LedgerReports.Statement statement, Style style) {
        CSVPrinter csv = printer(out, style.header("Dato", "Date", "Bilag", "Voucher", "Tekst", "Text",
                "Debet", "Debit", "Kredit", "Credit", "Saldo", "Balance"));
        print(csv, statement.from() == null ? "" : style.date(statement.from()), "",
                style.english() ? "Opening balance" : "Primo", "", "", style.amount(statement.opening()));
        reports.entries(statement.accounts(), statement.memberNumber(), statement.from(), statement.to(),
                statement.opening(), 0, null, entry -> print(csv, style.date(entry.bookedOn()), entry.voucher(),
                        entry.text(), style.amount(entry.debit()), style.amount(entry.credit()),
                        style.amount(entry.balance())));
        print(csv, statement.to() == null ? "" : style.date(statement.to()), "",
                style.english() ? "Closing balance" : "Ultimo", "", "", style.amount(statement.closing()));
        flush(csv);
    }

    void trialBalance(Writer out, LedgerReports.TrialBalance balance, Style style) {
        CSVPrinter csv = printer(out, style.header("Konto", "Account", "Kontonavn", "Account name", "Type", "Type",
                "Debet", "Debit", "Kredit", "Credit", "Saldo", "Balance"));
        for (LedgerReports.Balance account : balance.accounts()) {
            print(csv, account.number(), account.name(), account.type(), style.amount(account.debit()),
                    style.amount(account.credit()), style.amount(account.balance()));
        }
        print(csv, "", style.english() ? "Total" : "I alt", "", style.amount(balance.debit()),
                style.amount(balance.credit()), style.amount(balance.debit().subtract(balance.credit())));
        flush(csv);
    }

    /** The check: each figure of the ledger beside what the charges and the payments say it should be. */
    void check(Writer out, LedgerReports.Checks checks, Style style) {
        CSVPrinter csv = printer(out, style.header("Kontrol", "Check", "Konto", "Account", "Bogført", "Ledger",
                "Forventet", "Expected", "Difference", "Difference", "Stemmer", "Agrees", "Forklaring", "Why"));
        for (LedgerReports.Check check : checks.checks()) {
            print(csv, check.name(), check.account() == null ? "" : check.account(), style.amount(check.ledger()),
                    style.amount(check.expected()), style.amount(check.difference()),
                    check.agrees() ? (style.english() ? "yes" : "ja") : (style.english() ? "NO" : "NEJ"), check.note());
        }
        flush(csv);
    }

    private static CSVPrinter printer(Writer out, String[] header) {
        try {
            out.write('\uFEFF');
            return new CSVPrinter(out, CSVFormat.DEFAULT.builder().setDelimiter(';').setHeader(header).get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void print(CSVPrinter csv, Object... values) {
        try {
            csv.printRecord(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void flush(CSVPrinter csv) {
        try {
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
