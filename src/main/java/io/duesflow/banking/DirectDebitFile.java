package io.duesflow.banking;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What goes into one pain.008 file: the group header's data and the payment blocks, each streaming its
 * collections. Only SEPA Core collections in EUR.
 *
 * @param messageId    unique per creditor and file, a SEPA identifier; banks refuse a message id they have seen
 * @param creationTime when the file was made, in the association's time zone; written to the second without an
 *                     offset, the form every bank takes
 * @param batchBooking {@code BtchBookg}: true books each block as one entry on the creditor's statement, false
 *                     each collection separately
 * @param blocks       at least one; one per sequence type and collection date, with unique payment information ids
 */
public record DirectDebitFile(String messageId, LocalDateTime creationTime, Creditor creditor, boolean batchBooking,
                              List<PaymentBlock> blocks) {

    public DirectDebitFile {
        messageId = SepaText.identifier("message id", messageId);
        Objects.requireNonNull(creationTime, "creationTime");
        Objects.requireNonNull(creditor, "creditor");
        blocks = List.copyOf(blocks);
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("A direct-debit file needs at least one payment block");
        }
        Set<String> ids = new HashSet<>();
        for (PaymentBlock block : blocks) {
            if (!ids.add(block.paymentInfoId())) {
                throw new IllegalArgumentException("The payment information id " + block.paymentInfoId()
                        + " is used by two blocks of file " + messageId);
            }
        }
    }

    /** The number of collections in all blocks, as declared by them. */
    public long numberOfTransactions() {
        return blocks.stream().mapToLong(PaymentBlock::count).sum();
    }

    /** The total of all blocks, as declared by them. */
    public BigDecimal controlSum() {
        return blocks.stream().map(PaymentBlock::controlSum).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
