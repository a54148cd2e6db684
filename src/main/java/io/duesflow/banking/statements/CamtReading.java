package io.duesflow.banking.statements;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * camt.052, .053 and .054: {@code Document/<message>/GrpHdr}, then statements ({@code Stmt}, {@code Rpt} or
 * {@code Ntfctn}) of entries ({@code Ntry}) of transactions ({@code NtryDtls/TxDtls}). Each piece goes to the
 * visitor as soon as its own data is read: a statement at its first entry, an entry at its first transaction
 * (everything of an entry but {@code AddtlNtryInf} stands before its details), a transaction at its end.
 */
final class CamtReading extends MessageReading {

    private static final int GROUP = 3;
    private static final int ENTRY = 4;
    private static final int DETAILS = 5;
    private static final int TRANSACTION = 6;

    private final BankMessage message;
    private final String statementElement;
    private final BankFileVisitor visitor;

    private String messageId;
    private LocalDateTime creationTime;

    private StatementBuilder statement;
    private Statement sentStatement;
    private EntryBuilder entry;
    private Entry sentEntry;
    private BatchBuilder batch;
    private Entry.Batch detailsBatch;
    private TransactionBuilder transaction;

    CamtReading(BankMessage message, BankFileVisitor visitor, IntSupplier line) {
        super(line);
        this.message = message;
        this.statementElement = message.kind().statementElement();
        this.visitor = visitor;
    }

    @Override
    void start(ElementPath path) {
        int depth = path.depth();
        if (depth == GROUP) {
            if (statementElement.equals(path.last())) {
                statement = new StatementBuilder(line.getAsInt());
            }
        } else if (statement == null) {
            return;
        } else if (depth == ENTRY && "Ntry".equals(path.last())) {
            entry = new EntryBuilder(line.getAsInt());
        } else if (entry == null) {
            statement.start(path.below(GROUP));
        } else if (depth == DETAILS && "NtryDtls".equals(path.last())) {
            detailsBatch = null;
        } else if (depth == TRANSACTION && "TxDtls".equals(path.last())) {
            sendEntry();
            transaction = new TransactionBuilder(line.getAsInt());
        } else if (transaction != null) {
            transaction.start(path.below(TRANSACTION));
        } else if (depth == DETAILS + 1 && "Btch".equals(path.last())) {
            batch = new BatchBuilder();
        }
    }

    @Override
    void end(ElementPath path, ElementText text, String currency) {
        int depth = path.depth();
        if (statement == null) {
            header(path, text);
        } else if (depth == GROUP) {
            sendStatement();
            visitor.statementEnd(sentStatement);
            statement = null;
            sentStatement = null;
        } else if (entry == null) {
            statement.end(path.below(GROUP), text, currency);
        } else if (depth == ENTRY) {
            sendEntry();
            visitor.entryEnd(sentEntry, entry.additionalInformation);
            entry = null;
            sentEntry = null;
        } else if (transaction != null) {
            if (depth == TRANSACTION) {
                visitor.transaction(sentEntry, transaction.build(sentEntry, detailsBatch));
                transaction = null;
            } else {
                transaction.end(path.below(TRANSACTION), text, currency);
            }
        } else if (batch != null) {
            batchEnd(path, text, currency);
        } else if (depth > DETAILS || !"NtryDtls".equals(path.last())) {
            entry.end(path.below(ENTRY), text, currency);
        }
    }

    private void header(ElementPath path, ElementText text) {
        if (path.depth() == GROUP + 1 && "GrpHdr".equals(path.name(GROUP))) {
            switch (path.last()) {
                case "MsgId" -> messageId = text.value();
                case "CreDtTm" -> creationTime = Values.dateTime(text.value());
                default -> {
                    // recipient, pagination, additional information
                }
            }
        } else if (path.depth() == GROUP && "GrpHdr".equals(path.last())) {
            visitor.document(new BankDocument(message, messageId, creationTime));
        }
    }

    private void batchEnd(ElementPath path, ElementText text, String currency) {
        if (path.depth() == DETAILS + 1) {
            detailsBatch = batch.build();
            if (sentEntry == null) {
                Values.add(entry.batches, detailsBatch, "batches");
            }
            batch = null;
        } else {
            batch.end(path.below(DETAILS + 1), text, currency);
        }
    }

    private void sendStatement() {
        if (sentStatement == null) {
            sentStatement = statement.build(entry == null ? null : entry.amount);
            visitor.statement(sentStatement);
        }
    }

    private void sendEntry() {
        if (sentEntry == null) {
            sendStatement();
            sentEntry = entry.build();
            visitor.entry(sentEntry);
        }
    }

    private static final class StatementBuilder {
        private final int line;
        private String id;
        private String sequenceNumber;
        private LocalDateTime creationTime;
        private String iban;
        private String otherId;
        private String currency;
        private LocalDate from;
        private LocalDate to;
        private final List<Statement.Balance> balances = new ArrayList<>();
        private BalanceBuilder balance;

        StatementBuilder(int line) {
            this.line = line;
        }

        void start(String relative) {
            if (relative.equals("Bal")) {
                balance = new BalanceBuilder();
            }
        }

        void end(String relative, ElementText text, String amountCurrency) {
            if (balance != null) {
                if (relative.equals("Bal")) {
                    Values.add(balances, balance.build(), "balances");
                    balance = null;
                } else {
                    balance.end(relative, text, amountCurrency);
                }
                return;
            }
            switch (relative) {
                case "Id" -> id = text.value();
                case "ElctrncSeqNb" -> sequenceNumber = text.value();
                case "CreDtTm" -> creationTime = Values.dateTime(text.value());
                case "FrToDt/FrDtTm" -> from = Values.dateTime(text.value()).toLocalDate();
                case "FrToDt/ToDtTm" -> to = Values.dateTime(text.value()).toLocalDate();
                case "Acct/Id/IBAN" -> iban = text.value();
                case "Acct/Id/Othr/Id" -> otherId = text.value();
                case "Acct/Ccy" -> currency = text.value();
                default -> {
                    // owner, servicer, interest, transaction summary
                }
            }
        }

        Statement build(Amount firstEntryAmount) {
            String accountCurrency = currency;
            if (accountCurrency == null && !balances.isEmpty()) {
                accountCurrency = balances.get(0).currency();
            }
            if (accountCurrency == null && firstEntryAmount != null) {
                accountCurrency = firstEntryAmount.currency();
            }
            return new Statement(id, sequenceNumber, creationTime, iban, otherId, accountCurrency, from, to,
                    balances, line);
        }
    }

    private static final class BalanceBuilder {
        private String type;
        private Amount amount;
        private CreditDebit creditDebit;
        private LocalDate date;

        void end(String relative, ElementText text, String currency) {
            switch (relative) {
                case "Bal/Tp/CdOrPrtry/Cd", "Bal/Tp/CdOrPrtry/Prtry" -> type = text.value();
                case "Bal/Amt" -> amount = Values.amount(text.value(), currency);
                case "Bal/CdtDbtInd" -> creditDebit = CreditDebit.of(text.value());
                case "Bal/Dt/Dt" -> date = Values.date(text.value());
                case "Bal/Dt/DtTm" -> date = Values.dateTime(text.value()).toLocalDate();
                default -> {
                    // sub-type, credit line, availability
                }
            }
        }

        Statement.Balance build() {
            return new Statement.Balance(type,
                    creditDebit == CreditDebit.DEBIT ? amount.value().negate() : amount.value(), amount.currency(),
                    date);
        }
    }

    private static final class EntryBuilder {
        private final int line;
        private String reference;
        private String servicerReference;
        private Amount amount;
        private CreditDebit creditDebit;
        private boolean reversal;
        private String status;
        private LocalDate bookingDate;
        private LocalDate valueDate;
        private Amount instructedAmount;
        private final Parts.CodeBuilder code = new Parts.CodeBuilder();
        private final Parts.ChargesBuilder charges = new Parts.ChargesBuilder();
        private final List<Entry.Batch> batches = new ArrayList<>();
        private String additionalInformation;

        EntryBuilder(int line) {
            this.line = line;
        }

        void end(String relative, ElementText text, String currency) {
            if (code.end(relative, text) || charges.end(relative, text, currency)) {
                return;
            }
            switch (relative) {
                case "NtryRef" -> reference = Values.reference(text.value());
                case "Amt" -> amount = Values.amount(text.value(), currency);
                case "CdtDbtInd" -> creditDebit = CreditDebit.of(text.value());
                case "RvslInd" -> reversal = Values.indicator(text.value());
                // .001.02 to .04: <Sts>BOOK</Sts>; later <Sts><Cd>BOOK</Cd></Sts>, whose Cd ends first.
                case "Sts" -> status = status != null ? status : text.value();
                case "Sts/Cd", "Sts/Prtry" -> status = text.value();
                case "BookgDt/Dt" -> bookingDate = Values.date(text.value());
                case "BookgDt/DtTm" -> bookingDate = Values.dateTime(text.value()).toLocalDate();
                case "ValDt/Dt" -> valueDate = Values.date(text.value());
                case "ValDt/DtTm" -> valueDate = Values.dateTime(text.value()).toLocalDate();
                case "AcctSvcrRef" -> servicerReference = Values.reference(text.value());
                case "AmtDtls/InstdAmt/Amt" -> instructedAmount = Values.amount(text.value(), currency);
                case "AddtlNtryInf" -> additionalInformation = text.value();
                default -> {
                    // availability, interest, card data, exchange details
                }
            }
        }

        Entry build() {
            return new Entry(reference, servicerReference, amount, creditDebit, reversal, status, bookingDate,
                    valueDate, code.build(), instructedAmount, charges.build(), batches, additionalInformation,
                    line);
        }
    }

    private static final class BatchBuilder {
        private String messageId;
        private String paymentInformationId;
        private Long count;
        private Amount total;
        private CreditDebit creditDebit;

        void end(String relative, ElementText text, String currency) {
            switch (relative) {
                case "MsgId" -> messageId = Values.reference(text.value());
                case "PmtInfId" -> paymentInformationId = Values.reference(text.value());
                case "NbOfTxs" -> count = Values.count(text.value());
                case "TtlAmt" -> total = Values.amount(text.value(), currency);
                case "CdtDbtInd" -> creditDebit = CreditDebit.of(text.value());
                default -> {
                    // nothing else in it
                }
            }
        }

        Entry.Batch build() {
            return new Entry.Batch(messageId, paymentInformationId, count, total, creditDebit);
        }
    }

    private static final class TransactionBuilder {
        private final int line;
        private Amount amount;
        private Amount transactionAmount;
        private CreditDebit creditDebit;
        private Amount instructedAmount;
        private String endToEndId;
        private String instructionId;
        private String paymentInformationId;
        private String messageId;
        private String mandateId;
        private String servicerReference;
        private String proprietaryReference;
        private final List<String> remittanceLines = new ArrayList<>();
        private final List<EntryTransaction.CreditorReference> creditorReferences = new ArrayList<>();
        private String referenceType;
        private String referenceIssuer;
        private String creditorReference;
        private String debtorName;
        private String debtorIban;
        private String ultimateDebtorName;
        private final Parts.CodeBuilder code = new Parts.CodeBuilder();
        private final Parts.ChargesBuilder charges = new Parts.ChargesBuilder();
        private Parts.ReasonBuilder returnReason;
        private String additionalInformation;

        TransactionBuilder(int line) {
            this.line = line;
        }

        void start(String relative) {
            if (relative.equals("RtrInf")) {
                returnReason = new Parts.ReasonBuilder();
            } else if (relative.equals("RmtInf/Strd")) {
                referenceType = null;
                referenceIssuer = null;
                creditorReference = null;
            }
        }

        void end(String relative, ElementText text, String currency) {
            if (code.end(relative, text) || charges.end(relative, text, currency)) {
                return;
            }
            if (relative.startsWith("RtrInf/")) {
                returnReason.end(relative.substring("RtrInf/".length()), text);
                return;
            }
            switch (relative) {
                case "Refs/EndToEndId" -> endToEndId = Values.reference(text.value());
                case "Refs/InstrId" -> instructionId = Values.reference(text.value());
                case "Refs/PmtInfId" -> paymentInformationId = Values.reference(text.value());
                case "Refs/MsgId" -> messageId = Values.reference(text.value());
                case "Refs/MndtId" -> mandateId = Values.reference(text.value());
                case "Refs/AcctSvcrRef" -> servicerReference = Values.reference(text.value());
                case "Refs/Prtry/Ref" -> proprietaryReference = proprietaryReference != null ? proprietaryReference
                        : Values.reference(text.value());
                case "Amt" -> amount = Values.amount(text.value(), currency);
                case "CdtDbtInd" -> creditDebit = CreditDebit.of(text.value());
                case "AmtDtls/InstdAmt/Amt" -> instructedAmount = Values.amount(text.value(), currency);
                case "AmtDtls/TxAmt/Amt" -> transactionAmount = Values.amount(text.value(), currency);
                // .001.02 to .07: the party itself; .001.08: a choice of party or agent.
                case "RltdPties/Dbtr/Nm", "RltdPties/Dbtr/Pty/Nm" -> debtorName = text.value();
                case "RltdPties/DbtrAcct/Id/IBAN" -> debtorIban = text.value();
                case "RltdPties/UltmtDbtr/Nm", "RltdPties/UltmtDbtr/Pty/Nm" -> ultimateDebtorName = text.value();
                case "RmtInf/Ustrd" -> Values.addLine(remittanceLines, text.value(), "remittance lines");
                case "RmtInf/Strd/CdtrRefInf/Tp/CdOrPrtry/Cd", "RmtInf/Strd/CdtrRefInf/Tp/CdOrPrtry/Prtry" ->
                        referenceType = text.value();
                case "RmtInf/Strd/CdtrRefInf/Tp/Issr" -> referenceIssuer = text.value();
                case "RmtInf/Strd/CdtrRefInf/Ref" -> creditorReference = Values.reference(text.value());
                case "RmtInf/Strd" -> {
                    if (creditorReference != null) {
                        Values.add(creditorReferences, new EntryTransaction.CreditorReference(creditorReference,
                                referenceType, referenceIssuer), "structured references");
                    }
                }
                case "AddtlTxInf" -> additionalInformation = text.value();
                default -> {
                    // addresses, agents, purpose, related dates and the rest
                }
            }
        }

        EntryTransaction build(Entry entry, Entry.Batch batch) {
            return new EntryTransaction(amount != null ? amount : transactionAmount,
                    creditDebit != null ? creditDebit : entry.creditDebit(), instructedAmount, endToEndId,
                    instructionId, paymentInformationId, messageId, mandateId, servicerReference,
                    proprietaryReference, remittanceLines, creditorReferences, debtorName, debtorIban,
                    ultimateDebtorName, code.build(), returnReason == null ? null : returnReason.build(),
                    charges.build(), batch, additionalInformation, line);
        }
    }
}
