package io.duesflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The journal's rules hold in the database itself: written with plain SQL, past the application, an unbalanced
 * voucher, a gap in the numbers, a line added to an old voucher, a changed or removed line, a line to an account
 * outside the chart are all refused.
 */
@ApplicationTest
class JournalDatabaseTests extends TreasurerTest {

    @Autowired
    DataSource dataSource;

    @Test
    void anUnbalancedVoucherWrittenWithPlainSqlFailsWhenItsTransactionCommits() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement sql = connection.createStatement()) {
                long voucher = openVoucher(sql, 2090, 1);
                sql.executeUpdate(line(voucher, 1, "2090-01-01", "1100", "100.00"));
                sql.executeUpdate(line(voucher, 2, "2090-01-01", "3000", "-99.00"));

                assertThatThrownBy(connection::commit).isInstanceOf(SQLException.class)
                        .hasMessageContaining("Voucher 1 of 2090 does not balance: 2 lines, debit minus credit is 1.00");
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
        assertThat(treasurer.jdbc.sql("select count(*) from duesflow.voucher where year = 2090").query(Long.class).single())
                .isZero();
    }

    @Test
    void aVoucherWithOneLineOrALeftOutNumberFailsAtCommitToo() throws SQLException {
        assertThat(commitFails(sql -> {
            long voucher = openVoucher(sql, 2091, 1);
            sql.executeUpdate(line(voucher, 1, "2091-01-01", "1100", "0.01"));
        })).contains("Voucher 1 of 2091 does not balance: 1 lines");
        assertThat(commitFails(sql -> {
            long voucher = openVoucher(sql, 2091, 2);
            sql.executeUpdate(line(voucher, 1, "2091-01-01", "1100", "10.00"));
            sql.executeUpdate(line(voucher, 2, "2091-01-01", "3000", "-10.00"));
        })).contains("Voucher 2 of 2091 leaves a gap: there is no voucher 1 of 2091");
    }

    @Test
    void nothingBookedIsChangedRemovedOrAddedToLater() {
        JsonNode voucher = aBookedCorrection();
        long id = voucher.path("id").asLong();

        assertThat(refused("update duesflow.journal_line set amount = 1 where voucher_id = " + id))
                .contains("journal_line is never changed or removed");
        assertThat(refused("delete from duesflow.journal_line where voucher_id = " + id))
                .contains("journal_line is never changed or removed");
        assertThat(refused("update duesflow.voucher set text = 'fixed' where id = " + id))
                .contains("voucher is never changed or removed");
        assertThat(refused("delete from duesflow.voucher where id = " + id)).contains("voucher is never changed");
        assertThat(refused("truncate duesflow.journal_line, duesflow.voucher")).contains("never changed or removed");
        assertThat(refused(line(id, 99, voucher.path("bookedOn").asText(), "1100", "5.00")))
                .contains("is booked already; a correction is a new voucher");
        assertThat(treasurer.voucherLines(voucher)).containsExactly("2900 12.00", "3000 -12.00");
    }

    @Test
    void aStatementOfManyLinesIsRefusedForTheOneLineOnAnotherDateOrNamingNoVoucher() {
        assertThat(commitFails(sql -> {
            long voucher = openVoucher(sql, 2093, 1);
            sql.executeUpdate("""
                    insert into duesflow.journal_line (voucher_id, line, booked_on, account, amount, text)
                    select %d, g, case when g = 7 then date '2093-01-02' else date '2093-01-01' end,
                           case when g %% 2 = 0 then '1100' else '3000' end, case when g %% 2 = 0 then 1 else -1 end,
                           'by hand'
                    from generate_series(1, 10) g""".formatted(voucher));
        })).contains("Journal line 7 is dated 2093-01-02, its voucher 2093-01-01");
        assertThat(commitFails(sql -> {
            long voucher = openVoucher(sql, 2093, 1);
            sql.executeUpdate("""
                    insert into duesflow.journal_line (voucher_id, line, booked_on, account, amount, text)
                    select case when g > 8 then -%d else %d end, g, date '2093-01-01',
                           case when g %% 2 = 0 then '1100' else '3000' end, case when g %% 2 = 0 then 1 else -1 end,
                           'by hand'
                    from generate_series(1, 10) g""".formatted(voucher, voucher));
        })).contains("Journal line 9 names voucher id -");
    }

    @Test
    void aLineToAnAccountOutsideTheChartOrInactiveIsRefusedByTheDatabase() {
        String inactive = "7" + (1_000_000 + System.nanoTime() % 1_000_000);
        treasurer.jdbc.sql("""
                insert into duesflow.ledger_account (number, name, type, active, version, created_at, created_by,
                                                     updated_at, updated_by)
                values (:number, 'Closed down', 'EXPENSE', false, 0, now(), 'test', now(), 'test')""")
                .param("number", inactive).update();

        assertThat(commitFails(sql -> {
            long voucher = openVoucher(sql, 2092, 1);
            sql.executeUpdate(line(voucher, 1, "2092-01-01", "1100", "10.00"));
            sql.executeUpdate(line(voucher, 2, "2092-01-01", "no-such", "-10.00"));
        })).contains("Account no-such is not an active account of the chart");
        assertThat(commitFails(sql -> {
            long voucher = openVoucher(sql, 2092, 1);
            sql.executeUpdate(line(voucher, 1, "2092-01-01", "1100", "10.00"));
            sql.executeUpdate(line(voucher, 2, "2092-01-01", inactive, "-10.00"));
        })).contains("Account " + inactive + " is not an active account of the chart");
    }

    @Test
    void anAccountWithPostingsCannotBeDeletedOrRenumberedEvenWithPlainSql() {
        aBookedCorrection();

        assertThat(refused("delete from duesflow.ledger_account where number = '2900'"))
                .contains("Account 2900 has postings; it can be deactivated, not deleted");
        assertThat(refused("update duesflow.ledger_account set number = '2901' where number = '2900'"))
                .contains("not renumbered");
    }

    private JsonNode aBookedCorrection() {
        ResponseEntity<JsonNode> booked = treasurer.post("/api/ledger/vouchers", Map.of("date", treasurer.clock.today().toString(),
                "text", "Dues booked as equity by mistake", "lines", List.of(
                        Map.of("account", "2900", "debit", "12.00"), Map.of("account", "3000", "credit", "12.00"))));
        assertThat(booked.getStatusCode()).as("%s", booked.getBody()).isEqualTo(HttpStatus.CREATED);
        return booked.getBody();
    }

    @FunctionalInterface
    private interface Work {
        void run(Statement sql) throws SQLException;
    }

    /** Runs {@code work} in one transaction and answers why its commit was refused. */
    private String commitFails(Work work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement sql = connection.createStatement()) {
                work.run(sql);
                connection.commit();
                throw new AssertionError("The database took it");
            } catch (SQLException refused) {
                return refused.getMessage();
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String refused(String statement) {
        return commitFails(sql -> sql.execute(statement));
    }

    private static long openVoucher(Statement sql, int year, int number) throws SQLException {
        try (var ids = sql.executeQuery("""
                insert into duesflow.voucher (year, number, booked_on, dated_on, text, source, source_key, created_at,
                                              created_by, created_tx)
                values (%d, %d, '%d-01-01', '%d-01-01', 'by hand', 'CORRECTION', 'plain-sql-%d', now(), 'psql', 0)
                returning id""".formatted(year, number, year, year, System.nanoTime()))) {
            ids.next();
            return ids.getLong(1);
        }
    }

    private static String line(long voucher, int line, String bookedOn, String account, String amount) {
        return """
                insert into duesflow.journal_line (voucher_id, line, booked_on, account, amount, text)
                values (%d, %d, '%s', '%s', %s, 'by hand')""".formatted(voucher, line, bookedOn, account, amount);
    }
}
