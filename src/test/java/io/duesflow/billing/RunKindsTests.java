package io.duesflow.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import io.duesflow.RunJobs;
import io.duesflow.TestClock;
import io.duesflow.TestUsers;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberInput;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.Roles;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
 * New-member runs, charge templates for one member or a whole group, and the debtor list as a PDF, the way a
 * treasurer's screen calls them: over REST. Every test has its own group, so other tests' members never count.
 */
@ApplicationTest
class RunKindsTests {

    static final AtomicInteger TESTS = new AtomicInteger();

    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identity;
    @Autowired
    MemberRegister register;
    @Autowired
    BillingRules rules;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RunJobs jobs;

    @Autowired
    TestClock clock;

    TestRestTemplate http;
    String group;
    LocalDate DUE;

    @BeforeEach
    void treasurerWithAGroupOfTheirOwn() {
        http = TestUsers.signedIn(rest, identity, "jytte", Roles.TREASURER);
        DUE = clock.today().plusMonths(2).withDayOfMonth(1);
        jdbc.sql("update duesflow.billing_line set active = false").update();
        group = "Kinds group " + TESTS.incrementAndGet() + " " + System.nanoTime();
        register.createGroup(group, null, null);
    }

    @Test
    void aNewMemberRunBillsOnlyThoseWithoutAChargeSinceTheCutOffWithTheirDiscount() {
        long early = member("Asger");
        long dues = line("Dues", "SCHEDULED", "800.00");
        approve(created(Map.of("kind", "SCHEDULED", "from", DUE.toString(), "to", DUE.toString())));
        long late = member("Birte");

        JsonNode run = created(Map.of("kind", "NEW_MEMBERS", "lineIds", List.of(dues), "cutOff", DUE.minusDays(1).toString(),
                "dueDate", DUE.plusMonths(1).toString(), "discountPercent", "25"));
        JsonNode generated = generate(run.path("id").asLong()).getBody();

        assertThat(generated.path("kind").asText()).isEqualTo("NEW_MEMBERS");
        JsonNode charges = get("/api/billing/runs/" + run.path("id").asLong() + "/charges").getBody();
        assertThat(charges).extracting(c -> c.path("memberNumber").asLong()).containsExactly(late).doesNotContain(early);
        JsonNode line = charges.get(0).path("lines").get(0);
        assertThat(line.path("amount").decimalValue()).isEqualByComparingTo("600.00");
        assertThat(line.path("text").asText()).as("in the member's language").isEqualTo("Dues (25 % rabat)");
        assertThat(generated.path("total").decimalValue()).isEqualByComparingTo("600.00");
    }

    @Test
    void aDiscountOutsideNoughtToAHundredOrADueDateInThePastIsRefusedAndNoRunIsCreated() {
        long dues = line("Dues", "SCHEDULED", "800.00");
        long runsBefore = runCount();

        ResponseEntity<JsonNode> discount = post("/api/billing/runs", Map.of("kind", "NEW_MEMBERS", "lineIds", List.of(dues),
                "cutOff", DUE.toString(), "dueDate", DUE.toString(), "discountPercent", "120"));
        ResponseEntity<JsonNode> past = post("/api/billing/runs", Map.of("kind", "TEMPLATE", "group", group,
                "lines", List.of(Map.of("text", "Key", "amount", "50")), "dueDate", clock.today().minusDays(1).toString()));

        assertThat(discount.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(discount.getBody().path("field").asText()).isEqualTo("discountPercent");
        assertThat(discount.getBody().path("detail").asText()).contains("0 to 100", "120");
        assertThat(past.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(past.getBody().path("field").asText()).isEqualTo("dueDate");
        assertThat(runCount()).isEqualTo(runsBefore);
    }

    @Test
    void aTemplateBillsAWholeGroupAndKeepsItsLinesWhenTheTemplateChangesLater() {
        long anna = member("Anna");
        long bo = member("Bo");
        JsonNode template = post("/api/billing/templates", Map.of("name", "Season start " + group, "lines", List.of(
                Map.of("text", "Course fee", "amount", "450.00", "ledgerAccount", "3100"),
                Map.of("text", "Material", "amount", "75.50")))).getBody();
        long runId = created(Map.of("kind", "TEMPLATE", "templateId", template.path("id").asLong(), "group", group,
                "dueDate", DUE.toString(), "message", "See you on the water")).path("id").asLong();

        put("/api/billing/templates/" + template.path("id").asLong(), Map.of("name", "Season start " + group,
                "lines", List.of(Map.of("text", "Course fee", "amount", "999.00"))));
        generate(runId);
        JsonNode approved = approve(runId);

        assertThat(approved.path("state").asText()).isEqualTo("APPROVED");
        assertThat(approved.path("total").decimalValue()).isEqualByComparingTo("1051.00");
        JsonNode charges = get("/api/billing/runs/" + runId + "/charges").getBody();
        assertThat(charges).extracting(c -> c.path("memberNumber").asLong()).containsExactlyInAnyOrder(anna, bo);
        for (JsonNode charge : charges) {
            assertThat(charge.path("lines")).extracting(l -> l.path("text").asText()).containsExactly("Course fee", "Material");
            assertThat(charge.path("lines").get(0).path("ledgerAccount").asText()).isEqualTo("3100");
            assertThat(charge.path("lines").get(1).path("ledgerAccount").asText())
                    .isEqualTo(register.association().incomeAccount());
            assertThat(charge.path("message").asText()).isEqualTo("See you on the water");
            assertThat(charge.path("number").asText()).isNotBlank();
        }
    }

    @Test
    void aSingleChargeGoesToOneMemberOnly() {
        long anna = member("Anna");
        member("Bo");

        long runId = created(Map.of("kind", "TEMPLATE", "memberNumber", anna, "dueDate", DUE.toString(),
                "lines", List.of(Map.of("text", "Lost key", "amount", "150")))).path("id").asLong();
        JsonNode generated = generate(runId).getBody();

        assertThat(generated.path("name").asText()).isEqualTo("Lost key for member " + anna);
        assertThat(generated.path("chargeCount").asInt()).isEqualTo(1);
        assertThat(get("/api/billing/runs/" + runId + "/charges").getBody().get(0).path("memberNumber").asLong())
                .isEqualTo(anna);
    }

    @Test
    void aTemplateLineWithoutAnAmountIsRefusedNamingTheLine() {
        ResponseEntity<JsonNode> refused = post("/api/billing/templates", Map.of("name", "Broken " + group, "lines",
                List.of(Map.of("text", "Course fee", "amount", "450.00"), Map.of("text", "Material", "amount", "-1"))));

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("field").asText()).isEqualTo("lines[1].amount");
        assertThat(refused.getBody().path("detail").asText()).contains("Line 2 (Material)");
    }

    @Test
    void anApprovedRunCannotBeApprovedAgainWithOtherEdits() {
        member("Cai");
        long runId = created(Map.of("kind", "TEMPLATE", "group", group, "dueDate", DUE.toString(),
                "lines", List.of(Map.of("text", "Key deposit", "amount", "100")))).path("id").asLong();
        generate(runId);
        approve(runId);

        ResponseEntity<JsonNode> again = post("/api/billing/runs/" + runId + "/approve", Map.of("name", "Renamed",
                "feeText", "Fee", "feeAmount", "10", "feeAccount", "3900"));

        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getBody().path("detail").asText()).contains("Run " + runId, "not possible to approve it");
        JsonNode run = get("/api/billing/runs/" + runId).getBody();
        assertThat(run.path("name").asText()).isNotEqualTo("Renamed");
        assertThat(run.path("total").decimalValue()).isEqualByComparingTo("100.00");
    }

    @Test
    void theDebtorListPrintsAsAPdfFilteredByGroup() throws Exception {
        long anna = member("Anna Ærø");
        long runId = created(Map.of("kind", "TEMPLATE", "group", group, "dueDate", DUE.toString(),
                "lines", List.of(Map.of("text", "Boat fee", "amount", "1234.50")))).path("id").asLong();
        generate(runId);
        approve(runId);

        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.APPLICATION_PDF));
        ResponseEntity<byte[]> pdf = http.exchange("/api/billing/debtors?group={group}", HttpMethod.GET,
                new HttpEntity<>(headers), byte[].class, group);
        String csv = http.exchange("/api/billing/debtors?group={group}", HttpMethod.GET,
                new HttpEntity<>(accept("text/csv")), String.class, group).getBody();

        assertThat(pdf.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PDF);
        try (var document = Loader.loadPDF(pdf.getBody())) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("debtors", "group " + group, anna + " Anna Ærø", "1.234,50", "1 charges owed");
        }
        assertThat(csv.lines()).hasSize(2);
        assertThat(csv).contains(anna + ";Anna Ærø");
        ResponseEntity<JsonNode> unknown = get("/api/billing/debtors?group=No such group");
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(unknown.getBody().path("field").asText()).isEqualTo("group");
    }

    @Test
    void billingIsDescribedByOpenApi() {
        String description = http.getForObject("/v3/api-docs", String.class);
        assertThat(description).contains("\"/api/billing/runs\"", "\"/api/billing/runs/{id}/approve\"",
                "\"/api/billing/templates\"", "\"/api/billing/charges/{number}/credit-notes\"",
                "\"/api/billing/debtors\"", "\"/api/billing/simulations\"", "discountPercent", "NEW_MEMBERS");
    }

    // --- helpers ---

    private long member(String name) {
        return register.register(null, new MemberInput(name, null, null, null, null, LocalDate.of(2020, 1, 1), null, "da",
                CollectionMethod.INVOICE, null, List.of(group), null)).memberNumber();
    }

    private long line(String name, String kind, String price) {
        return rules.create(new BillingLineInput(name, 10, BillingLine.Kind.valueOf(kind),
                kind.equals("SCHEDULED") ? BillingLine.Frequency.YEARLY : null, kind.equals("SCHEDULED") ? DUE : null,
                null, "3000", true, BillingLine.Who.GROUPS, List.of(group), null, null, null,
                BillingLine.PriceKind.FIXED, new BigDecimal(price), null, null, null, null)).id();
    }

    private JsonNode created(Map<String, Object> run) {
        ResponseEntity<JsonNode> created = post("/api/billing/runs", new HashMap<>(run));
        assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.CREATED);
        return created.getBody();
    }


    private JsonNode approve(JsonNode run) {
        generate(run.path("id").asLong());
        return approve(run.path("id").asLong());
    }

    private JsonNode approve(long runId) {
        ResponseEntity<JsonNode> approved = post("/api/billing/runs/" + runId + "/approve", null);
        assertThat(approved.getStatusCode()).as("%s", approved.getBody()).isEqualTo(HttpStatus.OK);
        jobs.settle(runId);
        return approved.getBody();
    }

    private long runCount() {
        return jdbc.sql("select count(*) from duesflow.billing_run").query(Long.class).single();
    }

    private static HttpHeaders accept(String type) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.parseMediaType(type)));
        return headers;
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

    private ResponseEntity<JsonNode> put(String path, Object body) {
        return http.exchange(path, HttpMethod.PUT, new HttpEntity<>(body), JsonNode.class);
    }
}
