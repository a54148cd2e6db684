package io.duesflow.banking;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The outbox leg of the bank's journey: temporary name, then an atomic rename into {@code outbox}. Camel sets the
 * file's mode on the temporary file, so the file appears under its real name already readable by the group.
 */
@Component
class BankOutboxRoute extends RouteBuilder {

    static final String ENDPOINT = "direct:bank-outbox";
    static final String FILE_NAME_HEADER = "DuesflowBankFile";

    private final BankFolders folders;

    BankOutboxRoute(BankFolders folders) {
        this.folders = folders;
    }

    @Override
    public void configure() {
        String permissions = BankFolders.permissionsApply()
                ? "&chmod=" + folders.outboxFileMode() + "&chmodDirectory=" + folders.outboxDirectoryMode() : "";
        from(ENDPOINT).routeId("bank-outbox")
                .to("file:" + folders.outbox().toAbsolutePath()
                        + "?fileName=${header." + FILE_NAME_HEADER + "}&tempPrefix=.writing-&fileExist=Override"
                        + permissions);
    }
}
