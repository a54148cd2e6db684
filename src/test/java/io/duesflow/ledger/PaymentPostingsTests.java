package io.duesflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import io.duesflow.members.CollectionMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * What the payments room's movements book, as a treasurer reads it back from the ledger: each one voucher (a bank
 * file's a part and a booking day at a time), with the accounts a bookkeeper expects, dated when the money moved.
 */
@ApplicationTest
class PaymentPostingsTests extends TreasurerTest {

    Bank bank;
    LocalDate due;

    @BeforeEach
    void theBank() throws Exception {
        bank = new Bank(context);
        bank.open();
        due = LocalDate.of(2027, 1, 4);
        treasurer.monthlyLine("Dues", "100.00", due, null);
    }

    @AfterEach
    void bankClosed() throws Exception {
        bank.close();
    }

    @Test
    void anOverpaymentByHandGoesToMemberCreditTheNextRunUsesItAndUndoingReversesEachStep() {
        long ida = treasurer.member("Ida");
        long run = treasurer.approved(due, due, Map.of());

        JsonNode payment = created(treasurer.post("/api/payments/charges/" + treasurer.numberOf(run, ida) + "/payments",
                Map.of("amount", "130.00", "note", "cash at the AGM")));

        long paymentId = payment.path("id").asLong();
        JsonNode paid = treasurer.voucherOf("PAYMENT", paymentId);
        assertThat(paid.path("bookedOn").asText()).isEqualTo(treasurer.clock.today().toString());
        assertThat(paid.path("text").asText()).contains("registered by hand");
        assertThat(treasurer.voucherLines(paid)).containsExactly("1000 100.00", "1100 -100.00");
        assertThat(treasurer.voucherLines(treasurer.voucherOf("MEMBER_CREDIT_ADDED", paymentId)))
                .containsExactly("1000 30.00", "2100 -30.00");

        LocalDate next = due.plusMonths(1);
        long february = treasurer.approved(next, next, Map.of());
        JsonNode fromCredit = treasurer.get("/api/payments/charges/" + treasurer.numberOf(february, ida) + "/payments")
                .getBody().get(0);
        assertThat(fromCredit.path("how").asText()).isEqualTo("MEMBER_CREDIT");
        assertThat(treasurer.voucherLines(treasurer.voucherOf("MEMBER_CREDIT_USED", fromCredit.path("id").asLong())))
                .containsExactly("2100 30.00", "1100 -30.00");
        assertThat(treasurer.balance("1100", ida)).as("owed on February").isEqualByComparingTo("70.00");

        created(treasurer.post("/api/payments/payments/" + fromCredit.path("id").asLong() + "/undo",
                Map.of("reason", "the member wants the credit paid out")), HttpStatus.OK);
        assertThat(treasurer.voucherLines(treasurer.voucherOf("PAYMENT_UNDONE", fromCredit.path("id").asLong())))
                .as("the credit given back").containsExactly("1100 30.00", "2100 -30.00");
        created(treasurer.post("/api/payments/payments/" + paymentId + "/undo", Map.of("reason", "a wrong member")),
                HttpStatus.OK);
        assertThat(treasurer.voucherLines(treasurer.voucherOf("PAYMENT_UNDONE", paymentId)))
                .as("the payment and the credit it left").containsExactly("1100 100.00", "1000 -100.00",
                        "2100 30.00", "1000 -30.00");
        assertThat(treasurer.balance("1100", ida)).isEqualByComparingTo("200.00");
        assertThat(treasurer.balance("2100", ida)).isEqualByComparingTo("0.00");
    }

    @Test
    void aCollectionMovesDuesOwedToClearingOnItsDateAndTheBanksOneEntryForTheBlockClearsEachCharge() {
        long jens = treasurer.member("Jens", CollectionMethod.SEPA_DIRECT_DEBIT);
        bank.mandate(jens);
        long karen = treasurer.member("Karen", CollectionMethod.SEPA_DIRECT_DEBIT);
        bank.mandate(karen);
        long run = treasurer.approved(due, due, Map.of());

        JsonNode placed = placedFor(run);
        assertThat(placed.path("bookedOn").asText()).isEqualTo(due.toString());
        assertThat(placed.path("datedOn").asText()).isEqualTo(due.toString());
        assertThat(treasurer.voucherLines(placed)).containsExactly("1150 100.00", "1100 -100.00", "1150 100.00",
                "1100 -100.00");
        assertThat(treasurer.balance("1100", jens, due.minusDays(1))).as("the day before, Jens owes it")
                .isEqualByComparingTo("100.00");
        assertThat(treasurer.balance("1100", jens, due)).as("from the collection date the bank does")
                .isEqualByComparingTo("0.00");

        treasurer.clock.moveTo(due.plusDays(1));
        Map.Entry<String, String> lump = bank.lump(due.plusDays(1), run, 2, "200.00");
        bank.drop(lump);

        JsonNode settled = onlyVoucherOfFile(lump.getKey());
        assertThat(settled.path("bookedOn").asText()).isEqualTo(due.plusDays(1).toString());
        assertThat(settled.path("text").asText()).contains("2 direct debits settled");
        assertThat(treasurer.voucherLines(settled)).as("one bank line for the bank's one entry")
                .containsExactly("1150 -100.00", "1150 -100.00", "1000 200.00");
        assertThat(treasurer.balance("1150", jens)).isEqualByComparingTo("0.00");
        assertThat(treasurer.balance("1150", karen)).isEqualByComparingTo("0.00");

        treasurer.clock.moveTo(due.plusDays(3));
        Map.Entry<String, String> returned = bank.returned(due.plusDays(3), treasurer.numberOf(run, karen), karen,
                "100.00", "3.00", bank.firstBlock(run));
        bank.drop(returned);

        assertThat(treasurer.voucherLines(onlyVoucherOfFile(returned.getKey())))
                .as("the settlement undone, out of the bank; the bank's fee").containsExactly("7800 3.00",
                        "1000 -3.00", "1100 100.00", "1000 -100.00");
        assertThat(treasurer.balance("1100", karen)).isEqualByComparingTo("100.00");
    }

    @Test
    void aCreditWithinTheToleranceBooksTheDifferenceToRoundingAndUndoingItTakesItBack() {
        long lone = treasurer.member("Lone");
        String iban = bank.mandate(lone);
        long run = treasurer.approved(due, due, Map.of());
        JsonNode settings = treasurer.get("/api/payments/settings").getBody();
        created(treasurer.put("/api/payments/settings", Map.of("amountTolerance", "1.00",
                "version", settings.path("version").asInt())), HttpStatus.OK);
        try {
            Map.Entry<String, String> statement = bank.statement(treasurer.clock.today(),
                    bank.transferFrom(iban, "99.50"));
            bank.drop(statement);
        } finally {
            JsonNode changed = treasurer.get("/api/payments/settings").getBody();
            created(treasurer.put("/api/payments/settings", Map.of("amountTolerance",
                    settings.path("amountTolerance").decimalValue(), "version", changed.path("version").asInt())),
                    HttpStatus.OK);
        }

        JsonNode payment = treasurer.get("/api/payments/charges/" + treasurer.numberOf(run, lone) + "/payments")
                .getBody().get(0);
        assertThat(payment.path("how").asText()).isEqualTo("AMOUNT_AND_IBAN");
        assertThat(treasurer.balance("1000", lone)).isEqualByComparingTo("99.50");
        assertThat(treasurer.balance("7900", lone)).as("50 cents short, within the tolerance")
                .isEqualByComparingTo("0.50");
        assertThat(treasurer.balance("1100", lone)).isEqualByComparingTo("0.00");

        created(treasurer.post("/api/payments/payments/" + payment.path("id").asLong() + "/undo",
                Map.of("reason", "not Lone's")), HttpStatus.OK);
        assertThat(treasurer.voucherLines(treasurer.voucherOf("PAYMENT_UNDONE", payment.path("id").asLong())))
                .containsExactly("1100 100.00", "1000 -99.50", "7900 -0.50");
    }

    @Test
    void aCreditThatMatchedNothingIsBookedWhenDecidedNotDuesToOtherReceiptsAssignedOnItsBookingDate() {
        long mads = treasurer.member("Mads");
        long run = treasurer.approved(due, due, Map.of());
        LocalDate booked = treasurer.clock.today();
        Map.Entry<String, String> statement = bank.statement(booked, bank.transferFrom(Bank.strangersIban(), "25.00"),
                bank.transferFrom(Bank.strangersIban(), "100.00"));
        bank.drop(statement);
        List<Long> credits = treasurer.jdbc.sql("""
                        select t.id from duesflow.bank_transaction t join duesflow.bank_file f on f.id = t.bank_file_id
                        where f.file_name = :name order by t.id""")
                .param("name", statement.getKey()).query(Long.class).list();
        assertThat(treasurer.vouchersOf("BANK_FILE").stream().filter(v -> v.path("text").asText()
                .contains(statement.getKey()))).as("nothing booked while it waits").isEmpty();
        for (long credit : credits) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !treasurer.get("/api/payments/unmatched/" + credit)
                    .getBody().path("taskId").isNull());
        }
        treasurer.clock.advance(java.time.Period.ofDays(2));

        created(treasurer.post("/api/payments/unmatched/" + credits.get(0) + "/not-dues",
                Map.of("note", "a gift for the youth team")), HttpStatus.OK);
        created(treasurer.post("/api/payments/unmatched/" + credits.get(1) + "/assign", Map.of("assignments",
                List.of(Map.of("chargeNumber", treasurer.numberOf(run, mads))))), HttpStatus.OK);

        JsonNode notDues = treasurer.voucherOf("NOT_DUES", credits.get(0));
        assertThat(notDues.path("bookedOn").asText()).isEqualTo(booked.toString());
        assertThat(notDues.path("text").asText()).contains("a gift for the youth team");
        assertThat(treasurer.voucherLines(notDues)).containsExactly("1000 25.00", "3950 -25.00");
        JsonNode assigned = treasurer.voucherOf("PAYMENT", treasurer.get("/api/payments/charges/"
                + treasurer.numberOf(run, mads) + "/payments").getBody().get(0).path("id").asLong());
        assertThat(assigned.path("bookedOn").asText()).as("the day the bank booked it").isEqualTo(booked.toString());
        assertThat(assigned.path("text").asText()).contains("assigned by a treasurer");
        assertThat(treasurer.voucherLines(assigned)).containsExactly("1000 100.00", "1100 -100.00");
    }

    @Test
    void aPaymentDatedInAClosedMonthIsBookedOnTheFirstOpenDayWithANote() {
        long nina = treasurer.member("Nina");
        long run = treasurer.approved(due, due, Map.of());
        YearMonth month = CorrectionsTests.nextMonthToClose(treasurer);
        created(treasurer.post("/api/ledger/closed-months", Map.of("month", month.toString())));

        JsonNode payment = created(treasurer.post("/api/payments/charges/" + treasurer.numberOf(run, nina) + "/paid",
                Map.of("on", month.atDay(20).toString(), "note", "found in an old envelope")));

        JsonNode voucher = treasurer.voucherOf("PAYMENT", payment.path("id").asLong());
        assertThat(voucher.path("datedOn").asText()).isEqualTo(month.atDay(20).toString());
        assertThat(voucher.path("bookedOn").asText()).isEqualTo(month.plusMonths(1).atDay(1).toString());
        assertThat(voucher.path("note").asText()).contains("closed month", "first open day");
    }

    @Test
    void aPaymentThatNeedsAnAccountNoneOfTheChartPlaysIsRefusedNamingTheRoleAndNothingIsPaid() {
        long ole = treasurer.member("Ole");
        long run = treasurer.approved(due, due, Map.of());
        JsonNode credit = treasurer.get("/api/ledger/accounts/2100").getBody();
        created(treasurer.put("/api/ledger/accounts/2100", Map.of("name", credit.path("name").asText(),
                "type", "LIABILITY", "version", credit.path("version").asInt())), HttpStatus.OK);
        ResponseEntity<JsonNode> overpaid;
        try {
            overpaid = treasurer.post("/api/payments/charges/" + treasurer.numberOf(run, ole) + "/payments",
                    Map.of("amount", "150.00"));
        } finally {
            JsonNode changed = treasurer.get("/api/ledger/accounts/2100").getBody();
            created(treasurer.put("/api/ledger/accounts/2100", Map.of("name", credit.path("name").asText(),
                    "type", "LIABILITY", "role", "MEMBER_CREDIT", "version", changed.path("version").asInt())),
                    HttpStatus.OK);
        }

        assertThat(overpaid.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(overpaid.getBody().path("detail").asText()).contains("MEMBER_CREDIT");
        assertThat(treasurer.get("/api/payments/charges/" + treasurer.numberOf(run, ole) + "/payments").getBody())
                .as("nothing paid").isEmpty();
        assertThat(treasurer.balance("1100", ole)).isEqualByComparingTo("100.00");
    }

    private JsonNode placedFor(long run) {
        return treasurer.vouchersOf("COLLECTION_PLACED").stream()
                .filter(voucher -> voucher.path("text").asText().contains("-R" + run + "-")).findFirst()
                .orElseThrow(() -> new AssertionError("No collection booked for run " + run));
    }

    private JsonNode onlyVoucherOfFile(String fileName) {
        List<JsonNode> vouchers = treasurer.vouchersOf("BANK_FILE").stream()
                .filter(voucher -> voucher.path("text").asText().contains(fileName)).toList();
        assertThat(vouchers).as("vouchers of %s", fileName).hasSize(1);
        return vouchers.get(0);
    }

    private static JsonNode created(ResponseEntity<JsonNode> response) {
        return created(response, HttpStatus.CREATED);
    }

    private static JsonNode created(ResponseEntity<JsonNode> response, HttpStatus status) {
        assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(status);
        return response.getBody();
    }
}
