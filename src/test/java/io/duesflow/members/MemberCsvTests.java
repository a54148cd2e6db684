package io.duesflow.members;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.Api;
import io.duesflow.ApplicationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

@ApplicationTest
class MemberCsvTests extends TreasurerApiTest {

    static final String HEADER = "member_number;name;email;street;building_number;postcode;town;country;phone;birth_date;"
            + "join_date;leave_date;language;collection_method;groups;sepa_mandate_id;iban;bic;mandate_signed_on;"
            + "betalingsservice_agreement;boat length;licence expires\n";

    @BeforeEach
    void groupsAndExtraFields() {
        for (var group : Map.of("Senior", "1000.00", "Youth", "500.00", "Subscribers – monthly", "45.00").entrySet()) {
            if (register.groups().stream().noneMatch(g -> g.name().equals(group.getKey()))) {
                register.createGroup(group.getKey(), new BigDecimal(group.getValue()), "3000");
            }
        }
        if (register.extraFields().stream().noneMatch(f -> f.name().equals("boat length"))) {
            register.defineExtraField("boat length", ExtraFieldType.NUMBER);
            register.defineExtraField("licence expires", ExtraFieldType.DATE);
        }
    }

    /** The seed's example: seniors and youths, monthly subscribers on direct debit with their mandates. */
    static String seed(long base) {
        return "\uFEFF" + HEADER
                + (base + 1) + ";Søren Ærø;soren@example.dk;Strandvejen;12A;2900;Hellerup;DK;+4512345678;1950-04-02;"
                + "2001-01-15;;da;BETALINGSSERVICE;Senior;;;;;" + (base + 1) + "77;7,5;31-12-2027\n"
                + (base + 2) + ";Anna de Vries;anna@example.nl;Keizersgracht;100;1015 AA;Amsterdam;NL;;2010-06-30;"
                + "2019-09-01;;nl;SEPA_DIRECT_DEBIT;Youth|Subscribers – monthly;MNDT-" + base + "-2;NL91ABNA0417164300;"
                + "ABNANL2A;2019-08-20;;;\n"
                + (base + 3) + ";Jens Ølgaard;;Nørregade;3;8000;Aarhus C;DK;;1985-11-11;2020-02-01;2026-06-30;da;"
                + "INVOICE;Senior;;;;;;12.25;2028-01-31\n"
                + (base + 4) + ";Emma Smith;emma@example.org;High Street;1;SW1A 1AA;London;GB;;1999-01-01;"
                + "2024-03-01;;en;SEPA_DIRECT_DEBIT;Subscribers – monthly;MNDT-" + base + "-4;DE89370400440532013000;"
                + ";2024-02-28;;;\n";
    }

    @Test
    void theSeedExampleRoundTripsThroughExportAndImportUnchanged() {
        ResponseEntity<JsonNode> imported = api.importCsv(seed(7_100_000).getBytes(StandardCharsets.UTF_8), false);
        assertThat(imported.getStatusCode()).as(String.valueOf(imported.getBody())).isEqualTo(HttpStatus.OK);
        assertThat(imported.getBody().path("created").asInt()).isEqualTo(4);

        JsonNode anna = api.get("/api/members/7100002").getBody();
        assertThat(anna.path("name").asText()).isEqualTo("Anna de Vries");
        assertThat(anna.path("address").path("postcode").asText()).isEqualTo("1015 AA");
        assertThat(anna.path("groups")).extracting(g -> g.path("group").asText())
                .containsExactlyInAnyOrder("Youth", "Subscribers – monthly");
        assertThat(anna.path("groups").get(0).path("joinedOn").asText()).isEqualTo("2019-09-01");
        assertThat(anna.path("sepaMandates").get(0).path("mandateId").asText()).isEqualTo("MNDT-7100000-2");
        assertThat(anna.path("validMandate").asBoolean()).isTrue();
        JsonNode soren = api.get("/api/members/7100001").getBody();
        assertThat(soren.path("betalingsserviceAgreements").get(0).path("agreementNumber").asText()).isEqualTo("710000177");
        assertThat(soren.path("extraFields").path("boat length").decimalValue()).isEqualByComparingTo("7.5");
        assertThat(soren.path("extraFields").path("licence expires").asText()).isEqualTo("2027-12-31");
        assertThat(api.get("/api/members/7100003").getBody().path("leaveDate").asText()).isEqualTo("2026-06-30");

        String exported = api.text("/api/members/export");
        assertThat(exported).startsWith("\uFEFFmember_number;name;");
        assertThat(exported).contains("7100002;Anna de Vries;anna@example.nl;Keizersgracht;100;1015 AA;Amsterdam;NL;;"
                + "2010-06-30;2019-09-01;;nl;SEPA_DIRECT_DEBIT;Subscribers – monthly|Youth;MNDT-7100000-2;"
                + "NL91ABNA0417164300;ABNANL2A;2019-08-20;");

        ResponseEntity<JsonNode> again = api.importCsv(exported.getBytes(StandardCharsets.UTF_8), false);
        assertThat(again.getStatusCode()).as(String.valueOf(again.getBody())).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody().path("created").asInt()).isZero();
        assertThat(api.text("/api/members/export")).isEqualTo(exported);
        assertThat(api.get("/api/members/7100002").getBody().path("groups")).hasSize(2);
    }

    @Test
    void oneBadRowMeansNothingIsImportedAndEveryProblemIsNamed() {
        long base = 7_200_000;
        String csv = HEADER
                + (base + 1) + ";Good Row;;;;;;;;;2020-01-01;;da;INVOICE;Senior;;;;;;;\n"
                + (base + 2) + ";Bad Iban;;;;;;;;;2020-01-01;;da;SEPA_DIRECT_DEBIT;;M-" + base + ";NL92ABNA0417164300;;2020-01-01;;;\n"
                + (base + 3) + ";Bad Group;;;;;;;;;2020-01-01;;da;INVOICE;Yuoth;;;;;;;\n"
                + (base + 4) + ";Bad Date;;;;;;;;;31/12/2020;;da;INVOICE;;;;;;;;\n"
                + (base + 5) + ";Bad Extra;;;;;;;;;2020-01-01;;da;INVOICE;;;;;;;lots;\n"
                + (base + 1) + ";Twice;;;;;;;;;2020-01-01;;da;INVOICE;;;;;;;;\n";
        long before = count();

        ResponseEntity<JsonNode> report = api.importCsv(csv.getBytes(StandardCharsets.UTF_8), false);

        assertThat(report.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(report.getBody().path("applied").asBoolean()).isFalse();
        assertThat(report.getBody().path("rejected").asInt()).isEqualTo(5);
        assertThat(problems(report.getBody())).contains("3 iban", "4 groups", "5 join_date", "6 boat length", "7 member_number");
        assertThat(report.getBody().toString()).contains("check digit", "no group called 'Yuoth'", "not a date",
                "takes numbers", "appears twice");
        assertThat(count()).as("nothing half-imported").isEqualTo(before);

        String errors = api.text("/api/members/imports/" + report.getBody().path("importId").asLong() + "/errors.csv");
        assertThat(errors).startsWith("row;column;value;reason").contains("3;iban;NL92ABNA0417164300;", "4;groups;Yuoth;");
    }

    @Test
    void validRowsOnlyImportsTheGoodRowsAndReportsTheRest() {
        long base = 7_300_000;
        String csv = HEADER
                + (base + 1) + ";Good One;;;;;;;;;2020-01-01;;da;INVOICE;Senior;;;;;;;\n"
                + (base + 2) + ";Bad Group;;;;;;;;;2020-01-01;;da;INVOICE;Yuoth;;;;;;;\n"
                + (base + 3) + ";Good Two;;;;;;;;;01-02-2021;;en;CARD;;;;;;;;\n";

        ResponseEntity<JsonNode> report = api.importCsv(csv.getBytes(StandardCharsets.UTF_8), true);

        assertThat(report.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(report.getBody().path("created").asInt()).isEqualTo(2);
        assertThat(report.getBody().path("rejected").asInt()).isEqualTo(1);
        assertThat(problems(report.getBody())).containsExactly("3 groups");
        assertThat(api.get("/api/members/" + (base + 3)).getBody().path("joinDate").asText()).isEqualTo("2021-02-01");
        assertThat(api.get("/api/members/" + (base + 2)).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aCommaSeparatedFileWithQuotedDecimalCommasAndPartialColumnsUpdatesByMemberNumber() {
        long base = 7_400_000;
        api.importCsv(seed(base).getBytes(StandardCharsets.UTF_8), false);

        String csv = "member_number,email,boat length\n"
                + (base + 1) + ",soren.aero@example.dk,\"8,25\"\n"
                + (base + 3) + ",,\n";
        ResponseEntity<JsonNode> report = api.importCsv(csv.getBytes(StandardCharsets.UTF_8), false);

        assertThat(report.getStatusCode()).as(String.valueOf(report.getBody())).isEqualTo(HttpStatus.OK);
        assertThat(report.getBody().path("updated").asInt()).isEqualTo(2);
        JsonNode soren = api.get("/api/members/" + (base + 1)).getBody();
        assertThat(soren.path("email").asText()).isEqualTo("soren.aero@example.dk");
        assertThat(soren.path("name").asText()).as("a column the file lacks is kept").isEqualTo("Søren Ærø");
        assertThat(soren.path("extraFields").path("boat length").decimalValue()).isEqualByComparingTo("8.25");
        assertThat(soren.path("groups")).hasSize(1);
        JsonNode jens = api.get("/api/members/" + (base + 3)).getBody();
        assertThat(jens.path("extraFields").has("boat length")).as("an empty cell clears the value").isFalse();
        assertThat(jens.path("extraFields").path("licence expires").asText()).isEqualTo("2028-01-31");
    }

    @Test
    void aNewIbanOnAKnownMandateIsAnAmendmentAndAMandateOfAnotherMemberIsRefused() {
        long base = 7_500_000;
        api.importCsv(seed(base).getBytes(StandardCharsets.UTF_8), false);

        String amended = "member_number;sepa_mandate_id;iban;mandate_signed_on\n"
                + (base + 2) + ";MNDT-" + base + "-2;DK5000400440116243;2019-08-20\n";
        assertThat(api.importCsv(amended.getBytes(StandardCharsets.UTF_8), false).getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode mandate = api.get("/api/members/" + (base + 2)).getBody().path("sepaMandates").get(0);
        assertThat(mandate.path("iban").asText()).isEqualTo("DK5000400440116243");
        assertThat(mandate.path("originalIban").asText()).isEqualTo("NL91ABNA0417164300");

        String stolen = "member_number;sepa_mandate_id;iban;mandate_signed_on\n"
                + (base + 4) + ";MNDT-" + base + "-2;DK5000400440116243;2019-08-20\n";
        ResponseEntity<JsonNode> refused = api.importCsv(stolen.getBytes(StandardCharsets.UTF_8), false);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(refused.getBody().toString()).contains("belongs to member " + (base + 2));
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedSayingSo() {
        byte[] latin1 = (HEADER + "7600001;Søren;;;;;;;;;2020-01-01;;da;INVOICE;;;;;;;;\n").getBytes(StandardCharsets.ISO_8859_1);
        ResponseEntity<JsonNode> refused = api.importCsv(latin1, false);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("field").asText()).isEqualTo("file");
        assertThat(refused.getBody().path("detail").asText()).contains("not UTF-8", "position");
    }

    @Test
    void aFileThatIsNotAMemberListIsRefusedNamingTheColumn() {
        ResponseEntity<JsonNode> refused = api.importCsv("Dear treasurer,\nplease find our list attached.\n"
                .getBytes(StandardCharsets.UTF_8), false);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("detail").asText()).contains("Row 1", "unknown column 'Dear treasurer'");
    }

    private long count() {
        return jdbc.sql("select count(*) from duesflow.member").query(Long.class).single();
    }

    private static java.util.List<String> problems(JsonNode report) {
        return java.util.stream.StreamSupport.stream(report.path("errors").spliterator(), false)
                .map(e -> e.path("row").asInt() + " " + e.path("column").asText()).toList();
    }
}
