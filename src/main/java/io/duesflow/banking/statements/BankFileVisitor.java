package io.duesflow.banking.statements;

/**
 * What a {@link BankFileReader} hands over while it reads, in file order, one piece at a time: nothing is kept
 * once it is handed over, so a statement of 100 000 entries needs no more memory than one of ten. Implement the
 * calls the file kind has; the others do nothing.
 *
 * <p>A camt file: {@link #document}, then per statement {@link #statement}, per entry {@link #entry}, its
 * {@link #transaction}s, {@link #entryEnd}, and {@link #statementEnd}. A pain.002: {@link #document},
 * {@link #statusReport}, then per original block {@link #paymentBlockStatus} and its {@link #transactionStatus}es.
 *
 * <p>The file is checked against its schema while it is read, and each piece is handed over only when everything
 * up to it is valid; but a problem further on still makes the whole file unreadable. So what the visitor got is
 * final only when {@link BankFileReader#read} returns: on an exception, throw all of it away (do the work of one
 * file in one transaction). An exception the visitor throws stops the reading and comes out of {@code read}
 * unchanged.
 */
public interface BankFileVisitor {

    /** The group header, first. */
    default void document(BankDocument document) {
    }

    /** A statement (report, notification) with its balances, before its entries. */
    default void statement(Statement statement) {
    }

    /** An entry, before its transactions. */
    default void entry(Entry entry) {
    }

    /** One transaction of {@code entry}; a batch entry has several. */
    default void transaction(Entry entry, EntryTransaction transaction) {
    }

    /**
     * After the entry's last transaction.
     *
     * @param additionalInformation {@code AddtlNtryInf}, which stands after the transactions in the file; null
     *                              when there is none
     */
    default void entryEnd(Entry entry, String additionalInformation) {
    }

    /** After the statement's last entry. */
    default void statementEnd(Statement statement) {
    }

    /** A pain.002's status of the original file as a whole, before its blocks. */
    default void statusReport(StatusReport report) {
    }

    /** A pain.002's status of one original block, before its transactions. */
    default void paymentBlockStatus(PaymentBlockStatus block) {
    }

    /** A pain.002's status of one original collection of {@code block}. */
    default void transactionStatus(PaymentBlockStatus block, TransactionStatus transaction) {
    }
}
