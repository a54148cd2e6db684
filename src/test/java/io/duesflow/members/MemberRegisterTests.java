package io.duesflow.members;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.Api;
import io.duesflow.ApplicationTest;
import io.duesflow.TestClock;
import io.duesflow.platform.Roles;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

@ApplicationTest
class MemberRegisterTests extends TreasurerApiTest {

    static final AtomicLong NUMBERS = new AtomicLong();


    String group(String name, String price, String account) {
        if (register.groups().stream().noneMatch(g -> g.name().equals(name))) {
            assertThat(api.post("/api/groups", Map.of("name", name, "price", price, "ledgerAccount", account))
                    .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        }
        return name;
    }

    static void assertProblem(ResponseEntity<JsonNode> response, HttpStatus status, String field, String detailPart) {
        assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(status);
        assertThat(response.getBody().path("field").asText()).isEqualTo(field);
        assertThat(response.getBody().path("detail").asText()).contains(detailPart);
    }

    @Test
    void aGroupPriceMustBeAnAmountAChargeCanHold() {
        assertProblem(api.post("/api/groups", Map.of("name", "Huge", "price", "1000000000000.00", "ledgerAccount", "3000")),
                HttpStatus.BAD_REQUEST, "price", "more than a charge can hold");
        assertProblem(api.post("/api/groups", Map.of("name", "Fraction", "price", "12.345", "ledgerAccount", "3000")),
                HttpStatus.BAD_REQUEST, "price", "more than two decimals");
        assertProblem(api.post("/api/groups", Map.of("name", "Negative", "price", "-1", "ledgerAccount", "3000")),
                HttpStatus.BAD_REQUEST, "price", "no negatives");
        ResponseEntity<JsonNode> trailingZeros = api.post("/api/groups",
                Map.of("name", "Trailing zeros " + NUMBERS.incrementAndGet(), "price", "12.500", "ledgerAccount", "3000"));
        assertThat(trailingZeros.getStatusCode()).as(String.valueOf(trailingZeros.getBody())).isEqualTo(HttpStatus.CREATED);
        assertThat(trailingZeros.getBody().path("price").decimalValue()).isEqualByComparingTo("12.50");
    }

    // --- the association ---

    @Test
    void theTreasurerSetsUpTheAssociationAndBadIdentifiersAreNamed() {
        JsonNode current = api.get("/api/association").getBody();
        Map<String, Object> settings = new HashMap<>(Map.of("name", "Roklubben Øresund", "currency", "DKK",
                "timeZone", "Europe/Copenhagen", "languages", "da,en", "iban", "DK50 0040 0440 1162 43",
                "sepaCreditorId", "DE98ZZZ09999999999", "betalingsserviceCreditor", "12345678",
                "fiCreditorNumber", "87654321", "defaultCollectionMethod", "INVOICE"));
        settings.put("monthlySuspensionFee", "25.00");
        settings.put("version", current.path("version").asInt());

        ResponseEntity<JsonNode> saved = api.put("/api/association", settings);
        assertThat(saved.getStatusCode()).as(String.valueOf(saved.getBody())).isEqualTo(HttpStatus.OK);
        assertThat(saved.getBody().path("iban").asText()).isEqualTo("DK5000400440116243");
        assertThat(saved.getBody().path("updatedBy").asText()).isEqualTo("karen");

        Map<String, Object> stale = new HashMap<>(settings);
        stale.put("name", "Someone else's edit");
        assertProblem(api.put("/api/association", stale), HttpStatus.CONFLICT, "version", "changed this");

        Map<String, Object> wrongCi = new HashMap<>(settings);
        wrongCi.put("version", saved.getBody().path("version").asInt());
        wrongCi.put("sepaCreditorId", "DE97ZZZ09999999999");
        assertProblem(api.put("/api/association", wrongCi), HttpStatus.BAD_REQUEST, "sepaCreditorId", "check digits");

        Map<String, Object> wrongFi = new HashMap<>(wrongCi);
        wrongFi.put("sepaCreditorId", "DE98ZZZ09999999999");
        wrongFi.put("fiCreditorNumber", "1234");
        assertProblem(api.put("/api/association", wrongFi), HttpStatus.BAD_REQUEST, "fiCreditorNumber", "8 digits");

        Map<String, Object> wrongIban = new HashMap<>(wrongFi);
        wrongIban.put("fiCreditorNumber", "87654321");
        wrongIban.put("iban", "DK5100400440116243");
        assertProblem(api.put("/api/association", wrongIban), HttpStatus.BAD_REQUEST, "iban", "check digit");
    }

    // --- members, numbers, versions, history ---

    @Test
    void membersGetTheNextFreeNumberAndATakenNumberIsRefused() {
        long first = registered(member("Ane Ørsted"));
        long explicit = first + 1000;
        assertThat(api.post("/api/members?memberNumber=" + explicit, member("Bo Ålund")).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        JsonNode next = api.post("/api/members", member("Cai Ågård")).getBody();
        assertThat(next.path("memberNumber").asLong()).as("numbers are never reused").isEqualTo(explicit + 1);

        assertProblem(api.post("/api/members?memberNumber=" + explicit, member("Someone Else")),
                HttpStatus.CONFLICT, "memberNumber", "already taken");
    }

    @Test
    void aStaleChangeIsRefusedAndEveryChangeIsRecordedWithWhoAndWhen() {
        long number = registered(member("Carl Dam", "email", "carl@example.dk"));
        JsonNode read = api.get("/api/members/" + number).getBody();
        int version = read.path("version").asInt();

        Map<String, Object> first = member("Carl Dam", "email", "carl.dam@example.dk", "version", version);
        assertThat(api.put("/api/members/" + number, first).getStatusCode()).isEqualTo(HttpStatus.OK);
        Map<String, Object> second = member("Carl Damm", "version", version);
        assertProblem(api.put("/api/members/" + number, second), HttpStatus.CONFLICT, "version", "Reload");

        JsonNode member = api.get("/api/members/" + number).getBody();
        assertThat(member.path("email").asText()).isEqualTo("carl.dam@example.dk");
        assertThat(member.path("updatedBy").asText()).isEqualTo("karen");
        JsonNode history = api.get("/api/members/" + number + "/history").getBody();
        assertThat(history).hasSize(2);
        assertThat(history.get(1).path("changedBy").asText()).isEqualTo("karen");
        assertThat(history.get(1).path("details").asText()).contains("carl.dam@example.dk");
    }

    @Test
    void badMemberDataIsRefusedNamingTheField() {
        assertProblem(api.post("/api/members", member("")), HttpStatus.BAD_REQUEST, "name", "required");
        assertProblem(api.post("/api/members", member("Dan", "email", "dan-at-home")), HttpStatus.BAD_REQUEST, "email", "dan-at-home");
        assertProblem(api.post("/api/members", member("Dan", "language", "de")), HttpStatus.BAD_REQUEST, "language", "de");
        assertProblem(api.post("/api/members", member("Dan", "leaveDate", "2019-01-01")), HttpStatus.BAD_REQUEST,
                "leaveDate", "before the join date");
        assertProblem(api.post("/api/members", member("Dan", "address",
                Map.of("street", "Vestergade", "buildingNumber", "3", "postcode", "8000", "town", "Aarhus", "country", "Denmark"))),
                HttpStatus.BAD_REQUEST, "address.country", "two-letter");
    }

    @Test
    void aSupervisorReadsTheRegisterButChangesNothing() {
        long number = registered(member("Eva Holm"));
        Api supervisor = Api.as(http, identity, "sofie", Roles.SUPERVISOR);
        assertThat(supervisor.get("/api/members/" + number).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(supervisor.post("/api/members", member("Not Allowed")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(supervisor.put("/api/members/" + number + "/collection-method", Map.of("method", "MANUAL"))
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void theRegistersApiIsDescribedByOpenApi() {
        String description = api.text("/v3/api-docs");
        assertThat(description).contains("\"/api/members\"", "\"/api/members/import\"", "\"/api/members/export\"",
                "\"/api/association\"", "\"/api/groups\"", "\"/api/extra-fields\"", "validRowsOnly");
    }

    // --- extra fields ---

    @Test
    void extraFieldsAreDefinedByNameAndTypeAndTakeOnlyValuesOfThatType() {
        String meter = "meter reading " + NUMBERS.incrementAndGet();
        JsonNode field = api.post("/api/extra-fields", Map.of("name", meter, "type", "NUMBER")).getBody();
        String code = field.path("code").asText();
        assertThat(code).matches("F[0-9]+");
        String expiry = "licence expires " + NUMBERS.incrementAndGet();
        api.post("/api/extra-fields", Map.of("name", expiry, "type", "DATE"));

        long number = registered(member("Finn Lund", "extraFields", Map.of(meter, "1234,5", expiry, "31-12-2027")));
        JsonNode extra = api.get("/api/members/" + number).getBody().path("extraFields");
        assertThat(extra.path(meter).decimalValue()).isEqualByComparingTo("1234.5");
        assertThat(extra.path(expiry).asText()).isEqualTo("2027-12-31");

        assertProblem(api.post("/api/members", member("Gro Berg", "extraFields", Map.of(code, "lots"))),
                HttpStatus.BAD_REQUEST, "extraFields." + code, "takes numbers");
        assertProblem(api.post("/api/members", member("Gro Berg", "extraFields", Map.of("F999", "1"))),
                HttpStatus.BAD_REQUEST, "extraFields.F999", "no extra field");
        assertProblem(api.post("/api/extra-fields", Map.of("name", meter, "type", "TEXT")), HttpStatus.CONFLICT, "name", meter);
    }

    // --- groups ---

    @Test
    void aMemberInTwoPricedGroupsBelongsToBothUntilLeavingOne() {
        String senior = group("Senior " + NUMBERS.incrementAndGet(), "1000.00", "3010");
        String ballMoney = group("Ball money " + NUMBERS.incrementAndGet(), "500.00", "3020");
        long number = registered(member("Hans Kro", "groups", List.of(senior)));
        api.post("/api/members/" + number + "/groups", Map.of("group", ballMoney));

        JsonNode groups = api.get("/api/members/" + number).getBody().path("groups");
        assertThat(groups).extracting(g -> g.path("group").asText()).containsExactlyInAnyOrder(senior, ballMoney);
        assertThat(api.get("/api/groups").getBody()).anySatisfy(g -> {
            assertThat(g.path("name").asText()).isEqualTo(senior);
            assertThat(g.path("price").decimalValue()).isEqualByComparingTo("1000");
            assertThat(g.path("ledgerAccount").asText()).isEqualTo("3010");
        });

        api.post("/api/members/" + number + "/groups/leave", Map.of("group", ballMoney, "on", clock.today().toString()));
        JsonNode search = api.get("/api/members?group=" + ballMoney + "&number=" + number).getBody();
        assertThat(search.path("total").asLong()).isZero();
        assertThat(api.get("/api/members?group=" + senior + "&number=" + number).getBody().path("total").asLong()).isOne();

        assertProblem(api.post("/api/members/" + number + "/groups", Map.of("group", "Yuoth")), HttpStatus.BAD_REQUEST,
                "group", "no group called 'Yuoth'");
        assertProblem(api.post("/api/groups", Map.of("name", senior)), HttpStatus.CONFLICT, "name", senior);
    }

    // --- search and status ---

    @Test
    void theRegisterIsSearchedByNameNumberMethodAndStatusAPageAtATime() {
        String family = "Kierkegaard" + NUMBERS.incrementAndGet();
        long active = registered(member("Søren " + family));
        long left = registered(member("Peter " + family, "leaveDate", clock.today().minusDays(1).toString()));
        long suspended = registered(member("Regine " + family, "collectionMethod", "MANUAL"));
        api.post("/api/members/" + suspended + "/suspensions",
                Map.of("startsOn", clock.today().minusDays(10).toString(), "endsOn", clock.today().plusDays(20).toString()));

        JsonNode all = api.get("/api/members?name=" + family.toLowerCase() + "&size=2").getBody();
        assertThat(all.path("total").asLong()).isEqualTo(3);
        assertThat(all.path("content")).hasSize(2);
        assertThat(api.get("/api/members?name=" + family + "&size=2&page=1").getBody().path("content")).hasSize(1);

        assertThat(numbers(api.get("/api/members?name=" + family + "&status=LEFT").getBody())).containsExactly(left);
        assertThat(numbers(api.get("/api/members?name=" + family + "&status=SUSPENDED").getBody())).containsExactly(suspended);
        assertThat(numbers(api.get("/api/members?name=" + family + "&status=ACTIVE").getBody())).containsExactly(active);
        assertThat(numbers(api.get("/api/members?name=" + family + "&method=MANUAL").getBody())).containsExactly(suspended);
        assertThat(numbers(api.get("/api/members?number=" + left).getBody())).containsExactly(left);
        assertThat(api.get("/api/members/" + left).getBody().path("status").asText()).isEqualTo("LEFT");
    }

    private static List<Long> numbers(JsonNode page) {
        return java.util.stream.StreamSupport.stream(page.path("content").spliterator(), false)
                .map(m -> m.path("memberNumber").asLong()).toList();
    }

    // --- collection methods ---

    @Test
    void collectionMethodsChangeForOneMemberOrForAWholeGroupAtOnce() {
        String group = group("Subscribers – monthly " + NUMBERS.incrementAndGet(), "45.00", "3030");
        long first = registered(member("Ida Juhl", "groups", List.of(group)));
        long second = registered(member("Jens Juhl", "groups", List.of(group)));
        long outsider = registered(member("Kim Juhl"));

        JsonNode switched = api.post("/api/members/collection-method", Map.of("method", "CARD", "group", group)).getBody();
        assertThat(switched.path("changed").asInt()).isEqualTo(2);
        assertThat(api.get("/api/members/" + first).getBody().path("collectionMethod").asText()).isEqualTo("CARD");
        assertThat(api.get("/api/members/" + second).getBody().path("collectionMethod").asText()).isEqualTo("CARD");
        assertThat(api.get("/api/members/" + outsider).getBody().path("collectionMethod").asText()).isEqualTo("INVOICE");

        api.put("/api/members/" + first + "/collection-method", Map.of("method", "MANUAL"));
        assertThat(api.get("/api/members/" + first).getBody().path("collectionMethod").asText()).isEqualTo("MANUAL");
    }

    @Test
    void whenAMemberWasRegisteredAndChangedIsRecordedOnTheHousesClock() {
        clock.moveTo(LocalDate.of(2027, 3, 1));
        String group = group("Stamped " + NUMBERS.incrementAndGet(), "45.00", "3030");
        long member = registered(member("Tove Tid", "groups", List.of(group)));
        api.post("/api/members/collection-method", Map.of("method", "CARD", "group", group));

        Map<String, Object> stamps = jdbc.sql("select created_at, updated_at from duesflow.member where member_number = :n")
                .param("n", member).query().singleRow();
        assertThat(stamps.values()).allSatisfy(stamp -> assertThat(((Timestamp) stamp).toInstant()
                .atZone(ZoneId.of("Europe/Copenhagen")).toLocalDate()).isEqualTo(LocalDate.of(2027, 3, 1)));
    }

    @Test
    void newMembersGetTheAssociationsDefaultCollectionMethod() {
        Association association = register.association();
        try {
            register.updateAssociation(withDefaultMethod(association, CollectionMethod.MANUAL));
            JsonNode created = api.post("/api/members", member("Lis Mo")).getBody();
            assertThat(created.path("collectionMethod").asText()).isEqualTo("MANUAL");
        } finally {
            register.updateAssociation(withDefaultMethod(register.association(), association.defaultCollectionMethod()));
        }
    }

    private static Association withDefaultMethod(Association a, CollectionMethod method) {
        return new Association(a.id(), a.version(), a.name(), a.email(), a.address(), a.currency(), a.timeZone(), a.languages(), a.iban(), a.bic(),
                a.sepaCreditorId(), a.betalingsserviceCreditor(), a.fiCreditorNumber(), method, a.monthlySuspensionFee(),
                a.receivablesAccount(), a.incomeAccount(), a.feeAccount(), a.bankAccount(), a.sepa(), a.createdAt(), a.createdBy(),
                a.updatedAt(), a.updatedBy());
    }

    // --- mandates ---

    @Test
    void aDirectDebitMemberWithoutAMandateIsListedUntilTheMandateIsThere() {
        long number = registered(member("Mads Vig", "collectionMethod", "SEPA_DIRECT_DEBIT"));
        assertThat(api.get("/api/members/" + number).getBody().path("validMandate").asBoolean()).isFalse();
        assertThat(api.get("/api/members/without-valid-mandate").getBody())
                .anyMatch(m -> m.path("memberNumber").asLong() == number);

        assertProblem(api.post("/api/members/" + number + "/sepa-mandates", Map.of("mandateId", "M-" + number,
                "iban", "NL92ABNA0417164300", "signedOn", "2024-05-01")), HttpStatus.BAD_REQUEST, "iban", "check digit");

        api.post("/api/members/" + number + "/sepa-mandates", Map.of("mandateId", "M-" + number,
                "iban", "NL91 ABNA 0417 1643 00", "bic", "ABNANL2A", "signedOn", "2024-05-01"));
        JsonNode member = api.get("/api/members/" + number).getBody();
        assertThat(member.path("validMandate").asBoolean()).isTrue();
        assertThat(member.path("sepaMandates").get(0).path("iban").asText()).isEqualTo("NL91ABNA0417164300");
        assertThat(member.path("sepaMandates").get(0).path("firstCollectionDone").asBoolean()).isFalse();
        assertThat(api.get("/api/members/without-valid-mandate").getBody())
                .noneMatch(m -> m.path("memberNumber").asLong() == number);

        api.delete("/api/members/" + number + "/sepa-mandates/M-" + number);
        assertThat(api.get("/api/members/" + number).getBody().path("validMandate").asBoolean()).isFalse();
    }

    @Test
    void anAmendedIbanKeepsTheOriginalForTheNextCollection() {
        long number = registered(member("Nina Bak", "collectionMethod", "SEPA_DIRECT_DEBIT"));
        signedMandate(number, "AM-" + number, "NL91ABNA0417164300", "2023-01-10");

        api.put("/api/members/" + number + "/sepa-mandates/AM-" + number, Map.of("iban", "DE89370400440532013000"));
        api.put("/api/members/" + number + "/sepa-mandates/AM-" + number, Map.of("iban", "DK5000400440116243"));

        JsonNode mandate = api.get("/api/members/" + number).getBody().path("sepaMandates").get(0);
        assertThat(mandate.path("iban").asText()).isEqualTo("DK5000400440116243");
        assertThat(mandate.path("originalIban").asText()).as("the bank last knew this one").isEqualTo("NL91ABNA0417164300");
        assertThat(mandate.path("amendedOn").asText()).isEqualTo(clock.today().toString());

        long other = registered(member("Ole Bak"));
        assertProblem(api.post("/api/members/" + other + "/sepa-mandates", Map.of("mandateId", "AM-" + number,
                "iban", "NL91ABNA0417164300", "signedOn", "2023-01-10")), HttpStatus.CONFLICT, "mandateId", "another member");
    }

    @Test
    void aBetalingsserviceMemberNeedsAnActiveAgreement() {
        long number = registered(member("Pia Friis", "collectionMethod", "BETALINGSSERVICE"));
        assertThat(api.get("/api/members/" + number).getBody().path("validMandate").asBoolean()).isFalse();
        api.post("/api/members/" + number + "/betalingsservice-agreements", Map.of("agreementNumber", "77" + number));
        assertThat(api.get("/api/members/" + number).getBody().path("validMandate").asBoolean()).isTrue();
        assertProblem(api.post("/api/members/" + number + "/betalingsservice-agreements", Map.of("agreementNumber", "12-34")),
                HttpStatus.BAD_REQUEST, "agreementNumber", "digits");
    }

    // --- suspensions ---

    @Test
    void suspensionsMayNotOverlap() {
        long number = registered(member("Rasmus Lind"));
        assertThat(api.post("/api/members/" + number + "/suspensions",
                Map.of("startsOn", "2026-01-01", "endsOn", "2026-03-31")).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertProblem(api.post("/api/members/" + number + "/suspensions", Map.of("startsOn", "2026-03-31", "endsOn", "2026-05-31")),
                HttpStatus.CONFLICT, "startsOn", "overlaps");
        assertProblem(api.post("/api/members/" + number + "/suspensions", Map.of("startsOn", "2026-07-01", "endsOn", "2026-06-01")),
                HttpStatus.BAD_REQUEST, "endsOn", "before it starts");
        assertThat(api.post("/api/members/" + number + "/suspensions",
                Map.of("startsOn", "2026-04-01", "endsOn", "2026-04-30")).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(api.get("/api/members/" + number).getBody().path("suspensions")).hasSize(2);
    }
}
