package io.duesflow.cycle;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import io.duesflow.billing.BillingRuns;
import io.duesflow.billing.RunFlag;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every member a run flagged, as CSV, behind the approval form's link: the form's variables hold the first of each
 * kind (so a run of any size keeps its process small), this list holds all of them.
 */
@RestController
@RequestMapping("/api/billing/runs")
@Tag(name = "Billing runs")
class RunFlagsController {

    private static final Map<String, String> KINDS = Map.of("SKIPPED", "skipped", "INVOICED_INSTEAD",
            "invoiced instead of collected", "NO_MAIL_ADDRESS", "no mail address");

    private final BillingRuns runs;

    RunFlagsController(BillingRuns runs) {
        this.runs = runs;
    }

    @GetMapping(value = "/{id}/flagged.csv", produces = "text/csv")
    @Operation(summary = "Every member the generated run flagged, as CSV: skipped (with the line and reason), on direct "
            + "debit but invoiced (why), without a mail address (printed); the approval form links to it")
    ResponseEntity<String> flagged(@PathVariable long id) {
        BillingRuns.Summary summary = runs.summary(id, Integer.MAX_VALUE);
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setDelimiter(';')
                .setHeader("flag", "member_number", "name", "line", "reason").get())) {
            for (List<RunFlag> kind : List.of(summary.skipped(), summary.invoicedInstead(), summary.noMailAddress())) {
                for (RunFlag flag : kind) {
                    csv.printRecord(KINDS.getOrDefault(flag.kind(), flag.kind()), flag.memberNumber(), flag.name(),
                            flag.line(), flag.reason());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"run-" + id + "-flagged.csv\"")
                .contentType(MediaType.parseMediaType("text/csv; charset=UTF-8")).body("\uFEFF" + out);
    }
}
