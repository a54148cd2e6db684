package io.duesflow.banking.statements;

import java.time.LocalDateTime;

/**
 * A bank file's group header: which message it is, the bank's message id (unique per file and bank: a file
 * seen twice has the same one) and when the bank made it, as the bank wrote it (any UTC offset left off).
 */
public record BankDocument(BankMessage message, String messageId, LocalDateTime creationTime) {
}
