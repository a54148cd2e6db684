package io.duesflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import io.duesflow.billing.ChargeCancelled;
import io.duesflow.billing.ChargeCredited;
import io.duesflow.billing.RunApproved;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * What billing's steps book, as a treasurer reads it back from the ledger: the approval of a run, credit notes,
 * cancellations and arrears, each one voucher, once, that reverses exactly what it undoes.
 */
@ApplicationTest
class BillingPostingsTests extends TreasurerTest {

    LocalDate due;
    /** A month already overdue, so its charges are carried as arrears by a later run. */
    LocalDate past;

    @BeforeEach
    void monthsToBill() {
        due = treasurer.clock.today().plusMonths(2).withDayOfMonth(1);
        past = treasurer.clock.today().minusMonths(3).withDayOfMonth(1);
    }

    @Test
    void anApprovedRunDebitsDuesOwedAndCreditsEachLinesIncomeAccountInOneVoucher() {
        long anna = treasurer.member("Anna");
        long bo = treasurer.member("Bo");

        long run = duesAndBoatApproved(Map.of("feeText", "Admin fee", "feeAmount", "10", "feeAccount", "3900"));

        JsonNode voucher = treasurer.voucherOf("RUN_APPROVED", run);
        assertThat(voucher.path("bookedOn").asText()).isEqualTo(treasurer.clock.today().toString());
        assertThat(voucher.path("text").asText()).contains("run " + run, "2 invoices");
        assertThat(treasurer.voucherLines(voucher)).containsExactly(
                "1100 160.00", "3000 -100.00", "3100 -50.00", "3900 -10.00",
                "1100 160.00", "3000 -100.00", "3100 -50.00", "3900 -10.00");
        ledgerSaysOwed(Map.of(anna, "160.00", bo, "160.00"));
    }

    @Test
    void anAccountMissingFromTheChartRefusesTheApprovalNamingItAndBooksNothing() {
        long cai = treasurer.member("Cai");
        String account = "9" + (1_000_000 + System.nanoTime() % 1_000_000);
        treasurer.monthlyLine("Dues", "100.00", due, account);
        long run = treasurer.generated(due, due);

        ResponseEntity<JsonNode> refused = treasurer.approve(run, Map.of());

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("field").asText()).isEqualTo("ledgerAccount");
        assertThat(refused.getBody().path("detail").asText())
                .contains("Account " + account + " is not in the chart of accounts", "member " + cai);
        assertThat(treasurer.get("/api/billing/runs/" + run).getBody().path("state").asText()).isEqualTo("GENERATED");
        assertThat(treasurer.vouchersOf("RUN_APPROVED", run)).isEmpty();

        treasurer.post("/api/ledger/accounts", Map.of("number", account, "name", "Rowing dues", "type", "INCOME"));
        assertThat(treasurer.approve(run, Map.of()).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(treasurer.voucherLines(treasurer.voucherOf("RUN_APPROVED", run)))
                .containsExactly("1100 100.00", account + " -100.00");
    }

    @Test
    void anInactiveAccountRefusesTheApproval() {
        treasurer.member("Dag");
        String account = "8" + (1_000_000 + System.nanoTime() % 1_000_000);
        JsonNode opened = treasurer.post("/api/ledger/accounts", Map.of("number", account, "name", "Old dues",
                "type", "INCOME")).getBody();
        treasurer.put("/api/ledger/accounts/" + account, Map.of("name", "Old dues", "type", "INCOME",
                "active", false, "version", opened.path("version").asInt()));
        treasurer.monthlyLine("Dues", "100.00", due, account);
        long run = treasurer.generated(due, due);

        ResponseEntity<JsonNode> refused = treasurer.approve(run, Map.of());

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("detail").asText()).contains("Account " + account + " (Old dues) is inactive");
        assertThat(treasurer.vouchersOf("RUN_APPROVED", run)).isEmpty();
    }

    @Test
    void aCreditNoteBooksBackTheLinesItCreditsAndNothingElse() {
        long eva = treasurer.member("Eva");
        long run = duesAndBoatApproved(Map.of());
        String number = treasurer.numberOf(run, eva);
        int boat = Treasurer.position(treasurer.chargeOf(run, eva), "Boat");

        JsonNode note = treasurer.creditNote(number, Map.of("lines", List.of(Map.of("position", boat, "amount", "20.00"))));

        JsonNode voucher = treasurer.voucherOf("CREDIT_NOTE", note.path("id").asLong());
        assertThat(voucher.path("text").asText()).contains(note.path("number").asText(), number);
        assertThat(treasurer.voucherLines(voucher)).containsExactly("3100 20.00", "1100 -20.00");
        ledgerSaysOwed(Map.of(eva, "130.00"));
    }

    @Test
    void aCancellationReversesWhatTheApprovalBookedForThatChargeLessWhatWasCreditedBefore() {
        long finn = treasurer.member("Finn");
        long gry = treasurer.member("Gry");
        long run = duesAndBoatApproved(Map.of());
        JsonNode charge = treasurer.chargeOf(run, finn);
        treasurer.creditNote(charge.path("number").asText(),
                Map.of("lines", List.of(Map.of("position", Treasurer.position(charge, "Boat"), "amount", "20.00"))));

        treasurer.cancel(charge.path("number").asText());

        JsonNode voucher = treasurer.voucherOf("CHARGE_CANCELLED", charge.path("id").asLong());
        assertThat(treasurer.voucherLines(voucher)).containsExactly("3000 100.00", "3100 30.00", "1100 -130.00");
        ledgerSaysOwed(Map.of(finn, "0.00", gry, "150.00"));
    }

    @Test
    void arrearsCarriedOntoANewChargeMoveTheReceivableAndBookNoNewIncome() {
        long hans = treasurer.member("Hans");

        long newer = monthCarriedIntoTheNext("ADD_LINE").newer();

        JsonNode carrier = treasurer.chargeOf(newer, hans);
        assertThat(carrier.path("total").decimalValue()).isEqualByComparingTo("200.00");
        assertThat(treasurer.voucherLines(treasurer.voucherOf("RUN_APPROVED", newer)))
                .as("the new month's dues, and the old debt moved onto the new charge")
                .containsExactly("1100 100.00", "3000 -100.00", "1100 100.00", "1100 -100.00");
        booksAgree(hans, "200.00", "200.00");
    }

    @Test
    void arrearsWithCancelBookTheOldIncomeOnceAndCancellingTheCarrierGivesTheDebtBack() {
        long ida = treasurer.member("Ida");
        Carried runs = monthCarriedIntoTheNext("ADD_LINE_AND_CANCEL");
        long newer = runs.newer();
        JsonNode old = treasurer.chargeOf(runs.older(), ida);
        assertThat(old.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(treasurer.vouchersOf("CHARGE_CANCELLED", old.path("id").asLong()))
                .as("cancelled by the arrears rule: its debt lives on, nothing is reversed").isEmpty();

        treasurer.cancel(treasurer.numberOf(newer, ida));

        assertThat(treasurer.voucherLines(treasurer.voucherOf("CHARGE_CANCELLED",
                treasurer.chargeOf(newer, ida).path("id").asLong())))
                .as("the new month's dues reversed, the old debt owed on the old charge again")
                .containsExactly("3000 100.00", "1100 100.00", "1100 -200.00");
        booksAgree(ida, "100.00", "100.00");
    }

    @Test
    void creditingAnArrearsLineGivesTheDebtBackToTheOlderChargeAndBooksNoIncome() {
        long jon = treasurer.member("Jon");
        JsonNode carrier = treasurer.chargeOf(monthCarriedIntoTheNext("ADD_LINE").newer(), jon);

        JsonNode note = treasurer.creditNote(carrier.path("number").asText(),
                Map.of("lines", List.of(Map.of("position", Treasurer.position(carrier, "ARREARS")))));

        assertThat(treasurer.voucherLines(treasurer.voucherOf("CREDIT_NOTE", note.path("id").asLong())))
                .containsExactly("1100 100.00", "1100 -100.00");
        booksAgree(jon, "200.00", "200.00");
    }

    @Test
    void hearingTheSameEventAgainBooksNothingTwice() {
        long kim = treasurer.member("Kim");
        long lis = treasurer.member("Lis");
        treasurer.monthlyLine("Dues", "100.00", due, null);
        long run = treasurer.approved(due, due, Map.of());
        JsonNode note = treasurer.creditNote(treasurer.numberOf(run, kim), null);
        JsonNode cancelled = treasurer.chargeOf(run, lis);
        treasurer.cancel(cancelled.path("number").asText());
        long vouchers = treasurer.count("select count(*) from duesflow.voucher");
        long lines = treasurer.count("select count(*) from duesflow.journal_line");

        treasurer.hearAgain(new RunApproved(run, 2),
                new ChargeCredited(treasurer.chargeOf(run, kim).path("id").asLong(), note.path("id").asLong(),
                        new BigDecimal("100.00")),
                new ChargeCancelled(cancelled.path("id").asLong()));

        assertThat(treasurer.count("select count(*) from duesflow.voucher")).isEqualTo(vouchers);
        assertThat(treasurer.count("select count(*) from duesflow.journal_line")).isEqualTo(lines);
        assertThat(treasurer.vouchersOf("RUN_APPROVED", run)).hasSize(1);
        assertThat(treasurer.owedByLedger()).isEqualByComparingTo("0.00").isEqualByComparingTo(treasurer.debtorListTotal());
    }

    /** A run of dues (100.00, the default income account) and a boat line (50.00 to 3100), approved with {@code edits}. */
    private long duesAndBoatApproved(Map<String, Object> edits) {
        treasurer.monthlyLine("Dues", "100.00", due, null);
        treasurer.monthlyLine("Boat", "50.00", due, "3100");
        return treasurer.approved(due, due, edits);
    }

    private record Carried(long older, long newer) {
    }

    /** An overdue month of dues (100.00), and the next month's run carrying it by the arrears {@code rule}. */
    private Carried monthCarriedIntoTheNext(String rule) {
        treasurer.monthlyLine("Dues", "100.00", past, null);
        long older = treasurer.approved(past, past, Map.of());
        return new Carried(older, treasurer.approved(past.plusMonths(1), past.plusMonths(1), Map.of("arrears", rule)));
    }

    /** The member's income booked and what they owe by the ledger, and the group's ledger against its debtor list. */
    private void booksAgree(long member, String income, String owed) {
        assertThat(incomeOf(member)).as("income booked for member %d's charges", member).isEqualByComparingTo(income);
        ledgerSaysOwed(Map.of(member, owed));
    }

    /** What each member owes by the ledger; and the group owes by the ledger what its debtor list says. */
    private void ledgerSaysOwed(Map<Long, String> owed) {
        owed.forEach((member, amount) -> assertThat(treasurer.owedByLedger(member)).as("owed by member %d", member)
                .isEqualByComparingTo(amount));
        assertThat(treasurer.owedByLedger()).isEqualByComparingTo(treasurer.debtorListTotal());
    }

    /** What the member's charges credited to income (dues and fees), by the ledger. */
    private BigDecimal incomeOf(long member) {
        return treasurer.jdbc.sql("""
                        select coalesce(-sum(l.amount), 0) from duesflow.journal_line l
                        join duesflow.ledger_account a on a.number = l.account
                        where l.member_number = :member and a.type = 'INCOME'""")
                .param("member", member).query(BigDecimal.class).single();
    }

    private long count(String sql) {
        return treasurer.jdbc.sql(sql).query(Long.class).single();
    }
}
