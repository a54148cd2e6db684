package io.duesflow.banking.betalingsservice;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.OptionalLong;

/**
 * One payment Nets reports in a 0602 delivery (betalingsservice.md §3): a collection of ours completed, rejected,
 * cancelled or charged back (section 0211), or a payment slip paid or charged back (section 0215). Amounts carry
 * their record's sign code: positive is money from the member to the association.
 *
 * @param recordNumber    the record's line in the file
 * @param customerNumber  leading zeros stripped ({@code 000000000000042} → {@code 42}); see
 *                        {@link #memberNumber()}
 * @param agreementNumber leading zeros stripped; {@code null} when the record has none (all zeros, and always in
 *                        section 0215, whose layout has no agreement number)
 * @param dueDate         the payment date asked for (0211 50-55, 0215 53-58)
 * @param amount          the amount asked for (0211 57-69, 0215 60-72), signed by the sign code
 * @param reference       the creditor's reference from the 0601 (0211 70-99, 30 positions); in 0215 the 9
 *                        positions 73-81 (invoice no.); spaces stripped
 * @param paymentDate     the day it was actually paid or charged back (104-109); {@code null} when not paid, as
 *                        in a rejected or cancelled record
 * @param bookedOn        the bookkeeping date (110-115), {@code null} when none
 * @param paidAmount      the amount actually paid (116-128), signed like {@link #amount}; zero when not paid
 * @param cardType        section 0215 only: the card type ("kortart", 45-46), e.g. {@code 71}; else {@code null}
 * @param fee             section 0215 only: the fee (47-52), signed by its own sign code; else {@code null}
 * @param archiveReference section 0215 only: Nets' archive reference (82-103), else {@code null}
 */
public record PaymentInformation(long recordNumber, Kind kind, String pbsNumber, int debtorGroup,
                                 String customerNumber, String agreementNumber, LocalDate dueDate, BigDecimal amount,
                                 String reference, LocalDate paymentDate, LocalDate bookedOn, BigDecimal paidAmount,
                                 String cardType, BigDecimal fee, String archiveReference) {

    /** What happened to the payment, by the record's section and transaction code (14-17). */
    public enum Kind {
        /** 0211/0236 "gennemført": collected on the payment date. */
        COMPLETED,
        /** 0211/0237 "afvist": refused before settlement (e.g. no funds, no agreement); nothing was drawn. */
        REJECTED,
        /** 0211/0238 "afmeldt": the member or their bank cancelled the payment before the payment date. */
        CANCELLED,
        /** 0211/0239 "tilbageført": drawn, then charged back to the member. */
        CHARGED_BACK,
        /** 0215/0297: a payment slip (FI card) issued by Betalingsservice was paid. */
        SLIP_COMPLETED,
        /** 0215/0299: a payment-slip payment was charged back. */
        SLIP_CHARGED_BACK;

        /** Whether money reached the association: a completed collection or a paid slip. */
        public boolean isPaid() {
            return this == COMPLETED || this == SLIP_COMPLETED;
        }

        /** Whether a payment made earlier was reversed. */
        public boolean isChargeBack() {
            return this == CHARGED_BACK || this == SLIP_CHARGED_BACK;
        }

        /** Whether it came by payment slip (section 0215) rather than as an automatic payment (0211). */
        public boolean isPaymentSlip() {
            return this == SLIP_COMPLETED || this == SLIP_CHARGED_BACK;
        }
    }

    /** The member the customer number belongs to by {@link CustomerNumbers}' rule; empty when it is not one. */
    public OptionalLong memberNumber() {
        return CustomerNumbers.memberNumber(customerNumber);
    }
}
