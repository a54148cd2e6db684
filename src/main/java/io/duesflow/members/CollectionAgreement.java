package io.duesflow.members;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import io.duesflow.banking.betalingsservice.CollectionPayment;
import io.duesflow.banking.betalingsservice.CustomerNumbers;
import io.duesflow.banking.betalingsservice.DebtorNameAndAddress;

/**
 * A member's active Betalingsservice agreement as a delivery needs it: the agreement number and the name and address
 * printed on the member's payment overview. The customer number is the member number ({@link CustomerNumbers}).
 */
public record CollectionAgreement(long memberNumber, String name, PostalAddress address, String agreementNumber) {

    /**
     * The payment of {@code amount} under this agreement as a delivery carries it: checked now, so that an approval
     * that decides to collect a charge knows the delivery can hold it.
     *
     * @throws IllegalArgumentException with the reason (an agreement number Nets' 9 positions cannot hold, a name in
     *                                  another script, a post code longer than 4 …)
     */
    public CollectionPayment payment(String reference, BigDecimal amount, LocalDate paymentDate, List<String> textLines) {
        return new CollectionPayment(CustomerNumbers.forMember(memberNumber), agreementNumber, amount, paymentDate,
                reference, debtor(), textLines);
    }

    /** Name, street with number, post code and country; the town is not in the layout (Nets takes it from the code). */
    public DebtorNameAndAddress debtor() {
        if (address == null) {
            return DebtorNameAndAddress.nameOnly(name);
        }
        String street = ((address.street() == null ? "" : address.street()) + " "
                + (address.buildingNumber() == null ? "" : address.buildingNumber())).strip();
        return new DebtorNameAndAddress(name, street, null, address.postcode(), address.country());
    }
}
