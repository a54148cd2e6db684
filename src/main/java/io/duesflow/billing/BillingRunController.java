package io.duesflow.billing;

import java.time.LocalDate;
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

@RestController
@RequestMapping("/api/billing/runs")
@Tag(name = "Billing runs")
class BillingRunController {

    private final BillingRuns runs;

    BillingRunController(BillingRuns runs) {
        this.runs = runs;
    }

    record NewRun(BillingRun.Kind kind, String name, LocalDate from, LocalDate to, List<Long> lineIds, LocalDate dueDate,
                  LocalDate deadline) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a scheduled run for a period, or an immediate run of chosen lines")
    BillingRun create(@RequestBody NewRun run) {
        if (run.kind() == BillingRun.Kind.IMMEDIATE) {
            return runs.createImmediate(run.name(), run.lineIds(), run.dueDate(), run.deadline());
        }
        return runs.createScheduled(run.name(), run.from(), run.to(), run.deadline());
    }

    @GetMapping("/{id}")
    @Operation(summary = "A run with its state and progress (chunks done of total)")
    BillingRun run(@PathVariable long id) {
        return runs.run(id);
    }

    @PostMapping("/{id}/generate")
    @Operation(summary = "Generate the run's charges; again after a rejection to pick up members who joined since")
    BillingRun generate(@PathVariable long id) {
        return runs.generate(id);
    }

    @PostMapping("/{id}/reject")
    BillingRun reject(@PathVariable long id) {
        return runs.reject(id);
    }

    @PostMapping("/{id}/approve")
    @Operation(summary = "Approve with edits; numbers and payment references are given now")
    BillingRun approve(@PathVariable long id, @RequestBody(required = false) ApprovalEdits edits) {
        return runs.approve(id, edits);
    }

    @GetMapping("/{id}/charges")
    List<ChargeView> charges(@PathVariable long id, @RequestParam(defaultValue = "0") int page,
                             @RequestParam(defaultValue = "100") int size) {
        return runs.charges(id, page, Math.min(size, 1000));
    }
}
