package io.duesflow.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duesflow.ApplicationTest;
import io.duesflow.RunJobs;
import io.duesflow.TestClock;
import io.duesflow.TestUsers;
import io.duesflow.members.Association;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberInput;
import io.duesflow.members.MemberRegister;
import io.duesflow.members.SepaSettings;
import io.duesflow.platform.Roles;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The money holes a review of billing found (2026-12), each as a treasurer meets it over REST. Every one of these
 * failed on the main branch of 2026-12-01 (af712bf); they use only what that branch already had (the REST API, the
 * register, a clock), so they can be run against it. Every test bills a group of its own.
 */
@ApplicationTest
class ChargeHolesTests {

    static final AtomicInteger TESTS = new AtomicInteger();

    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identity;
    @Autowired
    MemberRegister register;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RunJobs jobs;
    @Autowired
    TestClock clock;
    @Autowired
    DataSource dataSource;
    @Autowired
    TaskService tasks;

    TestRestTemplate http;
    String group;
    /** The first of a month well ahead, on which the tests' lines are first due. */
    LocalDate due;

    @BeforeEach
    void treasurerWithAGroupOfTheirOwn() {
        http = TestUsers.signedIn(rest, identity, "hanne", Roles.TREASURER);
        jdbc.sql("update duesflow.billing_line set active = false").update();
        group = "Holes " + TESTS.incrementAndGet() + " " + System.nanoTime();
        register.createGroup(group, null, null);
        due = clock.today().plusMonths(3).withDayOfMonth(1);
    }

    // --- approval -------------------------------------------------------------------------------------------------

    @Test
    void twoApprovalsOfOneRunAtOnceApproveItOnceNumberingEachChargeOnceAndMailingItOnce() throws Exception {
        member("Alma");
        member("Bent");
        monthlyLine("Dues", "100.00", due);
        long runId = generated(scheduled(due, due));
        Map<String, Object> edits = Map.of("message", "Thank you");

        // Two nodes at once: the year's charge counter is held by a third session until both approvals are under way,
        // so neither can finish before the other has started.
        int year = clock.today().getYear();
        jdbc.sql("insert into duesflow.charge_number (year, last_number) values (:year, 0) on conflict do nothing")
                .param("year", year).update();
        ExecutorService twoNodes = Executors.newFixedThreadPool(2);
        List<HttpStatus> answers = new ArrayList<>();
        try (Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            try (PreparedStatement lock = blocker.prepareStatement(
                    "select last_number from duesflow.charge_number where year = ? for update")) {
                lock.setInt(1, year);
                lock.executeQuery();
            }
            List<CompletableFuture<HttpStatus>> clicks = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                clicks.add(CompletableFuture.supplyAsync(
                        () -> (HttpStatus) post("/api/billing/runs/" + runId + "/approve", edits).getStatusCode(), twoNodes));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
                    select count(*) from pg_stat_activity
                    where wait_event_type = 'Lock' and datname = current_database()""").query(Long.class).single() >= 2);
            int before = jdbc.sql("select last_number from duesflow.charge_number where year = :year")
                    .param("year", year).query(Integer.class).single();
            blocker.commit();
            for (CompletableFuture<HttpStatus> click : clicks) {
                answers.add(click.get());
            }
            assertThat(jdbc.sql("select last_number from duesflow.charge_number where year = :year").param("year", year)
                    .query(Integer.class).single()).as("two numbers taken, none burnt by a second approval")
                    .isEqualTo(before + 2);
        } finally {
            twoNodes.shutdown();
        }

        assertThat(answers).containsOnlyOnce(HttpStatus.OK);
        List<String> mailed = jdbc.sql("""
                        select c.number from duesflow.mail_outbox m join duesflow.charge c on c.id = m.document_id
                        where m.run_id = :run order by c.number""")
                .param("run", runId).query(String.class).list();
        assertThat(get("/api/billing/runs/" + runId + "/charges").getBody()).extracting(c -> c.path("number").asText())
                .as("each charge mailed under the number it has").containsExactlyInAnyOrderElementsOf(mailed);
        assertThat(mailed).hasSize(2);
    }

    @Test
    void theApprovalsLedgerAccountReplacesOnlyAccountsNoLineOrGroupChose() {
        // The ledger books the approval, and refuses an account its chart does not have.
        for (String account : List.of("3999", "3020", "3050")) {
            post("/api/ledger/accounts", Map.of("number", account, "name", "Income " + account, "type", "INCOME"));
        }
        String priced = "Priced " + TESTS.incrementAndGet() + " " + System.nanoTime();
        register.createGroup(priced, new BigDecimal("300.00"), "3050");
        long ea = member("Ea", "da", CollectionMethod.INVOICE, priced);
        line(Map.of("name", "Dues", "position", 1, "firstDueDate", due.toString(), "priceKind", "FIXED", "price", "100.00"));
        line(Map.of("name", "Boat", "position", 2, "firstDueDate", due.toString(), "priceKind", "FIXED", "price", "50.00",
                "ledgerAccount", "3020"));
        line(Map.of("name", "Activity", "position", 3, "firstDueDate", due.toString(), "priceKind", "GROUPS",
                "who", "GROUPS", "groups", List.of(priced)));
        long runId = generated(scheduled(due, due));

        approve(runId, Map.of("ledgerAccount", "3999"));

        JsonNode charge = chargeOf(runId, ea);
        assertThat(charge.path("lines")).extracting(l -> l.path("text").asText() + "→" + l.path("ledgerAccount").asText())
                .containsExactly("Dues→3999", "Boat→3020", "Activity – " + priced + "→3050");
    }

    @Test
    void aDueDateEditOnARunWithSeveralDueDatesIsRefusedWithTheReasonNotA500() {
        member("Finn");
        monthlyLine("Dues", "100.00", due);
        long runId = generated(scheduled(due, due.plusMonths(2).plusDays(27)));

        ResponseEntity<JsonNode> refused = post("/api/billing/runs/" + runId + "/approve",
                Map.of("dueDate", due.plusDays(5).toString()));

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("field").asText()).isEqualTo("dueDate");
        assertThat(refused.getBody().path("detail").asText()).contains("3 due dates", due.toString(),
                due.plusMonths(2).toString());
        assertThat(get("/api/billing/runs/" + runId).getBody().path("state").asText()).isEqualTo("GENERATED");
    }

    @Test
    void aPeriodEditOnARunWhoseChargesCoverSeveralPeriodsIsRefusedNamingTheFieldAndChangesNothing() {
        long vilma = member("Vilma");
        monthlyLine("Dues", "100.00", due);
        long runId = generated(scheduled(due, due.plusMonths(1)));
        List<String> before = periods(runId);

        ResponseEntity<JsonNode> refused = post("/api/billing/runs/" + runId + "/approve",
                Map.of("periodStart", due.toString()));

        assertThat(before).as("two due dates, two periods").hasSize(2);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("field").asText()).isEqualTo("periodStart");
        assertThat(refused.getBody().path("detail").asText()).contains("Run " + runId, "2 different periods");
        assertThat(get("/api/billing/runs/" + runId).getBody().path("state").asText()).isEqualTo("GENERATED");
        assertThat(periods(runId)).isEqualTo(before);
        // The approval still waits, and approving without the edit keeps each charge's own period.
        approve(runId, Map.of());
        assertThat(periods(runId)).isEqualTo(before);
        assertThat(chargeOf(runId, vilma).path("status").asText()).isEqualTo("OPEN");
    }

    @Test
    void aPeriodThatWouldEndBeforeItStartsIsRefusedNamingTheFieldThatWasChangedAndChangesNothing() {
        member("Walter");
        monthlyLine("Dues", "100.00", due);
        long runId = generated(scheduled(due, due));
        List<String> before = periods(runId);
        LocalDate end = due.plusMonths(1).minusDays(1);

        ResponseEntity<JsonNode> endTooEarly = post("/api/billing/runs/" + runId + "/approve",
                Map.of("periodEnd", due.minusDays(1).toString()));
        ResponseEntity<JsonNode> startTooLate = post("/api/billing/runs/" + runId + "/approve",
                Map.of("periodStart", end.plusDays(1).toString()));

        assertThat(before).containsExactly(due + ".." + end);
        assertThat(endTooEarly.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(endTooEarly.getBody().path("field").asText()).isEqualTo("periodEnd");
        assertThat(endTooEarly.getBody().path("detail").asText()).contains(due.minusDays(1).toString(), due.toString());
        assertThat(startTooLate.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(startTooLate.getBody().path("field").asText()).as("the field the treasurer changed")
                .isEqualTo("periodStart");
        assertThat(startTooLate.getBody().path("detail").asText()).contains(end.toString(), end.plusDays(1).toString());
        assertThat(get("/api/billing/runs/" + runId).getBody().path("state").asText()).isEqualTo("GENERATED");
        assertThat(periods(runId)).isEqualTo(before);
    }

    // --- occurrences and periods ----------------------------------------------------------------------------------

    @Test
    void anOccurrenceBilledByOneRunIsLeftOutOfAnOverlappingRunAndListedAsAlreadyBilled() {
        long gro = member("Gro");
        monthlyLine("Dues", "100.00", due);
        long first = generated(scheduled(due, due.plusMonths(1).plusDays(20)));
        approve(first, Map.of());

        JsonNode simulation = post("/api/billing/simulations", Map.of("from", due.plusMonths(1).toString(),
                "to", due.plusMonths(2).plusDays(20).toString())).getBody();
        long second = generated(scheduled(due.plusMonths(1), due.plusMonths(2).plusDays(20)));

        assertThat(get("/api/billing/runs/" + second + "/charges").getBody())
                .extracting(c -> c.path("dueDate").asText()).containsExactly(due.plusMonths(2).toString());
        assertThat(simulation.path("skipped")).filteredOn(s -> s.path("memberNumber").asLong() == gro)
                .extracting(s -> s.path("reason").asText())
                .containsExactly("already billed in run " + first + " (due " + due.plusMonths(1) + ")");
    }

    @Test
    void aLineDueOnThe31stCoversUpToTheDayBeforeItsNextDueDateAndASuspendedMemberIsPriced() {
        LocalDate january31 = LocalDate.of(due.getYear() + 1, 1, 31);
        long ida = member("Ida");
        post("/api/members/" + ida + "/suspensions", Map.of("startsOn", january31.plusMonths(1).toString(),
                "endsOn", january31.plusMonths(1).plusDays(10).toString()));
        monthlyLine("Dues", "90.00", january31);

        ResponseEntity<JsonNode> simulated = post("/api/billing/simulations", Map.of(
                "from", january31.plusDays(1).toString(), "to", january31.plusMonths(2).toString()));

        assertThat(simulated.getStatusCode()).as("%s", simulated.getBody()).isEqualTo(HttpStatus.OK);
        List<JsonNode> charges = new ArrayList<>();
        simulated.getBody().path("charges").forEach(c -> {
            if (c.path("memberNumber").asLong() == ida) {
                charges.add(c);
            }
        });
        assertThat(charges).extracting(c -> c.path("dueDate").asText() + ".." + c.path("periodEnd").asText())
                .containsExactly(january31.plusMonths(1) + ".." + january31.plusMonths(2).minusDays(1),
                        january31.plusMonths(2) + ".." + LocalDate.of(january31.getYear(), 4, 29));
    }

    // --- arrears --------------------------------------------------------------------------------------------------

    @Test
    void arrearsCarryOnlyOverdueChargesStillOwedNeverOneNotYetDue() {
        long jon = member("Jon");
        LocalDate past = clock.today().minusMonths(2).withDayOfMonth(1);
        monthlyLine("Dues", "100.00", past);
        long overdue = generated(scheduled(past, past));
        approve(overdue, Map.of());
        long notYetDue = generated(scheduled(due, due));
        approve(notYetDue, Map.of());

        long newer = generated(scheduled(due.plusMonths(1), due.plusMonths(1)));
        approve(newer, Map.of("arrears", "ADD_LINE"));

        JsonNode carrier = chargeOf(newer, jon);
        assertThat(carrier.path("lines")).extracting(l -> l.path("text").asText())
                .containsExactly("Dues", "Restance " + chargeOf(overdue, jon).path("number").asText());
        assertThat(chargeOf(notYetDue, jon).path("status").asText()).isEqualTo("OPEN");
        assertThat(debtors()).extracting(d -> d.path("number").asText()).containsExactlyInAnyOrder(
                carrier.path("number").asText(), chargeOf(notYetDue, jon).path("number").asText());
    }

    @Test
    void arrearsNeverCarryAChargeInCollection() throws Exception {
        Association before = register.association();
        sepa("DE98ZZZ09999999999");
        try {
            long kaj = member("Kaj", "da", CollectionMethod.SEPA_DIRECT_DEBIT, group);
            register.addSepaMandate(kaj, "M-HOLES-" + kaj, "NL91ABNA0417164300", null, LocalDate.of(2024, 5, 1));
            LocalDate past = clock.today().minusMonths(2).withDayOfMonth(1);
            monthlyLine("Dues", "100.00", past);
            long collected = generated(scheduled(past, past));
            approve(collected, Map.of());
            long chargeId = chargeOf(collected, kaj).path("id").asLong();
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                    "select count(*) from duesflow.sepa_collection where charge_id = :id").param("id", chargeId)
                    .query(Long.class).single() == 1);

            long newer = generated(scheduled(due, due));
            approve(newer, Map.of("arrears", "ADD_LINE_AND_CANCEL"));

            assertThat(chargeOf(newer, kaj).path("lines")).extracting(l -> l.path("text").asText()).containsExactly("Dues");
            assertThat(chargeOf(collected, kaj).path("status").asText()).isNotEqualTo("CANCELLED");
        } finally {
            register.updateAssociation(copy(register.association(), before.currency(), before.sepaCreditorId(),
                    before.iban()));
        }
    }

    @Test
    void creditingTheChargeThatCarriesArrearsGivesTheDebtBackToItsChargeNeverWritesItOff() {
        long lea = member("Lea");
        LocalDate past = clock.today().minusMonths(2).withDayOfMonth(1);
        monthlyLine("Dues", "100.00", past);
        long older = generated(scheduled(past, past));
        approve(older, Map.of());
        long newer = generated(scheduled(due, due));
        approve(newer, Map.of("arrears", "ADD_LINE_AND_CANCEL"));
        String carrier = chargeOf(newer, lea).path("number").asText();

        ResponseEntity<JsonNode> note = post("/api/billing/charges/" + carrier + "/credit-notes", null);

        assertThat(note.getStatusCode()).as("%s", note.getBody()).isEqualTo(HttpStatus.CREATED);
        JsonNode old = chargeOf(older, lea);
        assertThat(old.path("status").asText()).isEqualTo("OPEN");
        assertThat(debtors()).singleElement().satisfies(debtor -> {
            assertThat(debtor.path("number").asText()).isEqualTo(old.path("number").asText());
            assertThat(debtor.path("owed").decimalValue()).isEqualByComparingTo("100.00");
        });
    }

    // --- who is collected -----------------------------------------------------------------------------------------

    @Test
    void aBetalingsserviceMemberWithAnAgreementIsToldOfTheCollectionAndOneWithoutIsInvoicedWithTheFiLine()
            throws Exception {
        Association before = register.association();
        register.updateAssociation(withPbsNumber(danish(before, "DKK", "12345678"), "03985644"));
        try {
            long mia = member("Mia", "da", CollectionMethod.BETALINGSSERVICE, group);
            register.addBetalingsserviceAgreement(mia, "77" + mia);
            long ole = member("Ole", "da", CollectionMethod.BETALINGSSERVICE, group);
            monthlyLine("Dues", "100.00", due);
            long runId = generated(scheduled(due, due));

            approve(runId, Map.of());

            JsonNode collected = chargeOf(runId, mia);
            assertThat(collected.path("collectedBy").asText()).isEqualTo("BETALINGSSERVICE");
            assertThat(collected.path("invoicedInstead").asBoolean()).isFalse();
            assertThat(invoiceText(collected)).as("the invoice says how it is collected").contains("Betalingsservice")
                    .doesNotContain("+71<");
            JsonNode invoiced = chargeOf(runId, ole);
            assertThat(invoiced.path("invoicedInstead").asBoolean()).isTrue();
            assertThat(invoiced.path("collectionNote").asText()).isEqualTo("no active Betalingsservice agreement");
            assertThat(invoiceText(invoiced)).as("an invoice with the FI line, no promise of a debit").contains("+71<")
                    .doesNotContain("Betalingsservice");
        } finally {
            register.updateAssociation(withPbsNumber(danish(register.association(), before.currency(),
                    before.fiCreditorNumber()), before.betalingsserviceCreditor()));
        }
    }

    private static Association withPbsNumber(Association a, String pbsNumber) {
        return new Association(a.id(), a.version(), a.name(), a.email(), a.address(), a.currency(), a.timeZone(),
                a.languages(), a.iban(), a.bic(), a.sepaCreditorId(), pbsNumber, a.fiCreditorNumber(),
                a.defaultCollectionMethod(), a.monthlySuspensionFee(), a.receivablesAccount(), a.incomeAccount(),
                a.feeAccount(), a.bankAccount(), a.sepa(), a.createdAt(), a.createdBy(), a.updatedAt(), a.updatedBy());
    }

    private String invoiceText(JsonNode charge) throws Exception {
        long mail = jdbc.sql("select id from duesflow.mail_outbox where document_id = :id and kind = 'INVOICE'")
                .param("id", charge.path("id").asLong()).query(Long.class).single();
        ResponseEntity<byte[]> pdf = http.getForEntity("/api/mail/outbox/" + mail + "/document", byte[].class);
        assertThat(pdf.getStatusCode()).isEqualTo(HttpStatus.OK);
        return new PDFTextStripper().getText(Loader.loadPDF(pdf.getBody()));
    }

    // --- generation -----------------------------------------------------------------------------------------------

    @Test
    void generationResumedAfterACrashBillsEveryMemberOnceEvenWhenTheRegisterChangedInBetween() {
        List<Long> members = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            members.add(member("Crash " + i));
        }
        monthlyLine("Dues", "10.00", due);
        long runId = scheduled(due, due);
        jdbc.sql("update duesflow.billing_run set chunk_size = 2 where id = :id").param("id", runId).update();
        long crashAt = members.get(4);
        jdbc.sql("""
                create or replace function duesflow.test_crash() returns trigger language plpgsql as $$
                begin
                  if new.member_number = %d then raise exception 'the machine went down'; end if;
                  return new;
                end $$""".formatted(crashAt)).update();
        jdbc.sql("create trigger test_crash before insert on duesflow.charge for each row execute function duesflow.test_crash()")
                .update();
        try {
            assertThat(generate(runId).getStatusCode().is2xxSuccessful()).isFalse();
        } finally {
            jdbc.sql("drop trigger test_crash on duesflow.charge").update();
            jdbc.sql("drop function duesflow.test_crash()").update();
        }
        // Meanwhile the first member, billed before the crash, leaves the group: everybody after moves up in the plan.
        register.leaveGroup(members.get(0), group, due.minusMonths(1));

        // The failed job is tried again by the engine, a minute later.
        clock.advance(java.time.Duration.ofMinutes(2));
        assertThat(jobs.settleUntilFailure(runId)).isNull();
        List<Long> billed = jdbc.sql("select member_number from duesflow.charge where run_id = :id order by member_number")
                .param("id", runId).query(Long.class).list();
        assertThat(billed).as("nobody skipped, nobody twice").containsExactlyElementsOf(members);
    }

    @Test
    void anAmountNoChargeCanHoldIsNamedPerMemberInTheSimulationAndNeverA500AtGeneration() {
        String field = extraNumberField();
        long big = register.register(null, withField("Nora", field, "12")).memberNumber();
        register.register(null, withField("Ole", field, "0"));
        line(Map.of("name", "Water", "firstDueDate", due.toString(), "priceKind", "FORMULA",
                "formula", "multiply:" + field + "*99999999999999999999"));

        JsonNode simulation = post("/api/billing/simulations", Map.of("from", due.toString(), "to", due.toString())).getBody();
        ResponseEntity<JsonNode> generated = generate(scheduled(due, due));

        assertThat(simulation.path("skipped")).filteredOn(s -> s.path("memberNumber").asLong() == big)
                .extracting(s -> s.path("reason").asText()).singleElement().asString().contains("more than a charge can hold");
        assertThat(generated.getStatusCode()).as("%s", generated.getBody()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void aMemberNoChargeCanHoldIsLeftOutOfTheGeneratedRunAndFlaggedOnItsApproval() {
        String field = extraNumberField();
        long big = register.register(null, withField("Nora", field, "12")).memberNumber();
        long fits = register.register(null, withField("Ole", field, "1")).memberNumber();
        // Someone who left lately, never on this line: no news for its approval.
        String elsewhere = "Elsewhere " + TESTS.incrementAndGet() + " " + System.nanoTime();
        register.createGroup(elsewhere, null, null);
        register.register(null, new MemberInput("Lone", null, null, null, null, LocalDate.of(2020, 1, 1),
                clock.today().minusDays(1), "da", CollectionMethod.INVOICE, null, List.of(elsewhere), null));
        line(Map.of("name", "Water", "firstDueDate", due.toString(), "priceKind", "FORMULA",
                "formula", "multiply:" + field + "*99999999999"));

        long runId = generated(scheduled(due, due));

        assertThat(get("/api/billing/runs/" + runId + "/charges").getBody()).singleElement().satisfies(charge -> {
            assertThat(charge.path("memberNumber").asLong()).isEqualTo(fits);
            assertThat(charge.path("total").decimalValue()).isEqualByComparingTo("99999999999.00");
        });
        Task approval = tasks.createTaskQuery().processInstanceBusinessKey("run-" + runId)
                .taskDefinitionKey("ApproveRun").singleResult();
        assertThat(approval).as("the run waits for its approval").isNotNull();
        JsonNode skipped = json(tasks.getVariable(approval.getId(), "skipped"));
        assertThat(tasks.getVariable(approval.getId(), "skippedCount")).as("%s", skipped).isEqualTo(1);
        assertThat(skipped).singleElement().satisfies(flag -> {
            assertThat(flag.path("member").asLong()).isEqualTo(big);
            assertThat(flag.path("name").asText()).isEqualTo("Nora");
            assertThat(flag.path("line").asText()).isEqualTo("Water");
            assertThat(flag.path("reason").asText()).contains("more than a charge can hold");
        });
    }

    // --- distribution, texts, new members, credit notes -----------------------------------------------------------

    @Test
    void aSplitMeetingANewMemberDiscountBillsLessThanTheFormulasTotalAndShowsBoth() {
        List<Long> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            members.add(member("Newcomer " + i));
        }
        long hall = monthlyFormulaLine("Hall rent", "fordeling:1000", due);
        Map<String, Object> newMembers = Map.of("kind", "NEW_MEMBERS", "lineIds", List.of(hall),
                "cutOff", due.minusDays(1).toString(), "dueDate", due.toString(), "discountPercent", "25");

        JsonNode preview = post("/api/billing/runs/preview", newMembers).getBody();
        long runId = generated(created(newMembers));

        // The split is made first (333.34, 333.33, 333.33), then the discount taken off each share and rounded half
        // to even: 250.005 → 250.00 and 249.9975 → 250.00, so the run bills 750.00 of the formula's 1000.00.
        JsonNode line = preview.path("lines").get(0);
        assertThat(line.path("formulaTotal").decimalValue()).isEqualByComparingTo("1000.00");
        assertThat(line.path("total").decimalValue()).isEqualByComparingTo("750.00");
        assertThat(preview.path("total").decimalValue()).isEqualByComparingTo("750.00");
        JsonNode charges = get("/api/billing/runs/" + runId + "/charges").getBody();
        assertThat(charges).extracting(c -> c.path("memberNumber").asLong()).containsExactlyInAnyOrderElementsOf(members);
        assertThat(charges).allSatisfy(charge -> {
            assertThat(charge.path("lines")).singleElement().satisfies(l -> {
                assertThat(l.path("text").asText()).isEqualTo("Hall rent (25 % rabat)");
                assertThat(l.path("amount").decimalValue()).isEqualByComparingTo("250.00");
            });
        });
        assertThat(get("/api/billing/runs/" + runId).getBody().path("total").decimalValue())
                .isEqualByComparingTo("750.00");
    }


    @Test
    void aSplitIsMadeOverWhatMembersPaySoTheAssociationRecoversTheTotalOncePerDueDate() {
        List<Long> members = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            members.add(member("Split " + i));
        }
        post("/api/members/" + members.get(0) + "/suspensions", Map.of("startsOn", due.toString(),
                "endsOn", due.plusDays(14).toString()));
        monthlyFormulaLine("Hall rent", "fordeling:1000", due);

        JsonNode simulation = post("/api/billing/simulations", Map.of("from", due.toString(),
                "to", due.plusMonths(1).toString())).getBody();

        JsonNode line = simulation.path("lines").get(0);
        assertThat(line.path("total").decimalValue()).as("two due dates, 1000 each").isEqualByComparingTo("2000.00");
        assertThat(line.path("formulaTotal").decimalValue()).isEqualByComparingTo("2000.00");
        BigDecimal firstMonth = BigDecimal.ZERO;
        for (JsonNode charge : simulation.path("charges")) {
            if (charge.path("dueDate").asText().equals(due.toString())) {
                firstMonth = firstMonth.add(charge.path("lines").get(0).path("amount").decimalValue());
            }
        }
        assertThat(firstMonth).isEqualByComparingTo("1000.00");
    }

    @Test
    void billingsOwnLineTextsAreInTheMembersLanguage() {
        long dutch = member("Piet", "nl", CollectionMethod.INVOICE, group);
        long english = member("Paul", "en", CollectionMethod.INVOICE, group);
        for (long member : List.of(dutch, english)) {
            post("/api/members/" + member + "/suspensions", Map.of("startsOn", due.toString(),
                    "endsOn", due.plusDays(9).toString()));
        }
        Association before = register.association();
        register.updateAssociation(withSuspensionFee(before, new BigDecimal("30.00")));
        try {
            monthlyLine("Dues", "100.00", due);
            JsonNode simulation = post("/api/billing/simulations", Map.of("from", due.toString(), "to", due.toString()))
                    .getBody();

            assertThat(lineTexts(simulation, dutch)).containsExactly("Dues (geschorste periode in mindering)",
                    "Bijdrage tijdens schorsing");
            assertThat(lineTexts(simulation, english)).containsExactly("Dues (suspended part deducted)", "Suspension fee");
        } finally {
            register.updateAssociation(withSuspensionFee(register.association(), before.monthlySuspensionFee()));
        }
    }

    @Test
    void theNewMemberCutOffIgnoresCancelledCreditedAndSingleCharges() {
        long credited = member("Rita");
        long single = member("Sune");
        long dues = monthlyLine("Dues", "100.00", due);
        long run = generated(scheduled(due, due));
        approve(run, Map.of());
        post("/api/billing/charges/" + chargeOf(run, credited).path("number").asText() + "/credit-notes", null);
        jdbc.sql("update duesflow.charge set status = 'CANCELLED' where id = :id")
                .param("id", chargeOf(run, single).path("id").asLong()).update();
        long template = created(Map.of("kind", "TEMPLATE", "memberNumber", single, "dueDate", due.plusDays(3).toString(),
                "lines", List.of(Map.of("text", "Key deposit", "amount", "50"))));
        approve(generated(template), Map.of());

        long newMembers = created(Map.of("kind", "NEW_MEMBERS", "lineIds", List.of(dues), "cutOff", due.minusDays(1).toString(),
                "dueDate", due.plusDays(10).toString()));
        generated(newMembers);

        assertThat(get("/api/billing/runs/" + newMembers + "/charges").getBody())
                .extracting(c -> c.path("memberNumber").asLong()).containsExactlyInAnyOrder(credited, single);
    }

    @Test
    void aCreditNoteNamingOneLineTwiceIsRefusedAndAPartlyPaidChargeCreditedForTheRestLeavesTheDebtorList() {
        long tove = member("Tove");
        monthlyLine("Dues", "100.00", due);
        long run = generated(scheduled(due, due));
        approve(run, Map.of());
        String number = chargeOf(run, tove).path("number").asText();

        ResponseEntity<JsonNode> twice = post("/api/billing/charges/" + number + "/credit-notes",
                Map.of("lines", List.of(Map.of("position", 1, "amount", "30"), Map.of("position", 1, "amount", "30"))));
        jdbc.sql("update duesflow.charge set paid = 40, status = 'PARTLY_PAID' where number = :number")
                .param("number", number).update();
        ResponseEntity<JsonNode> rest = post("/api/billing/charges/" + number + "/credit-notes",
                Map.of("lines", List.of(Map.of("position", 1, "amount", "60"))));

        assertThat(twice.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(twice.getBody().path("detail").asText()).contains("twice");
        assertThat(rest.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(debtors()).noneMatch(d -> d.path("number").asText().equals(number));
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private long member(String name) {
        return member(name, "da", CollectionMethod.INVOICE, group);
    }

    private long member(String name, String language, CollectionMethod method, String inGroup) {
        List<String> groups = inGroup.equals(group) ? List.of(group) : List.of(group, inGroup);
        return register.register(null, new MemberInput(name, null, null, null, null, LocalDate.of(2020, 1, 1), null,
                language, method, null, groups, null)).memberNumber();
    }

    private String extraNumberField() {
        String name = "meter " + TESTS.incrementAndGet() + " " + System.nanoTime();
        return register.defineExtraField(name, io.duesflow.members.ExtraFieldType.NUMBER).code();
    }

    private MemberInput withField(String name, String field, String value) {
        return new MemberInput(name, null, null, null, null, LocalDate.of(2020, 1, 1), null, "da", CollectionMethod.INVOICE,
                Map.of(field, value), List.of(group), null);
    }

    private long line(Map<String, Object> fields) {
        Map<String, Object> line = new HashMap<>(Map.of("kind", "SCHEDULED", "frequency", "MONTHLY", "who", "GROUPS",
                "groups", List.of(group), "position", 10));
        line.putAll(fields);
        ResponseEntity<JsonNode> created = post("/api/billing/lines", line);
        assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asLong();
    }

    private long monthlyLine(String name, String price, LocalDate firstDue) {
        return line(Map.of("name", name, "firstDueDate", firstDue.toString(), "priceKind", "FIXED", "price", price));
    }

    private long monthlyFormulaLine(String name, String formula, LocalDate firstDue) {
        return line(Map.of("name", name, "firstDueDate", firstDue.toString(), "priceKind", "FORMULA", "formula", formula));
    }

    private long scheduled(LocalDate from, LocalDate to) {
        return created(Map.of("kind", "SCHEDULED", "from", from.toString(), "to", to.toString()));
    }

    private long created(Map<String, Object> run) {
        ResponseEntity<JsonNode> created = post("/api/billing/runs", new HashMap<>(run));
        assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asLong();
    }

    private long generated(long runId) {
        ResponseEntity<JsonNode> generated = generate(runId);
        assertThat(generated.getStatusCode()).as("%s", generated.getBody()).isEqualTo(HttpStatus.OK);
        return runId;
    }

    private void approve(long runId, Map<String, Object> edits) {
        ResponseEntity<JsonNode> approved = post("/api/billing/runs/" + runId + "/approve", edits);
        assertThat(approved.getStatusCode()).as("%s", approved.getBody()).isEqualTo(HttpStatus.OK);
        jobs.settle(runId);
    }

    private JsonNode chargeOf(long runId, long member) {
        for (JsonNode charge : get("/api/billing/runs/" + runId + "/charges").getBody()) {
            if (charge.path("memberNumber").asLong() == member) {
                return charge;
            }
        }
        throw new AssertionError("Run " + runId + " has no charge for member " + member);
    }

    /** The periods of the run's charges, {@code start..end}, sorted. */
    private List<String> periods(long runId) {
        List<String> periods = new ArrayList<>();
        get("/api/billing/runs/" + runId + "/charges").getBody().forEach(charge -> periods.add(
                charge.path("periodStart").asText() + ".." + charge.path("periodEnd").asText()));
        periods.sort(null);
        return periods;
    }

    /** A JSON variable of a form, as the form reads it. */
    private static JsonNode json(Object variable) {
        try {
            return new ObjectMapper().readTree(String.valueOf(variable));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("not JSON: " + variable, e);
        }
    }

    private List<JsonNode> debtors() {
        List<JsonNode> debtors = new ArrayList<>();
        get("/api/billing/debtors?group=" + group).getBody().forEach(debtors::add);
        return debtors;
    }

    private static List<String> lineTexts(JsonNode simulation, long member) {
        List<String> texts = new ArrayList<>();
        simulation.path("charges").forEach(charge -> {
            if (charge.path("memberNumber").asLong() == member) {
                charge.path("lines").forEach(line -> texts.add(line.path("text").asText()));
            }
        });
        return texts;
    }

    private void sepa(String creditorId) {
        register.updateAssociation(copy(register.association(), "EUR", creditorId, "NL91ABNA0417164300"));
    }

    private static Association copy(Association a, String currency, String creditorId, String iban) {
        return new Association(a.id(), a.version(), a.name(), a.email(), a.address(), currency, a.timeZone(), a.languages(),
                iban, a.bic(), creditorId, a.betalingsserviceCreditor(), a.fiCreditorNumber(), a.defaultCollectionMethod(),
                a.monthlySuspensionFee(), a.receivablesAccount(), a.incomeAccount(), a.feeAccount(), a.bankAccount(),
                a.sepa() == null ? SepaSettings.DEFAULTS : a.sepa(), a.createdAt(), a.createdBy(), a.updatedAt(),
                a.updatedBy());
    }

    private static Association danish(Association a, String currency, String fiCreditor) {
        return new Association(a.id(), a.version(), a.name(), a.email(), a.address(), currency, a.timeZone(),
                a.languages(), a.iban(), a.bic(), a.sepaCreditorId(), a.betalingsserviceCreditor(), fiCreditor,
                a.defaultCollectionMethod(), a.monthlySuspensionFee(), a.receivablesAccount(), a.incomeAccount(),
                a.feeAccount(), a.bankAccount(), a.sepa(), a.createdAt(), a.createdBy(), a.updatedAt(), a.updatedBy());
    }

    private static Association withSuspensionFee(Association a, BigDecimal fee) {
        return new Association(a.id(), a.version(), a.name(), a.email(), a.address(), a.currency(), a.timeZone(),
                a.languages(), a.iban(), a.bic(), a.sepaCreditorId(), a.betalingsserviceCreditor(), a.fiCreditorNumber(),
                a.defaultCollectionMethod(), fee, a.receivablesAccount(), a.incomeAccount(), a.feeAccount(),
                a.bankAccount(), a.sepa(), a.createdAt(), a.createdBy(), a.updatedAt(), a.updatedBy());
    }

    /**
     * Generates a run as a treasurer does: its process shows what it bills (a job), the treasurer says generate, the
     * engine's jobs bill it; answers the run as it then stands.
     */
    private ResponseEntity<JsonNode> generate(Object runId) {
        long id = Long.parseLong(String.valueOf(runId));
        jobs.settle(id);
        ResponseEntity<JsonNode> accepted = post("/api/billing/runs/" + id + "/generate", null);
        assertThat(accepted.getStatusCode()).as("%s", accepted.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        String failure = jobs.settleUntilFailure(id);
        ResponseEntity<JsonNode> run = get("/api/billing/runs/" + id);
        return failure == null ? run : ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(run.getBody());
    }

    private ResponseEntity<JsonNode> get(String path) {
        return http.getForEntity(path, JsonNode.class);
    }

    private ResponseEntity<JsonNode> post(String path, Object body) {
        return http.postForEntity(path, body, JsonNode.class);
    }
}
