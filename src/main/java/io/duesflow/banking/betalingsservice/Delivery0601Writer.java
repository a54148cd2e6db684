package io.duesflow.banking.betalingsservice;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Writes the fixed-record collection delivery 0601 with one section 0112 ("Opkrævninger", collections with long
 * advice text), as a stream: one payment at a time, so 100 000 payments need no more memory than ten. Records are
 * exactly 128 characters, Windows-1252, each ending with CR LF (betalingsservice.md §0, as Puls 3060 uploads them).
 *
 * <pre>
 * BS002 delivery start     data supplier, subsystem, 0601, delivery id, creation date
 * BS012 section start 0112 PBS number, debtor group, user identification, date, heading line
 *   per payment:
 *   BS022 0240 00001        name
 *   BS022 0240 00002/00003  address lines (when given)
 *   BS022 0240 00009        post code and country (when a post code is given)
 *   BS042 0280              customer no., agreement no., payment date, sign code, amount in øre, reference
 *   BS052 0241 00001…       the text lines
 * BS092 section end        counts of 042, 052, 022 and the net amount
 * BS992 delivery end       the same for the delivery, and the number of sections
 * </pre>
 * The order within a payment (name and address, then payment, then text) is Puls 3060's, whose deliveries Nets
 * accepted (betalingsservice.md §2 and the Puls writer it cites).
 *
 * <p>Positions follow the tables of betalingsservice.md §1-§2. Where the doc leaves a choice, this writer:
 * <ul>
 * <li>writes the agreement number in BS022, BS042 and BS052 alike (Compassion writes it in 042 and 052; Puls
 * writes {@code 000000000}, "or 999999999", which its comment allows);</li>
 * <li>leaves the transfer account of BS012 55-68 as spaces (Compassion; Puls writes its account there), so Nets
 * uses the account of the creditor agreement;</li>
 * <li>leaves the payer id of BS042 106-120 as spaces (Puls writes nothing there, Compassion its payer id, used for
 * payment slips, which section 0112 does not make);</li>
 * <li>writes the creation date into BS012 47-54, which the layout allows ("000… or delivery creation date").</li>
 * </ul>
 * Amounts carry the sign code 1 (collection) or 2 (payout); the net amounts of BS092 and BS992 are collections
 * minus payouts, as Puls computes them, and cannot be negative (their 15 digits have no sign).
 */
public final class Delivery0601Writer implements BetalingsserviceDeliveryWriter {

    public static final String DELIVERY_TYPE = "0601";
    public static final String SECTION = "0112";
    static final String NAME_ADDRESS = "0240";
    static final String COLLECTION = "0280";
    static final String TEXT_LINE = "0241";

    private static final int WRITE_BUFFER = 1 << 16;

    @Override
    public String deliveryType() {
        return DELIVERY_TYPE;
    }

    @Override
    public void write(CollectionDelivery delivery, OutputStream out) throws IOException {
        OutputStream records = new BufferedOutputStream(out, WRITE_BUFFER);
        new Run(delivery, records).write();
        records.flush();
    }

    @Override
    public DeliveryInfo writeChecked(CollectionDelivery delivery, Path target) throws IOException {
        Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName() + ".",
                ".part");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                write(delivery, out);
            }
            DeliveryInfo written = DeliveryFormats.collectionReadBack().read(temporary, null, null);
            // The writer checked the totals as it went; reading the file back checks what actually reached the
            // disk, by the reader's rules (128 characters, CR LF, every field and total) rather than the writer's.
            if (written.dataRecords() != delivery.declaredCount()
                    || written.netAmount().compareTo(delivery.declaredTotal()) != 0
                    || !written.deliveryId().equals(String.format("%010d", delivery.deliveryId()))) {
                throw new IllegalStateException("The written delivery " + delivery.deliveryId() + " reads back as "
                        + written + ", not as declared");
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return written;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** One writing of one delivery: the record in hand, the record count and the totals so far. */
    private static final class Run {
        private final CollectionDelivery delivery;
        private final BetalingsserviceCreditor creditor;
        private final OutputStream out;
        private final FixedRecord record = new FixedRecord();
        private long recordNumber;
        private long payments;
        private long netOre;
        private long nameAddressRecords;
        private long textRecords;

        Run(CollectionDelivery delivery, OutputStream out) {
            this.delivery = delivery;
            this.creditor = delivery.creditor();
            this.out = out;
        }

        void write() throws IOException {
            record.start("002").text(6, 13, creditor.dataSupplierNumber()).text(14, 16, creditor.subsystem())
                    .text(17, 20, DELIVERY_TYPE).number(21, 30, delivery.deliveryId()).ddmmyy(50, delivery.createdOn());
            emit();
            record.start("012").text(6, 13, creditor.pbsNumber()).text(14, 17, SECTION)
                    .number(23, 27, creditor.debtorGroup()).text(28, 42, creditor.userIdentification())
                    .ddmmyyyy(47, delivery.createdOn()).text(69, 128, creditor.headingText());
            emit();
            try (Stream<CollectionPayment> stream = delivery.payments().get()) {
                Iterator<CollectionPayment> each = stream.iterator();
                while (each.hasNext()) {
                    CollectionPayment payment = Objects.requireNonNull(each.next(), "a payment of the stream is null");
                    if (payments == delivery.declaredCount()) {
                        // A stream that runs past its declared count is wrong however it ends: stop before the
                        // temporary file grows with it.
                        throw new DeliveryTotalsMismatchException("BS022", recordNumber + 1, delivery.declaredCount(),
                                delivery.declaredTotal(), payments + 1, Ore.dkk(netOre + payment.ore()), true);
                    }
                    payment(payment);
                }
            }
            requireDeclared("BS092");
            record.start("092").text(6, 13, creditor.pbsNumber()).text(14, 17, SECTION).zeros(18, 22)
                    .number(23, 27, creditor.debtorGroup());
            counts();
            emit();
            record.start("992").text(6, 13, creditor.dataSupplierNumber()).text(14, 16, creditor.subsystem())
                    .text(17, 20, DELIVERY_TYPE).number(21, 31, 1);
            counts();
            record.zeros(69, 83).zeros(95, 128);
            emit();
        }

        private void payment(CollectionPayment payment) throws IOException {
            if (payment.paymentDate().isBefore(delivery.createdOn())) {
                throw new IllegalArgumentException("The payment date " + payment.paymentDate() + " of customer "
                        + CustomerNumbers.withoutLeadingZeros(payment.customerNumber()) + " is before the delivery's "
                        + "creation date " + delivery.createdOn());
            }
            DebtorNameAndAddress debtor = payment.debtor();
            nameAddress(payment, 1).text(52, 86, debtor.name());
            emitNameAddress();
            if (!debtor.addressLine1().isEmpty()) {
                nameAddress(payment, 2).text(52, 86, debtor.addressLine1());
                emitNameAddress();
            }
            if (!debtor.addressLine2().isEmpty()) {
                nameAddress(payment, 3).text(52, 86, debtor.addressLine2());
                emitNameAddress();
            }
            if (!debtor.postCode().isEmpty()) {
                nameAddress(payment, 9).text(67, 70, debtor.postCode()).text(71, 73, debtor.countryCode());
                emitNameAddress();
            }
            long ore = payment.ore();
            dataRecord("042", COLLECTION, 0, payment).ddmmyyyy(52, payment.paymentDate())
                    .number(60, 60, Long.signum(ore) < 0 ? 2 : Long.signum(ore)).number(61, 73, Math.abs(ore))
                    .text(74, 103, payment.reference()).zeros(104, 105).zeros(121, 128);
            emit();
            payments++;
            netOre += ore;
            int line = 0;
            for (String text : payment.textLines()) {
                dataRecord("052", TEXT_LINE, ++line, payment).text(53, 112, text);
                emit();
                textRecords++;
            }
        }

        private FixedRecord nameAddress(CollectionPayment payment, int recordNo) {
            return dataRecord("022", NAME_ADDRESS, recordNo, payment);
        }

        /** Positions 1-51, the same in BS022, BS042 and BS052 of section 0112. */
        private FixedRecord dataRecord(String type, String transactionCode, int recordNo, CollectionPayment payment) {
            return record.start(type).text(6, 13, creditor.pbsNumber()).text(14, 17, transactionCode)
                    .number(18, 22, recordNo).number(23, 27, creditor.debtorGroup())
                    .text(28, 42, payment.customerNumber()).text(43, 51, payment.agreementNumber());
        }

        /** Positions 32-94, the same in BS092 and BS992. */
        private void counts() {
            record.number(32, 42, payments).number(43, 57, netOre).number(58, 68, textRecords)
                    .number(84, 94, nameAddressRecords);
        }

        private void requireDeclared(String recordType) {
            if (payments != delivery.declaredCount() || netOre != delivery.declaredOre()) {
                throw new DeliveryTotalsMismatchException(recordType, recordNumber + 1, delivery.declaredCount(),
                        delivery.declaredTotal(), payments, Ore.dkk(netOre), false);
            }
        }

        private void emitNameAddress() throws IOException {
            emit();
            nameAddressRecords++;
        }

        private void emit() throws IOException {
            record.writeTo(out);
            recordNumber++;
        }
    }
}
