package io.duesflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import io.duesflow.billing.ChargeCancelled;
import io.duesflow.billing.ChargeCredited;
import io.duesflow.billing.RunApproved;
import io.duesflow.members.CollectionMethod;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A season of billing for three members, step by step, and after every step the books are checked the way an
 * auditor would: debit equals credit, what the ledger says each member owes is what the debtor list says, the
 * ledger's check against the charges moved with the step, and the step heard again books nothing. The second season
 * adds what the bank and the treasurer do with the money: collections and their settlement, payments in part and in
 * full, an overpayment used by the next run, a returned debit with the bank's fee (after and before settlement), and
 * a manual payment undone.
 */
@ApplicationTest
class LedgerSeasonTests extends TreasurerTest {

    BigDecimal differenceBefore;

    @BeforeEach
    void theCheckBeforeTheSeason() {
        differenceBefore = duesOwedCheck().path("difference").decimalValue();
    }

    @Test
    void aSeasonOfBillingKeepsTheLedgerAndTheDebtorListInStepAfterEveryStep() {
        long asta = treasurer.member("Asta");
        long bent = treasurer.member("Bent");
        long cille = treasurer.member("Cille");
        LocalDate first = treasurer.clock.today().minusMonths(3).withDayOfMonth(1);
        treasurer.monthlyLine("Dues", "100.00", first, null);
        treasurer.monthlyLine("Boat", "50.00", first, "3100");

        long january = treasurer.approved(first, first, Map.of());
        checked(new RunApproved(january, 3));
        assertThat(treasurer.approve(january, Map.of()).getStatusCode()).as("approved again")
                .isEqualTo(HttpStatus.CONFLICT);
        checked();

        JsonNode astasJanuary = treasurer.chargeOf(january, asta);
        JsonNode note = treasurer.creditNote(astasJanuary.path("number").asText(), Map.of("lines",
                List.of(Map.of("position", Treasurer.position(astasJanuary, "Boat"), "amount", "20.00"))));
        checked(new ChargeCredited(astasJanuary.path("id").asLong(), note.path("id").asLong(), new BigDecimal("20.00")));

        JsonNode cillesJanuary = treasurer.chargeOf(january, cille);
        treasurer.cancel(cillesJanuary.path("number").asText());
        checked(new ChargeCancelled(cillesJanuary.path("id").asLong()));

        long february = treasurer.approved(first.plusMonths(1), first.plusMonths(1),
                Map.of("arrears", "ADD_LINE_AND_CANCEL"));
        checked(new RunApproved(february, 3));
        assertThat(owed(asta, bent, cille)).containsExactly("280.00", "300.00", "150.00");

        JsonNode bentsFebruary = treasurer.chargeOf(february, bent);
        treasurer.cancel(bentsFebruary.path("number").asText());
        checked(new ChargeCancelled(bentsFebruary.path("id").asLong()));

        JsonNode astasFebruary = treasurer.chargeOf(february, asta);
        JsonNode arrearsBack = treasurer.creditNote(astasFebruary.path("number").asText(), Map.of("lines",
                List.of(Map.of("position", Treasurer.position(astasFebruary, "ARREARS")))));
        checked(new ChargeCredited(astasFebruary.path("id").asLong(), arrearsBack.path("id").asLong(),
                new BigDecimal("130.00")));

        JsonNode correction = treasurer.post("/api/ledger/vouchers", Map.of("date", treasurer.clock.today().toString(),
                "text", "Boat dues booked as dues", "key", "season-" + System.nanoTime(), "lines", List.of(
                        Map.of("account", "3000", "debit", "10.00"), Map.of("account", "3100", "credit", "10.00"))))
                .getBody();
        checked();
        assertThat(treasurer.post("/api/ledger/vouchers", Map.of("date", treasurer.clock.today().toString(), "text", "again",
                "key", correction.path("sourceKey").asText(), "lines", List.of())).getBody().path("number").asInt())
                .as("the correction sent again").isEqualTo(correction.path("number").asInt());
        checked();

        long march = treasurer.approved(first.plusMonths(2), first.plusMonths(2), Map.of("arrears", "ADD_LINE",
                "feeText", "Reminder fee", "feeAmount", "5.00", "feeAccount", "3900"));
        checked(new RunApproved(march, 3));
        assertThat(owed(asta, bent, cille)).containsExactly("435.00", "305.00", "305.00");

        JsonNode cillesMarch = treasurer.chargeOf(march, cille);
        JsonNode wholeNote = treasurer.creditNote(cillesMarch.path("number").asText(), null);
        checked(new ChargeCredited(cillesMarch.path("id").asLong(), wholeNote.path("id").asLong(),
                new BigDecimal("305.00")));

        assertThat(owed(asta, bent, cille)).containsExactly("435.00", "305.00", "150.00");
        assertThat(treasurer.debtorListTotal()).isEqualByComparingTo("890.00");
    }

    /**
     * The issue's season, and after every step: debit equals credit; each member's dues owed by the ledger is what the
     * debtor list says, their collection clearing what they have in collection, their member credit what payments
     * says; the ledger's own three checks moved exactly as much as the charges and credits did; and the step done
     * again (every event it announced heard again, a bank file dropped again) books nothing.
     */
    @Test
    void aSeasonOfCollectionsAndPaymentsKeepsTheLedgerTheDebtorListTheClearingAndTheCreditsInStep() throws Exception {
        Bank bank = new Bank(context);
        bank.open();
        try (Heard heard = new Heard((ConfigurableApplicationContext) context)) {
            Season season = new Season(heard);
            long asta = treasurer.member("Asta", CollectionMethod.SEPA_DIRECT_DEBIT);
            bank.mandate(asta);
            long bent = treasurer.member("Bent", CollectionMethod.SEPA_DIRECT_DEBIT);
            bank.mandate(bent);
            long cille = treasurer.member("Cille");
            long dorte = treasurer.member("Dorte");
            long erik = treasurer.member("Erik");
            long frida = treasurer.member("Frida");
            LocalDate january = LocalDate.of(2027, 1, 4);
            treasurer.monthlyLine("Dues", "100.00", january, null);

            // The run approved; its process places Asta's and Bent's direct debits at the bank.
            long jan = treasurer.approved(january, january, Map.of());
            season.runs.add(jan);
            season.checked("January approved and collected");
            LocalDate collectedOn = collectionDate(jan);
            JsonNode placed = treasurer.vouchersOf("COLLECTION_PLACED").stream()
                    .filter(voucher -> voucher.path("text").asText().contains("-R" + jan + "-")).findFirst()
                    .orElseThrow();
            assertThat(placed.path("bookedOn").asText()).as("dated on the collection date")
                    .isEqualTo(collectedOn.toString());
            assertThat(treasurer.voucherLines(placed)).containsExactly("1150 100.00", "1100 -100.00", "1150 100.00",
                    "1100 -100.00");
            assertThat(season.owed(asta, bent, cille, dorte, erik, frida))
                    .containsExactly("0.00", "0.00", "100.00", "100.00", "100.00", "100.00");

            // The bank's statement: both direct debits settled, Cille pays part, Dorte pays 30 too much.
            treasurer.clock.moveTo(collectedOn.plusDays(1));
            Map.Entry<String, String> statement = bank.statement(collectedOn.plusDays(1),
                    bank.settlement(treasurer.numberOf(jan, asta), "100.00"),
                    bank.settlement(treasurer.numberOf(jan, bent), "100.00"),
                    bank.transfer(treasurer.chargeOf(jan, cille).path("rfReference").asText(), "40.00"),
                    bank.transfer(treasurer.chargeOf(jan, dorte).path("rfReference").asText(), "130.00"));
            bank.drop(statement);
            season.checked("the statement", () -> bank.drop(statement));
            assertThat(season.owed(asta, bent, cille, dorte, erik, frida))
                    .containsExactly("0.00", "0.00", "60.00", "0.00", "100.00", "100.00");
            assertThat(treasurer.balance("1150", asta)).isEqualByComparingTo("0.00");
            assertThat(treasurer.balance("2100", dorte)).as("Dorte's credit, a liability").isEqualByComparingTo("-30.00");

            // Cille pays the rest by hand.
            JsonNode rest = created(treasurer.post("/api/payments/charges/" + treasurer.numberOf(jan, cille)
                    + "/payments", Map.of("amount", "60.00", "on", treasurer.clock.today().toString())));
            season.checked("Cille's second payment");
            assertThat(treasurer.voucherLines(treasurer.voucherOf("PAYMENT", rest.path("id").asLong())))
                    .containsExactly("1000 60.00", "1100 -60.00");

            // Bent's settled direct debit comes back, and the bank takes a fee.
            treasurer.clock.moveTo(collectedOn.plusDays(3));
            Map.Entry<String, String> returned = bank.returned(collectedOn.plusDays(3), treasurer.numberOf(jan, bent),
                    bent, "100.00", "3.00", bank.firstBlock(jan));
            bank.drop(returned);
            season.checked("Bent's return after settlement", () -> bank.drop(returned));
            assertThat(season.owed(bent)).containsExactly("100.00");
            assertThat(treasurer.balance("7800", bent)).as("the bank's fee").isEqualByComparingTo("3.00");

            // A credit note of 20 on Erik's January; Frida pays by hand.
            JsonNode eriksJanuary = treasurer.chargeOf(jan, erik);
            treasurer.creditNote(eriksJanuary.path("number").asText(), Map.of("lines", List.of(Map.of("position",
                    Treasurer.position(eriksJanuary, "Dues"), "amount", "20.00"))));
            season.checked("Erik's credit note");
            JsonNode fridasPayment = created(treasurer.post("/api/payments/charges/" + treasurer.numberOf(jan, frida)
                    + "/paid", Map.of()));
            season.checked("Frida pays by hand");

            // (A reminder fee on Erik's January goes here: the dunning room books it, ledger/ReminderFeePostings.)

            // February with arrears that cancel the old charges: Bent's and Erik's January are carried; Dorte's credit
            // pays most of her February; Asta's and Bent's are collected.
            treasurer.clock.moveTo(LocalDate.of(2027, 1, 20));
            LocalDate february = LocalDate.of(2027, 2, 4);
            long feb = treasurer.approved(february, february, Map.of("arrears", "ADD_LINE_AND_CANCEL"));
            season.runs.add(feb);
            season.checked("February approved with arrears, Dorte's credit used, collected");
            assertThat(treasurer.chargeOf(feb, erik).path("total").decimalValue()).isEqualByComparingTo("180.00");
            assertThat(season.owed(dorte)).containsExactly("70.00");
            assertThat(treasurer.balance("2100", dorte)).isEqualByComparingTo("0.00");
            assertThat(treasurer.balance("1150", bent)).as("Bent's February with his January carried")
                    .isEqualByComparingTo("200.00");

            // Erik's February is cancelled: his January is owed on its own again.
            treasurer.cancel(treasurer.numberOf(feb, erik));
            season.checked("Erik's February cancelled");
            assertThat(season.owed(erik)).containsExactly("80.00");

            // Bent's February comes back before the bank settled it, with a fee: owed again, out of the clearing.
            LocalDate collectedInFebruary = collectionDate(feb);
            treasurer.clock.moveTo(collectedInFebruary.minusDays(1));
            Map.Entry<String, String> returnedEarly = bank.returned(collectedInFebruary.minusDays(1),
                    treasurer.numberOf(feb, bent), bent, "200.00", "2.50", bank.firstBlock(feb));
            bank.drop(returnedEarly);
            season.checked("Bent's February returned before settlement", () -> bank.drop(returnedEarly));
            assertThat(season.owed(bent)).containsExactly("200.00");
            assertThat(treasurer.balance("1150", bent)).isEqualByComparingTo("0.00");

            // Asta's February is settled.
            treasurer.clock.moveTo(collectedInFebruary.plusDays(1));
            Map.Entry<String, String> second = bank.statement(collectedInFebruary.plusDays(1),
                    bank.settlement(treasurer.numberOf(feb, asta), "100.00"));
            bank.drop(second);
            season.checked("Asta's February settled", () -> bank.drop(second));

            // Frida's payment by hand was a mistake: undone, she owes her January again.
            created(treasurer.post("/api/payments/payments/" + fridasPayment.path("id").asLong() + "/undo",
                    Map.of("reason", "registered on the wrong member")), HttpStatus.OK);
            season.checked("Frida's payment undone");
            assertThat(season.owed(asta, bent, cille, dorte, erik, frida))
                    .containsExactly("0.00", "200.00", "100.00", "70.00", "80.00", "200.00");
            assertThat(treasurer.debtorListTotal()).isEqualByComparingTo("650.00");
        } finally {
            bank.close();
        }
    }

    /** The season's books, checked after every step against where they stood before the season. */
    private final class Season {
        final Heard heard;
        final List<Long> runs = new java.util.ArrayList<>();
        final List<BigDecimal> differences;

        Season(Heard heard) {
            this.heard = heard;
            this.differences = differences();
            heard.taken();
        }

        void checked(String step) {
            checked(step, () -> {
            });
        }

        /** The step checked; {@code again} is the step done again, beside hearing what it announced again. */
        void checked(String step, Runnable again) {
            List<Object> announced = heard.taken();
            assertThat(announced).as("%s announced something for the ledger", step).isNotEmpty();
            long vouchers = treasurer.count("select count(*) from duesflow.voucher");
            long lines = treasurer.count("select count(*) from duesflow.journal_line");
            treasurer.hearAgain(announced.toArray());
            again.run();
            heard.taken();
            assertThat(treasurer.count("select count(*) from duesflow.voucher")).as("%s done again: vouchers", step)
                    .isEqualTo(vouchers);
            assertThat(treasurer.count("select count(*) from duesflow.journal_line")).as("%s done again: lines", step)
                    .isEqualTo(lines);

            JsonNode balance = treasurer.get("/api/ledger/trial-balance?date=2100-12-31").getBody();
            assertThat(balance.path("balanced").asBoolean()).as("%s: debit = credit", step).isTrue();
            Map<Long, BigDecimal> debtorList = new HashMap<>();
            for (JsonNode debtor : treasurer.get("/api/billing/debtors?group=" + treasurer.group).getBody()) {
                debtorList.merge(debtor.path("memberNumber").asLong(), debtor.path("owed").decimalValue(),
                        BigDecimal::add);
            }
            Map<Long, BigDecimal> inCollection = new HashMap<>();
            for (long run : runs) {
                for (JsonNode charge : treasurer.get("/api/billing/runs/" + run + "/charges").getBody()) {
                    if (charge.path("status").asText().equals("IN_COLLECTION")) {
                        inCollection.merge(charge.path("memberNumber").asLong(), charge.path("total").decimalValue()
                                .subtract(charge.path("paid").decimalValue())
                                .subtract(charge.path("credited").decimalValue()), BigDecimal::add);
                    }
                }
            }
            for (long member : treasurer.members()) {
                assertThat(treasurer.balance("1100", member)).as("%s: member %d's dues owed", step, member)
                        .isEqualByComparingTo(debtorList.getOrDefault(member, BigDecimal.ZERO));
                assertThat(treasurer.balance("1150", member)).as("%s: member %d in collection", step, member)
                        .isEqualByComparingTo(inCollection.getOrDefault(member, BigDecimal.ZERO));
                assertThat(treasurer.balance("2100", member).negate()).as("%s: member %d's credit", step, member)
                        .isEqualByComparingTo(treasurer.get("/api/payments/members/" + member + "/account").getBody()
                                .path("credit").decimalValue());
            }
            assertThat(differences()).as("%s: the ledger's checks moved with the charges and credits", step)
                    .usingElementComparator(BigDecimal::compareTo).containsExactlyElementsOf(this.differences);
        }

        /** Dues owed, clearing and member credit by the ledger, less what the charges and credits say. */
        private List<BigDecimal> differences() {
            JsonNode checks = treasurer.get("/api/ledger/check").getBody().path("checks");
            assertThat(checks.get(0).path("agrees").asBoolean()).isTrue();
            return List.of(checks.get(1).path("difference").decimalValue(),
                    checks.get(2).path("difference").decimalValue(), checks.get(3).path("difference").decimalValue());
        }

        /** What the debtor list says each member owes. */
        List<String> owed(long... members) {
            Map<Long, BigDecimal> debtorList = new HashMap<>();
            for (JsonNode debtor : treasurer.get("/api/billing/debtors?group=" + treasurer.group).getBody()) {
                debtorList.merge(debtor.path("memberNumber").asLong(), debtor.path("owed").decimalValue(),
                        BigDecimal::add);
            }
            return java.util.Arrays.stream(members).mapToObj(m -> debtorList.getOrDefault(m, BigDecimal.ZERO)
                    .setScale(2).toPlainString()).toList();
        }
    }

    private LocalDate collectionDate(long run) {
        JsonNode files = treasurer.get("/api/payments/runs/" + run + "/direct-debit").getBody().path("files");
        assertThat(files).as("run %d's direct-debit files", run).hasSize(1);
        assertThat(files.get(0).path("state").asText()).isEqualTo("PLACED");
        return LocalDate.parse(files.get(0).path("collectionDate").asText());
    }

    private static JsonNode created(ResponseEntity<JsonNode> response) {
        return created(response, HttpStatus.CREATED);
    }

    private static JsonNode created(ResponseEntity<JsonNode> response, HttpStatus status) {
        assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(status);
        return response.getBody();
    }

    /**
     * The step just taken, checked: heard again it books nothing, every voucher balances, each member owes by the
     * ledger what the debtor list says, and the ledger's own check moved exactly as much as the charges did.
     */
    private void checked(Object... stepEvents) {
        long vouchers = treasurer.count("select count(*) from duesflow.voucher");
        long lines = treasurer.count("select count(*) from duesflow.journal_line");
        treasurer.hearAgain(stepEvents);
        assertThat(treasurer.count("select count(*) from duesflow.voucher")).as("vouchers after the step was heard again")
                .isEqualTo(vouchers);
        assertThat(treasurer.count("select count(*) from duesflow.journal_line")).isEqualTo(lines);

        JsonNode balance = treasurer.get("/api/ledger/trial-balance").getBody();
        assertThat(balance.path("balanced").asBoolean()).isTrue();
        assertThat(balance.path("debit").decimalValue()).isEqualByComparingTo(balance.path("credit").decimalValue());

        Map<Long, BigDecimal> debtorList = new HashMap<>();
        for (JsonNode debtor : treasurer.get("/api/billing/debtors?group=" + treasurer.group).getBody()) {
            debtorList.merge(debtor.path("memberNumber").asLong(), debtor.path("owed").decimalValue(), BigDecimal::add);
        }
        for (long member : treasurer.members()) {
            assertThat(treasurer.owedByLedger(member)).as("member %d by the ledger", member)
                    .isEqualByComparingTo(debtorList.getOrDefault(member, BigDecimal.ZERO));
        }
        assertThat(treasurer.owedByLedger()).isEqualByComparingTo(treasurer.debtorListTotal());
        assertThat(duesOwedCheck().path("difference").decimalValue()).as("the check's difference did not move")
                .isEqualByComparingTo(differenceBefore);
    }

    private List<String> owed(long... members) {
        return java.util.Arrays.stream(members).mapToObj(m -> treasurer.owedByLedger(m).setScale(2).toPlainString())
                .toList();
    }

    private JsonNode duesOwedCheck() {
        return treasurer.get("/api/ledger/check").getBody().path("checks").get(1);
    }
}
