package io.duesflow.billing;

import java.util.List;
import java.util.Optional;

import org.springframework.data.repository.ListCrudRepository;

/**
 * Charges one at a time as aggregates (a credit note, a cancellation, a payment: {@code @Version} guards each), and
 * a whole run's charges set-based through {@link RunCharges}, a bank statement's payments through
 * {@link ChargePayments}.
 */
interface ChargeRepository extends ListCrudRepository<Charge, Long>, RunCharges, ChargePayments {

    Optional<Charge> findByNumber(String number);

    List<Charge> findByCarriedIntoChargeId(long carrierId);
}
