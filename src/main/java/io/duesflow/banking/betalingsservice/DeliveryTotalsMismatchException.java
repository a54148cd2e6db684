package io.duesflow.banking.betalingsservice;

import java.math.BigDecimal;

/**
 * A collection delivery streamed other payments than its declared count and total: the file written so far is
 * wrong and must be thrown away. It means the SQL that counted the run and the stream that read it disagree (a
 * charge changed in between, or a member was left out on one side but not the other).
 */
public class DeliveryTotalsMismatchException extends IllegalStateException {

    private final String record;
    private final long recordNumber;
    private final long declaredCount;
    private final BigDecimal declaredTotal;
    private final long writtenCount;
    private final BigDecimal writtenTotal;

    DeliveryTotalsMismatchException(String record, long recordNumber, long declaredCount, BigDecimal declaredTotal,
                                    long writtenCount, BigDecimal writtenTotal, boolean stoppedEarly) {
        super(record + " (record " + recordNumber + ") cannot be written: " + declaredCount
                + (declaredCount == 1 ? " payment was" : " payments were") + " declared with a net total of "
                + declaredTotal.toPlainString() + " DKK, but the stream gave " + (stoppedEarly ? "more (stopped at " + writtenCount
                + ", " + writtenTotal.toPlainString() + " DKK)" : writtenCount + " with "
                + writtenTotal.toPlainString() + " DKK") + "; the delivery is incomplete and must be thrown away");
        this.record = record;
        this.recordNumber = recordNumber;
        this.declaredCount = declaredCount;
        this.declaredTotal = declaredTotal;
        this.writtenCount = writtenCount;
        this.writtenTotal = writtenTotal;
    }

    /**
     * The record whose totals did not match: {@code BS092} at the section end, or the first record of the payment
     * beyond the declared count ({@code BS022}), where the writer stops.
     */
    public String record() {
        return record;
    }

    /** Its number in the file: where it would have been written. */
    public long recordNumber() {
        return recordNumber;
    }

    public long declaredCount() {
        return declaredCount;
    }

    public BigDecimal declaredTotal() {
        return declaredTotal;
    }

    /** The payments the stream gave, up to the one the writer stopped at. */
    public long writtenCount() {
        return writtenCount;
    }

    public BigDecimal writtenTotal() {
        return writtenTotal;
    }
}
