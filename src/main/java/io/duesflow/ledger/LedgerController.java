package io.duesflow.ledger;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.ReportPdf;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The ledger over REST: treasurers keep the chart, book corrections and close months; supervisors read it all. */
@RestController
@RequestMapping("/api/ledger")
@Tag(name = "Ledger")
class LedgerController {

    private final ChartOfAccounts chart;
    private final Journal journal;
    private final Corrections corrections;
    private final LedgerReports reports;
    private final JournalCsv csv;
    private final LedgerPdf pdf;
    private final Clock clock;

    LedgerController(ChartOfAccounts chart, Journal journal, Corrections corrections, LedgerReports reports,
                     JournalCsv csv, LedgerPdf pdf, Clock clock) {
        this.chart = chart;
        this.journal = journal;
        this.corrections = corrections;
        this.reports = reports;
        this.csv = csv;
        this.pdf = pdf;
        this.clock = clock;
    }

    // --- the chart --------------------------------------------------------------------------------------------

    @GetMapping("/accounts")
    @Operation(summary = "The chart of accounts, with the part each account plays (its role, or the association's "
            + "account setting that names it)")
    List<ChartOfAccounts.AccountView> accounts() {
        return chart.all();
    }

    @GetMapping("/accounts/{number}")
    ChartOfAccounts.AccountView account(@PathVariable String number) {
        return chart.account(number);
    }

    @PostMapping("/accounts")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Open an account: number, name, type (ASSET, LIABILITY, EQUITY, INCOME, EXPENSE), optional role")
    ChartOfAccounts.AccountView open(@RequestBody ChartOfAccounts.AccountInput input) {
        return chart.open(input);
    }

    @PutMapping("/accounts/{number}")
    @Operation(summary = "Rename an account, change its role, deactivate or activate it (send the version you read)")
    ChartOfAccounts.AccountView change(@PathVariable String number, @RequestBody ChartOfAccounts.AccountInput input) {
        return chart.change(number, input);
    }

    @DeleteMapping("/accounts/{number}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an account nothing was ever booked to and that plays no part")
    void delete(@PathVariable String number) {
        chart.delete(number);
    }

    // --- the journal ------------------------------------------------------------------------------------------

    record VoucherPage(Journal.Voucher voucher, int page, int size, List<Journal.Line> lines) {
    }

    @GetMapping("/vouchers")
    @Operation(summary = "Vouchers booked in a period (default: every date), in number order; source (RUN_APPROVED, "
            + "CREDIT_NOTE, CHARGE_CANCELLED, CORRECTION) and key (the run, credit note or charge id) find what booked "
            + "a given change")
    List<Journal.Voucher> vouchers(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                   @RequestParam(required = false) Journal.Source source,
                                   @RequestParam(required = false) String key,
                                   @RequestParam(defaultValue = "0") int page,
                                   @RequestParam(defaultValue = "100") int size) {
        return journal.vouchers(from == null ? LocalDate.of(1, 1, 1) : from, to == null ? LocalDate.of(9999, 12, 31) : to,
                source, key, page, size);
    }

    @GetMapping("/vouchers/{year}/{number}")
    @Operation(summary = "A voucher with a page of its lines")
    VoucherPage voucher(@PathVariable int year, @PathVariable int number, @RequestParam(defaultValue = "0") int page,
                        @RequestParam(defaultValue = "500") int size) {
        Journal.Voucher voucher = journal.voucher(year, number);
        return new VoucherPage(voucher, page, size, journal.lines(voucher.id(), page, size));
    }

    @PostMapping("/vouchers")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Book a correction: a date, a text and balanced lines ({account, debit} or {account, credit}); "
            + "a key makes a retried request book nothing twice. Dated in a closed month, it is booked on the first "
            + "open day")
    Journal.Voucher correction(@RequestBody Corrections.CorrectionInput input) {
        return corrections.book(input);
    }

    record ClosedMonths(LocalDate closedThrough, LocalDate firstOpenDay, List<Journal.Closing> closings) {
    }

    record CloseRequest(YearMonth month) {
    }

    @GetMapping("/closed-months")
    ClosedMonths closedMonths() {
        LocalDate through = journal.closedThrough();
        return new ClosedMonths(through, through == null ? null : through.plusDays(1), journal.closings());
    }

    @PostMapping("/closed-months")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Close a month that has ended (and every month before it); it stays closed, and postings "
            + "dated in it are booked on the first open day")
    ClosedMonths close(@RequestBody CloseRequest request) {
        if (request == null || request.month() == null) {
            throw new InvalidInput("month", "Give the month to close, e.g. \"2027-01\"");
        }
        journal.close(request.month());
        return closedMonths();
    }

    // --- reports ----------------------------------------------------------------------------------------------

    @GetMapping(value = "/trial-balance", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Every account's debit, credit and balance up to and including a day (default today)")
    LedgerReports.TrialBalance trialBalance(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        return reports.trialBalance(date == null ? today() : date);
    }

    @GetMapping(value = "/trial-balance", produces = "text/csv")
    void trialBalanceCsv(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                         @RequestParam(required = false) String headers, @RequestParam(required = false) String decimal,
                         HttpServletResponse response) throws IOException {
        LocalDate on = date == null ? today() : date;
        JournalCsv.Style style = JournalCsv.Style.of(headers, decimal);
        csv.trialBalance(csvResponse(response, "trial-balance-" + on), reports.trialBalance(on), style);
    }

    @GetMapping(value = "/trial-balance", produces = MediaType.APPLICATION_PDF_VALUE)
    ResponseEntity<byte[]> trialBalancePdf(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        LocalDate on = date == null ? today() : date;
        return pdfResponse("trial-balance-" + on, pdf.trialBalance(reports.trialBalance(on)));
    }

    @GetMapping(value = "/accounts/{number}/statement", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "An account's lines in a period (default: this year so far) with the balance after each, "
            + "optionally one member's; a page of lines at a time")
    LedgerReports.Statement statement(@PathVariable String number, @RequestParam(required = false) Long member,
                                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                      @RequestParam(defaultValue = "0") int page,
                                      @RequestParam(defaultValue = "500") int size) {
        return reports.statement(number, member, from == null ? yearStart() : from, to == null ? today() : to, page, size);
    }

    @GetMapping(value = "/accounts/{number}/statement", produces = "text/csv")
    void statementCsv(@PathVariable String number, @RequestParam(required = false) Long member,
                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                      @RequestParam(required = false) String headers, @RequestParam(required = false) String decimal,
                      HttpServletResponse response) throws IOException {
        JournalCsv.Style style = JournalCsv.Style.of(headers, decimal);
        LocalDate start = from == null ? yearStart() : from;
        LocalDate end = to == null ? today() : to;
        LedgerReports.Statement statement = reports.statement(number, member, start, end, 0, 0);
        csv.statement(csvResponse(response, "account-" + number + "-" + start + "-" + end), statement, style);
    }

    @GetMapping(value = "/accounts/{number}/statement", produces = MediaType.APPLICATION_PDF_VALUE)
    ResponseEntity<byte[]> statementPdf(@PathVariable String number, @RequestParam(required = false) Long member,
                                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        LocalDate start = from == null ? yearStart() : from;
        LocalDate end = to == null ? today() : to;
        return pdfResponse("account-" + number + "-" + start + "-" + end, pdf.statement(reports.statement(number, member,
                start, end, 0, ReportPdf.MAX_ROWS)));
    }

    @GetMapping(value = "/members/{memberNumber}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A member's account: their lines on dues owed (and member credit), with what they owe by the "
            + "ledger as the closing balance")
    LedgerReports.Statement memberAccount(@PathVariable long memberNumber, @RequestParam(defaultValue = "0") int page,
                                          @RequestParam(defaultValue = "500") int size) {
        return reports.memberAccount(memberNumber, page, size);
    }

    @GetMapping(value = "/members/{memberNumber}", produces = "text/csv")
    void memberAccountCsv(@PathVariable long memberNumber, @RequestParam(required = false) String headers,
                          @RequestParam(required = false) String decimal, HttpServletResponse response)
            throws IOException {
        JournalCsv.Style style = JournalCsv.Style.of(headers, decimal);
        csv.statement(csvResponse(response, "member-" + memberNumber), reports.memberAccount(memberNumber, 0, 0), style);
    }

    @GetMapping(value = "/members/{memberNumber}", produces = MediaType.APPLICATION_PDF_VALUE)
    ResponseEntity<byte[]> memberAccountPdf(@PathVariable long memberNumber) {
        return pdfResponse("member-" + memberNumber, pdf.statement(reports.memberAccount(memberNumber, 0,
                ReportPdf.MAX_ROWS)));
    }

    @GetMapping(value = "/check", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The ledger against the charges and the payments: debit = credit, dues owed = the debtor "
            + "list, collection clearing = what is in collection, member credit = the members' credit")
    LedgerReports.Checks check() {
        return reports.check();
    }

    @GetMapping(value = "/check", produces = "text/csv")
    void checkCsv(@RequestParam(required = false) String headers, @RequestParam(required = false) String decimal,
                  HttpServletResponse response) throws IOException {
        JournalCsv.Style style = JournalCsv.Style.of(headers, decimal);
        csv.check(csvResponse(response, "ledger-check-" + today()), reports.check(), style);
    }

    @GetMapping(value = "/check", produces = MediaType.APPLICATION_PDF_VALUE)
    ResponseEntity<byte[]> checkPdf() {
        return pdfResponse("ledger-check-" + today(), pdf.check(reports.check()));
    }

    @GetMapping(value = "/journal.csv", produces = "text/csv")
    @Operation(summary = "The journal for the accounting program: Dato;Bilag;Konto;Kontonavn;Tekst;Debet;Kredit "
            + "(headers=en for English), UTF-8 with BOM, ';', decimal comma (decimal=point for a point), for a period "
            + "(default this year) and optionally one account")
    void journalCsv(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                    @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                    @RequestParam(required = false) String account, @RequestParam(required = false) String headers,
                    @RequestParam(required = false) String decimal, HttpServletResponse response) throws IOException {
        JournalCsv.Style style = JournalCsv.Style.of(headers, decimal);
        LocalDate start = from == null ? yearStart() : from;
        LocalDate end = to == null ? yearEnd() : to;
        String only = account == null || account.isBlank() ? null : chart.account(account.trim()).number();
        csv.journal(csvResponse(response, "journal-" + start + "-" + end + (only == null ? "" : "-" + only)), start,
                end, only, style);
    }

    private static Writer csvResponse(HttpServletResponse response, String name) throws IOException {
        response.setContentType("text/csv; charset=UTF-8");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".csv\"");
        return response.getWriter();
    }

    private static ResponseEntity<byte[]> pdfResponse(String name, byte[] body) {
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + name + ".pdf\"")
                .contentType(MediaType.APPLICATION_PDF).body(body);
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    private LocalDate yearStart() {
        return today().withDayOfYear(1);
    }

    private LocalDate yearEnd() {
        return today().withMonth(12).withDayOfMonth(31);
    }
}
