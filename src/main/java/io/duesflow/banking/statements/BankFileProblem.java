package io.duesflow.banking.statements;

/** Something in the content that makes a file unreadable; the reader adds where it is. */
final class BankFileProblem extends RuntimeException {

    BankFileProblem(String message) {
        super(message, null, false, false);
    }
}
