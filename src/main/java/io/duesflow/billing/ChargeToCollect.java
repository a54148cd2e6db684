package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.LocalDate;

/** An approved direct-debit charge still owed, as a collection needs it. */
public record ChargeToCollect(long chargeId, String number, long memberNumber, LocalDate dueDate, BigDecimal owed,
                              String rfReference) {
}
