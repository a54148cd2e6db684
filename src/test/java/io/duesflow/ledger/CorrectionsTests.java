package io.duesflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Vouchers a treasurer books by hand, and closed months: a correction is a new voucher under the next number, it
 * balances or is refused, and one dated in a closed month is booked on the first open day.
 */
@ApplicationTest
class CorrectionsTests extends TreasurerTest {

    @Test
    void correctionsAreBookedUnderTheNextNumbersOfTheirYear() {
        JsonNode first = book(Map.of("date", treasurer.clock.today().toString(), "text", "Course fee booked as dues",
                "lines", List.of(debit("3000", "450.00"), credit("3100", "450.00"))));
        JsonNode second = book(Map.of("date", treasurer.clock.today().toString(), "text", "Opening balance of the bank",
                "lines", List.of(debit("1000", "12500.00", "Bank on 1 December"), credit("2900", "12500.00"))));

        assertThat(second.path("year").asInt()).isEqualTo(first.path("year").asInt()).isEqualTo(treasurer.clock.today().getYear());
        assertThat(second.path("number").asInt()).isEqualTo(first.path("number").asInt() + 1);
        assertThat(first.path("source").asText()).isEqualTo("CORRECTION");
        assertThat(treasurer.voucherLines(second)).containsExactly("1000 12500.00", "2900 -12500.00");
        JsonNode lines = treasurer.get("/api/ledger/vouchers/" + second.path("year").asInt() + "/"
                + second.path("number").asInt()).getBody().path("lines");
        assertThat(lines.get(0).path("text").asText()).isEqualTo("Bank on 1 December");
        assertThat(lines.get(1).path("text").asText()).isEqualTo("Opening balance of the bank");
        assertThat(lines.get(1).path("accountName").asText()).isEqualTo("Equity");
    }

    @Test
    void aTextIsKeptExactlyWithItsTabsLineBreaksAndBackslashes() {
        String text = "Kontingent\tjuni\nsee C:\\kasse\\2026 \\N and \r end";
        JsonNode voucher = book(Map.of("date", treasurer.clock.today().toString(), "text", "Odd text",
                "lines", List.of(debit("3000", "1.00", text), credit("3100", "1.00"))));

        JsonNode lines = treasurer.get("/api/ledger/vouchers/" + voucher.path("year").asInt() + "/"
                + voucher.path("number").asInt()).getBody().path("lines");
        assertThat(lines.get(0).path("text").asText()).isEqualTo(text);
        assertThat(lines.get(1).path("memberNumber").isMissingNode()).as("no member on the line").isTrue();
    }

    @Test
    void aCorrectionThatDoesNotBalanceIsRefusedWithTheDifference() {
        ResponseEntity<JsonNode> refused = treasurer.post("/api/ledger/vouchers", Map.of("date",
                treasurer.clock.today().toString(), "text", "Typo", "lines", List.of(debit("3000", "450.00"),
                        credit("3100", "45.00"))));

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("field").asText()).isEqualTo("lines");
        assertThat(refused.getBody().path("detail").asText())
                .isEqualTo("The voucher does not balance: debit 450.00, credit 45.00, a difference of 405.00");
    }

    @Test
    void aLineToAnUnknownOrInactiveAccountOrWithBothSidesIsRefusedNamingTheLine() {
        String inactive = "4" + (1_000_000 + System.nanoTime() % 1_000_000);
        JsonNode opened = treasurer.post("/api/ledger/accounts", Map.of("number", inactive, "name", "Old kiosk",
                "type", "INCOME")).getBody();
        treasurer.put("/api/ledger/accounts/" + inactive, Map.of("name", "Old kiosk", "type", "INCOME", "active", false,
                "version", opened.path("version").asInt()));

        ResponseEntity<JsonNode> unknown = treasurer.post("/api/ledger/vouchers", Map.of("date", treasurer.clock.today().toString(),
                "text", "Kiosk", "lines", List.of(debit("1000", "5.00"), credit("3x33", "5.00"))));
        ResponseEntity<JsonNode> closed = treasurer.post("/api/ledger/vouchers", Map.of("date", treasurer.clock.today().toString(),
                "text", "Kiosk", "lines", List.of(debit("1000", "5.00"), credit(inactive, "5.00"))));
        ResponseEntity<JsonNode> both = treasurer.post("/api/ledger/vouchers", Map.of("date", treasurer.clock.today().toString(),
                "text", "Kiosk", "lines", List.of(Map.of("account", "1000", "debit", "5.00", "credit", "5.00"),
                        credit("3000", "5.00"))));
        ResponseEntity<JsonNode> cents = treasurer.post("/api/ledger/vouchers", Map.of("date", treasurer.clock.today().toString(),
                "text", "Kiosk", "lines", List.of(debit("1000", "5.005"), credit("3000", "5.005"))));

        assertThat(unknown.getBody().path("field").asText()).isEqualTo("lines[1].account");
        assertThat(unknown.getBody().path("detail").asText()).contains("'3x33' is not in the chart");
        assertThat(closed.getBody().path("field").asText()).isEqualTo("lines[1].account");
        assertThat(closed.getBody().path("detail").asText()).contains("Old kiosk", "inactive");
        assertThat(both.getBody().path("field").asText()).isEqualTo("lines[0]");
        assertThat(cents.getBody().path("field").asText()).isEqualTo("lines[0].debit");
        assertThat(List.of(unknown, closed, both, cents)).allSatisfy(answer ->
                assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST));
    }

    @Test
    void theSameKeySentTwiceBooksTheCorrectionOnce() {
        String key = "retry-" + System.nanoTime();
        Map<String, Object> correction = Map.of("date", treasurer.clock.today().toString(), "text", "Sent twice", "key", key,
                "lines", List.of(debit("3000", "7.00"), credit("3100", "7.00")));

        JsonNode first = book(correction);
        ResponseEntity<JsonNode> again = treasurer.post("/api/ledger/vouchers", correction);

        assertThat(again.getBody().path("number").asInt()).isEqualTo(first.path("number").asInt());
        assertThat(treasurer.get("/api/ledger/vouchers?source=CORRECTION&key=" + key).getBody()).hasSize(1);
    }

    // --- closed months ------------------------------------------------------------------------------------------

    @Test
    void aCorrectionDatedInAClosedMonthIsBookedOnTheFirstOpenDayWithANote() {
        YearMonth month = nextMonthToClose();
        ResponseEntity<JsonNode> closed = treasurer.post("/api/ledger/closed-months", Map.of("month", month.toString()));
        assertThat(closed.getStatusCode()).as("%s", closed.getBody()).isEqualTo(HttpStatus.CREATED);
        assertThat(closed.getBody().path("closedThrough").asText()).isEqualTo(month.atEndOfMonth().toString());

        JsonNode late = book(Map.of("date", month.atDay(15).toString(), "text", "Found a receipt",
                "lines", List.of(debit("7800", "3.50"), credit("1000", "3.50"))));

        LocalDate firstOpen = month.plusMonths(1).atDay(1);
        assertThat(late.path("datedOn").asText()).isEqualTo(month.atDay(15).toString());
        assertThat(late.path("bookedOn").asText()).isEqualTo(firstOpen.toString());
        assertThat(late.path("year").asInt()).isEqualTo(firstOpen.getYear());
        assertThat(late.path("note").asText()).contains("closed month", "closed through " + month.atEndOfMonth(),
                "first open day");
        assertThat(treasurer.get("/api/ledger/closed-months").getBody().path("firstOpenDay").asText())
                .isEqualTo(firstOpen.toString());
    }

    @Test
    void aClosedMonthStaysClosedAndAMonthNotOverCannotBeClosed() {
        YearMonth month = nextMonthToClose();
        treasurer.post("/api/ledger/closed-months", Map.of("month", month.toString()));

        ResponseEntity<JsonNode> again = treasurer.post("/api/ledger/closed-months", Map.of("month", month.toString()));
        ResponseEntity<JsonNode> earlier = treasurer.post("/api/ledger/closed-months",
                Map.of("month", month.minusMonths(1).toString()));
        ResponseEntity<JsonNode> thisMonth = treasurer.post("/api/ledger/closed-months",
                Map.of("month", YearMonth.from(treasurer.clock.today()).toString()));

        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getBody().path("detail").asText()).contains("closed already", "stays closed");
        assertThat(earlier.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(thisMonth.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(thisMonth.getBody().path("detail").asText()).contains("has not ended yet");
        assertThat(treasurer.get("/api/ledger/closed-months").getBody().path("closedThrough").asText())
                .isEqualTo(month.atEndOfMonth().toString());
        assertThatThrownBy(() -> treasurer.jdbc.sql("""
                        insert into duesflow.voucher (year, number, booked_on, dated_on, text, source, source_key,
                                                      created_at, created_by, created_tx)
                        values (:year, 999, :day, :day, 'past the application', 'CORRECTION', :key, now(), 'psql', 0)""")
                .param("year", month.getYear()).param("day", java.sql.Date.valueOf(month.atDay(10)))
                .param("key", "closed-" + System.nanoTime()).update())
                .as("the database itself keeps a closed month closed")
                .hasMessageContaining("in a month that is closed (closed through " + month.atEndOfMonth() + ")");
    }

    /**
     * The month after the last one closed, starting far back: the tests share one database, and closing is for good,
     * so they close months long before anything the other tests book.
     */
    private YearMonth nextMonthToClose() {
        return nextMonthToClose(treasurer);
    }

    static YearMonth nextMonthToClose(Treasurer treasurer) {
        JsonNode closed = treasurer.get("/api/ledger/closed-months").getBody();
        YearMonth month = closed.path("closedThrough").isNull() || closed.path("closedThrough").isMissingNode()
                ? YearMonth.of(2019, 1) : YearMonth.from(LocalDate.parse(closed.path("closedThrough").asText())).plusMonths(1);
        assertThat(month.isBefore(YearMonth.of(2025, 1))).as("closed far before today: %s", month).isTrue();
        return month;
    }

    private JsonNode book(Map<String, Object> correction) {
        ResponseEntity<JsonNode> booked = treasurer.post("/api/ledger/vouchers", correction);
        assertThat(booked.getStatusCode()).as("%s", booked.getBody()).isEqualTo(HttpStatus.CREATED);
        return booked.getBody();
    }

    private static Map<String, Object> debit(String account, String amount) {
        return Map.of("account", account, "debit", amount);
    }

    private static Map<String, Object> debit(String account, String amount, String text) {
        return Map.of("account", account, "debit", amount, "text", text);
    }

    private static Map<String, Object> credit(String account, String amount) {
        return Map.of("account", account, "credit", amount);
    }
}
