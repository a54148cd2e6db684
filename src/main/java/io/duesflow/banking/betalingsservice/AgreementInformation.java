package io.duesflow.banking.betalingsservice;

import java.time.LocalDate;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One agreement Nets reports in a 0603 delivery (betalingsservice.md §4, BS042 0230-0234): registered, cancelled
 * (by the member's bank, by the creditor, by Betalingsservice), or listed as active in the monthly full list.
 *
 * @param recordNumber    the record's line in the file
 * @param customerNumber  leading zeros stripped, see {@link #memberNumber()}
 * @param agreementNumber the agreement ("aftalenummer", 41-49), leading zeros stripped
 * @param date            50-55: the registration date for {@link Kind#REGISTERED} and {@link Kind#ACTIVE}, the
 *                        cancellation date for the cancellations ([I]: the doc names the field "start /
 *                        registration / cancellation date" without saying which is which per code)
 * @param endDate         56-61: the last day the agreement holds, {@code null} when the record says
 *                        {@code 000000}
 */
public record AgreementInformation(long recordNumber, Kind kind, String pbsNumber, int debtorGroup,
                                   String customerNumber, String agreementNumber, LocalDate date, LocalDate endDate) {

    /** What happened to the agreement, by the record's section and transaction code (14-17). */
    public enum Kind {
        /** 0210/0230: active, in the monthly list of all active agreements. */
        ACTIVE,
        /** 0212/0231 "tilmeldt": a new agreement. */
        REGISTERED,
        /** 0212/0232: cancelled by the member's bank. */
        CANCELLED_BY_BANK,
        /** 0212/0233: cancelled by the creditor (the association, e.g. through a 0605 delivery). */
        CANCELLED_BY_CREDITOR,
        /** 0212/0234: cancelled by Betalingsservice. */
        CANCELLED_BY_BETALINGSSERVICE;

        public boolean isCancellation() {
            return cancelledBy().isPresent();
        }

        /** Who cancelled: "bank", "creditor" or "Betalingsservice"; empty when the agreement was not cancelled. */
        public Optional<String> cancelledBy() {
            return switch (this) {
                case CANCELLED_BY_BANK -> Optional.of("bank");
                case CANCELLED_BY_CREDITOR -> Optional.of("creditor");
                case CANCELLED_BY_BETALINGSSERVICE -> Optional.of("Betalingsservice");
                case ACTIVE, REGISTERED -> Optional.empty();
            };
        }
    }

    /** The member the customer number belongs to by {@link CustomerNumbers}' rule; empty when it is not one. */
    public OptionalLong memberNumber() {
        return CustomerNumbers.memberNumber(customerNumber);
    }
}
