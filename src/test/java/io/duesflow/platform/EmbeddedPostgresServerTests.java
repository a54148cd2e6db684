package io.duesflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTests {

    @TempDir
    Path folder;

    @Test
    void dataWrittenBeforeARestartIsThereAfterIt() throws Exception {
        Path data = folder.resolve("postgres");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.acquire(data, false)) {
            execute(server, "create table kept(note text); insert into kept values ('still here')");
        }
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.acquire(data, false);
             var connection = DriverManager.getConnection(server.jdbcUrl());
             var result = connection.createStatement().executeQuery("select note from kept")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("still here");
        }
    }

    @Test
    void aCleanStartOnAFolderAKilledTestRunLeftBehindStartsEmpty() throws Exception {
        Path data = folder.resolve("postgres");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.acquire(data, false)) {
            execute(server, "create table left_behind(note text)");
        }
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.acquire(data, true);
             var connection = DriverManager.getConnection(server.jdbcUrl());
             var result = connection.createStatement().executeQuery("select to_regclass('left_behind') is null")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getBoolean(1)).isTrue();
        }
    }

    @Test
    void twoUsersInOneJvmShareOneServerThatStopsAfterTheLast() throws Exception {
        Path data = folder.resolve("shared");
        EmbeddedPostgresServer first = EmbeddedPostgresServer.acquire(data, true);
        EmbeddedPostgresServer second = EmbeddedPostgresServer.acquire(data, true);
        assertThat(second.port()).isEqualTo(first.port());
        first.close();
        execute(second, "select 1");
        second.close();
        assertThatThrownBy(() -> DriverManager.getConnection(second.jdbcUrl()).close()).hasMessageContaining("refused");
    }

    @Test
    void aFolderThatCannotBeCreatedIsNamedInTheError() throws Exception {
        Path file = Files.writeString(folder.resolve("not-a-folder"), "x");
        Path impossible = file.resolve("postgres");
        assertThatThrownBy(() -> EmbeddedPostgresServer.acquire(impossible, false))
                .isInstanceOf(StartupProblem.class)
                .hasMessageContaining(impossible.toAbsolutePath().toString())
                .satisfies(e -> assertThat(((StartupProblem) e).action()).contains("DUESFLOW_DATA_DIR"));
    }

    private static void execute(EmbeddedPostgresServer server, String sql) throws Exception {
        try (var connection = DriverManager.getConnection(server.jdbcUrl())) {
            connection.createStatement().execute(sql);
        }
    }
}
