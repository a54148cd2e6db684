package io.duesflow.members;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The member field rules hold the same for a member typed into the register and a member read from a CSV file:
 * the same refusals, the same defaults, and every problem named at once.
 */
@ApplicationTest
class MemberRulesTests extends TreasurerApiTest {

    @Autowired
    Clock clock;

    @Test
    void theRegisterNamesEveryWrongFieldAtOnceAsTheImportNamesEveryWrongCell() {
        String nextYear = LocalDate.now(clock).plusYears(1).toString();
        Map<String, Object> member = member("Dan Dahl", "email", "dan-at-home", "language", "de", "birthDate", nextYear,
                "address", Map.of("town", "Aarhus", "country", "Denmark"));

        ResponseEntity<JsonNode> refused = api.post("/api/members", member);

        assertThat(refused.getStatusCode()).as(String.valueOf(refused.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fields(refused.getBody().path("errors")))
                .containsExactly("email", "address.country", "birthDate", "language");
        assertThat(refused.getBody().path("field").asText()).as("the first, as before").isEqualTo("email");
        assertThat(refused.getBody().path("detail").asText()).contains("dan-at-home", "Denmark", nextYear, "de");

        long number = unusedNumber();
        ResponseEntity<JsonNode> report = api.importCsv(("member_number;name;email;town;country;birth_date;join_date;language\n"
                + number + ";Dan Dahl;dan-at-home;Aarhus;Denmark;" + nextYear + ";2020-03-15;de\n")
                .getBytes(StandardCharsets.UTF_8), false);
        assertThat(report.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(fields(report.getBody().path("errors"), "column"))
                .containsExactly("email", "country", "birth_date", "language");
        assertThat(reasons(report.getBody())).containsExactlyElementsOf(reasons(refused.getBody()));
    }

    @Test
    void aLeaveDateBeforeTheStoredJoinDateIsRefusedByTheImportAsByTheRegister() {
        long number = registered(member("Eli Eng", "joinDate", "2020-03-15"));
        JsonNode read = api.get("/api/members/" + number).getBody();
        ResponseEntity<JsonNode> typed = api.put("/api/members/" + number, member("Eli Eng", "joinDate", "2020-03-15",
                "leaveDate", "2019-12-31", "version", read.path("version").asInt()));
        assertThat(typed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(typed.getBody().path("field").asText()).isEqualTo("leaveDate");

        ResponseEntity<JsonNode> imported = api.importCsv(("member_number;leave_date\n" + number + ";2019-12-31\n")
                .getBytes(StandardCharsets.UTF_8), false);

        assertThat(imported.getStatusCode()).as(String.valueOf(imported.getBody())).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        JsonNode problem = imported.getBody().path("errors").get(0);
        assertThat(problem.path("row").asInt()).isEqualTo(2);
        assertThat(problem.path("column").asText()).isEqualTo("leave_date");
        assertThat(problem.path("reason").asText()).isEqualTo(typed.getBody().path("errors").get(0).path("message").asText())
                .contains("2020-03-15");
        assertThat(api.get("/api/members/" + number).getBody().has("leaveDate")).isFalse();
    }

    @Test
    void aJoinDateAfterTheStoredLeaveDateIsRefusedByTheImport() {
        long number = registered(member("Finn Falk", "joinDate", "2020-03-15", "leaveDate", "2024-06-30"));

        ResponseEntity<JsonNode> imported = api.importCsv(("member_number;join_date\n" + number + ";2025-01-01\n")
                .getBytes(StandardCharsets.UTF_8), false);

        assertThat(imported.getStatusCode()).as(String.valueOf(imported.getBody())).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(fields(imported.getBody().path("errors"), "column")).containsExactly("leave_date");
        assertThat(api.get("/api/members/" + number).getBody().path("joinDate").asText()).isEqualTo("2020-03-15");
    }

    @Test
    void aMemberWithoutALanguageGetsTheAssociationsFirstLanguageFromTheRegisterAsFromTheImport() {
        Association before = register.association();
        try {
            register.updateAssociation(withLanguages(before, "en,da"));
            Map<String, Object> typed = member("Gry Gram");
            typed.remove("language");
            long fromRegister = registered(typed);
            long fromImport = unusedNumber();
            assertThat(api.importCsv(("member_number;name;join_date\n" + fromImport + ";Gro Gram;2020-03-15\n")
                    .getBytes(StandardCharsets.UTF_8), false).getStatusCode()).isEqualTo(HttpStatus.OK);

            assertThat(api.get("/api/members/" + fromImport).getBody().path("language").asText()).isEqualTo("en");
            assertThat(api.get("/api/members/" + fromRegister).getBody().path("language").asText()).isEqualTo("en");
        } finally {
            register.updateAssociation(withLanguages(register.association(), before.languages()));
        }
    }

    @Test
    void anEmptyLanguageOrCountryIsNoneInTheRegisterAsAnEmptyCellIsInTheImport() {
        long fromRegister = registered(member("Hal Holm", "language", "", "address", Map.of("town", "Odense", "country", "")));
        long fromImport = unusedNumber();
        assertThat(api.importCsv(("member_number;name;join_date;language;town;country\n" + fromImport
                + ";Hel Holm;2020-03-15;;Odense;\n").getBytes(StandardCharsets.UTF_8), false).getStatusCode())
                .isEqualTo(HttpStatus.OK);

        JsonNode typed = api.get("/api/members/" + fromRegister).getBody();
        JsonNode imported = api.get("/api/members/" + fromImport).getBody();
        assertThat(typed.path("language").asText()).isEqualTo(imported.path("language").asText())
                .isEqualTo(register.association().languages().split(",")[0]);
        assertThat(typed.path("address").has("country")).isFalse();
        assertThat(imported.path("address").has("country")).isFalse();
    }

    @Test
    void aChangeWithoutTheVersionReadIsRefusedNamingTheVersion() {
        long number = registered(member("Ivo Isak"));

        ResponseEntity<JsonNode> refused = api.put("/api/members/" + number, member("Ivo Isaksen"));

        assertThat(refused.getStatusCode()).as(String.valueOf(refused.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("field").asText()).isEqualTo("version");
        assertThat(api.get("/api/members/" + number).getBody().path("name").asText()).isEqualTo("Ivo Isak");
    }

    // --- helpers ---

    private static List<String> fields(JsonNode errors) {
        return fields(errors, "field");
    }

    private static List<String> fields(JsonNode errors, String name) {
        return StreamSupport.stream(errors.spliterator(), false).map(e -> e.path(name).asText()).toList();
    }

    /** The reasons, from a problem detail's errors or an import report's. */
    private static List<String> reasons(JsonNode body) {
        return StreamSupport.stream(body.path("errors").spliterator(), false)
                .map(e -> e.has("reason") ? e.path("reason").asText() : e.path("message").asText()).toList();
    }

    private static Association withLanguages(Association a, String languages) {
        return new Association(a.id(), a.version(), a.name(), a.email(), a.address(), a.currency(), a.timeZone(),
                languages, a.iban(), a.bic(), a.sepaCreditorId(), a.betalingsserviceCreditor(), a.fiCreditorNumber(),
                a.defaultCollectionMethod(), a.monthlySuspensionFee(), a.receivablesAccount(), a.incomeAccount(),
                a.feeAccount(), a.bankAccount(), a.sepa(), a.createdAt(), a.createdBy(), a.updatedAt(), a.updatedBy());
    }
}
