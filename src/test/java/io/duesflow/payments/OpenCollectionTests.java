package io.duesflow.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import io.duesflow.DutchTreasurer;
import io.duesflow.banking.BankFolders;
import io.duesflow.banking.Pain008Schemas;
import io.duesflow.banking.Pain008Version;
import io.duesflow.members.Association;
import io.duesflow.members.SepaSettings;
import io.duesflow.platform.Roles;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * One collection file for everything open (Stap 4, "een automatisch incassobestand … voor alle facturen"): the open
 * direct-debit charges of several runs in one pain.008 on one date, valid against the official schema, and never a
 * charge collected twice, whether its run collected it or an earlier such file did.
 */
@ApplicationTest
class OpenCollectionTests {

    @Autowired
    ApplicationContext context;
    @Autowired
    BankFolders folders;
    @Autowired
    RuntimeService runtime;
    @Autowired
    IdentityService identity;

    DutchTreasurer treasurer;

    @BeforeEach
    void aDutchTreasurerWhoseBankTakesRecurrentFromTheFirst() {
        treasurer = new DutchTreasurer(context);
        Association a = treasurer.register.association();
        // RCUR from the first collection (allowed since November 2016): a mandate's charges of three runs go together.
        treasurer.register.updateAssociation(new Association(a.id(), a.version(), a.name(), a.email(), a.address(),
                a.currency(), a.timeZone(), a.languages(), a.iban(), a.bic(), a.sepaCreditorId(),
                a.betalingsserviceCreditor(), a.fiCreditorNumber(), a.defaultCollectionMethod(),
                a.monthlySuspensionFee(), a.receivablesAccount(), a.incomeAccount(), a.feeAccount(), a.bankAccount(),
                new SepaSettings(Pain008Version.V08, true, true, false, 1), a.createdAt(), a.createdBy(),
                a.updatedAt(), a.updatedBy()));
    }

    @Test
    void oneCollectionFileOverThreeRunsOpenDirectDebitChargesValidatesAndASecondRequestCollectsNothingTwice()
            throws Exception {
        long anne = treasurer.sepaMember("Anne Mulder");
        long bram = treasurer.sepaMember("Bram de Boer");
        long cor = treasurer.member("Cor Pauw");
        LocalDate today = treasurer.clock.today();
        List<Long> held = List.of(approvedRun("Januari", today.plusMonths(1), false),
                approvedRun("Februari", today.plusMonths(2), false), approvedRun("Maart", today.plusMonths(3), false));
        long mailed = approvedRun("Clubblad", today.plusMonths(1).plusDays(3), true);
        assertThat(collectionOfRun(mailed).path("files")).as("the run with mail collects its own").hasSize(1);
        for (long run : held) {
            assertThat(collectionOfRun(run).path("files")).as("held back from mail, not collected by its run").isEmpty();
        }

        ResponseEntity<JsonNode> asked = treasurer.post("/api/payments/open-collections", Map.of("runIds", held));
        assertThat(asked.getStatusCode()).as("%s", asked.getBody()).isEqualTo(HttpStatus.CREATED);
        JsonNode collection = asked.getBody();

        assertThat(collection.path("charges").asInt()).isEqualTo(6);
        assertThat(collection.path("controlSum").decimalValue()).isEqualByComparingTo("60.00");
        assertThat(collection.path("files")).hasSize(1);
        JsonNode file = collection.path("files").get(0);
        assertThat(file.path("state").asText()).isEqualTo("PLACED");
        assertThat(file.path("collectionDate").asText()).as("one collection date").isEqualTo(collection
                .path("collectionDate").asText());
        Path placed = folders.outbox().resolve(file.path("fileName").asText());
        assertThat(Pain008Schemas.problems(placed, Pain008Version.V08)).isEmpty();
        String xml = Files.readString(placed);
        for (long run : held) {
            for (long member : List.of(anne, bram)) {
                String number = treasurer.chargeOf(run, member).path("number").asText();
                assertThat(xml).contains("<EndToEndId>" + number + "</EndToEndId>");
                assertThat(treasurer.get("/api/billing/charges/" + number).getBody().path("charge").path("status")
                        .asText()).isEqualTo("IN_COLLECTION");
            }
            assertThat(xml).doesNotContain("<EndToEndId>" + treasurer.chargeOf(run, cor).path("number").asText() + "<");
        }
        assertThat(xml).as("collected by its own run already")
                .doesNotContain("<EndToEndId>" + treasurer.chargeOf(mailed, anne).path("number").asText() + "<");

        ResponseEntity<JsonNode> again = treasurer.post("/api/payments/open-collections", Map.of("runIds", held));
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(again.getBody().path("detail").asText()).startsWith("Nothing to collect");
        for (long run : held) {
            assertThat(collectionOfRun(run).path("files")).as("nor by its run afterwards").isEmpty();
        }
        assertThat(treasurer.jdbc.sql("""
                        select count(*) from duesflow.sepa_collection s join duesflow.charge c on c.id = s.charge_id
                        where c.run_id = any(:runs) group by s.charge_id having count(*) > 1""")
                .param("runs", new org.springframework.jdbc.support.SqlArrayValue("bigint", held.toArray()))
                .query(Long.class).list()).as("no charge in two files").isEmpty();
    }

    @Test
    void aCollectionDateOnAWeekendAnUnknownRunOrNothingToCollectIsRefusedAndNothingIsRecorded() {
        treasurer.sepaMember("Dirk Hendriks");
        long run = approvedRun("April", treasurer.clock.today().plusMonths(1), false);
        LocalDate saturday = treasurer.clock.today().plusWeeks(2).with(TemporalAdjusters.next(DayOfWeek.SATURDAY));
        long recorded = openCollections();

        ResponseEntity<JsonNode> weekend = treasurer.post("/api/payments/open-collections",
                Map.of("collectionDate", saturday.toString(), "runIds", List.of(run)));
        ResponseEntity<JsonNode> unknown = treasurer.post("/api/payments/open-collections",
                Map.of("runIds", List.of(run, 999_999)));
        ResponseEntity<JsonNode> nothingDue = treasurer.post("/api/payments/open-collections",
                Map.of("runIds", List.of(run), "dueBefore", treasurer.clock.today().toString()));

        assertThat(weekend.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(weekend.getBody().path("field").asText()).isEqualTo("collectionDate");
        assertThat(weekend.getBody().path("detail").asText()).contains("no TARGET2 business day");
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(unknown.getBody().path("field").asText()).isEqualTo("runIds[1]");
        assertThat(nothingDue.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(nothingDue.getBody().path("detail").asText()).startsWith("Nothing to collect");
        assertThat(openCollections()).isEqualTo(recorded);
    }

    @Test
    void inTasklistATreasurerAsksForTheCollectionOfEverythingOpenOfARun() {
        treasurer.sepaMember("Eva Bos");
        long run = approvedRun("Mei", treasurer.clock.today().plusMonths(1), false);

        identity.setAuthentication("joke", List.of(Roles.TREASURER));
        Object id;
        try {
            id = runtime.createProcessInstanceByKey("collect-open-charges")
                    .setVariables(Map.of("runIds", String.valueOf(run))).executeWithVariablesInReturn()
                    .getVariables().get("openCollectionId");
        } finally {
            identity.clearAuthentication();
        }

        JsonNode collection = treasurer.get("/api/payments/open-collections/" + id).getBody();
        assertThat(collection.path("charges").asInt()).isEqualTo(1);
        assertThat(collection.path("requestedBy").asText()).isEqualTo("joke");
    }

    // --- helpers ---

    /** A run of one 10.00 line for the group, approved with or without mail. */
    private long approvedRun(String text, LocalDate due, boolean mail) {
        long run = treasurer.generated(treasurer.created("/api/billing/runs", Map.of("kind", "TEMPLATE",
                "group", treasurer.group, "dueDate", due.toString(),
                "lines", List.of(Map.of("text", text, "amount", "10.00")))));
        treasurer.approved(run, Map.of("mail", mail));
        return run;
    }

    private JsonNode collectionOfRun(long run) {
        return treasurer.get("/api/payments/runs/" + run + "/direct-debit").getBody();
    }

    private long openCollections() {
        return treasurer.jdbc.sql("select count(*) from duesflow.open_collection").query(Long.class).single();
    }
}
