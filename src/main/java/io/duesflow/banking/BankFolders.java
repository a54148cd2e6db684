package io.duesflow.banking;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.duesflow.platform.StartupProblem;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The folders files travel through to and from the bank: direct-debit files leave through the outbox,
 * statements and status reports arrive in the inbox and end in processed, or in error with the reason beside them.
 */
@ConfigurationProperties("duesflow.bank")
public record BankFolders(@DefaultValue("./data/bank/outbox") Path outbox,
                          @DefaultValue("./data/bank/inbox") Path inbox,
                          @DefaultValue("./data/bank/processed") Path processed,
                          @DefaultValue("./data/bank/error") Path error) {

    List<Path> all() {
        return List.of(outbox, inbox, processed, error);
    }

    void createAll() {
        for (Path folder : all()) {
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new StartupProblem("The bank folder " + folder.toAbsolutePath() + " cannot be created: " + e,
                        "Make it writable or choose another with DUESFLOW_BANK_OUTBOX, DUESFLOW_BANK_INBOX, "
                                + "DUESFLOW_BANK_PROCESSED, DUESFLOW_BANK_ERROR or DUESFLOW_DATA_DIR.", e);
            }
            if (!Files.isWritable(folder)) {
                throw new StartupProblem("The bank folder " + folder.toAbsolutePath() + " is not writable.",
                        "Make it writable or choose another with the DUESFLOW_BANK_* variables.");
            }
        }
    }
}
