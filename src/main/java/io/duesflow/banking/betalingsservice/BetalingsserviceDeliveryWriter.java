package io.duesflow.banking.betalingsservice;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Writes a collection delivery to Betalingsservice in one of Nets' formats. {@link Delivery0601Writer}, the
 * fixed-record delivery 0601, is the one there is. Nets now offers new creditors the XML delivery PBSXML000
 * instead (betalingsservice.md §0 and §5); its schema is not public, so its writer comes when Mastercard Payment
 * Services hands it out, behind this interface, taking the same {@link CollectionDelivery}.
 */
public interface BetalingsserviceDeliveryWriter {

    /**
     * The writer of a delivery format: {@code 0601}. PBSXML000 comes here once its schema is at hand.
     *
     * @throws IllegalArgumentException naming the formats there are
     */
    static BetalingsserviceDeliveryWriter of(String deliveryFormat) {
        if (Delivery0601Writer.DELIVERY_TYPE.equals(deliveryFormat)) {
            return new Delivery0601Writer();
        }
        throw new IllegalArgumentException("The Betalingsservice delivery format '" + deliveryFormat + "' is not "
                + "written by duesflow; it writes " + Delivery0601Writer.DELIVERY_TYPE + " (the fixed-record "
                + "collection delivery). PBSXML000 needs its schema from Mastercard Payment Services first");
    }

    /** The delivery format, e.g. {@code 0601}. */
    String deliveryType();

    /**
     * Writes the delivery to {@code out}, which is flushed but not closed. On an exception what was written is
     * incomplete and must be thrown away.
     *
     * @throws DeliveryTotalsMismatchException when the payments do not add up to the declared count and total
     * @throws IllegalArgumentException        when a payment is due before the delivery is made
     */
    void write(CollectionDelivery delivery, OutputStream out) throws IOException;

    /**
     * Writes the delivery to {@code target} only when it is right: under a temporary name beside the target, read
     * back and checked in full, then renamed to {@code target} in one step (replacing a file of that name). On any
     * failure the temporary file is deleted and {@code target} is left as it was.
     *
     * @return what the written file's frame says: delivery id, counts, net amount, SHA-256
     * @throws DeliveryTotalsMismatchException when the payments do not add up to the declared count and total
     */
    DeliveryInfo writeChecked(CollectionDelivery delivery, Path target) throws IOException;
}
