package io.duesflow.banking.statements;

import java.util.Arrays;
import java.util.Optional;

import io.duesflow.banking.Iso20022Schemas;

/**
 * The ISO 20022 messages duesflow recognises in the bank inbox, each by the namespace of its root element. A
 * message whose official schema duesflow ships is read; the others are recognised only to be refused with a
 * reason that names them, since a file that cannot be checked against its own schema is not read.
 */
public enum BankMessage {

    CAMT_052_001_02("camt.052.001.02", Kind.ACCOUNT_REPORT, true),
    CAMT_052_001_03("camt.052.001.03", Kind.ACCOUNT_REPORT, true),
    CAMT_052_001_04("camt.052.001.04", Kind.ACCOUNT_REPORT, true),
    CAMT_052_001_05("camt.052.001.05", Kind.ACCOUNT_REPORT, true),
    CAMT_052_001_06("camt.052.001.06", Kind.ACCOUNT_REPORT, true),
    CAMT_052_001_07("camt.052.001.07", Kind.ACCOUNT_REPORT, true),
    CAMT_052_001_08("camt.052.001.08", Kind.ACCOUNT_REPORT, true),
    /** The German banks' statement until November 2025, and still the Dutch and Danish banks'. */
    CAMT_053_001_02("camt.053.001.02", Kind.STATEMENT, true),
    CAMT_053_001_03("camt.053.001.03", Kind.STATEMENT, true),
    /** What Swiss banks sent until their move to .001.08. */
    CAMT_053_001_04("camt.053.001.04", Kind.STATEMENT, true),
    CAMT_053_001_05("camt.053.001.05", Kind.STATEMENT, false),
    CAMT_053_001_06("camt.053.001.06", Kind.STATEMENT, false),
    CAMT_053_001_07("camt.053.001.07", Kind.STATEMENT, false),
    /** The German banks' only statement since November 2025 (MT940 switched off), and the Swiss banks'. */
    CAMT_053_001_08("camt.053.001.08", Kind.STATEMENT, true),
    CAMT_054_001_02("camt.054.001.02", Kind.NOTIFICATION, true),
    CAMT_054_001_03("camt.054.001.03", Kind.NOTIFICATION, false),
    CAMT_054_001_04("camt.054.001.04", Kind.NOTIFICATION, true),
    CAMT_054_001_05("camt.054.001.05", Kind.NOTIFICATION, false),
    CAMT_054_001_06("camt.054.001.06", Kind.NOTIFICATION, false),
    CAMT_054_001_07("camt.054.001.07", Kind.NOTIFICATION, false),
    CAMT_054_001_08("camt.054.001.08", Kind.NOTIFICATION, true),
    PAIN_002_001_03("pain.002.001.03", Kind.PAYMENT_STATUS_REPORT, true),
    PAIN_002_001_10("pain.002.001.10", Kind.PAYMENT_STATUS_REPORT, true);

    /** What a message is for; camt.052, .053 and .054 share their statement and entry structure. */
    public enum Kind {
        /** camt.052: an intraday report of an account, entries possibly not yet booked. */
        ACCOUNT_REPORT("Rpt"),
        /** camt.053: the end-of-day statement, with balances. */
        STATEMENT("Stmt"),
        /** camt.054: single debits and credits, often the details of what a statement books as one line. */
        NOTIFICATION("Ntfctn"),
        /** pain.002: the bank's answer to a pain.008, accepting or rejecting the file, blocks or collections. */
        PAYMENT_STATUS_REPORT(null);

        private final String statementElement;

        Kind(String statementElement) {
            this.statementElement = statementElement;
        }

        /** The element one statement (report, notification) stands in; none for a status report. */
        String statementElement() {
            return statementElement;
        }
    }

    private static final String NAMESPACE_PREFIX = "urn:iso:std:iso:20022:tech:xsd:";

    private final String messageName;
    private final Kind kind;
    private final boolean schemaShipped;

    BankMessage(String messageName, Kind kind, boolean schemaShipped) {
        this.messageName = messageName;
        this.kind = kind;
        this.schemaShipped = schemaShipped;
    }

    /** The message name, e.g. {@code camt.053.001.08}. */
    public String messageName() {
        return messageName;
    }

    public Kind kind() {
        return kind;
    }

    /** The namespace of the file's root element, e.g. {@code urn:iso:std:iso:20022:tech:xsd:camt.053.001.08}. */
    public String namespace() {
        return NAMESPACE_PREFIX + messageName;
    }

    /** Whether duesflow ships the official schema of this version, and so reads it. */
    public boolean schemaShipped() {
        return schemaShipped;
    }

    /** The message whose namespace this is, when duesflow knows it. */
    public static Optional<BankMessage> ofNamespace(String namespace) {
        return Arrays.stream(values()).filter(message -> message.namespace().equals(namespace)).findFirst();
    }

    String schemaResource() {
        return Iso20022Schemas.resource(messageName);
    }
}
