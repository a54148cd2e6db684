package io.duesflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.duesflow.ApplicationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@ApplicationTest
class DatabaseTests {

    @Autowired
    JdbcClient jdbc;

    @Test
    void flywayOwnsTheApplicationSchemaAndCamundaKeepsItsTablesApart() {
        assertThat(jdbc.sql("select count(*) from duesflow.flyway_schema_history where success").query(Integer.class).single())
                .isPositive();
        assertThat(tablesIn("duesflow")).contains("event_publication").noneMatch(table -> table.startsWith("act_"));
        assertThat(tablesIn("public")).contains("act_ge_property", "act_ru_task", "act_id_user")
                .doesNotContain("flyway_schema_history", "event_publication");
    }

    @Test
    void itIsPostgreSql() {
        assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL");
    }

    private java.util.List<String> tablesIn(String schema) {
        return jdbc.sql("select table_name from information_schema.tables where table_schema = ?")
                .param(schema).query(String.class).list();
    }
}
