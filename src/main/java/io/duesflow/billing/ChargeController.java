package io.duesflow.billing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
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
@RequestMapping("/api/billing")
@Tag(name = "Charges, credit notes and debtors")
class ChargeController {

    private final BillingRuns runs;

    ChargeController(BillingRuns runs) {
        this.runs = runs;
    }

    record CreditRequest(List<CreditNotes.CreditedLine> lines) {
    }

    @PostMapping("/charges/{number}/credit-notes")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Credit a charge: all its lines, or chosen lines with amounts no larger than charged")
    ChargeView creditNote(@PathVariable String number, @RequestBody(required = false) CreditRequest request) {
        return runs.creditNote(number, request == null ? List.of() : request.lines());
    }

    @GetMapping(value = "/debtors", produces = "application/json")
    @Operation(summary = "Open and partly paid charges with the amount owed, days overdue and reminder level")
    List<DebtorList.Debtor> debtors(@RequestParam(required = false) Long run, @RequestParam(required = false) String group,
                                    @RequestParam(required = false) String method) {
        return runs.debtors(run, group, method);
    }

    @GetMapping(value = "/debtors", produces = "text/csv")
    String debtorsCsv(@RequestParam(required = false) Long run, @RequestParam(required = false) String group,
                      @RequestParam(required = false) String method) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setDelimiter(';').setHeader("number",
                "member_number", "name", "run", "due_date", "total", "owed", "days_overdue", "reminder_level",
                "collection_method").get())) {
            for (DebtorList.Debtor d : runs.debtors(run, group, method)) {
                csv.printRecord(d.number(), d.memberNumber(), d.name(), d.runId(), d.dueDate(), d.total(), d.owed(),
                        d.daysOverdue(), d.reminderLevel(), d.collectionMethod());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
