/**
 * Betalingsservice (Nets, now Mastercard Payment Services) fixed-record deliveries: the 0601 collection delivery
 * written ({@link io.duesflow.banking.betalingsservice.BetalingsserviceDeliveryWriter}), the 0602 payment and 0603
 * agreement information read ({@link io.duesflow.banking.betalingsservice.BetalingsserviceReader}), customer
 * numbers ({@link io.duesflow.banking.betalingsservice.CustomerNumbers}) and the configured delivery deadline
 * ({@link io.duesflow.banking.betalingsservice.BetalingsserviceProperties}). The Danish bank-day calendar it counts
 * in is {@link io.duesflow.banking.DanishBankCalendar}, beside TARGET2's in the banking room's front package.
 * Formats only: nothing here knows members, charges or the database.
 *
 * <p>The record layouts, with where each position was confirmed, are in {@code shared/docs/betalingsservice.md};
 * the classes cite the table they follow. Positions in comments and messages are 1-based and inclusive, as in
 * Nets' own descriptions.
 *
 * <p>A named interface of the banking room: a room that uses it declares {@code "banking :: betalingsservice"}
 * among its allowed dependencies.
 */
@NamedInterface("betalingsservice")
package io.duesflow.banking.betalingsservice;

import org.springframework.modulith.NamedInterface;
