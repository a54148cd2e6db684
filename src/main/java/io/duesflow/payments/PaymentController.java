package io.duesflow.payments;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/payments")
@Tag(name = "Payments")
class PaymentController {

    private final Payments payments;

    PaymentController(Payments payments) {
        this.payments = payments;
    }

    record PaidRequest(LocalDate on, String note) {
    }

    record PaymentRequest(BigDecimal amount, LocalDate on, String note) {
    }

    record UndoRequest(String reason) {
    }

    record SettingsRequest(BigDecimal amountTolerance, Boolean sendReceipts, Integer version) {
    }

    @PostMapping("/charges/{number}/paid")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "\"Paid\": registers exactly what the charge owes, on a day up to today (default today)")
    Payments.Payment paid(@PathVariable String number, @RequestBody(required = false) PaidRequest request) {
        return payments.markPaid(number, request == null ? null : request.on(), request == null ? null : request.note());
    }

    @PostMapping("/charges/{number}/payments")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "\"Register payment\": any amount on a day up to today; less than owed leaves the rest owed "
            + "(PARTLY_PAID), more leaves the rest as the member's credit, which their next charge uses")
    Payments.Payment register(@PathVariable String number, @RequestBody PaymentRequest request) {
        return payments.registerPayment(number, request.amount(), request.on(), request.note());
    }

    @GetMapping("/charges/{number}/payments")
    @Operation(summary = "The payments on a charge, undone ones with who and why")
    List<Payments.Payment> ofCharge(@PathVariable String number) {
        return payments.paymentsOf(number);
    }

    @PostMapping("/payments/{id}/undo")
    @Operation(summary = "Undo a payment registered wrongly, with the reason: the charge owes it again, and the "
            + "credit it left is taken back (refused once a later charge used that credit)")
    Payments.Payment undo(@PathVariable long id, @RequestBody UndoRequest request) {
        return payments.undo(id, request.reason());
    }

    @GetMapping("/members/{memberNumber}/account")
    @Operation(summary = "A member's account: charges, payments, credit and returns in date order, with what is "
            + "owed and the credit left")
    Payments.Account account(@PathVariable long memberNumber) {
        return payments.account(memberNumber);
    }

    @GetMapping("/settings")
    @Operation(summary = "The association's payment settings: the amount tolerance and whether receipts are sent")
    Payments.Settings settings() {
        return payments.settings();
    }

    @PutMapping("/settings")
    @Operation(summary = "Change the payment settings; give the version read (409 when someone changed them since)")
    Payments.Settings settings(@RequestBody SettingsRequest request) {
        return payments.updateSettings(request.amountTolerance(), request.sendReceipts(), request.version());
    }
}
