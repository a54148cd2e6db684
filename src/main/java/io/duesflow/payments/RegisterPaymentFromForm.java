package io.duesflow.payments;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import io.duesflow.platform.CurrentUser;
import io.duesflow.platform.InvalidInput;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The {@code register-payment} process's one step: the treasurer's start form ({@code chargeNumber}, {@code amount},
 * {@code paidOn}, {@code note}) as a payment, registered as the treasurer who started it. No amount: "paid".
 */
@Component("registerPaymentFromForm")
class RegisterPaymentFromForm implements JavaDelegate {

    private final Payments payments;

    RegisterPaymentFromForm(Payments payments) {
        this.payments = payments;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String charge = text(execution.getVariable("chargeNumber"));
        if (charge == null) {
            throw new InvalidInput("chargeNumber", "Give the charge number, as on the invoice");
        }
        String amount = text(execution.getVariable("amount"));
        LocalDate on = day(text(execution.getVariable("paidOn")));
        String note = text(execution.getVariable("note"));
        Payments.Payment payment = CurrentUser.as(text(execution.getVariable("registeredBy")), () -> amount == null
                ? payments.markPaid(charge, on, note) : payments.registerPayment(charge, amount(amount), on, note));
        execution.setVariable("paymentId", payment.id());
    }

    private static BigDecimal amount(String text) {
        try {
            return new BigDecimal(text.replace(" ", "").replace(',', '.'));
        } catch (NumberFormatException e) {
            throw new InvalidInput("amount", "'" + text + "' is not an amount, such as 150.00");
        }
    }

    private static LocalDate day(String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException e) {
            throw new InvalidInput("paidOn", "'" + text + "' is not a day, such as 2027-01-31");
        }
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }
}
