package io.duesflow.members;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/members")
@Tag(name = "Member CSV import and export")
class MemberCsvController {

    private final MemberImport importer;
    private final MemberExport exporter;
    private final Clock clock;

    MemberCsvController(MemberImport importer, MemberExport exporter, Clock clock) {
        this.importer = importer;
        this.exporter = exporter;
        this.clock = clock;
    }

    @GetMapping(value = "/export", produces = "text/csv")
    @Operation(summary = "All members as CSV (UTF-8, ';'), in the format the import reads")
    void export(HttpServletResponse response) throws IOException {
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                "attachment; filename=\"members-" + LocalDate.now(clock) + ".csv\"");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        exporter.write(response.getWriter());
    }

    @PostMapping(value = "/import", consumes = {"text/csv", "text/plain", MediaType.APPLICATION_OCTET_STREAM_VALUE})
    @Operation(summary = "Import members from CSV (UTF-8, ';' or ','). Nothing is imported when a row is invalid, "
            + "unless validRowsOnly=true; every problem is listed by row, column and reason (422 when nothing was applied)")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "the member list", required = true,
            content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "text/csv"))
    ResponseEntity<MemberImport.Report> importCsv(HttpServletRequest request,
                                                  @RequestParam(defaultValue = "false") boolean validRowsOnly)
            throws IOException {
        // Read as it arrives: a member list of a million rows is never in memory whole.
        return answer(importer.run(request.getInputStream(), validRowsOnly));
    }

    @PostMapping(value = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<MemberImport.Report> importFile(@RequestParam("file") MultipartFile file,
                                                   @RequestParam(defaultValue = "false") boolean validRowsOnly)
            throws IOException {
        try (InputStream in = file.getInputStream()) {
            return answer(importer.run(in, validRowsOnly));
        }
    }

    @GetMapping(value = "/imports/{id}/errors.csv", produces = "text/csv")
    @Operation(summary = "The problems of an import as CSV: row, column, value, reason")
    ResponseEntity<String> errors(@PathVariable long id) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"import-" + id + "-errors.csv\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(importer.errorsCsv(id));
    }

    private static ResponseEntity<MemberImport.Report> answer(MemberImport.Report report) {
        return ResponseEntity.status(report.applied() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_ENTITY).body(report);
    }
}
