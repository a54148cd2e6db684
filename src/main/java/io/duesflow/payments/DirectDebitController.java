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
    @Operation(summary = "Where the run's collection stands (PENDING, DONE or FAILED with the reason and the next "
            + "attempt), its pain.008 files (recorded or placed) and the direct-debit charges left out, with the reason")
    DirectDebitCollections.Collection collection(@PathVariable long runId) {
        return collections.collection(runId);
    }

    @PostMapping
    @Operation(summary = "Try the run's collection again at once (approved runs only): record files for the direct "
            + "debits not yet in one, place every recorded file not yet in the outbox, and answer with where it stands; "
            + "a charge already in a file is never collected again")
    DirectDebitCollections.Collection collect(@PathVariable long runId) {
        return collections.collect(runId);
    }
}
