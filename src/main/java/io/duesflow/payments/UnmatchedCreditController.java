package io.duesflow.payments;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/payments/unmatched")
@Tag(name = "Payments")
class UnmatchedCreditController {

    private final UnmatchedCredits credits;

    UnmatchedCreditController(UnmatchedCredits credits) {
        this.credits = credits;
    }

    record AssignRequest(List<UnmatchedCredits.Assignment> assignments, String note) {
    }

    record NotDuesRequest(String note) {
    }

    @GetMapping
    @Operation(summary = "Bank credits that matched nothing, each with what the bank said, why it waits, its task "
            + "and the charges it could be for")
    List<UnmatchedCredits.Credit> waiting() {
        return credits.waiting();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One bank credit that matched nothing, or what was decided about it")
    UnmatchedCredits.Credit credit(@PathVariable long id) {
        return credits.credit(id);
    }

    @PostMapping("/{id}/assign")
    @Operation(summary = "Assign the credit to a charge, or split it: [{chargeNumber, amount}] adding up to the "
            + "credit; completes its Tasklist task as you")
    UnmatchedCredits.Credit assign(@PathVariable long id, @RequestBody AssignRequest request) {
        return credits.assignByTask(id, request.assignments(), request.note());
    }

    @PostMapping("/{id}/not-dues")
    @Operation(summary = "Mark the credit not dues, with a note; completes its Tasklist task as you")
    UnmatchedCredits.Credit notDues(@PathVariable long id, @RequestBody NotDuesRequest request) {
        return credits.notDuesByTask(id, request.note());
    }
}
