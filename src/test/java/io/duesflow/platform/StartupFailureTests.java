package io.duesflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;

import io.duesflow.DuesflowApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTests {

    @Test
    void anUnreachableDatabaseStopsStartUpWithOneParagraphNamingTheVariable(CapturedOutput output) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/duesflow";

        assertThatThrownBy(() -> start("--spring.datasource.url=" + url)).hasRootCauseInstanceOf(java.net.ConnectException.class);

        assertThat(output.getOut()).contains("APPLICATION FAILED TO START",
                "Cannot connect to the database at DUESFLOW_DB_URL=" + url, "Connection", "DUESFLOW_DB_PASSWORD");
        assertThat(output.getAll()).doesNotContain("HikariPool", "\tat org.postgresql");
    }

    @Test
    void aUrlThatIsNotPostgreSqlIsNamed(CapturedOutput output) {
        assertThatThrownBy(() -> start("--spring.datasource.url=jdbc:mysql://localhost/duesflow"))
                .hasStackTraceContaining("DUESFLOW_DB_URL is not a PostgreSQL JDBC URL");
        assertThat(output.getOut()).contains("DUESFLOW_DB_URL is not a PostgreSQL JDBC URL: 'jdbc:mysql://localhost/duesflow'");
    }

    /**
     * Checked on the analyzer Spring Boot calls with the web server's exception: a whole second application
     * failing late in this JVM would leave the engine registered for the tests that follow.
     */
    @Test
    void aPortInUseIsNamedWithTheVariableThatChangesIt() {
        assertThat(SpringFactoriesLoader.loadFactoryNames(FailureAnalyzer.class, getClass().getClassLoader()))
                .contains(PortInUseFailureAnalyzer.class.getName());

        FailureAnalysis analysis = new PortInUseFailureAnalyzer().analyze(new PortInUseException(8080));

        assertThat(analysis.getDescription()).isEqualTo("Port 8080 is already in use by another program.");
        assertThat(analysis.getAction()).contains("DUESFLOW_PORT");
    }

    /**
     * Without Camunda's webapps: their filters keep the application context they were made in in a static field, so a
     * second application started in this JVM, even one that fails, would leave Tasklist and Cockpit of the tests'
     * own application answering 500 for every test after this one.
     */
    private static void start(String... arguments) {
        new SpringApplicationBuilder(DuesflowApplication.class).run(
                java.util.stream.Stream.concat(java.util.stream.Stream.of("--server.port=0",
                        "--spring.autoconfigure.exclude=" + WEBAPPS), java.util.stream.Stream.of(arguments))
                        .toArray(String[]::new));
    }

    private static final String WEBAPPS = "org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration";
}
