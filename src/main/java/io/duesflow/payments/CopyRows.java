package io.duesflow.payments;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLStateSQLExceptionTranslator;

/**
 * Rows of one table written with {@code COPY} on the transaction's own connection, as the journal writes its lines:
 * a chunk of 10 000 records or payments is one COPY instead of an insert of a dozen arrays the database parses and
 * unnests first. The table's triggers run on them the same (statement triggers once per COPY). Values in COPY's text
 * format: null as {@code \N}; the backslash, tab and line breaks escaped; amounts plain, dates and instants ISO.
 */
final class CopyRows {

    private final String table;
    private final String columns;
    private final StringBuilder rows = new StringBuilder(1 << 16);
    private boolean rowStarted;
    private int count;

    /** @param columns the columns in the order each row gives them, comma-separated */
    CopyRows(String table, String columns) {
        this.table = table;
        this.columns = columns;
    }

    CopyRows value(Object value) {
        if (rowStarted) {
            rows.append('\t');
        }
        rowStarted = true;
        if (value == null) {
            rows.append("\\N");
        } else if (value instanceof BigDecimal amount) {
            rows.append(amount.toPlainString());
        } else if (value instanceof Number || value instanceof Boolean) {
            rows.append(value);
        } else {
            text(value.toString());
        }
        return this;
    }

    /** Ends the row its values gave. */
    void endRow() {
        rows.append('\n');
        rowStarted = false;
        count++;
    }

    int rows() {
        return count;
    }

    /** Copies the rows into the table, in the caller's transaction. */
    void copy(DataSource dataSource) {
        if (count == 0) {
            return;
        }
        String sql = "copy " + table + " (" + columns + ") from stdin";
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(rows.toString()));
        } catch (SQLException e) {
            DataAccessException translated = new SQLStateSQLExceptionTranslator().translate("copying into " + table,
                    sql, e);
            throw translated != null ? translated : new UncategorizedSQLException("copying into " + table, sql, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private void text(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> rows.append("\\\\");
                case '\t' -> rows.append("\\t");
                case '\n' -> rows.append("\\n");
                case '\r' -> rows.append("\\r");
                default -> rows.append(c);
            }
        }
    }
}
