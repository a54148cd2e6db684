package io.duesflow.cycle;

import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BulkInvoices;
import io.duesflow.billing.Simulation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The REST door to bulk invoicing from an existing invoice ("Dupliceren geavanceerd"): the copy is a run whose process
 * starts as Tasklist's "Bill members like an existing invoice" would start it, waiting for a look at what it bills.
 */
@RestController
@RequestMapping("/api/billing/charges/{number}/copies")
@Tag(name = "Billing runs")
class BulkInvoiceController {

    private final BulkInvoices bulk;
    private final RunProcesses processes;
    private final TransactionTemplate transaction;

    BulkInvoiceController(BulkInvoices bulk, RunProcesses processes, PlatformTransactionManager transactions) {
        this.bulk = bulk;
        this.processes = processes;
        this.transaction = new TransactionTemplate(transactions);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Bill the same invoice (its lines and message) to a group, a selection of members or the members "
            + "a criteria expression selects: a template run whose process waits for a look, then generate and approve")
    BillingRun copy(@PathVariable String number, @RequestBody BulkInvoices.Copy copy) {
        return transaction.execute(status -> {
            BillingRun run = bulk.create(number, copy);
            processes.start(run.id(), false);
            return run;
        });
    }

    @PostMapping("/preview")
    @Operation(summary = "What the copy would bill, before anything is created")
    Simulation preview(@PathVariable String number, @RequestBody BulkInvoices.Copy copy) {
        return bulk.preview(number, copy);
    }
}
