package io.duesflow.members;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import io.duesflow.platform.InvalidInput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** {@code PUT /api/association} as a treasurer uses it: send what changes, keep the rest. */
@ApplicationTest
class AssociationSettingsTests extends TreasurerApiTest {


    Association before;

    @BeforeEach
    void remember() {
        before = register.association();
    }

    @AfterEach
    void restore() {
        Association now = register.association();
        register.updateAssociation(new Association(now.id(), now.version(), before.name(), before.email(),
                before.address(), before.currency(), before.timeZone(), before.languages(), before.iban(), before.bic(),
                before.sepaCreditorId(), before.betalingsserviceCreditor(), before.fiCreditorNumber(),
                before.defaultCollectionMethod(), before.monthlySuspensionFee(), before.receivablesAccount(),
                before.incomeAccount(), before.feeAccount(), before.bankAccount(), before.sepa(), null, null, null, null));
    }

    @Test
    void aPartialUpdateChangesWhatIsSentAndKeepsEverythingElse() {
        JsonNode stored = api.get("/api/association").getBody();

        ResponseEntity<JsonNode> saved = api.put("/api/association",
                Map.of("name", "Roklubben Øresund", "version", stored.path("version").asInt()));

        assertThat(saved.getStatusCode()).as(String.valueOf(saved.getBody())).isEqualTo(HttpStatus.OK);
        JsonNode now = api.get("/api/association").getBody();
        assertThat(now.path("name").asText()).isEqualTo("Roklubben Øresund");
        for (String kept : List.of("currency", "timeZone", "languages", "defaultCollectionMethod", "monthlySuspensionFee",
                "receivablesAccount", "incomeAccount", "feeAccount", "bankAccount", "sepa")) {
            assertThat(now.path(kept)).as(kept).isEqualTo(stored.path(kept));
        }
    }

    @Test
    void aPartialSepaBlockChangesOnlyTheSettingsItNames() {
        JsonNode stored = api.get("/api/association").getBody();

        ResponseEntity<JsonNode> saved = api.put("/api/association",
                Map.of("sepa", Map.of("leadDays", 3), "version", stored.path("version").asInt()));

        assertThat(saved.getStatusCode()).as(String.valueOf(saved.getBody())).isEqualTo(HttpStatus.OK);
        JsonNode sepa = api.get("/api/association").getBody().path("sepa");
        assertThat(sepa.path("leadDays").asInt()).isEqualTo(3);
        assertThat(sepa.path("pain008Version").asText()).isEqualTo(stored.path("sepa").path("pain008Version").asText());
        assertThat(sepa.path("batchBooking")).isEqualTo(stored.path("sepa").path("batchBooking"));
    }

    @Test
    void anEmptyValueClearsAnOptionalFieldAndNamesARequiredOne() {
        int version = api.get("/api/association").getBody().path("version").asInt();
        Map<String, Object> cleared = new HashMap<>(Map.of("email", "kasserer@roklub.dk", "version", version));
        assertThat(api.put("/api/association", cleared).getStatusCode()).isEqualTo(HttpStatus.OK);

        Map<String, Object> emptied = new HashMap<>(Map.of("email", "", "version", version + 1));
        assertThat(api.put("/api/association", emptied).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(api.get("/api/association").getBody().has("email")).isFalse();

        String required = """
                {"name": " ", "currency": "", "timeZone": "", "languages": null, "version": %d}""".formatted(version + 2);
        ResponseEntity<JsonNode> refused = api.put("/api/association", json(required));
        assertThat(refused.getStatusCode()).as(String.valueOf(refused.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fields(refused.getBody())).containsExactly("name", "currency", "timeZone", "languages");
    }

    @Test
    void anUpdateWithoutTheVersionReadIsRefusedNamingIt() {
        ResponseEntity<JsonNode> refused = api.put("/api/association", Map.of("name", "Someone's edit"));

        assertThat(refused.getStatusCode()).as(String.valueOf(refused.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("field").asText()).isEqualTo("version");
        assertThat(register.association().name()).isEqualTo(before.name());
    }

    @Test
    void aValueOfTheWrongKindIsNamed() {
        int version = api.get("/api/association").getBody().path("version").asInt();

        ResponseEntity<JsonNode> refused = api.put("/api/association",
                Map.of("sepa", Map.of("leadDays", "three"), "version", version));

        assertThat(refused.getStatusCode()).as(String.valueOf(refused.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("field").asText()).isEqualTo("sepa.leadDays");
    }

    @Test
    void theFrontDoorNamesEveryMissingRequiredSettingInsteadOfFailing() {
        Association a = register.association();
        Association empty = new Association(a.id(), a.version(), null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> register.updateAssociation(empty))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
                        .extracting(InvalidInput.Problem::field)
                        .containsExactly("name", "currency", "timeZone", "languages"));
    }

    /** A body as written, so that a null is sent as null. */
    private static HttpEntity<String> json(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }

    private static List<String> fields(JsonNode problem) {
        return StreamSupport.stream(problem.path("errors").spliterator(), false).map(e -> e.path("field").asText()).toList();
    }
}
