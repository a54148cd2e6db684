package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import io.duesflow.platform.InvalidInput;
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

    /**
     * A new run. SCHEDULED: {@code from}–{@code to}. IMMEDIATE: {@code lineIds} and {@code dueDate}. NEW_MEMBERS:
     * {@code lineIds}, {@code cutOff}, {@code dueDate}, optional {@code discountPercent}. TEMPLATE: {@code templateId}
     * or {@code lines}, either {@code memberNumber} (a single charge) or {@code group}, {@code dueDate}, optional
     * {@code message}.
     */
    record NewRun(BillingRun.Kind kind, String name, LocalDate from, LocalDate to, List<Long> lineIds, LocalDate dueDate,
                  LocalDate deadline, LocalDate cutOff, BigDecimal discountPercent, Long templateId,
                  List<ChargeTemplate.Line> lines, Long memberNumber, String group, String message) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a run: scheduled for a period, immediate lines, new members since a cut-off, "
            + "or a template for one member or a group")
    BillingRun create(@RequestBody NewRun run) {
        if (run.kind() == null) {
            throw new InvalidInput("kind", "Choose SCHEDULED, IMMEDIATE, NEW_MEMBERS or TEMPLATE");
        }
        return switch (run.kind()) {
            case SCHEDULED -> runs.createScheduled(run.name(), run.from(), run.to(), run.deadline());
            case IMMEDIATE -> runs.createImmediate(run.name(), run.lineIds(), run.dueDate(), run.deadline());
            case NEW_MEMBERS -> runs.createNewMembers(run.name(), run.lineIds(), run.cutOff(), run.dueDate(),
                    run.discountPercent(), run.deadline());
            case TEMPLATE -> runs.createFromTemplate(run.name(), run.templateId(), run.lines(), run.memberNumber(),
                    run.group(), run.dueDate(), run.message(), run.deadline());
            case REMINDER_FEE -> throw new InvalidInput("kind", "Reminder-fee runs are created by a dunning round");
        };
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
    @Operation(summary = "Reject a generated run: its drafts are deleted and no charge number is used")
    BillingRun reject(@PathVariable long id) {
        return runs.reject(id);
    }

    @PostMapping("/{id}/approve")
    @Operation(summary = "Approve with edits; numbers and payment references are given now")
    BillingRun approve(@PathVariable long id, @RequestBody(required = false) ApprovalEdits edits) {
        return runs.approve(id, edits);
    }

    @GetMapping("/{id}/charges")
    @Operation(summary = "The run's charges with their lines, a page at a time")
    List<ChargeView> charges(@PathVariable long id, @RequestParam(defaultValue = "0") int page,
                             @RequestParam(defaultValue = "100") int size) {
        return runs.charges(id, page, Math.min(size, 1000));
    }
}
