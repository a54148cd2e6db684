package io.duesflow.banking.betalingsservice;

import java.time.LocalDate;

import io.duesflow.banking.DanishBankCalendar;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Betalingsservice settings of the installation: what Nets' data supplier agreement gave it, and the deadline. The
 * creditor's PBS number is the association's own setting ({@code betalingsserviceCreditor}).
 *
 * @param deadlineBankDays   Danish bank days before the payment date by which a delivery must reach Nets
 *                           ({@code DUESFLOW_BETALINGSSERVICE_DEADLINE_BANK_DAYS}); the default and why are at
 *                           {@link DanishBankCalendar#DEFAULT_DEADLINE_BANK_DAYS}
 * @param dataSupplierNumber the data supplier number, 8 digits (BS002 6-13): the CVR number of whoever delivers the
 *                           data, the association itself when it delivers its own
 *                           ({@code DUESFLOW_BETALINGSSERVICE_DATA_SUPPLIER_NUMBER}); none: nothing is collected
 *                           through Betalingsservice and its members are invoiced, saying why
 * @param subsystem          the data supplier's subsystem ("delsystem"), {@code BS1} for collections
 * @param debtorGroup        the debtor group number of the creditor agreement (1 by default)
 * @param userIdentification the user's identification with the data supplier (BS012 28-42), or none
 * @param deliveryFormat     the delivery written: {@code 0601}, the fixed-record one (the only one so far; see
 *                           {@link BetalingsserviceDeliveryWriter#of})
 * @param recordingChunk     charges recorded into a delivery at a time (read, checked, written to its record, put in
 *                           collection), all in the one transaction of the delivery: what a delivery of 100 000
 *                           holds in memory at once
 */
@ConfigurationProperties("duesflow.betalingsservice")
public record BetalingsserviceProperties(
        @DefaultValue("" + DanishBankCalendar.DEFAULT_DEADLINE_BANK_DAYS) int deadlineBankDays,
        String dataSupplierNumber,
        @DefaultValue(BetalingsserviceCreditor.COLLECTION_SUBSYSTEM) String subsystem,
        @DefaultValue("1") int debtorGroup,
        String userIdentification,
        @DefaultValue(Delivery0601Writer.DELIVERY_TYPE) String deliveryFormat,
        @DefaultValue("" + DEFAULT_RECORDING_CHUNK) int recordingChunk) {

    public static final int DEFAULT_RECORDING_CHUNK = 5000;

    @ConstructorBinding
    public BetalingsserviceProperties {
        if (deadlineBankDays < 1 || deadlineBankDays > 30) {
            throw new IllegalArgumentException("duesflow.betalingsservice.deadline-bank-days must be 1 to 30 bank "
                    + "days, not " + deadlineBankDays);
        }
        dataSupplierNumber = dataSupplierNumber == null || dataSupplierNumber.isBlank() ? null : dataSupplierNumber.strip();
        subsystem = subsystem == null || subsystem.isBlank() ? BetalingsserviceCreditor.COLLECTION_SUBSYSTEM : subsystem;
        deliveryFormat = deliveryFormat == null || deliveryFormat.isBlank() ? Delivery0601Writer.DELIVERY_TYPE
                : deliveryFormat.strip();
        // Refused at start-up rather than at the first approval.
        BetalingsserviceDeliveryWriter.of(deliveryFormat);
        if (recordingChunk < 1) {
            throw new IllegalArgumentException("duesflow.betalingsservice.recording-chunk must be at least 1 charge, "
                    + "not " + recordingChunk);
        }
    }

    /** Only the deadline set, the rest as by default: no data supplier, so nothing is collected. */
    public BetalingsserviceProperties(int deadlineBankDays) {
        this(deadlineBankDays, null, null, 1, null, null, DEFAULT_RECORDING_CHUNK);
    }

    /** The last day a delivery with payments on {@code paymentDate} must reach Nets. */
    public LocalDate deliveryDeadline(LocalDate paymentDate) {
        return DanishBankCalendar.deliveryDeadline(paymentDate, deadlineBankDays);
    }

    /**
     * The payment date a delivery made on {@code deliveredOn} carries for a charge due on {@code dueDate}: the due
     * date, moved to the next Danish bank day when it is none; and when that is too close for Nets (its deadline has
     * passed, e.g. a run approved late by hand), the first day whose deadline is {@code deliveredOn}. So the member
     * is never drawn before the date their invoice names, and Nets always gets its bank days.
     */
    public LocalDate paymentDate(LocalDate dueDate, LocalDate deliveredOn) {
        LocalDate payment = DanishBankCalendar.nextBankDayOnOrAfter(dueDate);
        if (deliveryDeadline(payment).isBefore(deliveredOn)) {
            payment = DanishBankCalendar.plusBankDays(DanishBankCalendar.nextBankDayOnOrAfter(deliveredOn),
                    deadlineBankDays);
        }
        return payment;
    }

    /**
     * The association as the creditor of a delivery, or why it cannot be one.
     *
     * @param pbsNumber   the association's PBS number
     * @param headingText the main heading of the member's payment overview, e.g. the association's name (cut to 60)
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    public BetalingsserviceCreditor creditor(String pbsNumber, String headingText) {
        if (pbsNumber == null || pbsNumber.isBlank()) {
            throw new IllegalArgumentException("the association has no Betalingsservice (PBS) creditor number; Nets "
                    + "gives it with the creditor agreement, and it goes into the association's settings");
        }
        if (dataSupplierNumber == null) {
            throw new IllegalArgumentException("no Betalingsservice data supplier number is configured "
                    + "(DUESFLOW_BETALINGSSERVICE_DATA_SUPPLIER_NUMBER); Nets gives it with the data supplier agreement");
        }
        String heading = headingText == null ? null : DeliveryText.cut(DeliveryText.mapped("heading text",
                headingText), 60);
        return new BetalingsserviceCreditor(dataSupplierNumber, subsystem, pbsNumber, debtorGroup,
                userIdentification, heading);
    }

    /** The writer of the configured delivery format. */
    public BetalingsserviceDeliveryWriter writer() {
        return BetalingsserviceDeliveryWriter.of(deliveryFormat);
    }
}
