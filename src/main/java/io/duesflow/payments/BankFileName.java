package io.duesflow.payments;

import io.duesflow.banking.SequenceType;

/**
 * The names of one direct-debit file, all made from one stem ({@code R<run>-<yyyymmdd>[-<sequence>][-<n>]}): its
 * file name in the outbox, its message id and its blocks' payment information ids. Fixed when the file is recorded,
 * so writing it again gives the same names.
 */
record BankFileName(String stem) {

    private static final String MESSAGE_ID_PREFIX = "DUESFLOW-";

    static BankFileName ofMessageId(String messageId) {
        if (!messageId.startsWith(MESSAGE_ID_PREFIX)) {
            throw new IllegalStateException("Message id " + messageId + " was not made by duesflow");
        }
        return new BankFileName(messageId.substring(MESSAGE_ID_PREFIX.length()));
    }

    String fileName() {
        return "pain008-" + stem + ".xml";
    }

    String messageId() {
        return MESSAGE_ID_PREFIX + stem;
    }

    String paymentInfoId(SequenceType sequence) {
        return stem + "-" + sequence;
    }

    /** A block of one of our files, as its payment information id names it. */
    record Block(BankFileName file, SequenceType sequence) {
    }

    /** The file and sequence type a payment information id of ours names; empty when it is not one of ours. */
    static java.util.Optional<Block> ofPaymentInfoId(String paymentInfoId) {
        if (paymentInfoId == null) {
            return java.util.Optional.empty();
        }
        for (SequenceType sequence : SequenceType.values()) {
            String suffix = "-" + sequence;
            if (paymentInfoId.endsWith(suffix) && paymentInfoId.length() > suffix.length()) {
                return java.util.Optional.of(new Block(new BankFileName(paymentInfoId.substring(0,
                        paymentInfoId.length() - suffix.length())), sequence));
            }
        }
        return java.util.Optional.empty();
    }
}
