package io.duesflow.payments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

import io.duesflow.banking.PaymentReferences;
import io.duesflow.banking.statements.Amount;
import io.duesflow.banking.statements.BankDocument;
import io.duesflow.banking.statements.BankFileVisitor;
import io.duesflow.banking.statements.CreditDebit;
import io.duesflow.banking.statements.Entry;
import io.duesflow.banking.statements.EntryTransaction;
import io.duesflow.banking.statements.PaymentBlockStatus;
import io.duesflow.banking.statements.Statement;
import io.duesflow.banking.statements.StatusReport;
import io.duesflow.banking.statements.TransactionStatus;
import io.duesflow.platform.Money;
import org.postgresql.copy.CopyIn;

/**
 * Turns what the reader hands over into rows of {@code bank_transaction}, a chunk of a few thousand at a time, so a
 * statement of 100 000 entries is never held in memory: one row per transaction detail (an entry without details is
 * one row), plus a row for bank charges an entry shows. Each chunk is decided (linked to earlier reports, matched,
 * booked) before its rows are written with {@code COPY}, so every row is written once, in its final state.
 * Statements of other accounts than the association's (banks put all of a customer's accounts in one file) are left
 * out; a file with none of the association's is refused. While it reads it refuses, with the line, what cannot be booked: another currency, an
 * amount with fractions of a cent. A pain.002's statuses are kept (they are few) for {@link CollectionReturns}.
 */
final class BankFileRows implements BankFileVisitor {

    /** A camt or pain.002 file duesflow will not book, and why (with the line). */
    static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason);
        }
    }

    /** One bank row, held until its chunk is decided and written; the decision's fields are filled in then. */
    static final class Row {
        /** Drawn from the table's sequence when the chunk is decided. */
        long id;
        /** The COPY text of the columns that never change, from {@code bank_file_id} to {@code return_information}. */
        private final String fixed;
        final String kind;
        final String accountIban;
        final String bankReference;
        final BigDecimal amount;
        final LocalDate bookingDate;
        final LocalDate valueDate;
        final String endToEndId;
        final String paymentInformationId;
        final String rfReference;
        final String paymentId;
        final String debtorIban;
        boolean counted;
        String state;
        String note;
        Long linkedToId;
        String matchedBy;
        Long chargeId;
        String chargeNumber;
        BigDecimal toleranceDifference;

        private Row(String fixed, String kind, String accountIban, String bankReference, BigDecimal amount,
                    LocalDate bookingDate, LocalDate valueDate, String endToEndId, String paymentInformationId,
                    String rfReference, String paymentId, String debtorIban, boolean counted, String state,
                    String note) {
            this.fixed = fixed;
            this.kind = kind;
            this.accountIban = accountIban;
            this.bankReference = bankReference;
            this.amount = amount;
            this.bookingDate = bookingDate;
            this.valueDate = valueDate;
            this.endToEndId = endToEndId;
            this.paymentInformationId = paymentInformationId;
            this.rfReference = rfReference;
            this.paymentId = paymentId;
            this.debtorIban = debtorIban;
            this.counted = counted;
            this.state = state;
            this.note = note;
        }
    }

    /** Decides a chunk's rows. */
    interface Chunks {
        /**
         * Gives every row its id and decision, and calls {@code write} once, before anything naming the rows (a
         * payment) is written.
         */
        void decide(List<Row> rows, Runnable write);
    }

    private static final String NULL = "\\N";

    private final long fileId;
    private final String associationIban;
    private final String currency;
    private final java.util.function.Supplier<CopyIn> copies;
    private final Chunks chunks;
    private final int chunkSize;
    private final List<Row> pending = new ArrayList<>();
    private CopyIn copy;
    private final StringBuilder row = new StringBuilder(512);
    private final byte[] buffer = new byte[1 << 16];
    private int buffered;

    BankDocument document;
    StatusReport statusReport;
    final List<PaymentBlockStatus> blocks = new ArrayList<>();
    final List<TransactionStatus> transactions = new ArrayList<>();
    int statements;
    int entries;
    int rows;

    /** Accounts of statements left out: not the association's. */
    final List<String> skipped = new ArrayList<>();
    private boolean skipping;
    private Statement statement;
    private int entryIndex;
    private int detail;
    private BigDecimal accounted;
    private EntryTransaction waiting;

    /**
     * @param copies    opens a COPY into the table for a chunk's rows
     * @param chunks    decides each chunk before it is written
     * @param chunkSize the most rows held at once
     */
    BankFileRows(long fileId, String associationIban, String currency, java.util.function.Supplier<CopyIn> copies,
                 Chunks chunks, int chunkSize) {
        this.fileId = fileId;
        this.associationIban = associationIban;
        this.currency = currency;
        this.copies = copies;
        this.chunks = chunks;
        this.chunkSize = chunkSize;
    }

    @Override
    public void document(BankDocument document) {
        this.document = document;
    }

    @Override
    public void statement(Statement statement) {
        if (associationIban == null) {
            throw new Refused("The association has no IBAN in its settings (PUT /api/association), so statement "
                    + statement.id() + " cannot be checked against it; nothing of the file is booked");
        }
        String iban = statement.accountIban() == null ? null : compact(statement.accountIban());
        // Banks put all of a customer's accounts in one file: only the association's account is booked.
        skipping = !associationIban.equals(iban);
        if (skipping) {
            skipped.add(iban != null ? iban : statement.accountOtherId());
            return;
        }
        if (statement.currency() != null && !currency.equals(statement.currency())) {
            throw new Refused("Statement " + statement.id() + " (line " + statement.line() + ") is in "
                    + statement.currency() + "; the association keeps its books in " + currency);
        }
        this.statement = statement;
        statements++;
        entryIndex = 0;
    }

    @Override
    public void entry(Entry entry) {
        if (skipping) {
            return;
        }
        entries++;
        entryIndex++;
        detail = 0;
        accounted = BigDecimal.ZERO;
        waiting = null;
        money(entry.amount(), entry.line());
    }

    @Override
    public void transaction(Entry entry, EntryTransaction transaction) {
        if (skipping) {
            return;
        }
        if (waiting != null) {
            throw new Refused("Line " + waiting.line() + ": a transaction of the batch entry on line " + entry.line()
                    + " gives no amount of its own, so its share of " + entry.amount() + " cannot be told");
        }
        detail++;
        if (transaction.amount() == null) {
            // Common in .001.02 for an entry of one transaction: the entry's amount is then this one's.
            waiting = transaction;
            return;
        }
        write(entry, transaction, money(transaction.amount(), transaction.line()));
    }

    @Override
    public void entryEnd(Entry entry, String additionalInformation) {
        if (skipping) {
            return;
        }
        if (waiting != null) {
            if (detail > 1) {
                throw new Refused("Line " + waiting.line() + ": a transaction of the batch entry on line "
                        + entry.line() + " gives no amount of its own, so its share of " + entry.amount()
                        + " cannot be told");
            }
            write(entry, waiting, money(entry.amount(), entry.line()));
            waiting = null;
        }
        if (detail == 0) {
            write(entry, null, money(entry.amount(), entry.line()));
            return;
        }
        // An entry's amount is its transactions' less what the bank charged on it (or, for a debit, plus it).
        BigDecimal entryAmount = money(entry.amount(), entry.line());
        BigDecimal charges = entry.creditDebit() == CreditDebit.CREDIT ? accounted.subtract(entryAmount)
                : entryAmount.subtract(accounted);
        if (charges.signum() != 0 && entry.booked()) {
            BigDecimal stated = stated(entry.charges());
            boolean explained = stated != null && stated.compareTo(charges) == 0;
            writeFee(entry, charges, explained);
        }
    }

    @Override
    public void statusReport(StatusReport report) {
        this.statusReport = report;
    }

    @Override
    public void paymentBlockStatus(PaymentBlockStatus block) {
        blocks.add(block);
    }

    @Override
    public void transactionStatus(PaymentBlockStatus block, TransactionStatus transaction) {
        if ("RJCT".equals(transaction.status())) {
            transactions.add(transaction);
        }
    }

    /**
     * After the last row: the rows are in the table once this returns.
     *
     * @throws Refused when the file is a statement of accounts none of which is the association's
     */
    void finish() {
        if (statements == 0 && !skipped.isEmpty()) {
            throw new Refused("The file reports on " + String.join(", ", skipped) + ", not on the association's "
                    + "account " + associationIban + "; nothing of it is booked");
        }
        decidePending();
    }

    /** Stops the COPY when reading failed, so the connection can roll back. */
    void abandon() {
        if (copy != null && copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (java.sql.SQLException e) {
                // The transaction is rolled back whatever this says.
            }
        }
    }

    // --- one row ------------------------------------------------------------------------------------------------

    private void write(Entry entry, EntryTransaction tx, BigDecimal own) {
        String kind = kind(entry, tx);
        BigDecimal principal = own;
        BigDecimal fee = BigDecimal.ZERO;
        BigDecimal original = null;
        if ("RETURN".equals(kind) && tx != null) {
            // A return's entry is the original collection plus the bank's fee; the fee is the association's cost.
            BigDecimal instructed = tx.instructedAmount() == null ? null : money(tx.instructedAmount(), tx.line());
            BigDecimal stated = stated(tx.charges());
            original = instructed != null ? instructed : stated != null ? own.subtract(stated) : own;
            principal = original;
            fee = own.subtract(original);
        }
        accounted = accounted.add(entry.creditDebit() == CreditDebit.CREDIT ? principal : principal.add(fee));
        String paymentInformationId = tx != null && tx.paymentInformationId() != null ? tx.paymentInformationId()
                : tx != null && tx.batch() != null && tx.batch().paymentInformationId() != null
                ? tx.batch().paymentInformationId()
                : entry.batches().stream().map(Entry.Batch::paymentInformationId).filter(Objects::nonNull)
                .findFirst().orElse(null);
        String remittance = tx == null ? entry.additionalInformation() : String.join(" ", tx.remittanceLines());
        String accountIban = compact(statement.accountIban());
        String reference = reference(entry);
        String endToEndId = tx == null ? null : tx.endToEndId();
        String rf = tx == null ? null : rf(tx);
        String paymentId = tx == null ? null : paymentId(tx, remittance);
        String debtorIban = tx == null || tx.debtorIban() == null ? null : compact(tx.debtorIban());
        begin();
        column(statement.id()).column(accountIban).column(reference)
                .column(Integer.toString(detail)).column(Integer.toString(tx != null ? tx.line() : entry.line()))
                .column(kind)
                .column(money(entry.amount(), entry.line()).toPlainString()).column(principal.toPlainString())
                .column(fee.toPlainString()).column(original == null ? null : original.toPlainString())
                .column(date(entry.bookingDate())).column(date(entry.valueDate()))
                .column(endToEndId).column(paymentInformationId).column(rf).column(paymentId)
                .column(blank(remittance) ? null : remittance.strip())
                .column(tx == null ? null : tx.debtorName())
                .column(debtorIban)
                .column(tx == null || tx.returnReason() == null ? null
                        : tx.returnReason().code() != null ? tx.returnReason().code() : tx.returnReason().proprietary())
                .column(tx == null || tx.returnReason() == null ? null
                        : String.join(" ", tx.returnReason().additionalInformation()));
        hold(new Row(row.toString(), kind, accountIban, reference, principal, entry.bookingDate(), entry.valueDate(),
                endToEndId, paymentInformationId, rf, paymentId, debtorIban,
                !"NOT_BOOKED".equals(kind) && !"ZERO".equals(kind),
                "CREDIT".equals(kind) || "RETURN".equals(kind) ? "NEW" : "IGNORED", null));
    }

    private void writeFee(Entry entry, BigDecimal charges, boolean explained) {
        String accountIban = compact(statement.accountIban());
        String reference = reference(entry);
        begin();
        column(statement.id()).column(accountIban).column(reference).column("-1")
                .column(Integer.toString(entry.line())).column("FEE")
                .column(money(entry.amount(), entry.line()).toPlainString()).column(charges.toPlainString())
                .column(charges.toPlainString()).column(null).column(date(entry.bookingDate()))
                .column(date(entry.valueDate())).column(null).column(null).column(null).column(null).column(null)
                .column(null).column(null).column(null).column(null);
        hold(new Row(row.toString(), "FEE", accountIban, reference, charges, entry.bookingDate(), entry.valueDate(),
                null, null, null, null, null, true, "IGNORED", explained ? "bank charges"
                : "the entry differs from its transactions by this; the bank did not state it as charges"));
    }

    private String kind(Entry entry, EntryTransaction tx) {
        if (!entry.booked()) {
            return "NOT_BOOKED";
        }
        if (entry.amount().value().signum() == 0 || tx != null && tx.amount() != null
                && tx.amount().value().signum() == 0) {
            return "ZERO";
        }
        CreditDebit direction = tx != null && tx.creditDebit() != null ? tx.creditDebit() : entry.creditDebit();
        if (direction == CreditDebit.DEBIT && (entry.reversal() || tx != null && tx.returnReason() != null)) {
            return "RETURN";
        }
        return direction == CreditDebit.CREDIT && !entry.reversal() ? "CREDIT" : "DEBIT";
    }

    /**
     * The bank's reference of the booking: its own {@code AcctSvcrRef} (unique per account at that bank, and the
     * link between a camt.054's details and the camt.053 line that booked them), else the statement and the entry.
     */
    private String reference(Entry entry) {
        if (entry.accountServicerReference() != null) {
            return entry.accountServicerReference();
        }
        return "statement " + statement.id() + " entry "
                + (entry.reference() != null ? entry.reference() : "#" + entryIndex);
    }

    /** An RF reference with right check digits: structured ({@code SCOR}, issuer ISO or none), else in the text. */
    private static String rf(EntryTransaction tx) {
        for (EntryTransaction.CreditorReference reference : tx.creditorReferences()) {
            boolean scor = reference.type() == null || "SCOR".equals(reference.type());
            boolean iso = reference.issuer() == null || "ISO".equalsIgnoreCase(reference.issuer());
            if (scor && iso) {
                var rf = PaymentReferences.rf(reference.reference());
                if (rf.isPresent()) {
                    return rf.get();
                }
            }
        }
        for (String line : tx.remittanceLines()) {
            var rf = PaymentReferences.findRf(line);
            if (rf.isPresent()) {
                return rf.get();
            }
        }
        return null;
    }

    /** A Danish +71 payment id with a right check digit, structured or in the text (an FI code line). */
    private static String paymentId(EntryTransaction tx, String remittance) {
        for (EntryTransaction.CreditorReference reference : tx.creditorReferences()) {
            var id = PaymentReferences.fik71PaymentIdInReference(reference.reference());
            if (id.isPresent()) {
                return id.get();
            }
        }
        return PaymentReferences.findFik71PaymentId(remittance).orElse(null);
    }

    private static BigDecimal stated(io.duesflow.banking.statements.Charges charges) {
        if (charges == null || charges.none()) {
            return null;
        }
        if (charges.total() != null) {
            return charges.total().value();
        }
        return charges.records().stream().map(charge -> charge.amount().value()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Exact to the cent in the association's currency, or the file is refused: "18.150" is fine, "18.155" is not. */
    private BigDecimal money(Amount amount, int line) {
        if (!currency.equals(amount.currency())) {
            throw new Refused("Line " + line + ": " + amount + " is in " + amount.currency()
                    + "; the association keeps its books in " + currency);
        }
        try {
            return Money.of(amount.value()).amount();
        } catch (IllegalArgumentException e) {
            throw new Refused("Line " + line + ": " + amount + " cannot be booked: " + e.getMessage());
        }
    }

    static String compact(String iban) {
        return iban.replace(" ", "").toUpperCase(Locale.ROOT);
    }

    private static String date(LocalDate date) {
        return date == null ? null : date.toString();
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    // --- COPY text format ---------------------------------------------------------------------------------------

    /** The columns each row fills, in order: the ones fixed when it is read, then its decision. */
    static final String COLUMNS = "id, bank_file_id, message_kind, statement_id, account_iban, bank_reference, detail, "
            + "line, kind, entry_amount, amount, bank_charges, original_amount, booking_date, value_date, "
            + "end_to_end_id, payment_information_id, rf_reference, payment_id, remittance, debtor_name, debtor_iban, "
            + "return_code, return_information, counted, state, note, linked_to_id, matched_by, charge_id, "
            + "charge_number, tolerance_difference";

    private void begin() {
        row.setLength(0);
        row.append(fileId).append('\t').append(document == null ? "" : document.message().kind().name());
    }

    private BankFileRows column(String value) {
        row.append('\t');
        if (value == null) {
            row.append(NULL);
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> row.append("\\\\");
                case '\t' -> row.append("\\t");
                case '\n' -> row.append("\\n");
                case '\r' -> row.append("\\r");
                default -> row.append(c);
            }
        }
        return this;
    }

    private void hold(Row held) {
        pending.add(held);
        rows++;
        if (pending.size() >= chunkSize) {
            decidePending();
        }
    }

    /** The rows held so far are decided, then written. */
    private void decidePending() {
        if (pending.isEmpty()) {
            return;
        }
        boolean[] written = {false};
        chunks.decide(pending, () -> {
            if (written[0]) {
                throw new IllegalStateException("A chunk of bank rows is written once");
            }
            written[0] = true;
            store(pending);
        });
        if (!written[0]) {
            throw new IllegalStateException("A chunk of bank rows was decided but not written");
        }
        pending.clear();
    }

    /** One COPY for the chunk's rows, on the transaction's connection. */
    private void store(List<Row> held) {
        copy = copies.get();
        try {
            for (Row r : held) {
                row.setLength(0);
                row.append(r.id).append('\t').append(r.fixed);
                column(Boolean.toString(r.counted)).column(r.state).column(r.note)
                        .column(r.linkedToId == null ? null : r.linkedToId.toString()).column(r.matchedBy)
                        .column(r.chargeId == null ? null : r.chargeId.toString()).column(r.chargeNumber)
                        .column(r.toleranceDifference == null ? null : r.toleranceDifference.toPlainString());
                end();
            }
            flush();
            copy.endCopy();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("The bank file's rows could not be stored: " + e.getMessage(), e);
        }
    }

    private void end() {
        row.append('\n');
        byte[] bytes = row.toString().getBytes(StandardCharsets.UTF_8);
        if (buffered + bytes.length > buffer.length) {
            flush();
        }
        if (bytes.length > buffer.length) {
            write(bytes, bytes.length);
        } else {
            System.arraycopy(bytes, 0, buffer, buffered, bytes.length);
            buffered += bytes.length;
        }
    }

    /** Rows go to PostgreSQL in blocks: one COPY message per row cost more than reading the row. */
    private void flush() {
        if (buffered > 0) {
            write(buffer, buffered);
            buffered = 0;
        }
    }

    private void write(byte[] bytes, int length) {
        try {
            copy.writeToCopy(bytes, 0, length);
        } catch (java.sql.SQLException e) {
            throw new UncheckedIOException(new IOException("The bank file's rows could not be stored: "
                    + e.getMessage(), e));
        }
    }

    /** The reasons of a pain.002 status as one text, for the record. */
    static String reasons(List<io.duesflow.banking.statements.Reason> reasons) {
        return reasons.stream().map(reason -> reason.code() != null ? reason.code() : reason.proprietary())
                .filter(Objects::nonNull).collect(Collectors.joining(", "));
    }
}
