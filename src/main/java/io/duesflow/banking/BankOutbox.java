package io.duesflow.banking;

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
        if (fileName.contains("/") || fileName.contains("\\") || fileName.startsWith(".")) {
            throw new IllegalArgumentException("Not a plain file name for the bank outbox: " + fileName);
        }
        camel.sendBodyAndHeader(BankOutboxRoute.ENDPOINT, content, BankOutboxRoute.FILE_NAME_HEADER, fileName);
    }
}
