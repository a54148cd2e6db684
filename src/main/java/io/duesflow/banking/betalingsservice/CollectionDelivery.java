package io.duesflow.banking.betalingsservice;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What goes into one collection delivery to Betalingsservice: one creditor, one debtor group, the payments of one
 * run. The count and total are declared up front (from SQL, as for a pain.008 block) and the writer refuses the
 * delivery when the payments it streams do not add up to them, so a charge that changed or a member left out on
 * one side never reaches Nets unnoticed.
 *
 * @param creditor      PBS number, debtor group, data supplier
 * @param deliveryId    the delivery identification (BS002 21-30), 1 to 9999999999: unique per data supplier and
 *                      increasing, which the caller guarantees (Nets refuses a delivery id it has seen)
 * @param createdOn     the day the delivery is made, in the association's time zone (BS002 50-55, BS012 47-54);
 *                      no payment date may be before it
 * @param declaredCount the number of payments the stream will give, at least one
 * @param declaredTotal their net total in DKK (collections minus payouts), not negative
 * @param payments      opens the stream of payments when the writer reaches them; the writer closes it (so a JDBC
 *                      cursor behind it is released), and opens it once per write
 */
public record CollectionDelivery(BetalingsserviceCreditor creditor, long deliveryId, LocalDate createdOn,
                                 long declaredCount, BigDecimal declaredTotal,
                                 Supplier<? extends Stream<CollectionPayment>> payments) {

    /** The largest delivery id the 10 positions hold. */
    public static final long MAX_DELIVERY_ID = 9_999_999_999L;

    public CollectionDelivery {
        Objects.requireNonNull(creditor, "creditor");
        if (deliveryId < 1 || deliveryId > MAX_DELIVERY_ID) {
            throw new IllegalArgumentException("A delivery id is 1 to " + MAX_DELIVERY_ID + " (10 digits), not "
                    + deliveryId);
        }
        Objects.requireNonNull(createdOn, "createdOn");
        if (declaredCount < 1) {
            throw new IllegalArgumentException("Delivery " + deliveryId + " must hold at least one payment, not "
                    + declaredCount);
        }
        long ore = Ore.of("declared total of delivery " + deliveryId, declaredTotal);
        if (ore < 0) {
            throw new IllegalArgumentException("The declared total of delivery " + deliveryId + " is "
                    + declaredTotal.toPlainString() + " DKK; a delivery's net amount cannot be negative (its "
                    + "control fields have no sign)");
        }
        declaredTotal = declaredTotal.setScale(2);
        Objects.requireNonNull(payments, "payments");
    }

    long declaredOre() {
        return declaredTotal.movePointRight(2).longValueExact();
    }
}
