package io.duesflow.billing;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Periodic invoices, on their own and as a member's page lists them. */
@RestController
@Tag(name = "Periodic invoices")
class PeriodicInvoiceController {

    private final PeriodicInvoices invoices;

    PeriodicInvoiceController(PeriodicInvoices invoices) {
        this.invoices = invoices;
    }

    @GetMapping("/api/billing/periodic-invoices")
    List<PeriodicInvoices.PeriodicInvoice> all() {
        return invoices.all();
    }

    @PostMapping("/api/billing/periodic-invoices")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a periodic invoice for named members: its own lines, frequency, first due date and the "
            + "day the invoice is made; it joins the scheduled runs")
    PeriodicInvoices.PeriodicInvoice create(@RequestBody PeriodicInvoices.Input input) {
        return invoices.create(input);
    }

    @GetMapping("/api/billing/periodic-invoices/{id}")
    PeriodicInvoices.PeriodicInvoice get(@PathVariable long id) {
        return invoices.get(id);
    }

    @PutMapping("/api/billing/periodic-invoices/{id}")
    @Operation(summary = "Change a periodic invoice for everybody it bills")
    PeriodicInvoices.PeriodicInvoice change(@PathVariable long id, @RequestBody PeriodicInvoices.Input input) {
        return invoices.change(id, input);
    }

    @PostMapping("/api/billing/periodic-invoices/{id}/stop")
    @Operation(summary = "Stop a periodic invoice: it bills nothing more; what it billed stays")
    PeriodicInvoices.PeriodicInvoice stop(@PathVariable long id) {
        return invoices.stop(id);
    }

    @GetMapping("/api/members/{memberNumber}/periodic-invoices")
    @Operation(summary = "The member's periodic invoices, with when each is next due and made")
    List<PeriodicInvoices.PeriodicInvoice> ofMember(@PathVariable long memberNumber) {
        return invoices.ofMember(memberNumber);
    }

    @PostMapping("/api/members/{memberNumber}/periodic-invoices")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a periodic invoice for this member")
    PeriodicInvoices.PeriodicInvoice createFor(@PathVariable long memberNumber,
                                               @RequestBody PeriodicInvoices.Input input) {
        return invoices.createFor(memberNumber, input);
    }

    @PutMapping("/api/members/{memberNumber}/periodic-invoices/{id}")
    @Operation(summary = "Change the member's periodic invoice for them alone (split off when it bills others too)")
    PeriodicInvoices.PeriodicInvoice changeFor(@PathVariable long memberNumber, @PathVariable long id,
                                               @RequestBody PeriodicInvoices.Input input) {
        return invoices.changeFor(memberNumber, id, input);
    }

    @PostMapping("/api/members/{memberNumber}/periodic-invoices/{id}/stop")
    @Operation(summary = "Stop the member's periodic invoice for them; the others it bills keep theirs")
    PeriodicInvoices.PeriodicInvoice stopFor(@PathVariable long memberNumber, @PathVariable long id) {
        return invoices.stopFor(memberNumber, id);
    }
}
