package io.duesflow.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import io.duesflow.DutchTreasurer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The mail switch of a billing line ("u kunt dit ook per periodieke factuur uitzetten"): its charges are approved and
 * numbered but not mailed, and the simulation and the approval form say so before anything is approved.
 */
@ApplicationTest
class MailSwitchTests {

    @Autowired
    ApplicationContext context;
    @Autowired
    TaskService tasks;

    DutchTreasurer treasurer;

    @BeforeEach
    void aDutchTreasurer() {
        treasurer = new DutchTreasurer(context);
    }

    @Test
    void aLineSwitchedToDoNotMailIsShownInTheSimulationAndTheApprovalFormAndItsChargesAreNumberedButNotMailed()
            throws Exception {
        LocalDate due = LocalDate.of(2027, 3, 1);
        treasurer.member("Gerrit");
        treasurer.member("Hanna");
        treasurer.groupLine("Contributie", "60.00", due, false);

        JsonNode simulation = treasurer.post("/api/billing/simulations", Map.of("from", due.toString(),
                "to", due.toString())).getBody();
        byte[] pdf = treasurer.http().postForObject("/api/billing/simulations", new org.springframework.http.HttpEntity<>(
                Map.of("from", due.toString(), "to", due.toString()), pdfHeaders()), byte[].class);
        long run = treasurer.generatedScheduled(due, due);
        Task approval = tasks.createTaskQuery().processInstanceBusinessKey("run-" + run).singleResult();

        assertThat(simulation.path("notMailedCount").asInt()).isEqualTo(2);
        assertThat(simulation.path("lines").get(0).path("mail").asBoolean()).isFalse();
        assertThat(simulation.path("charges")).allSatisfy(charge -> assertThat(charge.path("mail").asBoolean()).isFalse());
        try (var document = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(document)).contains("Contributie (not mailed)",
                    "2 charges are not mailed");
        }
        assertThat(tasks.getVariable(approval.getId(), "notMailedCount")).isEqualTo(2);
        assertThat(tasks.getVariable(approval.getId(), "mailInvoices")).isEqualTo(true);

        treasurer.approved(run, Map.of());

        assertThat(treasurer.charges(run)).hasSize(2).allSatisfy(charge ->
                assertThat(charge.path("number").asText()).as("numbered").isNotBlank());
        assertThat(treasurer.get("/api/mail/outbox?run=" + run).getBody()).as("nothing queued").isEmpty();
        assertThat(treasurer.get("/api/mail/open-invoices?run=" + run + "&mailed=false").getBody()).hasSize(2)
                .allSatisfy(invoice -> assertThat(invoice.path("mailNote").asText()).contains("billing line"));
    }

    private static org.springframework.http.HttpHeaders pdfHeaders() {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        headers.setAccept(java.util.List.of(org.springframework.http.MediaType.APPLICATION_PDF));
        return headers;
    }
}
