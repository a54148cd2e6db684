package io.duesflow.banking.statements;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * pain.002 .001.03 and .001.10: {@code Document/CstmrPmtStsRpt/GrpHdr}, {@code OrgnlGrpInfAndSts}, then per
 * original block {@code OrgnlPmtInfAndSts} with its {@code TxInfAndSts}. A block goes to the visitor at its
 * first transaction (its own data stands before them), a transaction at its end.
 */
final class Pain002Reading extends MessageReading {

    private static final int GROUP = 3;
    private static final int TRANSACTION = 4;

    private final BankMessage message;
    private final BankFileVisitor visitor;

    private String messageId;
    private LocalDateTime creationTime;
    private GroupBuilder group;
    private BlockBuilder block;
    private PaymentBlockStatus sentBlock;
    private TransactionBuilder transaction;

    Pain002Reading(BankMessage message, BankFileVisitor visitor, IntSupplier line) {
        super(line);
        this.message = message;
        this.visitor = visitor;
    }

    @Override
    void start(ElementPath path) {
        int depth = path.depth();
        if (depth == GROUP) {
            switch (path.last()) {
                case "OrgnlGrpInfAndSts" -> group = new GroupBuilder();
                case "OrgnlPmtInfAndSts" -> block = new BlockBuilder(line.getAsInt());
                default -> {
                    // the group header, supplementary data
                }
            }
        } else if (group != null) {
            group.start(path.below(GROUP));
        } else if (block != null) {
            if (depth == TRANSACTION && "TxInfAndSts".equals(path.last())) {
                sendBlock();
                transaction = new TransactionBuilder(line.getAsInt());
            } else if (transaction != null) {
                transaction.start(path.below(TRANSACTION));
            } else {
                block.start(path.below(GROUP));
            }
        }
    }

    @Override
    void end(ElementPath path, ElementText text, String currency) {
        int depth = path.depth();
        if (group != null) {
            if (depth == GROUP) {
                visitor.statusReport(group.build());
                group = null;
            } else {
                group.end(path.below(GROUP), text, currency);
            }
        } else if (block != null) {
            if (depth == GROUP) {
                sendBlock();
                block = null;
                sentBlock = null;
            } else if (transaction != null) {
                if (depth == TRANSACTION) {
                    visitor.transactionStatus(sentBlock, transaction.build());
                    transaction = null;
                } else {
                    transaction.end(path.below(TRANSACTION), text, currency);
                }
            } else {
                block.end(path.below(GROUP), text, currency);
            }
        } else if (depth == GROUP + 1 && "GrpHdr".equals(path.name(GROUP))) {
            switch (path.last()) {
                case "MsgId" -> messageId = text.value();
                case "CreDtTm" -> creationTime = Values.dateTime(text.value());
                default -> {
                    // initiating party and agents
                }
            }
        } else if (depth == GROUP && "GrpHdr".equals(path.last())) {
            visitor.document(new BankDocument(message, messageId, creationTime));
        }
    }

    private void sendBlock() {
        if (sentBlock == null) {
            sentBlock = block.build();
            visitor.paymentBlockStatus(sentBlock);
        }
    }

    /** A group, block or transaction: its own fields and its reasons ({@code StsRsnInf}, repeatable). */
    private abstract static class WithReasons {
        final List<Reason> reasons = new ArrayList<>();
        private Parts.ReasonBuilder reason;

        void start(String relative) {
            if (relative.equals("StsRsnInf")) {
                reason = new Parts.ReasonBuilder();
            }
        }

        void end(String relative, ElementText text, String currency) {
            if (relative.equals("StsRsnInf")) {
                Values.add(reasons, reason.build(), "status reasons");
                reason = null;
            } else if (relative.startsWith("StsRsnInf/")) {
                reason.end(relative.substring("StsRsnInf/".length()), text);
            } else {
                field(relative, text, currency);
            }
        }

        abstract void field(String relative, ElementText text, String currency);
    }

    private static final class GroupBuilder extends WithReasons {
        private String originalMessageId;
        private String originalMessageName;
        private String status;

        @Override
        void field(String relative, ElementText text, String currency) {
            switch (relative) {
                case "OrgnlMsgId" -> originalMessageId = text.value();
                case "OrgnlMsgNmId" -> originalMessageName = text.value();
                case "GrpSts" -> status = text.value();
                default -> {
                    // original creation time, counts and sums, counts per status
                }
            }
        }

        StatusReport build() {
            return new StatusReport(originalMessageId, originalMessageName, status, reasons);
        }
    }

    private static final class BlockBuilder extends WithReasons {
        private final int line;
        private String originalPaymentInformationId;
        private String status;

        BlockBuilder(int line) {
            this.line = line;
        }

        @Override
        void field(String relative, ElementText text, String currency) {
            switch (relative) {
                case "OrgnlPmtInfId" -> originalPaymentInformationId = text.value();
                case "PmtInfSts" -> status = text.value();
                default -> {
                    // original counts and sums, counts per status
                }
            }
        }

        PaymentBlockStatus build() {
            return new PaymentBlockStatus(originalPaymentInformationId, status, reasons, line);
        }
    }

    private static final class TransactionBuilder extends WithReasons {
        private final int line;
        private String endToEndId;
        private String instructionId;
        private String status;
        private Amount amount;
        private LocalDate collectionDate;
        private String mandateId;
        private String debtorName;
        private String debtorIban;
        private String servicerReference;

        TransactionBuilder(int line) {
            this.line = line;
        }

        @Override
        void field(String relative, ElementText text, String currency) {
            switch (relative) {
                case "OrgnlEndToEndId" -> endToEndId = Values.reference(text.value());
                case "OrgnlInstrId" -> instructionId = Values.reference(text.value());
                case "TxSts" -> status = text.value();
                case "AcctSvcrRef" -> servicerReference = Values.reference(text.value());
                case "OrgnlTxRef/Amt/InstdAmt" -> amount = Values.amount(text.value(), currency);
                case "OrgnlTxRef/ReqdColltnDt" -> collectionDate = Values.date(text.value());
                case "OrgnlTxRef/MndtRltdInf/MndtId" -> mandateId = Values.reference(text.value());
                // .001.03: the party itself; .001.10: a choice of party or agent.
                case "OrgnlTxRef/Dbtr/Nm", "OrgnlTxRef/Dbtr/Pty/Nm" -> debtorName = text.value();
                case "OrgnlTxRef/DbtrAcct/Id/IBAN" -> debtorIban = text.value();
                default -> {
                    // the rest of the echoed collection, charges, acceptance time
                }
            }
        }

        TransactionStatus build() {
            return new TransactionStatus(endToEndId, instructionId, status, reasons, amount,
                    collectionDate, mandateId, debtorName, debtorIban, servicerReference, line);
        }
    }
}
