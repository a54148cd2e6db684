package io.duesflow.platform;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens one plain connection to an external database before the pool, Flyway and the engine do, so a wrong
 * URL or a stopped server ends start-up with one sentence naming the variable instead of three stack traces.
 */
final class DatabaseReachability {

    private static final String ACTION = "Check DUESFLOW_DB_URL (jdbc:postgresql://host:5432/database), "
            + "DUESFLOW_DB_USER and DUESFLOW_DB_PASSWORD, and that the server is running; "
            + "leave DUESFLOW_DB_URL unset to use the embedded database.";

    private DatabaseReachability() {
    }

    static void checkUrl(String url) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new StartupProblem("DUESFLOW_DB_URL is not a PostgreSQL JDBC URL: '" + url + "'.", ACTION);
        }
    }

    static void check(String url, String user, String password) {
        checkUrl(url);
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "10");
        try (var connection = DriverManager.getConnection(url, properties)) {
            connection.isValid(5);
        } catch (SQLException e) {
            throw new StartupProblem("Cannot connect to the database at DUESFLOW_DB_URL=" + url
                    + " as user '" + user + "': " + firstLine(e.getMessage()), ACTION, e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
