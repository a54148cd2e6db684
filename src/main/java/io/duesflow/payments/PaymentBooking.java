package io.duesflow.payments;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.duesflow.billing.Charge;
import io.duesflow.billing.Charges;
import org.springframework.stereotype.Component;

/**
 * What every payment does once its charge took it, whoever registered it (a bank statement, a treasurer, the card
 * provider, a task): the payment is recorded, what the charge did not need becomes the member's credit, and the
 * movements are handed back to be announced. One path, so a payment by hand and one from the bank are recorded
 * alike.
 */
@Component
class PaymentBooking {

    /** A payment for a charge, with where it came from. */
    record Order(long chargeId, BigDecimal amount, LocalDate bookingDate, LocalDate valueDate, PaymentMatch how,
                 String bankReference, Long bankTransactionId, BigDecimal toleranceDifference, String note,
                 Long bankFileId) {

        Charges.PaymentOrder forCharge(String reason) {
            return new Charges.PaymentOrder(chargeId, amount, reason);
        }
    }

    /** What was recorded, to announce. {@code paidInFull}: charges the payments left with nothing owed. */
    record Booked(List<PaymentRegistered> payments, List<MemberCreditAdded> creditsAdded, List<Long> paidInFull,
                  List<Charges.Registered> refused) {
    }

    private final PaymentRecords records;

    PaymentBooking(PaymentRecords records) {
        this.records = records;
    }

    /**
     * Records the payments the charges took ({@code registered}, in the order of {@code orders}); a charge that
     * took nothing (it owed nothing by the time it was locked) is handed back as refused and nothing is recorded.
     */
    Booked record(List<Order> orders, List<Charges.Registered> registered) {
        List<PaymentRecords.NewPayment> payments = new ArrayList<>();
        List<Order> taken = new ArrayList<>();
        List<Charges.Registered> takenBy = new ArrayList<>();
        List<Charges.Registered> refused = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            Order order = orders.get(i);
            Charges.Registered charge = registered.get(i);
            if (charge.taken().signum() == 0) {
                refused.add(charge);
                continue;
            }
            payments.add(new PaymentRecords.NewPayment(order.chargeId(), charge.number(), charge.memberNumber(),
                    charge.taken(), order.bookingDate(), order.valueDate(), order.how(), order.bankReference(),
                    order.bankTransactionId(), charge.overpaid(), order.toleranceDifference(), order.note()));
            taken.add(order);
            takenBy.add(charge);
        }
        List<Long> ids = records.insert(payments);
        List<PaymentRegistered> announced = new ArrayList<>(ids.size());
        List<MemberCreditAdded> credits = new ArrayList<>();
        List<PaymentRecords.CreditMovement> movements = new ArrayList<>();
        List<Long> paidInFull = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Order order = taken.get(i);
            Charges.Registered charge = takenBy.get(i);
            long paymentId = ids.get(i);
            announced.add(new PaymentRegistered(paymentId, order.chargeId(), charge.number(), charge.memberNumber(),
                    charge.taken(), order.bookingDate(), order.valueDate(), order.how(), order.bankReference(),
                    order.toleranceDifference(), order.bankFileId()));
            if (charge.overpaid().signum() > 0) {
                movements.add(new PaymentRecords.CreditMovement(charge.memberNumber(), charge.overpaid(),
                        "OVERPAYMENT", order.bookingDate(), paymentId, order.chargeId(), charge.number()));
                credits.add(new MemberCreditAdded(charge.memberNumber(), charge.overpaid(), order.bookingDate(),
                        paymentId, charge.number(), order.bankReference()));
            }
            if (charge.status() == Charge.Status.PAID) {
                paidInFull.add(order.chargeId());
            }
        }
        records.moveCredits(movements);
        return new Booked(announced, credits, paidInFull, refused);
    }
}
