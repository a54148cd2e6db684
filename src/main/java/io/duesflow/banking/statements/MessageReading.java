package io.duesflow.banking.statements;

import java.util.function.IntSupplier;

/**
 * Turns one message's elements into records for the visitor. Called only while the file is valid so far: it may
 * take every value's form for granted.
 */
abstract class MessageReading {

    /** The line the parser is on: asked only for the elements a record starts at, since asking has a cost. */
    final IntSupplier line;

    MessageReading(IntSupplier line) {
        this.line = line;
    }

    /** An element opened; {@code path} includes it. */
    abstract void start(ElementPath path);

    /**
     * An element closed; {@code path} still includes it.
     *
     * @param currency the element's {@code Ccy} attribute, when it is an amount
     */
    abstract void end(ElementPath path, ElementText text, String currency);

    static MessageReading of(BankMessage message, BankFileVisitor visitor, IntSupplier line) {
        return message.kind() == BankMessage.Kind.PAYMENT_STATUS_REPORT
                ? new Pain002Reading(message, visitor, line)
                : new CamtReading(message, visitor, line);
    }
}
