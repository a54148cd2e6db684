package io.duesflow.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import io.duesflow.TestClock;
import io.duesflow.TestUsers;
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
 * Billing lines and the simulation, through the REST API on a register shared with other tests: every test
 * works in its own year and its own groups, so other members and lines never disturb it.
 */
@ApplicationTest
class BillingRulesTests {

    static final AtomicInteger TESTS = new AtomicInteger();
    /** Near enough to today that ages made from today's date still mean something. */

    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identity;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    BillingRules rules;

    TestRestTemplate http;
    int year;
    @Autowired
    TestClock clock;
    int test;

    @BeforeEach
    void treasurer() {
        http = TestUsers.signedIn(rest, identity, "bodil", Roles.TREASURER);
        year = clock.today().getYear() + 1;
        test = TESTS.incrementAndGet();
        // Scheduled lines recur every year: each test starts with none of the earlier tests' lines active.
        jdbc.sql("update duesflow.billing_line set active = false").update();
    }

    // --- saving lines ---

    @Test
    void aWrongCriteriaExpressionIsRefusedWithItsPositionWhenTheLineIsSaved() {
        ResponseEntity<JsonNode> refused = post("/api/billing/lines", scheduledLine("Quarterly dues", Map.of(
                "who", "CRITERIA", "criteria", "måned(indmeldelsesdato=rul(3)", "priceKind", "FIXED", "price", "100")));
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("field").asText()).isEqualTo("criteria");
        assertThat(refused.getBody().path("detail").asText()).contains("position", "expected");
    }

    @Test
    void aWrongFormulaIsRefusedWithItsPositionWhenTheLineIsSaved() {
        ResponseEntity<JsonNode> refused = post("/api/billing/lines", scheduledLine("Water", Map.of(
                "priceKind", "FORMULA", "formula", "interval:F1:0-1000=x")));
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("field").asText()).isEqualTo("formula");
        assertThat(refused.getBody().path("detail").asText()).contains("position");
    }

    @Test
    void anUnknownGroupOrDecisionIsRefusedNamingIt() {
        ResponseEntity<JsonNode> group = post("/api/billing/lines", scheduledLine("Dues", Map.of(
                "who", "GROUPS", "groups", List.of("Yuoth"), "priceKind", "GROUPS")));
        assertThat(group.getBody().path("field").asText()).isEqualTo("groups");
        assertThat(group.getBody().path("detail").asText()).contains("Yuoth");
        ResponseEntity<JsonNode> decision = post("/api/billing/lines", scheduledLine("Dues", Map.of(
                "priceKind", "DECISION", "decisionKey", "noSuchTable")));
        assertThat(decision.getBody().path("field").asText()).isEqualTo("decisionKey");
    }

    // --- the simulation ---

    @Test
    void aMemberInSeniorAndBallMoneyIsBilledTwoLinesFifteenHundredInAll() {
        String senior = group("Senior", "1000.00", "3010");
        String ballMoney = group("Ball money", "500.00", "3020");
        long number = member("Søren Kierkegaard", "1970-05-05", senior, ballMoney);
        post("/api/billing/lines", scheduledLine("Annual dues", Map.of("who", "GROUPS",
                "groups", List.of(senior, ballMoney), "priceKind", "GROUPS", "invoiceText", "Kontingent")));

        JsonNode charge = charge(simulateYear(), number);

        assertThat(charge.path("lines")).hasSize(2);
        assertThat(charge.path("lines")).extracting(l -> l.path("text").asText())
                .containsExactly("Kontingent – " + ballMoney, "Kontingent – " + senior);
        assertThat(charge.path("lines")).extracting(l -> l.path("ledgerAccount").asText()).containsExactly("3020", "3010");
        assertThat(charge.path("total").decimalValue()).isEqualByComparingTo("1500.00");
    }

    @Test
    void linesDueTheSameDayBecomeOneChargeInPositionOrder() {
        String group = group("Rowers", null, null);
        long number = member("Anna Rask", "1990-01-01", group);
        post("/api/billing/lines", scheduledLine("Boat house", Map.of("position", 20, "who", "GROUPS",
                "groups", List.of(group), "priceKind", "FIXED", "price", "250.00")));
        post("/api/billing/lines", scheduledLine("Dues", Map.of("position", 10, "who", "GROUPS",
                "groups", List.of(group), "priceKind", "FIXED", "price", "800.00")));

        JsonNode simulation = simulateYear();
        JsonNode charge = charge(simulation, number);

        assertThat(charge.path("lines")).extracting(l -> l.path("text").asText()).containsExactly("Dues", "Boat house");
        assertThat(charge.path("total").decimalValue()).isEqualByComparingTo("1050.00");
        assertThat(charges(simulation, number)).as("one charge, not two").hasSize(1);
    }

    @Test
    void distributingOverAGroupSplitsExactlyToTheCent() {
        String group = group("Harbour", null, null);
        long first = member("Bo", "1980-01-01", group);
        long second = member("Cai", "1980-01-01", group);
        long third = member("Dan", "1980-01-01", group);
        post("/api/billing/lines", scheduledLine("Harbour cleaning", Map.of("who", "GROUPS", "groups", List.of(group),
                "priceKind", "FORMULA", "formula", "fordeling:1000")));

        JsonNode simulation = simulateYear();

        assertThat(List.of(first, second, third)).extracting(n -> charge(simulation, n).path("total").decimalValue())
                .containsExactly(new BigDecimal("333.34"), new BigDecimal("333.33"), new BigDecimal("333.33"));
    }

    @Test
    void aValueNoIntervalCoversIsListedAsSkippedNotBilledAsZero() {
        String field = extraField("Water used", "NUMBER");
        String group = group("Allotments", null, null);
        long small = member("Eva", "1980-01-01", group, Map.of(field, "500"));
        long huge = member("Finn", "1980-01-01", group, Map.of(field, "20000"));
        post("/api/billing/lines", scheduledLine("Water", Map.of("who", "GROUPS", "groups", List.of(group),
                "priceKind", "FORMULA", "formula", "interval:" + field + ":0-1000=3,5:1001-2000=3:2001-10000=2,5")));

        JsonNode simulation = simulateYear();

        assertThat(charge(simulation, small).path("total").decimalValue()).isEqualByComparingTo("1750.00");
        assertThat(charges(simulation, huge)).isEmpty();
        assertThat(skipped(simulation, huge)).anySatisfy(reason -> assertThat(reason).contains("20000"));
    }

    /**
     * A simulation prices the register a page of members at a time, as a run's chunks do, so that a million members'
     * never sit in the heap at once: what it adds up is the whole register's, and it lists the first charges.
     */
    @Test
    void aSimulationAddedUpPageByPageIsTheWholeRegistersAndListsItsFirstCharges() {
        String field = extraField("Water read", "NUMBER");
        String group = group("Paged allotments", null, null);
        for (int i = 1; i <= 7; i++) {
            member("Plot " + i, "1980-01-01", group, Map.of(field, i == 3 || i == 6 ? "20000" : String.valueOf(i * 100)));
        }
        post("/api/billing/lines", scheduledLine("Water by the page", Map.of("who", "GROUPS", "groups", List.of(group),
                "priceKind", "FORMULA", "formula", "interval:" + field + ":0-1000=3,5:1001-2000=3:2001-10000=2,5")));
        post("/api/billing/lines", scheduledLine("Plot rent", Map.of("who", "GROUPS", "groups", List.of(group),
                "priceKind", "FIXED", "price", "120.00")));
        BillingRules.Scope scope = rules.scope(new SimulationRequest(LocalDate.of(year, 1, 1),
                LocalDate.of(year, 12, 31), null, null, null));
        int register = jdbc.sql("select count(*) from duesflow.member").query(Integer.class).single();

        Simulation whole = rules.plan(scope.occurrences(), scope.reference(), scope.from(), scope.to(), member -> true,
                null);
        // Two pages, the last three members on the second: the plots are priced on both.
        Simulation paged = rules.simulateInPages(scope, null, register - 3, 5);

        assertThat(whole.chargeCount()).isEqualTo(7);
        assertThat(whole.skipped()).hasSize(2);
        assertThat(paged.chargeCount()).isEqualTo(whole.chargeCount());
        assertThat(paged.memberCount()).isEqualTo(whole.memberCount());
        assertThat(paged.total()).isEqualTo(whole.total());
        assertThat(paged.lines()).containsExactlyElementsOf(whole.lines());
        assertThat(paged.notMailedCount()).isEqualTo(whole.notMailedCount());
        assertThat(paged.charges()).as("the first five listed").containsExactlyElementsOf(whole.charges().subList(0, 5));
        assertThat(paged.skipped()).containsExactlyElementsOf(whole.skipped());
    }

    @Test
    void criteriaSelectByAgeAndRollAndExplainMissingValues() {
        String group = group("Club", null, null);
        long child = member("Gry", clock.today().minusYears(10).toString(), group);
        long adult = member("Hans", "1970-06-01", group);
        long unknownAge = member("Ib", null, group);
        post("/api/billing/lines", scheduledLine("Youth dues", Map.of("who", "CRITERIA",
                "criteria", "alder<18 og i_gruppe(\"" + group + "\")", "priceKind", "FIXED", "price", "300")));

        JsonNode simulation = simulateYear();

        assertThat(charge(simulation, child).path("total").decimalValue()).isEqualByComparingTo("300.00");
        assertThat(charges(simulation, adult)).isEmpty();
        assertThat(charges(simulation, unknownAge)).isEmpty();
        assertThat(skipped(simulation, unknownAge)).isNotEmpty();
    }

    @Test
    void aDirectDebitMemberWithoutMandateIsFlaggedForInvoicing() {
        String group = group("Gym", null, null);
        long number = member("Jens", "1980-01-01", group, Map.of(), "SEPA_DIRECT_DEBIT");
        post("/api/billing/lines", scheduledLine("Gym", Map.of("who", "GROUPS", "groups", List.of(group),
                "priceKind", "FIXED", "price", "99.95")));

        JsonNode charge = charge(simulateYear(), number);

        assertThat(charge.path("invoicedInstead").asBoolean()).isTrue();
        assertThat(charge.path("collectionMethod").asText()).isEqualTo("SEPA_DIRECT_DEBIT");
    }

    @Test
    void aMemberWhoLeftIsNotBilledForAPeriodAfterTheLeaveDate() {
        String group = group("Choir", null, null);
        long left = member("Kim", "1980-01-01", group);
        put("/api/members/" + left, Map.of("name", "Kim", "joinDate", "2000-01-01", "leaveDate", (year - 1) + "-12-31",
                "version", get("/api/members/" + left).path("version").asInt()));
        long stays = member("Lis", "1980-01-01", group);
        post("/api/billing/lines", scheduledLine("Choir", Map.of("who", "GROUPS", "groups", List.of(group),
                "priceKind", "FIXED", "price", "120")));

        JsonNode simulation = simulateYear();

        assertThat(charges(simulation, left)).isEmpty();
        assertThat(skipped(simulation, left)).containsExactly("left on " + (year - 1) + "-12-31, before the period");
        assertThat(charges(simulation, stays)).hasSize(1);
    }

    @Test
    void aSuspendedMemberPaysTheProRatedSuspensionFeeInsteadOfTheSuspendedPart() {
        JsonNode association = get("/api/association");
        Map<String, Object> settings = new com.fasterxml.jackson.databind.ObjectMapper().convertValue(association, Map.class);
        settings.put("monthlySuspensionFee", "30.00");
        put("/api/association", settings);
        String group = group("Rink", null, null);
        long suspended = member("Pia", "1980-01-01", group);
        post("/api/members/" + suspended + "/suspensions", Map.of("startsOn", year + "-03-01", "endsOn", year + "-03-31"));
        post("/api/billing/lines", scheduledLine("Ice time", Map.of("who", "GROUPS", "groups", List.of(group),
                "frequency", "QUARTERLY", "firstDueDate", year + "-01-01", "priceKind", "FIXED", "price", "900.00")));

        JsonNode charge = charge(post("/api/billing/simulations",
                Map.of("from", year + "-01-01", "to", year + "-01-31")).getBody(), suspended);

        // January to March has 90 days (or 91): March, 31 of them, is suspended and pays one month's fee instead.
        int days = LocalDate.of(year, 1, 1).isLeapYear() ? 91 : 90;
        BigDecimal normal = new BigDecimal("900.00").multiply(BigDecimal.valueOf(days - 31))
                .divide(BigDecimal.valueOf(days), 2, java.math.RoundingMode.HALF_EVEN);
        assertThat(charge.path("lines")).extracting(l -> l.path("amount").decimalValue())
                .usingElementComparator(BigDecimal::compareTo).containsExactly(normal, new BigDecimal("30.00"));
        // Pia reads Danish: billing's own line texts are in the member's language.
        assertThat(charge.path("lines").get(1).path("text").asText()).isEqualTo("Gebyr for medlemskab i bero");
        assertThat(charge.path("lines").get(0).path("text").asText()).isEqualTo("Ice time (fradrag for perioden i bero)");
    }

    @Test
    void aDecisionTablePricesByAge() {
        String group = group("Tennis", null, null);
        long child = member("Mia", clock.today().minusYears(12).toString(), group);
        long pensioner = member("Ole", clock.today().minusYears(70).toString(), group);
        post("/api/billing/lines", scheduledLine("Tennis", Map.of("who", "GROUPS", "groups", List.of(group),
                "priceKind", "DECISION", "decisionKey", "membershipFee")));

        JsonNode simulation = simulateYear();

        assertThat(charge(simulation, child).path("total").decimalValue()).isEqualByComparingTo("300.00");
        assertThat(charge(simulation, pensioner).path("total").decimalValue()).isEqualByComparingTo("600.00");
    }

    @Test
    void theSimulationPrintsAsAPdf() throws Exception {
        String group = group("Sailing", "750.00", "3050");
        member("Pernille Ærø", "1980-01-01", group);
        post("/api/billing/lines", scheduledLine("Sailing dues", Map.of("who", "GROUPS", "groups", List.of(group),
                "priceKind", "GROUPS")));
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.APPLICATION_PDF));
        ResponseEntity<byte[]> pdf = http.exchange("/api/billing/simulations", HttpMethod.POST,
                new HttpEntity<>(Map.of("from", year + "-01-01", "to", year + "-12-31"), headers), byte[].class);

        assertThat(pdf.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PDF);
        try (var document = Loader.loadPDF(pdf.getBody())) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("billing simulation", "Pernille Ærø", "Sailing dues – " + group, "750,00");
        }
    }

    // --- helpers ---

    private Map<String, Object> scheduledLine(String name, Map<String, Object> more) {
        Map<String, Object> line = new HashMap<>(Map.of("name", name, "kind", "SCHEDULED", "frequency", "YEARLY",
                "firstDueDate", year + "-03-01"));
        line.putAll(more);
        return line;
    }

    private String group(String name, String price, String account) {
        String unique = name + " " + test;
        Map<String, Object> group = new HashMap<>(Map.of("name", unique));
        if (price != null) {
            group.put("price", price);
            group.put("ledgerAccount", account);
        }
        assertThat(post("/api/groups", group).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return unique;
    }

    private String extraField(String name, String type) {
        return post("/api/extra-fields", Map.of("name", name + " " + test, "type", type)).getBody().path("code").asText();
    }

    private long member(String name, String birthDate, String... groups) {
        return member(name, birthDate, groups.length == 1 ? groups[0] : null, Map.of(), "INVOICE", groups);
    }

    private long member(String name, String birthDate, String group, Map<String, Object> extra) {
        return member(name, birthDate, group, extra, "INVOICE");
    }

    private long member(String name, String birthDate, String group, Map<String, Object> extra, String method,
                        String... groups) {
        Map<String, Object> member = new HashMap<>(Map.of("name", name, "joinDate", "2000-01-01",
                "collectionMethod", method, "extraFields", extra,
                "groups", groups.length > 0 ? List.of(groups) : List.of(group)));
        if (birthDate != null) {
            member.put("birthDate", birthDate);
        }
        ResponseEntity<JsonNode> created = post("/api/members", member);
        assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("memberNumber").asLong();
    }

    private JsonNode simulateYear() {
        ResponseEntity<JsonNode> simulation = post("/api/billing/simulations",
                Map.of("from", year + "-01-01", "to", year + "-12-31"));
        assertThat(simulation.getStatusCode()).as(String.valueOf(simulation.getBody())).isEqualTo(HttpStatus.OK);
        return simulation.getBody();
    }

    private static List<JsonNode> charges(JsonNode simulation, long member) {
        List<JsonNode> found = new ArrayList<>();
        simulation.path("charges").forEach(c -> {
            if (c.path("memberNumber").asLong() == member) {
                found.add(c);
            }
        });
        return found;
    }

    private static JsonNode charge(JsonNode simulation, long member) {
        List<JsonNode> found = charges(simulation, member);
        assertThat(found).as("charges of member " + member).hasSize(1);
        return found.get(0);
    }

    private static List<String> skipped(JsonNode simulation, long member) {
        List<String> reasons = new ArrayList<>();
        simulation.path("skipped").forEach(s -> {
            if (s.path("memberNumber").asLong() == member) {
                reasons.add(s.path("reason").asText());
            }
        });
        return reasons;
    }

    private ResponseEntity<JsonNode> post(String path, Object body) {
        return http.postForEntity(path, body, JsonNode.class);
    }

    private JsonNode get(String path) {
        return http.getForEntity(path, JsonNode.class).getBody();
    }

    private void put(String path, Object body) {
        ResponseEntity<JsonNode> response = http.exchange(path, HttpMethod.PUT, new HttpEntity<>(body), JsonNode.class);
        assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.OK);
    }
}
