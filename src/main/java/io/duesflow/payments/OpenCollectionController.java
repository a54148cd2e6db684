package io.duesflow.payments;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** One collection file for everything open; the same as Tasklist's "Collect everything open by direct debit". */
@RestController
@RequestMapping("/api/payments/open-collections")
@Tag(name = "Direct debit")
class OpenCollectionController {

    private final OpenCollections collections;

    OpenCollectionController(OpenCollections collections) {
        this.collections = collections;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Collect every open SEPA direct-debit charge not yet collected, across runs (or of runIds, or "
            + "due before a day), on one collection date, in one pain.008 placed in the bank outbox")
    OpenCollections.Collection collect(@RequestBody(required = false) OpenCollections.Request request) {
        return collections.collect(request);
    }

    @GetMapping
    List<OpenCollections.Collection> collections(@RequestParam(defaultValue = "20") int limit) {
        return collections.collections(Math.min(limit, 500));
    }

    @GetMapping("/{id}")
    OpenCollections.Collection collection(@PathVariable long id) {
        return collections.collection(id);
    }
}
