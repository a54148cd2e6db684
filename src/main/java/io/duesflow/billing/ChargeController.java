package io.duesflow.billing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.duesflow.members.Association;
import io.duesflow.members.MemberRegister;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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
    private final Charges charges;
    private final BillingPdf pdf;
    private final MemberRegister register;
    private final Clock clock;

    ChargeController(BillingRuns runs, Charges charges, BillingPdf pdf, MemberRegister register, Clock clock) {
        this.runs = runs;
        this.charges = charges;
        this.pdf = pdf;
        this.register = register;
        this.clock = clock;
    }

    record CreditRequest(List<Charges.CreditedLine> lines) {
    }

    record CancelRequest(String reason) {
    }

    @GetMapping("/charges/{number}")
    @Operation(summary = "A charge with its lines, status history, what it carries, credit notes, mails and collection")
    Charges.ChargeDetail charge(@PathVariable String number) {
        return charges.charge(number);
    }

    @PostMapping("/charges/{number}/credit-notes")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Credit a charge: all its lines, or chosen lines with amounts no larger than what is left of "
            + "them; an arrears line gives its debt back to the charge it carries")
    ChargeView creditNote(@PathVariable String number, @RequestBody(required = false) CreditRequest request) {
        return charges.creditNote(number, request == null ? List.of() : request.lines());
    }

    @PostMapping("/charges/{number}/cancel")
    @Operation(summary = "Cancel an open charge nothing is paid on; arrears it carries are owed on their own charges again")
    ChargeView cancel(@PathVariable String number, @RequestBody(required = false) CancelRequest request) {
        return charges.cancel(number, request == null ? null : request.reason());
    }

    @GetMapping(value = "/debtors", produces = "application/json")
    @Operation(summary = "Open and partly paid charges with the amount owed, days overdue, reminder level and last "
            + "reminder; level=0, 1 or 2 lists one reminder level")
    List<DebtorList.Debtor> debtors(@RequestParam(required = false) Long run, @RequestParam(required = false) String group,
                                    @RequestParam(required = false) String method,
                                    @RequestParam(required = false) Integer level) {
        return runs.debtors(run, group, method, level);
    }

    @GetMapping(value = "/debtors", produces = "text/csv")
    @Operation(summary = "The debtor list as CSV (semicolon separated, for a spreadsheet)")
    String debtorsCsv(@RequestParam(required = false) Long run, @RequestParam(required = false) String group,
                      @RequestParam(required = false) String method, @RequestParam(required = false) Integer level) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setDelimiter(';').setHeader("number",
                "member_number", "name", "run", "due_date", "total", "owed", "days_overdue", "reminder_level",
                "collection_method", "last_reminded_on", "reminders_stopped").get())) {
            for (DebtorList.Debtor d : runs.debtors(run, group, method, level)) {
                csv.printRecord(d.number(), d.memberNumber(), d.name(), d.runId(), d.dueDate(), d.total(), d.owed(),
                        d.daysOverdue(), d.reminderLevel(), d.collectionMethod(), d.lastRemindedOn(),
                        d.remindersStopped());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @GetMapping(value = "/debtors", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "The debtor list as a printable PDF")
    ResponseEntity<byte[]> debtorsPdf(@RequestParam(required = false) Long run, @RequestParam(required = false) String group,
                                      @RequestParam(required = false) String method,
                                      @RequestParam(required = false) Integer level) {
        List<String> filters = new ArrayList<>();
        if (run != null) {
            filters.add("run " + run);
        }
        if (group != null && !group.isBlank()) {
            filters.add("group " + group.trim());
        }
        if (method != null && !method.isBlank()) {
            filters.add("collected by " + method.trim());
        }
        if (level != null) {
            filters.add("reminder level " + level);
        }
        LocalDate today = LocalDate.now(clock);
        Association association = register.association();
        byte[] body = pdf.debtors(runs.debtors(run, group, method, level), association.name(), association.currency(), today,
                filters.isEmpty() ? null : String.join(", ", filters));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"debtors-" + today + ".pdf\"")
                .contentType(MediaType.APPLICATION_PDF).body(body);
    }
}
