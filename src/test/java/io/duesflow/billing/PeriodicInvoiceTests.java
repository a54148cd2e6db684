package io.duesflow.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import io.duesflow.DutchTreasurer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A member's own periodic invoice (the Dutch manual's "Optie 1: periodieke facturatie"): named members, its own lines,
 * its own frequency and the day it is made apart from the day it is due, in the scheduled runs like any line.
 */
@ApplicationTest
class PeriodicInvoiceTests {

    static final LocalDate FIRST_DUE = LocalDate.of(2027, 1, 1);
    static final LocalDate FIRST_MADE = LocalDate.of(2026, 12, 25);

    @Autowired
    ApplicationContext context;

    DutchTreasurer treasurer;

    @BeforeEach
    void aDutchTreasurer() {
        treasurer = new DutchTreasurer(context);
    }

    @Test
    void aMembersOwnMonthlyPeriodicInvoiceAppearsInTheNextThreeScheduledRunsWithItsOwnCreationDay() {
        long anne = treasurer.member("Anne de Vries");
        long other = treasurer.member("Bram Bakker");
        long id = treasurer.created("/api/members/" + anne + "/periodic-invoices", magazine(null));

        for (int month = 0; month < 3; month++) {
            LocalDate due = FIRST_DUE.plusMonths(month);
            long run = treasurer.generatedScheduled(due, due.plusMonths(1).minusDays(1));
            JsonNode simulated = treasurer.get("/api/billing/runs/" + run + "/simulation").getBody();
            treasurer.approved(run, Map.of());

            assertThat(treasurer.charges(run)).as("only the member it names").extracting(c -> c.path("memberNumber").asLong())
                    .containsExactly(anne).doesNotContain(other);
            JsonNode charge = treasurer.chargeOf(run, anne);
            assertThat(charge.path("dueDate").asText()).isEqualTo(due.toString());
            assertThat(charge.path("lines")).extracting(l -> l.path("text").asText()).containsExactly("Tijdschrift", "Porto");
            assertThat(charge.path("lines").get(1).path("ledgerAccount").asText()).as("its own account").isEqualTo("3100");
            assertThat(charge.path("total").decimalValue()).isEqualByComparingTo("12.50");
            LocalDate made = FIRST_MADE.plusMonths(month);
            assertThat(simulated.path("charges").get(0).path("madeOn").asText()).isEqualTo(made.toString());
            JsonNode page = treasurer.get("/api/billing/charges/" + charge.path("number").asText()).getBody();
            assertThat(page.path("more").path("invoice").path("madeOn").asText()).as("its own creation day")
                    .isEqualTo(made.toString());
            JsonNode mail = treasurer.get("/api/mail/outbox?run=" + run).getBody().get(0);
            assertThat(mail.path("status").asText()).isEqualTo("QUEUED");
            assertThat(mail.path("nextAttemptAt").asText()).as("not mailed before the day it is made")
                    .isEqualTo(made.atStartOfDay(ZoneId.of(treasurer.register.association().timeZone())).toInstant().toString());
        }

        JsonNode listed = treasurer.get("/api/members/" + anne + "/periodic-invoices").getBody();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("id").asLong()).isEqualTo(id);
        assertThat(listed.get(0).path("frequency").asText()).isEqualTo("MONTHLY");
        assertThat(listed.get(0).path("nextDueDate").asText()).isEqualTo("2027-01-01");
        assertThat(listed.get(0).path("nextMadeOn").asText()).isEqualTo("2026-12-25");
        assertThat(treasurer.get("/api/members/" + other + "/periodic-invoices").getBody()).isEmpty();
    }

    @Test
    void aPeriodicInvoiceSharedByTwoIsChangedAndStoppedForOneMemberAlone() {
        long anne = treasurer.member("Anne Jansen");
        long bram = treasurer.member("Bram Visser");
        Map<String, Object> both = magazine(List.of(anne, bram));
        long shared = treasurer.created("/api/billing/periodic-invoices", both);

        Map<String, Object> dearer = magazine(null);
        dearer.put("lines", List.of(Map.of("text", "Tijdschrift", "amount", "15.00")));
        ResponseEntity<JsonNode> changed = treasurer.put("/api/members/" + anne + "/periodic-invoices/" + shared, dearer);
        assertThat(changed.getStatusCode()).as("%s", changed.getBody()).isEqualTo(HttpStatus.OK);
        long annes = changed.getBody().path("id").asLong();
        assertThat(annes).as("split off").isNotEqualTo(shared);
        assertThat(treasurer.get("/api/billing/periodic-invoices/" + shared).getBody().path("memberNumbers"))
                .extracting(JsonNode::asLong).containsExactly(bram);

        long january = treasurer.generatedScheduled(FIRST_DUE, FIRST_DUE.plusMonths(1).minusDays(1));
        assertThat(treasurer.chargeOf(january, anne).path("total").decimalValue()).isEqualByComparingTo("15.00");
        assertThat(treasurer.chargeOf(january, bram).path("total").decimalValue()).isEqualByComparingTo("12.50");
        treasurer.approved(january, Map.of());

        ResponseEntity<JsonNode> stopped = treasurer.post("/api/members/" + bram + "/periodic-invoices/" + shared
                + "/stop", null);
        assertThat(stopped.getStatusCode()).as("%s", stopped.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(stopped.getBody().path("active").asBoolean()).as("Bram was the last on it").isFalse();
        long february = treasurer.generatedScheduled(FIRST_DUE.plusMonths(1), FIRST_DUE.plusMonths(2).minusDays(1));
        assertThat(treasurer.charges(february)).extracting(c -> c.path("memberNumber").asLong()).containsExactly(anne);
        assertThat(treasurer.get("/api/members/" + bram + "/periodic-invoices").getBody().get(0).path("active")
                .asBoolean()).as("listed, stopped").isFalse();
    }

    @Test
    void aMemberNobodyHasOrAnInvoiceMadeAfterItIsDueIsRefusedAndNothingIsCreated() {
        long anne = treasurer.member("Anne Smit");
        long lines = treasurer.jdbc.sql("select count(*) from duesflow.billing_line").query(Long.class).single();

        ResponseEntity<JsonNode> nobody = treasurer.post("/api/billing/periodic-invoices",
                magazine(List.of(anne, 987_654_321L)));
        Map<String, Object> late = magazine(List.of(anne));
        late.put("firstMadeOn", FIRST_DUE.plusDays(1).toString());
        ResponseEntity<JsonNode> madeAfterDue = treasurer.post("/api/billing/periodic-invoices", late);
        ResponseEntity<JsonNode> notAMember = treasurer.post("/api/members/987654321/periodic-invoices", magazine(null));

        assertThat(nobody.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(nobody.getBody().path("field").asText()).isEqualTo("memberNumbers[1]");
        assertThat(nobody.getBody().path("detail").asText()).contains("no member 987654321");
        assertThat(madeAfterDue.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(madeAfterDue.getBody().path("field").asText()).isEqualTo("firstMadeOn");
        assertThat(madeAfterDue.getBody().path("detail").asText()).contains("2027-01-02", "after it is due on 2027-01-01");
        assertThat(notAMember.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(treasurer.jdbc.sql("select count(*) from duesflow.billing_line").query(Long.class).single())
                .isEqualTo(lines);
    }

    private static Map<String, Object> magazine(List<Long> members) {
        Map<String, Object> invoice = new HashMap<>(Map.of("name", "Tijdschrift", "frequency", "MONTHLY",
                "firstDueDate", FIRST_DUE.toString(), "firstMadeOn", FIRST_MADE.toString(),
                "lines", List.of(Map.of("text", "Tijdschrift", "amount", "10.00"),
                        Map.of("text", "Porto", "amount", "2.50", "ledgerAccount", "3100"))));
        if (members != null) {
            invoice.put("memberNumbers", members);
        }
        return invoice;
    }
}
