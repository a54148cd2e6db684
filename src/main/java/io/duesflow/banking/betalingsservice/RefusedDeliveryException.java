package io.duesflow.banking.betalingsservice;

/**
 * A delivery from Nets that cannot be read as it stands: a record of the wrong length or type, a section or
 * delivery whose counts or sums disagree with its records, a file that ends early. Nothing of such a file is handed
 * on; the file belongs in the bank's {@code error/} folder with this message beside it.
 */
public class RefusedDeliveryException extends RuntimeException {

    private final long recordNumber;
    private final String reason;

    RefusedDeliveryException(long recordNumber, String reason) {
        super(recordNumber > 0 ? "Record " + recordNumber + ": " + reason : reason);
        this.recordNumber = recordNumber;
        this.reason = reason;
    }

    /**
     * The record the refusal is about: its line number in the file, counting from 1 and counting the PBCNET
     * transmission lines, so an editor's "go to line" finds it; 0 when it is about the file as a whole.
     */
    public long recordNumber() {
        return recordNumber;
    }

    /** What is wrong, without the record number. */
    public String reason() {
        return reason;
    }
}
