package io.duesflow.banking.statements;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Keeps everything a small test file hands over, in order, so a test can look at it afterwards. */
final class RecordingVisitor implements BankFileVisitor {

    final List<String> calls = new ArrayList<>();
    final List<BankDocument> documents = new ArrayList<>();
    final List<Statement> statements = new ArrayList<>();
    final List<Entry> entries = new ArrayList<>();
    final List<EntryTransaction> transactions = new ArrayList<>();
    final List<String> entryEndInformation = new ArrayList<>();
    final List<StatusReport> reports = new ArrayList<>();
    final List<PaymentBlockStatus> blocks = new ArrayList<>();
    final List<TransactionStatus> transactionStatuses = new ArrayList<>();

    static RecordingVisitor read(String resource) throws IOException {
        RecordingVisitor visitor = new RecordingVisitor();
        new BankFileReader().read(file(resource), visitor);
        return visitor;
    }

    static Path file(String resource) {
        try {
            return Path.of(RecordingVisitor.class.getClassLoader().getResource("bank/" + resource).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    BankDocument document() {
        return documents.get(0);
    }

    @Override
    public void document(BankDocument document) {
        calls.add("document");
        documents.add(document);
    }

    @Override
    public void statement(Statement statement) {
        calls.add("statement " + statement.id());
        statements.add(statement);
    }

    @Override
    public void entry(Entry entry) {
        calls.add("entry " + entry.amount());
        entries.add(entry);
    }

    @Override
    public void transaction(Entry entry, EntryTransaction transaction) {
        calls.add("transaction " + transaction.amount());
        transactions.add(transaction);
    }

    @Override
    public void entryEnd(Entry entry, String additionalInformation) {
        calls.add("entry end");
        entryEndInformation.add(additionalInformation);
    }

    @Override
    public void statementEnd(Statement statement) {
        calls.add("statement end " + statement.id());
    }

    @Override
    public void statusReport(StatusReport report) {
        calls.add("status report " + report.groupStatus());
        reports.add(report);
    }

    @Override
    public void paymentBlockStatus(PaymentBlockStatus block) {
        calls.add("block " + block.originalPaymentInformationId());
        blocks.add(block);
    }

    @Override
    public void transactionStatus(PaymentBlockStatus block, TransactionStatus transaction) {
        calls.add("transaction status " + block.originalPaymentInformationId() + " " + transaction.status());
        transactionStatuses.add(transaction);
    }
}
