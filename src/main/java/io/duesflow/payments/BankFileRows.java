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
 * Turns what the reader hands over into rows of {@code bank_transaction}, streamed into PostgreSQL with {@code COPY}
 * as they come, so a statement of 100 000 entries is never held in memory: one row per transaction detail (an entry
 * without details is one row), plus a row for bank charges an entry shows. Statements of other accounts than the
 * association's (banks put all of a customer's accounts in one file) are left out; a file with none of the
 * association's is refused. While it reads it refuses, with the line, what cannot be booked: another currency, an
 * amount with fractions of a cent. A pain.002's statuses are kept (they are few) for {@link CollectionReturns}.
 */
final class BankFileRows implements BankFileVisitor {

    /** A camt or pain.002 file duesflow will not book, and why (with the line). */
    static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason);
        }
    }

    private static final String NULL = "\\N";

    private final long fileId;
    private final String associationIban;
    private final String currency;
    private final CopyIn copy;
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
     * @param copy where the rows go; null for a pain.002, which has none
     */
    BankFileRows(long fileId, String associationIban, String currency, CopyIn copy) {
        this.fileId = fileId;
        this.associationIban = associationIban;
        this.currency = currency;
        this.copy = copy;
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
        if (copy != null) {
            try {
                flush();
                copy.endCopy();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("The bank file's rows could not be stored: " + e.getMessage(), e);
            }
        }
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
        begin();
        column(statement.id()).column(compact(statement.accountIban())).column(reference(entry))
                .column(Integer.toString(detail)).column(Integer.toString(tx != null ? tx.line() : entry.line()))
                .column(kind).column(Boolean.toString(!"NOT_BOOKED".equals(kind) && !"ZERO".equals(kind)))
                .column(money(entry.amount(), entry.line()).toPlainString()).column(principal.toPlainString())
                .column(fee.toPlainString()).column(original == null ? null : original.toPlainString())
                .column(date(entry.bookingDate())).column(date(entry.valueDate()))
                .column(tx == null ? null : tx.endToEndId()).column(paymentInformationId)
                .column(tx == null ? null : rf(tx)).column(tx == null ? null : paymentId(tx, remittance))
                .column(blank(remittance) ? null : remittance.strip())
                .column(tx == null ? null : tx.debtorName())
                .column(tx == null || tx.debtorIban() == null ? null : compact(tx.debtorIban()))
                .column(tx == null || tx.returnReason() == null ? null
                        : tx.returnReason().code() != null ? tx.returnReason().code() : tx.returnReason().proprietary())
                .column(tx == null || tx.returnReason() == null ? null
                        : String.join(" ", tx.returnReason().additionalInformation()))
                .column("CREDIT".equals(kind) || "RETURN".equals(kind) ? "NEW" : "IGNORED")
                .column(null);
        end();
    }

    private void writeFee(Entry entry, BigDecimal charges, boolean explained) {
        begin();
        column(statement.id()).column(compact(statement.accountIban())).column(reference(entry)).column("-1")
                .column(Integer.toString(entry.line())).column("FEE").column("true")
                .column(money(entry.amount(), entry.line()).toPlainString()).column(charges.toPlainString())
                .column(charges.toPlainString()).column(null).column(date(entry.bookingDate()))
                .column(date(entry.valueDate())).column(null).column(null).column(null).column(null).column(null)
                .column(null).column(null).column(null).column(null).column("IGNORED")
                .column(explained ? "bank charges" : "the entry differs from its transactions by this; the bank "
                        + "did not state it as charges");
        end();
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

    /** The columns each row fills, in order. */
    static final String COLUMNS = "bank_file_id, message_kind, statement_id, account_iban, bank_reference, detail, "
            + "line, kind, counted, entry_amount, amount, bank_charges, original_amount, booking_date, value_date, "
            + "end_to_end_id, payment_information_id, rf_reference, payment_id, remittance, debtor_name, debtor_iban, "
            + "return_code, return_information, state, note";

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
        rows++;
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
