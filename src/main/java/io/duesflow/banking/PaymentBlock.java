package io.duesflow.banking;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One payment information block of a direct-debit file: the collections of one sequence type on one collection
 * date. Its count and control sum are written before its collections, so the caller gives them up front (from
 * SQL); the writer streams the collections and refuses the file when they do not add up to what was declared.
 *
 * @param paymentInfoId  unique within the file; a SEPA identifier (see {@link SepaText#identifier})
 * @param collectionDate the requested collection date, a TARGET2 business day (see {@link Target2Calendar})
 * @param count          the number of collections the stream will give, at least one
 * @param controlSum     their total in EUR, whole cents
 * @param debits         opens the stream of collections when the writer reaches this block; the writer closes it
 *                       (so a JDBC cursor behind it is released), and opens it only once
 */
public record PaymentBlock(String paymentInfoId, SequenceType sequenceType, LocalDate collectionDate, int count,
                           BigDecimal controlSum, Supplier<? extends Stream<DirectDebit>> debits) {

    public PaymentBlock {
        paymentInfoId = SepaText.identifier("payment information id", paymentInfoId);
        Objects.requireNonNull(sequenceType, "sequenceType");
        Objects.requireNonNull(collectionDate, "collectionDate");
        if (count < 1) {
            throw new IllegalArgumentException("Payment block " + paymentInfoId + " must hold at least one collection, "
                    + "not " + count);
        }
        controlSum = SepaAmounts.positiveCents("control sum of payment block " + paymentInfoId, controlSum);
        Objects.requireNonNull(debits, "debits");
    }

    /** A block of collections already in memory, with the count and control sum taken from them. */
    public static PaymentBlock of(String paymentInfoId, SequenceType sequenceType, LocalDate collectionDate,
                                  List<DirectDebit> debits) {
        List<DirectDebit> copy = List.copyOf(debits);
        BigDecimal sum = copy.stream().map(DirectDebit::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new PaymentBlock(paymentInfoId, sequenceType, collectionDate, copy.size(), sum, copy::stream);
    }
}
