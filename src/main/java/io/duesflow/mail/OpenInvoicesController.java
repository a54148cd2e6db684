package io.duesflow.mail;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import io.duesflow.billing.OpenCharges;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ContentDisposition;
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

/** The open list and sending by hand; the same as Tasklist's "Send open invoices by hand". */
@RestController
@RequestMapping("/api/mail/open-invoices")
@Tag(name = "Open invoices")
class OpenInvoicesController {

    private final OpenInvoices invoices;

    OpenInvoicesController(OpenInvoices invoices) {
        this.invoices = invoices;
    }

    /**
     * Which open invoices to send: by run, group, collection method, mailed or not, due before a day, or by number.
     */
    record Selection(Long run, String group, String method, Boolean mailed, LocalDate dueBefore, List<String> numbers) {

        OpenCharges.Filter filter() {
            return new OpenCharges.Filter(run, group, method, dueBefore, numbers);
        }
    }

    @GetMapping
    @Operation(summary = "The open invoices with whether their mail went, filtered by run, group, method, mailed or "
            + "not, and due before a day")
    List<OpenInvoices.OpenInvoice> list(@RequestParam(required = false) Long run,
                                        @RequestParam(required = false) String group,
                                        @RequestParam(required = false) String method,
                                        @RequestParam(required = false) Boolean mailed,
                                        @RequestParam(required = false) LocalDate dueBefore,
                                        @RequestParam(required = false) List<String> numbers) {
        return invoices.list(new OpenCharges.Filter(run, group, method, dueBefore, numbers), mailed);
    }

    @PostMapping("/send")
    @Operation(summary = "Send now: one invoice, a selection (numbers) or all a filter selects, through the outbox; an "
            + "invoice already mailed is never mailed twice")
    OpenInvoices.Sending send(@RequestBody Selection selection) {
        return invoices.sendNow(selection.filter(), selection.mailed());
    }

    @PostMapping("/{number}/send-again")
    @Operation(summary = "Send again for a member who lost the mail: recorded as a resend, a new Message-ID, the same "
            + "document")
    OpenInvoices.Resent sendAgain(@PathVariable String number) {
        return invoices.sendAgain(number);
    }

    @GetMapping(value = "/{number}/document", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "The invoice as a PDF, to print and post")
    ResponseEntity<byte[]> print(@PathVariable String number) {
        RenderedDocument document = invoices.print(number);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename(document.pdfFileName(), StandardCharsets.UTF_8).build().toString())
                .contentType(MediaType.APPLICATION_PDF).body(document.pdf());
    }
}
