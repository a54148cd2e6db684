package io.duesflow.banking;

import java.math.BigDecimal;

/**
 * A payment block streamed other collections than its declared count and control sum: the file written so far is
 * wrong and must be thrown away. It means the SQL that counted the block and the stream that read it disagree
 * (a charge changed in between, or a member was left out in one of them but not the other).
 */
public class DeclaredTotalsMismatchException extends IllegalStateException {

    private final String paymentInfoId;
    private final long declaredCount;
    private final BigDecimal declaredControlSum;
    private final long streamedCount;
    private final BigDecimal streamedControlSum;

    DeclaredTotalsMismatchException(String paymentInfoId, long declaredCount, BigDecimal declaredControlSum,
                                    long streamedCount, BigDecimal streamedControlSum, boolean stoppedEarly) {
        super("Payment block " + paymentInfoId + " declared " + declaredCount + " collections totalling "
                + declaredControlSum.toPlainString() + " EUR, but its stream gave "
                + (stoppedEarly ? "more (stopped at " + streamedCount + ")" : streamedCount + " totalling "
                + streamedControlSum.toPlainString() + " EUR"));
        this.paymentInfoId = paymentInfoId;
        this.declaredCount = declaredCount;
        this.declaredControlSum = declaredControlSum;
        this.streamedCount = streamedCount;
        this.streamedControlSum = streamedControlSum;
    }

    public String paymentInfoId() {
        return paymentInfoId;
    }

    public long declaredCount() {
        return declaredCount;
    }

    public BigDecimal declaredControlSum() {
        return declaredControlSum;
    }

    /** The collections streamed until the mismatch was found. */
    public long streamedCount() {
        return streamedCount;
    }

    /** Their total. */
    public BigDecimal streamedControlSum() {
        return streamedControlSum;
    }
}
