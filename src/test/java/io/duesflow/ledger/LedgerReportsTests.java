package io.duesflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The ledger as the treasurer, the supervisor and the accountant read it: the trial balance, an account's statement,
 * the journal exported for the accounting program, and the check against the charges.
 */
@ApplicationTest
class LedgerReportsTests extends TreasurerTest {

    /** An account of this test's own, so what other tests booked does not show in it. */
    String account;
    LocalDate today;

    @BeforeEach
    void aTreasurerWithAnAccountOfTheirOwn() {
        account = "6" + (1_000_000 + System.nanoTime() % 1_000_000);
        treasurer.post("/api/ledger/accounts", Map.of("number", account, "name", "Kiosk æøå", "type", "INCOME"));
        today = treasurer.clock.today();
    }

    @Test
    void theTrialBalanceOnADayCountsWhatWasBookedUpToAndIncludingIt() {
        correction(today.minusDays(10), "Kiosk, week 1", "40.00");
        correction(today.minusDays(3), "Kiosk, week 2", "25.50");

        JsonNode before = treasurer.get("/api/ledger/trial-balance?date=" + today.minusDays(11)).getBody();
        JsonNode middle = treasurer.get("/api/ledger/trial-balance?date=" + today.minusDays(10)).getBody();
        JsonNode now = treasurer.get("/api/ledger/trial-balance").getBody();

        assertThat(row(before).path("credit").decimalValue()).isEqualByComparingTo("0");
        assertThat(row(middle).path("credit").decimalValue()).isEqualByComparingTo("40.00");
        assertThat(row(now).path("credit").decimalValue()).isEqualByComparingTo("65.50");
        assertThat(row(now).path("balance").decimalValue()).isEqualByComparingTo("-65.50");
        assertThat(row(now).path("type").asText()).isEqualTo("INCOME");
        for (JsonNode balance : List.of(before, middle, now)) {
            assertThat(balance.path("balanced").asBoolean()).isTrue();
            assertThat(balance.path("debit").decimalValue()).isEqualByComparingTo(balance.path("credit").decimalValue());
        }
        String csv = text(treasurer.http().exchange("/api/ledger/trial-balance?headers=en", HttpMethod.GET,
                accepting(new MediaType("text", "csv")), byte[].class));
        assertThat(csv).startsWith("\uFEFFAccount;Account name;Type;Debit;Credit;Balance\r\n")
                .contains(account + ";Kiosk æøå;INCOME;0.00;65.50;-65.50\r\n");
        assertThat(pdf("/api/ledger/trial-balance")).startsWith("%PDF-");
    }

    @Test
    void anAccountsStatementShowsItsOpeningBalanceEachLineWithTheBalanceAfterItAndTheClosing() {
        correction(today.minusDays(20), "Kiosk, week 1", "40.00");
        correction(today.minusDays(10), "Kiosk, week 2", "25.50");
        correction(today.minusDays(5), "Kiosk, week 3", "10.00");

        JsonNode statement = treasurer.get("/api/ledger/accounts/" + account + "/statement?from=" + today.minusDays(10)
                + "&to=" + today).getBody();

        assertThat(statement.path("opening").decimalValue()).isEqualByComparingTo("-40.00");
        assertThat(statement.path("lines")).extracting(line -> line.path("text").asText() + " "
                        + line.path("credit").decimalValue().setScale(2) + " → " + line.path("balance").decimalValue().setScale(2))
                .containsExactly("Kiosk, week 2 25.50 → -65.50", "Kiosk, week 3 10.00 → -75.50");
        assertThat(statement.path("closing").decimalValue()).isEqualByComparingTo("-75.50");
        assertThat(statement.path("lineCount").asInt()).isEqualTo(2);
        String csv = text(treasurer.http().exchange("/api/ledger/accounts/" + account + "/statement?from="
                + today.minusDays(10), HttpMethod.GET, accepting(new MediaType("text", "csv")), byte[].class));
        assertThat(csv.split("\r\n")).containsExactly(
                "\uFEFFDato;Bilag;Tekst;Debet;Kredit;Saldo",
                danish(today.minusDays(10)) + ";;Primo;;;-40,00",
                danish(today.minusDays(10)) + ";" + voucherOn(today.minusDays(10)) + ";Kiosk, week 2;;25,50;-65,50",
                danish(today.minusDays(5)) + ";" + voucherOn(today.minusDays(5)) + ";Kiosk, week 3;;10,00;-75,50",
                danish(today) + ";;Ultimo;;;-75,50");
        assertThat(pdf("/api/ledger/accounts/" + account + "/statement")).startsWith("%PDF-");
    }

    @Test
    void theJournalExportIsWhatADanishAccountingProgramImports() {
        JsonNode voucher = correction(today.minusDays(2), "Kiosk: kaffe og æbleskiver", "1234.50");
        String number = voucher.path("number").asText();
        String period = "from=" + today.minusDays(2) + "&to=" + today.minusDays(2);

        ResponseEntity<byte[]> danish = treasurer.http().getForEntity("/api/ledger/journal.csv?" + period + "&account="
                + account, byte[].class);
        String english = text(treasurer.http().getForEntity("/api/ledger/journal.csv?" + period
                + "&headers=en&decimal=point", byte[].class));

        assertThat(danish.getHeaders().getContentType().toString()).startsWith("text/csv");
        assertThat(danish.getHeaders().getContentDisposition().getFilename()).endsWith(account + ".csv");
        assertThat(Arrays.copyOf(danish.getBody(), 3)).as("byte order mark")
                .containsExactly((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        assertThat(text(danish).split("\r\n")).containsExactly(
                "\uFEFFDato;Bilag;Konto;Kontonavn;Tekst;Debet;Kredit",
                danish(today.minusDays(2)) + ";" + number + ";" + account + ";Kiosk æøå;Kiosk: kaffe og æbleskiver;;1234,50");
        assertThat(english).startsWith("\uFEFFDate;Voucher;Account;Account name;Text;Debit;Credit\r\n")
                .contains(today.minusDays(2) + ";" + number + ";1000;Bank;Kiosk: kaffe og æbleskiver;1234.50;\r\n")
                .contains(today.minusDays(2) + ";" + number + ";" + account + ";Kiosk æøå;Kiosk: kaffe og æbleskiver;;1234.50\r\n");
        ResponseEntity<String> french = treasurer.http().getForEntity("/api/ledger/journal.csv?headers=fr", String.class);
        assertThat(french.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(french.getBody()).contains("\"field\":\"headers\"", "'da'", "'en'");
    }

    @Test
    void theCheckFollowsDuesOwedAndTheDebtorListStepByStep() {
        JsonNode before = treasurer.get("/api/ledger/check").getBody();
        long ulla = treasurer.member("Ulla");
        treasurer.member("Vagn");
        LocalDate due = today.plusMonths(1).withDayOfMonth(1);
        treasurer.monthlyLine("Dues", "100.00", due, null);
        long run = treasurer.approved(due, due, Map.of());
        treasurer.cancel(treasurer.numberOf(run, ulla));

        JsonNode after = treasurer.get("/api/ledger/check").getBody();

        assertThat(names(after)).containsExactly("Debit equals credit", "Dues owed equals the debtor list",
                "Collection clearing equals what is in collection", "Member credit equals the members' credit");
        assertThat(after.path("checks").get(0).path("agrees").asBoolean()).isTrue();
        JsonNode duesOwed = after.path("checks").get(1);
        assertThat(duesOwed.path("account").asText()).isEqualTo("1100");
        assertThat(duesOwed.path("ledger").decimalValue()
                .subtract(before.path("checks").get(1).path("ledger").decimalValue())).isEqualByComparingTo("100.00");
        assertThat(duesOwed.path("expected").decimalValue()
                .subtract(before.path("checks").get(1).path("expected").decimalValue())).isEqualByComparingTo("100.00");
        assertThat(duesOwed.path("difference").decimalValue())
                .isEqualByComparingTo(before.path("checks").get(1).path("difference").decimalValue());
        assertThat(pdf("/api/ledger/check")).startsWith("%PDF-");
    }

    @Test
    void aMembersAccountAndTheCheckComeAsCsvAndPdfToo() {
        long ulla = treasurer.member("Ulla");
        LocalDate due = today.plusMonths(1).withDayOfMonth(1);
        treasurer.monthlyLine("Dues", "100.00", due, null);
        long run = treasurer.approved(due, due, Map.of());
        String number = treasurer.numberOf(run, ulla);

        String account = text(treasurer.http().exchange("/api/ledger/members/" + ulla, HttpMethod.GET,
                accepting(new MediaType("text", "csv")), byte[].class));
        String check = text(treasurer.http().exchange("/api/ledger/check?headers=en", HttpMethod.GET,
                accepting(new MediaType("text", "csv")), byte[].class));

        // A member's account has no period: its Primo and Ultimo rows have no date (an empty first field is quoted).
        assertThat(account.split("\r\n")).containsExactly("\uFEFFDato;Bilag;Tekst;Debet;Kredit;Saldo",
                "\"\";;Primo;;;0,00",
                danish(today) + ";" + treasurer.voucherOf("RUN_APPROVED", run).path("number").asInt() + ";Invoice "
                        + number + ", member " + ulla + ";100,00;;100,00",
                "\"\";;Ultimo;;;100,00");
        assertThat(check).startsWith("\uFEFFCheck;Account;Ledger;Expected;Difference;Agrees;Why\r\n")
                .contains("Dues owed equals the debtor list;1100;", "Member credit equals the members' credit;2100;");
        assertThat(pdf("/api/ledger/members/" + ulla)).startsWith("%PDF-");
    }

    @Test
    void aSupervisorReadsEveryReportAndBooksNothing() {
        TestRestTemplate supervisor = Treasurer.supervisor(context).http();

        for (String report : List.of("/api/ledger/trial-balance", "/api/ledger/check", "/api/ledger/journal.csv",
                "/api/ledger/vouchers", "/api/ledger/closed-months", "/api/ledger/accounts/1100/statement",
                "/api/ledger/members/1")) {
            assertThat(supervisor.getForEntity(report, String.class).getStatusCode()).as(report).isEqualTo(HttpStatus.OK);
        }
        assertThat(supervisor.postForEntity("/api/ledger/vouchers", Map.of(), String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(supervisor.postForEntity("/api/ledger/closed-months", Map.of("month", "2020-01"), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    /** Kiosk takings into the bank, booked to this test's account on {@code day}. */
    private JsonNode correction(LocalDate day, String text, String amount) {
        ResponseEntity<JsonNode> booked = treasurer.post("/api/ledger/vouchers", Map.of("date", day.toString(),
                "text", text, "lines", List.of(Map.of("account", "1000", "debit", amount),
                        Map.of("account", account, "credit", amount))));
        assertThat(booked.getStatusCode()).as("%s", booked.getBody()).isEqualTo(HttpStatus.CREATED);
        return booked.getBody();
    }

    private String voucherOn(LocalDate day) {
        JsonNode vouchers = treasurer.get("/api/ledger/accounts/" + account + "/statement?from=" + day + "&to=" + day)
                .getBody().path("lines");
        return vouchers.get(0).path("voucher").asText();
    }

    private JsonNode row(JsonNode trialBalance) {
        for (JsonNode row : trialBalance.path("accounts")) {
            if (row.path("number").asText().equals(account)) {
                return row;
            }
        }
        throw new AssertionError("No row for " + account);
    }

    private static List<String> names(JsonNode checks) {
        return java.util.stream.StreamSupport.stream(checks.path("checks").spliterator(), false)
                .map(check -> check.path("name").asText()).toList();
    }

    private String pdf(String path) {
        ResponseEntity<byte[]> pdf = treasurer.http().exchange(path, HttpMethod.GET, accepting(MediaType.APPLICATION_PDF),
                byte[].class);
        assertThat(pdf.getStatusCode()).isEqualTo(HttpStatus.OK);
        return new String(pdf.getBody(), 0, 5, StandardCharsets.ISO_8859_1);
    }

    private static HttpEntity<Void> accepting(MediaType type) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(type));
        return new HttpEntity<>(headers);
    }

    private static String text(ResponseEntity<byte[]> response) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return new String(response.getBody(), StandardCharsets.UTF_8);
    }

    private static String danish(LocalDate day) {
        return "%02d-%02d-%d".formatted(day.getDayOfMonth(), day.getMonthValue(), day.getYear());
    }
}
