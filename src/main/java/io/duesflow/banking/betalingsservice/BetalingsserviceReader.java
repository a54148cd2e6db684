package io.duesflow.banking.betalingsservice;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads the deliveries Nets sends to a Betalingsservice creditor (betalingsservice.md §3-§4): 0602 payment
 * information and 0603 agreement information, in Windows-1252, CR LF or LF, trimmed trailing spaces padded back,
 * PBCNET transmission lines skipped.
 *
 * <p>Nothing is handed on from a file that fails: each method reads the whole file once and checks every record
 * (length, type, section, transaction code, every field it uses) and every count and net amount in the section
 * ends ({@code BS092}) and the delivery end ({@code BS992}) before it returns; only then does
 * {@link VerifiedDelivery#forEach} read the file a second time and hand out the records. Two passes instead of
 * holding the records: a 0602 of 100 000 payments is 13 MB of text and a few hundred milliseconds to read twice,
 * and memory stays the same for any size. A refusal is a {@link RefusedDeliveryException} with the record number.
 *
 * <p>Sections read: 0602 in 0211 (0236 completed, 0237 rejected, 0238 cancelled, 0239 charged back) and 0215
 * (0297 paid, 0299 charged back by payment slip); 0603 in 0210 (0230 active) and 0212 (0231 registered,
 * 0232-0234 cancelled by the bank, the creditor, Betalingsservice). Any other section, record type or
 * transaction code is refused by name rather than skipped, so nothing is dropped unseen; a creditor who orders
 * more information from Nets gets a clear refusal until it is read here.
 */
public final class BetalingsserviceReader {

    private BetalingsserviceReader() {
    }

    /**
     * Checks a 0602 payment-information delivery.
     *
     * @throws RefusedDeliveryException when a record or a total is wrong, naming the record
     */
    public static VerifiedDelivery<PaymentInformation> paymentInformation(Path file) throws IOException {
        return verified(file, DeliveryFormats.paymentInformation());
    }

    /**
     * Checks a 0603 agreement-information delivery.
     *
     * @throws RefusedDeliveryException when a record or a total is wrong, naming the record
     */
    public static VerifiedDelivery<AgreementInformation> agreementInformation(Path file) throws IOException {
        return verified(file, DeliveryFormats.agreementInformation());
    }

    /**
     * The delivery type of a file ({@code 0602}, {@code 0603} …, BS002 positions 17-20), from its first record
     * that is not a PBCNET line, to know which reader it goes to; nothing else is checked.
     *
     * @throws RefusedDeliveryException when the file does not start with a delivery start record
     */
    public static String deliveryType(Path file) throws IOException {
        try (RecordLines lines = new RecordLines(file, false)) {
            RecordLine first = lines.next();
            if (first == null) {
                throw new RefusedDeliveryException(0, "The file holds no Betalingsservice records");
            }
            if (!first.at(1, 5).equals("BS002")) {
                throw new RefusedDeliveryException(first.number(), "the file does not start with a delivery start "
                        + "record (BS002) but with '" + first.at(1, 5) + "'");
            }
            return first.at(17, 20);
        }
    }

    private static <T> VerifiedDelivery<T> verified(Path file, DeliveryReader<T> reader) throws IOException {
        return new VerifiedDelivery<>(file, reader, reader.read(file, null, null));
    }
}
