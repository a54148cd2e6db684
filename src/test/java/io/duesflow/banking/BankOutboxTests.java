package io.duesflow.banking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import io.duesflow.platform.StartupProblem;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

@SpringBootTest(classes = BankOutboxTests.OutboxOnly.class)
class BankOutboxTests {

    static final Path BANK = Path.of("target/test-data/bank-" + ProcessHandle.current().pid());

    @Configuration
    @ImportAutoConfiguration(CamelAutoConfiguration.class)
    @EnableConfigurationProperties(BankFolders.class)
    @Import({BankOutbox.class, BankOutboxRoute.class})
    static class OutboxOnly {
    }

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        for (String folder : new String[] {"outbox", "inbox", "processed", "error"}) {
            registry.add("duesflow.bank." + folder, () -> BANK.resolve(folder).toString());
        }
    }

    @Autowired
    BankOutbox outbox;

    @Test
    void allFourFoldersExistOnceTheOutboxIsUp() {
        assertThat(BANK.resolve("outbox")).isDirectory();
        assertThat(BANK.resolve("inbox")).isDirectory();
        assertThat(BANK.resolve("processed")).isDirectory();
        assertThat(BANK.resolve("error")).isDirectory();
    }

    @Test
    void aFileIsPlacedWholeAndPlacingItAgainReplacesIt() throws Exception {
        outbox.place("pain008-run-7-2026-12-01.xml", "<first/>".getBytes(StandardCharsets.UTF_8));
        outbox.place("pain008-run-7-2026-12-01.xml", "<second/>".getBytes(StandardCharsets.UTF_8));

        try (Stream<Path> files = Files.list(BANK.resolve("outbox"))) {
            assertThat(files.map(path -> path.getFileName().toString()).filter(name -> name.contains("pain008-run-7")))
                    .containsExactly("pain008-run-7-2026-12-01.xml");
        }
        assertThat(BANK.resolve("outbox/pain008-run-7-2026-12-01.xml")).hasContent("<second/>");
    }

    @Test
    void aPlacedFileIsReadableByTheOwnersGroupAndByNobodyElse() throws Exception {
        outbox.place("pain008-R8-20261201.xml", "<file/>".getBytes(StandardCharsets.UTF_8));

        assertThat(mode(BANK.resolve("outbox/pain008-R8-20261201.xml"))).isEqualTo("rw-r-----");
        assertThat(mode(BANK.resolve("outbox"))).as("the group may enter the folder").isEqualTo("rwxr-x---");
    }

    @Test
    void aModeThatIsNotOctalIsRefusedNamingTheVariable() {
        Path folder = Path.of("unused");
        assertThatThrownBy(() -> new BankFolders(folder, folder, folder, folder, "rw-r-----"))
                .isInstanceOf(StartupProblem.class)
                .hasMessageContaining("DUESFLOW_BANK_OUTBOX_FILE_MODE")
                .hasMessageContaining("'rw-r-----'");
    }

    @Nested
    @TestPropertySource(properties = "duesflow.bank.outbox-file-mode=0660")
    class WithItsOwnFileMode {

        @Autowired
        BankOutbox outbox;

        @Test
        void aPlacedFileHasTheConfiguredMode() throws Exception {
            outbox.place("pain008-R9-20261201.xml", "<file/>".getBytes(StandardCharsets.UTF_8));

            assertThat(mode(BANK.resolve("outbox/pain008-R9-20261201.xml"))).isEqualTo("rw-rw----");
        }
    }

    @Test
    void aNameThatWouldLeaveTheOutboxIsRefused() {
        assertThatThrownBy(() -> outbox.place("../inbox/statement.xml", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../inbox/statement.xml");
        assertThat(BANK.resolve("inbox/statement.xml")).doesNotExist();
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
