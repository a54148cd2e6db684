package io.duesflow.banking.betalingsservice;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A delivery file whose every record and every total has been checked, ready to hand its records on. Made only by
 * {@link BetalingsserviceReader}, after a first pass over the whole file; {@link #forEach} is the second pass.
 *
 * @param <T> {@link PaymentInformation} or {@link AgreementInformation}
 */
public final class VerifiedDelivery<T> {

    private final Path file;
    private final DeliveryReader<T> reader;
    private final DeliveryInfo info;

    VerifiedDelivery(Path file, DeliveryReader<T> reader, DeliveryInfo info) {
        this.file = file;
        this.reader = reader;
        this.info = info;
    }

    /** The delivery's identification, totals and SHA-256: what to decide by whether it was read before. */
    public DeliveryInfo info() {
        return info;
    }

    /**
     * Hands every record to {@code each} in file order, reading the file again line by line (memory does not grow
     * with the file). The file is checked once more while it is read, and at the end that its bytes are the ones
     * checked before; if it changed in between, a {@link RefusedDeliveryException} comes, possibly after records
     * were handed on. So run this inside the one transaction that books the records, and roll back on any
     * exception. An exception {@code each} throws ends the reading and comes out unchanged.
     */
    public void forEach(Consumer<? super T> each) throws IOException {
        reader.read(file, each, info.sha256());
    }
}
