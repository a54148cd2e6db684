package io.duesflow.members;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** A member's history reads as field changes, whether the member was typed in or imported. */
@ApplicationTest
class MemberHistoryTests extends TreasurerApiTest {

    static final AtomicLong NUMBERS = new AtomicLong();

    @Autowired
    Clock clock;

    @Test
    void anImportThatChangesOneMembersEmailAndCreatesAnotherNamesTheFieldsInBothHistories() {
        long known = unusedNumber();
        imported("member_number;name;email;join_date\n" + known + ";Ane Aagaard;ane@example.dk;2020-03-15\n");
        long newcomer = unusedNumber();

        JsonNode report = imported("member_number;name;email;join_date\n"
                + known + ";Ane Aagaard;ane.aagaard@example.dk;2020-03-15\n"
                + newcomer + ";Bo Bech;bo@example.dk;2026-11-01\n");

        assertThat(report.path("updated").asInt()).isEqualTo(1);
        JsonNode change = last(history(known));
        assertThat(change.path("action").asText()).isEqualTo("changed (import " + report.path("importId").asLong() + ")");
        assertThat(change.path("details").asText()).isEqualTo("email: ane@example.dk → ane.aagaard@example.dk");
        assertThat(change.path("changedBy").asText()).isEqualTo("karen");
        JsonNode registration = last(history(newcomer));
        assertThat(registration.path("action").asText()).isEqualTo("registered (import " + report.path("importId").asLong() + ")");
        assertThat(registration.path("details").asText())
                .contains("name: Bo Bech", "email: bo@example.dk", "join date: 2026-11-01");
    }

    @Test
    void anImportThatChangesNothingAddsNothingToTheHistory() {
        long number = unusedNumber();
        String csv = "member_number;name;email;join_date\n" + number + ";Cai Cold;cai@example.dk;2020-03-15\n";
        imported(csv);

        imported(csv);

        assertThat(history(number)).hasSize(1);
    }

    @Test
    void groupsJoinedAndLeftAndAMandateAmendedByImportAreInTheHistory() {
        String a = group("History A"), b = group("History B"), c = group("History C");
        long number = unusedNumber();
        String header = "member_number;name;join_date;collection_method;groups;sepa_mandate_id;iban;mandate_signed_on\n";
        imported(header + number + ";Dea Dam;2020-03-15;SEPA_DIRECT_DEBIT;" + a + "|" + b + ";H-" + number
                + ";NL91ABNA0417164300;2020-03-01\n");

        imported(header + number + ";Dea Dam;2020-03-15;SEPA_DIRECT_DEBIT;" + b + "|" + c + ";H-" + number
                + ";DK5000400440116243;2020-03-01\n");

        List<JsonNode> history = history(number);
        String today = LocalDate.now(clock).toString();
        assertThat(history.get(0).path("details").asText()).contains("joined group " + a + " on 2020-03-15",
                "joined group " + b + " on 2020-03-15", "SEPA mandate H-" + number + " signed 2020-03-01, IBAN NL91ABNA0417164300");
        assertThat(last(history).path("details").asText()).isEqualTo("joined group " + c + " on " + today
                + "; left group " + a + " on " + today
                + "; SEPA mandate H-" + number + " IBAN: NL91ABNA0417164300 → DK5000400440116243");
    }

    @Test
    void aNewMandateAndANewAgreementByImportNameWhatTheyReplace() {
        long number = unusedNumber();
        String header = "member_number;name;join_date;sepa_mandate_id;iban;mandate_signed_on;betalingsservice_agreement\n";
        imported(header + number + ";Gry Gad;2020-03-15;OLD-" + number + ";NL91ABNA0417164300;2020-03-01;1" + number + "\n");

        imported(header + number + ";Gry Gad;2020-03-15;NEW-" + number + ";DK5000400440116243;2026-11-30;2" + number + "\n");

        assertThat(last(history(number)).path("details").asText()).isEqualTo("SEPA mandate NEW-" + number
                + " signed 2026-11-30, IBAN DK5000400440116243; SEPA mandate OLD-" + number + " revoked; "
                + "Betalingsservice agreement 2" + number + " added; Betalingsservice agreement 1" + number + " cancelled");
    }

    @Test
    void aChangeInTheRegisterIsRecordedFieldByField() {
        long number = registered(member("Carl Dam", "email", "carl@example.dk"));
        int version = api.get("/api/members/" + number).getBody().path("version").asInt();

        api.put("/api/members/" + number, member("Carl Damm", "email", "carl.dam@example.dk",
                "version", version));

        JsonNode change = last(history(number));
        assertThat(change.path("action").asText()).isEqualTo("changed");
        assertThat(change.path("details").asText())
                .isEqualTo("name: Carl Dam → Carl Damm; email: carl@example.dk → carl.dam@example.dk");
    }

    @Test
    void theSameMemberAndTheSameChangeReadTheSameTypedOrImported() {
        String group = group("History same");
        String field = "history boat " + NUMBERS.incrementAndGet();
        register.defineExtraField(field, ExtraFieldType.NUMBER);
        long typed = registered(member("Eva Eg", "email", "eva@example.dk", "phone", "+4511223344",
                "address", Map.of("street", "Algade", "buildingNumber", "1", "postcode", "4000", "town", "Roskilde",
                        "country", "DK"),
                "birthDate", "1990-05-17", "collectionMethod", "INVOICE", "groups", List.of(group),
                "extraFields", Map.of(field, "7,5")));
        long imported = unusedNumber();
        String header = "member_number;name;email;street;building_number;postcode;town;country;phone;birth_date;"
                + "join_date;language;collection_method;groups;" + field + "\n";
        imported(header + imported + ";Eva Eg;eva@example.dk;Algade;1;4000;Roskilde;DK;+4511223344;1990-05-17;"
                + "2020-03-15;da;INVOICE;" + group + ";7,5\n");
        assertThat(last(history(imported)).path("details").asText())
                .isEqualTo(last(history(typed)).path("details").asText());

        int version = api.get("/api/members/" + typed).getBody().path("version").asInt();
        api.put("/api/members/" + typed, member("Eva Eg", "email", "eva.eg@example.dk",
                "phone", "+4511223344", "address", Map.of("street", "Algade", "buildingNumber", "1", "postcode", "4000",
                        "town", "Roskilde", "country", "DK"),
                "birthDate", "1990-05-17", "collectionMethod", "CARD", "extraFields", Map.of(field, "8,25"),
                "version", version));
        imported("member_number;email;collection_method;" + field + "\n" + imported + ";eva.eg@example.dk;CARD;8,25\n");

        String change = last(history(typed)).path("details").asText();
        assertThat(change).isEqualTo("email: eva@example.dk → eva.eg@example.dk; collection method: INVOICE → CARD; "
                + field + ": 7.5 → 8.25");
        assertThat(last(history(imported)).path("details").asText()).isEqualTo(change);
    }

    @Test
    void aMandateAmendedInTheRegisterReadsAsOneAmendedByImport() {
        long typed = registered(member("Fie Fog", "collectionMethod", "SEPA_DIRECT_DEBIT"));
        signedMandate(typed, "T-" + typed, "NL91ABNA0417164300", "2020-03-01");
        api.put("/api/members/" + typed + "/sepa-mandates/T-" + typed, Map.of("iban", "DK5000400440116243"));
        long imported = unusedNumber();
        String header = "member_number;name;join_date;collection_method;sepa_mandate_id;iban;mandate_signed_on\n";
        imported(header + imported + ";Fie Fog;2020-03-15;SEPA_DIRECT_DEBIT;T-" + imported + ";NL91ABNA0417164300;2020-03-01\n");
        imported(header + imported + ";Fie Fog;2020-03-15;SEPA_DIRECT_DEBIT;T-" + imported + ";DK5000400440116243;2020-03-01\n");

        List<JsonNode> typedHistory = history(typed);
        assertThat(typedHistory.get(1).path("details").asText())
                .isEqualTo("SEPA mandate T-" + typed + " signed 2020-03-01, IBAN NL91ABNA0417164300");
        assertThat(last(typedHistory).path("details").asText())
                .isEqualTo("SEPA mandate T-" + typed + " IBAN: NL91ABNA0417164300 → DK5000400440116243");
        assertThat(last(history(imported)).path("details").asText())
                .isEqualTo("SEPA mandate T-" + imported + " IBAN: NL91ABNA0417164300 → DK5000400440116243");
    }

    @Test
    void aCollectionMethodSwitchedForAWholeGroupIsInEachMembersHistory() {
        String group = group("History switch");
        long first = registered(member("Gus Gad", "collectionMethod", "INVOICE", "groups", List.of(group)));
        long second = registered(member("Gro Gad", "collectionMethod", "MANUAL", "groups", List.of(group)));

        api.post("/api/members/collection-method", Map.of("method", "CARD", "group", group));

        assertThat(last(history(first)).path("details").asText()).isEqualTo("collection method: INVOICE → CARD");
        assertThat(last(history(second)).path("details").asText()).isEqualTo("collection method: MANUAL → CARD");
    }

    // --- helpers ---

    private JsonNode imported(String csv) {
        ResponseEntity<JsonNode> report = api.importCsv(csv.getBytes(StandardCharsets.UTF_8), false);
        assertThat(report.getStatusCode()).as(String.valueOf(report.getBody())).isEqualTo(HttpStatus.OK);
        return report.getBody();
    }

    private String group(String prefix) {
        String name = prefix + " " + NUMBERS.incrementAndGet();
        register.createGroup(name, new BigDecimal("100.00"), "3000");
        return name;
    }

    private List<JsonNode> history(long number) {
        ResponseEntity<JsonNode> history = api.get("/api/members/" + number + "/history");
        assertThat(history.getStatusCode()).isEqualTo(HttpStatus.OK);
        return StreamSupport.stream(history.getBody().spliterator(), false).toList();
    }

    private static JsonNode last(List<JsonNode> history) {
        assertThat(history).isNotEmpty();
        return history.get(history.size() - 1);
    }
}
