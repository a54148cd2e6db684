package io.duesflow.payments;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/payments/runs/{runId}/direct-debit")
@Tag(name = "SEPA direct debit")
class DirectDebitController {

    private final DirectDebitCollections collections;

    DirectDebitController(DirectDebitCollections collections) {
        this.collections = collections;
    }

    @GetMapping
    @Operation(summary = "The run's pain.008 files and the direct-debit charges left out of them, with the reason")
    DirectDebitCollections.Collection collection(@PathVariable long runId) {
        return collections.collection(runId);
    }

    @PostMapping
    @Operation(summary = "Write the files for the run's direct debits not yet collected (approved runs only); "
            + "a charge already in a file is never collected again")
    DirectDebitCollections.Collection collect(@PathVariable long runId) {
        return collections.collect(runId);
    }
}
