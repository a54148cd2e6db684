package io.duesflow.banking.betalingsservice;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What the frame of a checked delivery says about it (BS002 and BS992, betalingsservice.md §1): the data supplier,
 * the delivery's identification and its totals, which agree with its records.
 *
 * @param deliveryId         positions 21-30 of BS002 as they stand (spaces stripped): Puls refuses a second
 *                           delivery with the same value; together with {@link #sha256} it tells a file read before
 * @param createdOn          BS002 50-55, {@code null} when it is {@code 000000}
 * @param dataRecords        the number of BS042 records (payments or agreements)
 * @param netAmount          their net amount in DKK: collections positive, payouts negative
 * @param textRecords        the number of BS052/BS062 records
 * @param nameAddressRecords the number of BS022 records
 * @param sha256             the SHA-256 of the file's bytes, 64 hex digits
 */
public record DeliveryInfo(String dataSupplierNumber, String subsystem, String deliveryType, String deliveryId,
                           LocalDate createdOn, int sections, long dataRecords, BigDecimal netAmount,
                           long textRecords, long nameAddressRecords, String sha256) {
}
