package io.duesflow.banking;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Service;

/**
 * Places files for the bank in the outbox, whole or not at all: written under a temporary name and renamed,
 * so whatever picks them up (an upload client, the bank's SFTP) never reads half a file. Placing the same
 * file name again replaces it; it never makes a second file.
 */
@Service
public class BankOutbox {

    private final ProducerTemplate camel;

    BankOutbox(ProducerTemplate camel, BankFolders folders) {
        this.camel = camel;
        folders.createAll();
    }

    public void place(String fileName, byte[] content) {
        camel.sendBodyAndHeader(BankOutboxRoute.ENDPOINT, content, BankOutboxRoute.FILE_NAME_HEADER, plain(fileName));
    }

    /** Copies a finished file into the outbox under {@code fileName}, streamed, never in memory whole. */
    public void place(String fileName, Path finished) {
        camel.sendBodyAndHeader(BankOutboxRoute.ENDPOINT, finished.toFile(), BankOutboxRoute.FILE_NAME_HEADER,
                plain(fileName));
    }

    /**
     * Writes a pain.008 file, checks it against the official schema of its version, and only then places it in
     * the outbox: an invalid file never reaches the bank.
     *
     * @throws SchemaViolationException when the file does not match the schema; nothing is placed
     */
    public void placePain008(String fileName, DirectDebitFile file, Pain008Version version) throws IOException {
        Path work = Files.createTempDirectory("duesflow-pain008-");
        Path written = work.resolve(plain(fileName));
        try {
            Pain008Writer.writeValidated(file, version, written);
            place(fileName, written);
        } finally {
            Files.deleteIfExists(written);
            Files.deleteIfExists(work);
        }
    }

    private static String plain(String fileName) {
        if (fileName.contains("/") || fileName.contains("\\") || fileName.startsWith(".")) {
            throw new IllegalArgumentException("Not a plain file name for the bank outbox: " + fileName);
        }
        return fileName;
    }
}
