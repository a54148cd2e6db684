package io.duesflow.billing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

import io.duesflow.members.MemberRegister;
import io.duesflow.platform.InvalidInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reading runs: the list, one run, its charges, its simulation, and previews of runs not yet created. Creating,
 * generating, approving and rejecting a run are steps of its process, whose doors are in the cycle room.
 */
@RestController
@RequestMapping("/api/billing/runs")
@Tag(name = "Billing runs")
class BillingRunController {

    private final BillingRuns runs;
    private final BillingPdf pdf;
    private final MemberRegister register;

    BillingRunController(BillingRuns runs, BillingPdf pdf, MemberRegister register) {
        this.runs = runs;
        this.pdf = pdf;
        this.register = register;
    }

    @PostMapping(value = "/preview", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "What a run would bill, before it is created: the same body as creating it; nothing is written")
    Simulation preview(@RequestBody BillingRuns.NewRun run) {
        return runs.preview(run);
    }

    @PostMapping(value = "/preview", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "The same preview as a printable PDF")
    ResponseEntity<byte[]> previewPdf(@RequestBody BillingRuns.NewRun run) {
        Simulation simulation = runs.preview(run);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"preview-" + simulation.periodFrom() + ".pdf\"")
                .contentType(MediaType.APPLICATION_PDF)
                .body(pdf.simulation(simulation, register.association().name()));
    }

    @GetMapping
    @Operation(summary = "The runs, newest first, a page at a time; filter by state and kind")
    List<BillingRun> runs(@RequestParam(required = false) BillingRun.State state,
                          @RequestParam(required = false) BillingRun.Kind kind,
                          @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (page < 0) {
            throw new InvalidInput("page", "Pages count from 0");
        }
        return runs.runs(state, kind, page, Math.max(1, Math.min(size, 500)));
    }

    @GetMapping("/{id}")
    @Operation(summary = "A run with its state and progress (chunks done of total)")
    BillingRun run(@PathVariable long id) {
        return runs.run(id);
    }

    @GetMapping(value = "/{id}/simulation", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "What the run bills, priced now over the register: its simulation, before or after generating")
    Simulation simulation(@PathVariable long id) {
        return runs.simulation(id);
    }

    @GetMapping(value = {"/{id}/simulation", "/{id}/simulation.pdf"}, produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "The run's simulation as a printable PDF (the approval form links to it)")
    ResponseEntity<byte[]> simulationPdf(@PathVariable long id) {
        Simulation simulation = runs.simulation(id);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"run-" + id + "-simulation.pdf\"")
                .contentType(MediaType.APPLICATION_PDF)
                .body(pdf.simulation(simulation, register.association().name()));
    }

    @GetMapping(value = {"/{id}/charges", "/{id}/charges.csv"}, produces = "text/csv")
    @Operation(summary = "All the run's charges as CSV (semicolon separated, for a spreadsheet; the approval form links to it)")
    ResponseEntity<String> chargesCsv(@PathVariable long id) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setDelimiter(';').setHeader("number",
                "member_number", "due_date", "period_start", "period_end", "status", "collection_method",
                "collected_by", "invoiced_instead", "collection_note", "total", "lines").get())) {
            for (int page = 0; ; page++) {
                List<ChargeView> charges = runs.charges(id, page, 1000);
                for (ChargeView c : charges) {
                    csv.printRecord(c.number(), c.memberNumber(), c.dueDate(), c.periodStart(), c.periodEnd(), c.status(),
                            c.collectionMethod(), c.collectedBy(), c.invoicedInstead(), c.collectionNote(), c.total(),
                            String.join(" | ", c.lines().stream().map(l -> l.text() + " " + l.amount()).toList()));
                }
                if (charges.size() < 1000) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"run-" + id + "-charges.csv\"")
                .contentType(MediaType.parseMediaType("text/csv; charset=UTF-8")).body("\uFEFF" + out);
    }

    @GetMapping(value = "/{id}/charges", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The run's charges with their lines, a page at a time")
    List<ChargeView> charges(@PathVariable long id, @RequestParam(defaultValue = "0") int page,
                             @RequestParam(defaultValue = "100") int size) {
        return runs.charges(id, page, Math.min(size, 1000));
    }
}
