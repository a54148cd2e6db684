package io.duesflow.mail;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/mail")
@Tag(name = "Mail")
class MailOutboxController {

    private final MailOutbox outbox;

    MailOutboxController(MailOutbox outbox) {
        this.outbox = outbox;
    }

    @GetMapping("/outbox")
    @Operation(summary = "Mails by status (QUEUED, SENT, FAILED with the reason, NEEDS_PRINTING) and run")
    List<MailOutbox.Entry> entries(@RequestParam(required = false) MailOutbox.Status status,
                                   @RequestParam(required = false) Long run,
                                   @RequestParam(defaultValue = "500") int limit) {
        return outbox.entries(status, run, Math.min(limit, 5000));
    }

    @PostMapping("/outbox/{id}/retry")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Queue a failed mail (or one that needed printing, after its address was fixed) again")
    void retry(@PathVariable long id) {
        outbox.retry(id);
    }

    @GetMapping(value = "/outbox/{id}/document", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "The mail's document as a PDF, to print and post")
    ResponseEntity<byte[]> document(@PathVariable long id) {
        RenderedDocument document = outbox.document(id);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename(document.pdfFileName(), StandardCharsets.UTF_8).build().toString())
                .contentType(MediaType.APPLICATION_PDF).body(document.pdf());
    }
}
