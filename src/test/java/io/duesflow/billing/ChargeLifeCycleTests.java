package io.duesflow.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
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
import io.duesflow.ApplicationTest;
import io.duesflow.RunJobs;
import io.duesflow.TestClock;
import io.duesflow.TestUsers;
import io.duesflow.members.Association;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.ExtraFieldType;
import io.duesflow.members.MemberInput;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.Roles;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A charge's life as a treasurer follows it: its status history, refusals that say why, cancelling and crediting
 * charges that carry arrears, the runs list, previews before anything is generated, and the run kinds end to end.
 */
@ApplicationTest
class ChargeLifeCycleTests {

    static final AtomicInteger TESTS = new AtomicInteger();

    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identity;
    @Autowired
    MemberRegister register;
    @Autowired
    BillingRuns runs;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RunJobs jobs;
    @Autowired
    TestClock clock;
    @Autowired
    DataSource dataSource;

    TestRestTemplate http;
    String group;
    LocalDate due;

    @BeforeEach
    void treasurerWithAGroupOfTheirOwn() {
        http = TestUsers.signedIn(rest, identity, "gerda", Roles.TREASURER);
        jdbc.sql("update duesflow.billing_line set active = false").update();
        group = "Life " + TESTS.incrementAndGet() + " " + System.nanoTime();
        register.createGroup(group, null, null);
        due = clock.today().plusMonths(2).withDayOfMonth(1);
    }

    // --- the charge's page ----------------------------------------------------------------------------------------

    @Test
    void aChargesPageShowsItsLinesAndEveryStatusChangeWithWhoAndWhy() {
        long asta = member("Asta");
        monthlyLine("Dues", "100.00", due);
        long run = approved(scheduled(due, due), Map.of());
        String number = chargeOf(run, asta).path("number").asText();

        post("/api/billing/charges/" + number + "/cancel", Map.of("reason", "joined by mistake"));
        JsonNode page = get("/api/billing/charges/" + number).getBody();

        assertThat(page.path("charge").path("status").asText()).isEqualTo("CANCELLED");
        assertThat(page.path("charge").path("lines")).extracting(l -> l.path("text").asText()).containsExactly("Dues");
        assertThat(page.path("history")).extracting(h -> h.path("from").asText() + "→" + h.path("to").asText() + " "
                        + h.path("reason").asText() + " by " + h.path("by").asText())
                .containsExactly("DRAFT→OPEN approved in run " + run + " by gerda",
                        "OPEN→CANCELLED joined by mistake by gerda");
    }

    @Test
    void aRefusedChangeNamesTheChargeItsStatusAndWhatWasAskedAndChangesNothing() {
        long bror = member("Bror");
        monthlyLine("Dues", "100.00", due);
        long run = approved(scheduled(due, due), Map.of());
        String number = chargeOf(run, bror).path("number").asText();
        post("/api/billing/charges/" + number + "/cancel", null);

        ResponseEntity<JsonNode> again = post("/api/billing/charges/" + number + "/cancel", null);
        ResponseEntity<JsonNode> credit = post("/api/billing/charges/" + number + "/credit-notes", null);

        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getBody().path("detail").asText())
                .isEqualTo("Charge " + number + " is CANCELLED; it is not possible to cancel it");
        assertThat(credit.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(credit.getBody().path("detail").asText()).contains(number, "CANCELLED", "credit it");
        assertThat(get("/api/billing/charges/" + number).getBody().path("history")).hasSize(2);
    }

    @Test
    void twoPaymentsOnOneChargeAtOnceLoseNeitherTheSecondIsRefusedAsStale() throws Exception {
        long ivar = member("Ivar");
        monthlyLine("Dues", "100.00", due);
        long run = approved(scheduled(due, due), Map.of());
        JsonNode charge = chargeOf(run, ivar);
        String number = charge.path("number").asText();

        // Two treasurers at once: a third session holds the charge's row until both have read the charge (version
        // and all) and wait to write it, so both change what they read.
        ExecutorService twoTreasurers = Executors.newFixedThreadPool(2);
        List<ResponseEntity<JsonNode>> answers = new ArrayList<>();
        try (Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            try (PreparedStatement lock = blocker.prepareStatement(
                    "select id from duesflow.charge where id = ? for update")) {
                lock.setLong(1, charge.path("id").asLong());
                lock.executeQuery();
            }
            List<CompletableFuture<ResponseEntity<JsonNode>>> payments = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                payments.add(CompletableFuture.supplyAsync(() -> post("/api/payments/charges/" + number + "/payments",
                        Map.of("amount", "40.00", "note", "at the counter")), twoTreasurers));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
                    select count(*) from pg_stat_activity
                    where wait_event_type = 'Lock' and datname = current_database()""").query(Long.class).single() >= 2);
            blocker.commit();
            for (CompletableFuture<ResponseEntity<JsonNode>> payment : payments) {
                answers.add(payment.get());
            }
        } finally {
            twoTreasurers.shutdown();
        }

        assertThat(answers).extracting(ResponseEntity::getStatusCode)
                .containsExactlyInAnyOrder(HttpStatus.CREATED, HttpStatus.CONFLICT);
        JsonNode refused = answers.stream().filter(a -> a.getStatusCode() == HttpStatus.CONFLICT).findFirst()
                .orElseThrow().getBody();
        assertThat(refused.path("detail").asText()).contains("Someone else changed this since you read it");
        JsonNode page = get("/api/billing/charges/" + number).getBody().path("charge");
        assertThat(page.path("paid").decimalValue()).as("one payment, not a lost one").isEqualByComparingTo("40.00");
        assertThat(page.path("status").asText()).isEqualTo("PARTLY_PAID");
        assertThat(get("/api/payments/charges/" + number + "/payments").getBody()).hasSize(1);
    }

    // --- arrears --------------------------------------------------------------------------------------------------

    @Test
    void addLineCarriesTheDebtWithoutCancellingAndCancellingTheCarrierGivesItBack() {
        long cato = member("Cato");
        monthlyLine("Dues", "100.00", due);
        long older = approved(scheduled(due, due), Map.of());
        clock.moveTo(due.plusDays(10));
        long newer = approved(scheduled(due.plusMonths(1), due.plusMonths(1)), Map.of("arrears", "ADD_LINE"));
        String old = chargeOf(older, cato).path("number").asText();
        String carrier = chargeOf(newer, cato).path("number").asText();

        assertThat(chargeOf(older, cato).path("status").asText()).isEqualTo("CARRIED");
        assertThat(get("/api/billing/charges/" + old).getBody().path("carriedInto").asText()).isEqualTo(carrier);
        assertThat(debtorNumbers()).containsExactly(carrier);

        post("/api/billing/charges/" + carrier + "/cancel", null);

        assertThat(chargeOf(older, cato).path("status").asText()).isEqualTo("OPEN");
        assertThat(debtorNumbers()).containsExactly(old);
        assertThat(get("/api/billing/charges/" + old).getBody().path("history")).last()
                .satisfies(change -> assertThat(change.path("reason").asText()).contains(carrier, "cancelled"));
    }

    @Test
    void aCarriedChargeIsCreditedThroughTheChargeThatCarriesIt() {
        long dina = member("Dina");
        monthlyLine("Dues", "100.00", due);
        long older = approved(scheduled(due, due), Map.of());
        clock.moveTo(due.plusDays(10));
        long newer = approved(scheduled(due.plusMonths(1), due.plusMonths(1)), Map.of("arrears", "ADD_LINE"));
        String old = chargeOf(older, dina).path("number").asText();
        String carrier = chargeOf(newer, dina).path("number").asText();

        ResponseEntity<JsonNode> note = post("/api/billing/charges/" + old + "/credit-notes",
                Map.of("lines", List.of(Map.of("position", 1, "amount", "40.00"))));

        assertThat(note.getStatusCode()).as("%s", note.getBody()).isEqualTo(HttpStatus.CREATED);
        assertThat(get("/api/billing/charges/" + note.getBody().path("number").asText()).getBody().path("credits").asText())
                .as("the note credits the charge the debt is owed on").isEqualTo(carrier);
        assertThat(debtors()).singleElement().satisfies(debtor -> {
            assertThat(debtor.path("number").asText()).isEqualTo(carrier);
            assertThat(debtor.path("owed").decimalValue()).isEqualByComparingTo("160.00");
        });
        ResponseEntity<JsonNode> tooMuch = post("/api/billing/charges/" + old + "/credit-notes",
                Map.of("lines", List.of(Map.of("position", 1, "amount", "60.01"))));
        assertThat(tooMuch.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    // --- one today ------------------------------------------------------------------------------------------------

    @Test
    void todayIsTheDayInTheAssociationsTimeZone() {
        long ella = member("Ella");
        Association before = register.association();
        try {
            clock.moveTo(Instant.parse("2026-12-01T11:00:00Z"));
            register.updateAssociation(withTimeZone(before, "Pacific/Kiritimati"));
            Map<String, Object> run = Map.of("kind", "TEMPLATE", "memberNumber", ella, "dueDate", "2026-12-01",
                    "lines", List.of(Map.of("text", "Key", "amount", "50")));

            ResponseEntity<JsonNode> onKiritimati = post("/api/billing/runs", run);
            register.updateAssociation(withTimeZone(register.association(), "Europe/Copenhagen"));
            ResponseEntity<JsonNode> inCopenhagen = post("/api/billing/runs", run);

            assertThat(onKiritimati.getStatusCode()).as("it is 2 December there").isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(onKiritimati.getBody().path("detail").asText()).contains("in the past");
            assertThat(inCopenhagen.getStatusCode()).as("noon on 1 December").isEqualTo(HttpStatus.CREATED);
        } finally {
            register.updateAssociation(withTimeZone(register.association(), before.timeZone()));
        }
    }

    // --- generation after a crash ---------------------------------------------------------------------------------

    @Test
    void aGenerationACrashInterruptedIsFinishedByItsJobTriedAgain() {
        List<Long> members = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            members.add(member("Resumed " + i));
        }
        monthlyLine("Dues", "10.00", due);
        long runId = scheduled(due, due);
        jdbc.sql("update duesflow.billing_run set chunk_size = 2 where id = :id").param("id", runId).update();
        crashWhenBilling(members.get(3), () -> generate(runId));
        assertThat(get("/api/billing/runs/" + runId).getBody().path("state").asText()).isEqualTo("GENERATING");

        clock.advance(java.time.Duration.ofMinutes(2));
        jobs.settle(runId);

        JsonNode run = get("/api/billing/runs/" + runId).getBody();
        assertThat(run.path("state").asText()).isEqualTo("GENERATED");
        assertThat(run.path("chargeCount").asInt()).isEqualTo(5);
        assertThat(run.path("chunksDone").asInt()).isEqualTo(run.path("chunksTotal").asInt());
    }

    @Test
    void aSplitGeneratedAChunkAtATimeStillAddsUpToItsTotal() {
        for (int i = 0; i < 7; i++) {
            member("Share " + i);
        }
        line(Map.of("name", "Hall rent", "priceKind", "FORMULA", "formula", "fordeling:1000"));
        long runId = scheduled(due, due);
        jdbc.sql("update duesflow.billing_run set chunk_size = 2 where id = :id").param("id", runId).update();

        JsonNode run = generate(runId).getBody();

        assertThat(run.path("chargeCount").asInt()).isEqualTo(7);
        assertThat(run.path("total").decimalValue()).as("largest remainder over all seven, not per chunk")
                .isEqualByComparingTo("1000.00");
        assertThat(run.path("chunksDone").asInt()).isGreaterThanOrEqualTo(4);
    }

    // --- reads ----------------------------------------------------------------------------------------------------

    @Test
    void theRunsListShowsTheNewestFirstFilteredByStateAndKind() {
        member("Frej");
        monthlyLine("Dues", "10.00", due);
        long approved = approved(scheduled(due, due), Map.of());
        long rejected = scheduled(due.plusMonths(1), due.plusMonths(1));
        generate(rejected);
        post("/api/billing/runs/" + rejected + "/reject", null);

        // Approved, then mailed and collected by its process: SENT.
        List<Long> approvedScheduled = ids(get("/api/billing/runs?state=SENT&kind=SCHEDULED&size=500").getBody());
        List<Long> all = ids(get("/api/billing/runs?size=500").getBody());

        assertThat(approvedScheduled).contains(approved).doesNotContain(rejected);
        assertThat(all.indexOf(rejected)).as("newest first").isLessThan(all.indexOf(approved));
        assertThat(get("/api/billing/runs?state=NOPE").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void theRunsListsSecondPageGoesOnWhereTheFirstEnded() {
        member("Hedda");
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(created(Map.of("kind", "TEMPLATE", "group", group, "dueDate", due.toString(),
                    "lines", List.of(Map.of("text", "Key deposit " + i, "amount", "50")))));
        }

        List<Long> first = ids(get("/api/billing/runs?kind=TEMPLATE&size=2").getBody());
        List<Long> second = ids(get("/api/billing/runs?kind=TEMPLATE&size=2&page=1").getBody());
        ResponseEntity<JsonNode> beforeTheFirst = get("/api/billing/runs?page=-1");

        assertThat(first).containsExactly(created.get(2), created.get(1));
        assertThat(second).hasSizeBetween(1, 2).startsWith(created.get(0)).doesNotContainAnyElementsOf(first);
        assertThat(beforeTheFirst.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(beforeTheFirst.getBody().path("field").asText()).isEqualTo("page");
    }

    @Test
    void aTemplateRunANewMemberRunAndOneScheduledLineArePreviewedBeforeAnythingIsCreated() throws Exception {
        long gorm = member("Gorm");
        long dues = monthlyLine("Dues", "80.00", due);
        monthlyLine("Ball money", "20.00", due);
        long runsBefore = jdbc.sql("select count(*) from duesflow.billing_run").query(Long.class).single();

        JsonNode template = post("/api/billing/runs/preview", Map.of("kind", "TEMPLATE", "group", group,
                "dueDate", due.toString(), "lines", List.of(Map.of("text", "Key deposit", "amount", "50")))).getBody();
        JsonNode newMembers = post("/api/billing/runs/preview", Map.of("kind", "NEW_MEMBERS", "lineIds", List.of(dues),
                "cutOff", due.toString(), "dueDate", due.plusDays(5).toString(), "discountPercent", "50")).getBody();
        JsonNode oneLine = post("/api/billing/simulations", Map.of("from", due.toString(), "to", due.toString(),
                "lineIds", List.of(dues))).getBody();
        HttpHeaders pdf = new HttpHeaders();
        pdf.setAccept(List.of(MediaType.APPLICATION_PDF));
        ResponseEntity<byte[]> printed = http.exchange("/api/billing/runs/preview", HttpMethod.POST,
                new HttpEntity<>(Map.of("kind", "TEMPLATE", "memberNumber", gorm, "dueDate", due.toString(),
                        "lines", List.of(Map.of("text", "Key deposit", "amount", "50"))), pdf), byte[].class);

        assertThat(charge(template, gorm).path("total").decimalValue()).isEqualByComparingTo("50.00");
        assertThat(charge(newMembers, gorm).path("lines").get(0).path("amount").decimalValue())
                .isEqualByComparingTo("40.00");
        assertThat(charge(oneLine, gorm).path("lines")).extracting(l -> l.path("text").asText()).containsExactly("Dues");
        assertThat(printed.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PDF);
        assertThat(new String(printed.getBody(), 0, 5)).isEqualTo("%PDF-");
        assertThat(jdbc.sql("select count(*) from duesflow.billing_run").query(Long.class).single()).isEqualTo(runsBefore);
    }

    // --- the run kinds end to end ---------------------------------------------------------------------------------

    @Test
    void anImmediateRunIsCreatedGeneratedApprovedAndItsInvoicesQueued() {
        long hugo = member("Hugo");
        long line = line(Map.of("name", "Course", "kind", "IMMEDIATE", "priceKind", "FIXED", "price", "250.00"));
        long run = created(Map.of("kind", "IMMEDIATE", "lineIds", List.of(line), "dueDate", due.toString()));

        approved(run, Map.of());

        JsonNode charge = chargeOf(run, hugo);
        assertThat(charge.path("status").asText()).isEqualTo("OPEN");
        assertThat(charge.path("dueDate").asText()).isEqualTo(due.toString());
        assertThat(charge.path("periodEnd").asText()).isEqualTo(due.toString());
        assertThat(jdbc.sql("select count(*) from duesflow.mail_outbox where document_id = :id and kind = 'INVOICE'")
                .param("id", charge.path("id").asLong()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aLineForAllMembersAndOneForMembersWithAnExtraFieldPricedFromThatField() {
        String boat = register.defineExtraField("boat length " + TESTS.incrementAndGet() + " " + System.nanoTime(),
                ExtraFieldType.NUMBER).code();
        long ida = register.register(null, new MemberInput("Ida", null, null, null, null, LocalDate.of(2020, 1, 1), null,
                "da", CollectionMethod.INVOICE, Map.of(boat, "7,5"), List.of(group), null)).memberNumber();
        long jens = member("Jens");
        line(Map.of("name", "Everyone", "who", "ALL", "priceKind", "FIXED", "price", "10.00"));
        line(Map.of("name", "Mooring", "who", "EXTRA_FIELD", "field", boat, "priceKind", "EXTRA_FIELD",
                "priceField", boat, "position", 20));

        JsonNode simulation = post("/api/billing/simulations", Map.of("from", due.toString(), "to", due.toString()))
                .getBody();

        assertThat(charge(simulation, ida).path("lines")).extracting(l -> l.path("text").asText() + " "
                + l.path("amount").decimalValue().stripTrailingZeros().toPlainString()).containsExactly("Everyone 10", "Mooring 7.5");
        assertThat(charge(simulation, jens).path("lines")).extracting(l -> l.path("text").asText())
                .containsExactly("Everyone");
    }

    @ParameterizedTest(name = "{0}: due {1}, {2}, … from {1}")
    @CsvSource({"MONTHLY, 1, 2", "QUARTERLY, 3, 6", "HALF_YEARLY, 6, 12", "YEARLY, 12, 24"})
    void aScheduledLineRecursPastItsFirstDueDateByItsFrequency(String frequency, int second, int third) {
        long kaj = member("Kaj");
        line(Map.of("name", "Dues", "frequency", frequency, "priceKind", "FIXED", "price", "10.00"));

        List<String> dueDates = new ArrayList<>();
        for (int month : List.of(second, third)) {
            LocalDate day = due.plusMonths(month);
            JsonNode simulation = post("/api/billing/simulations", Map.of("from", day.minusDays(3).toString(),
                    "to", day.plusDays(3).toString())).getBody();
            dueDates.add(charge(simulation, kaj).path("dueDate").asText());
        }

        assertThat(dueDates).containsExactly(due.plusMonths(second).toString(), due.plusMonths(third).toString());
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private void crashWhenBilling(long member, Runnable generation) {
        jdbc.sql("""
                create or replace function duesflow.test_crash() returns trigger language plpgsql as $$
                begin
                  if new.member_number = %d then raise exception 'the machine went down'; end if;
                  return new;
                end $$""".formatted(member)).update();
        jdbc.sql("create trigger test_crash before insert on duesflow.charge for each row execute function duesflow.test_crash()")
                .update();
        try {
            generation.run();
        } finally {
            jdbc.sql("drop trigger test_crash on duesflow.charge").update();
            jdbc.sql("drop function duesflow.test_crash()").update();
        }
    }

    private long member(String name) {
        return register.register(null, new MemberInput(name, null, null, null, null, LocalDate.of(2020, 1, 1), null, "da",
                CollectionMethod.INVOICE, null, List.of(group), null)).memberNumber();
    }

    private long line(Map<String, Object> fields) {
        Map<String, Object> line = new HashMap<>(Map.of("kind", "SCHEDULED", "frequency", "MONTHLY", "who", "GROUPS",
                "groups", List.of(group), "position", 10, "firstDueDate", due.toString()));
        if ("IMMEDIATE".equals(fields.get("kind"))) {
            line.remove("frequency");
            line.remove("firstDueDate");
        }
        line.putAll(fields);
        ResponseEntity<JsonNode> created = post("/api/billing/lines", line);
        assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asLong();
    }

    private long monthlyLine(String name, String price, LocalDate firstDue) {
        return line(Map.of("name", name, "firstDueDate", firstDue.toString(), "priceKind", "FIXED", "price", price,
                "position", name.equals("Dues") ? 10 : 20));
    }

    private long scheduled(LocalDate from, LocalDate to) {
        return created(Map.of("kind", "SCHEDULED", "from", from.toString(), "to", to.toString()));
    }

    private long created(Map<String, Object> run) {
        ResponseEntity<JsonNode> created = post("/api/billing/runs", new HashMap<>(run));
        assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asLong();
    }

    private long approved(long runId, Map<String, Object> edits) {
        ResponseEntity<JsonNode> generated = generate(runId);
        assertThat(generated.getStatusCode()).as("%s", generated.getBody()).isEqualTo(HttpStatus.OK);
        ResponseEntity<JsonNode> approved = post("/api/billing/runs/" + runId + "/approve", edits);
        assertThat(approved.getStatusCode()).as("%s", approved.getBody()).isEqualTo(HttpStatus.OK);
        jobs.settle(runId);
        return runId;
    }

    private JsonNode chargeOf(long runId, long member) {
        return charge(get("/api/billing/runs/" + runId + "/charges").getBody(), member);
    }

    /** The member's charge in a list of charges or in a simulation. */
    private static JsonNode charge(JsonNode charges, long member) {
        for (JsonNode charge : charges.has("charges") ? charges.path("charges") : charges) {
            if (charge.path("memberNumber").asLong() == member) {
                return charge;
            }
        }
        throw new AssertionError("No charge for member " + member + " in " + charges);
    }

    private List<JsonNode> debtors() {
        List<JsonNode> debtors = new ArrayList<>();
        get("/api/billing/debtors?group=" + group).getBody().forEach(debtors::add);
        return debtors;
    }

    private List<String> debtorNumbers() {
        return debtors().stream().map(d -> d.path("number").asText()).toList();
    }

    private static List<Long> ids(JsonNode runs) {
        List<Long> ids = new ArrayList<>();
        runs.forEach(run -> ids.add(run.path("id").asLong()));
        return ids;
    }

    private static Association withTimeZone(Association a, String zone) {
        return new Association(a.id(), a.version(), a.name(), a.email(), a.address(), a.currency(), zone, a.languages(),
                a.iban(), a.bic(), a.sepaCreditorId(), a.betalingsserviceCreditor(), a.fiCreditorNumber(),
                a.defaultCollectionMethod(), a.monthlySuspensionFee(), a.receivablesAccount(), a.incomeAccount(),
                a.feeAccount(), a.bankAccount(), a.sepa(), a.createdAt(), a.createdBy(), a.updatedAt(), a.updatedBy());
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
