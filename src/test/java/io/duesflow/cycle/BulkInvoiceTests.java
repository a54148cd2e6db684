package io.duesflow.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import io.duesflow.DutchTreasurer;
import io.duesflow.platform.Roles;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Bulk invoicing from an existing invoice (Stap 3, Optie 2, "Dupliceren geavanceerd"): the same invoice for every
 * member of a group, a selection, or the members an expression selects, as a run through the same look, generation
 * and approval as every run.
 */
@ApplicationTest
class BulkInvoiceTests {

    @Autowired
    ApplicationContext context;
    @Autowired
    TaskService tasks;
    @Autowired
    RuntimeService runtime;
    @Autowired
    IdentityService identity;

    DutchTreasurer treasurer;
    LocalDate due;

    @BeforeEach
    void aDutchTreasurer() {
        treasurer = new DutchTreasurer(context);
        due = treasurer.clock.today().plusMonths(1);
    }

    @Test
    void aBulkInvoiceCopiedFromAnExistingChargeReachesEveryMemberOfAGroupThroughApproval() {
        long model = treasurer.member("Ineke Model");
        List<Long> others = List.of(treasurer.member("Jan"), treasurer.member("Kees"), treasurer.member("Lotte"));
        String number = modelInvoice(model);

        JsonNode preview = treasurer.post("/api/billing/charges/" + number + "/copies/preview",
                Map.of("group", treasurer.group, "dueDate", due.plusDays(7).toString())).getBody();
        long run = treasurer.created("/api/billing/charges/" + number + "/copies",
                Map.of("group", treasurer.group, "dueDate", due.plusDays(7).toString()));
        treasurer.settle(run);
        Task look = tasks.createTaskQuery().processInstanceBusinessKey("run-" + run).singleResult();
        treasurer.generated(run);
        Task approval = tasks.createTaskQuery().processInstanceBusinessKey("run-" + run).singleResult();
        JsonNode approved = treasurer.approved(run, Map.of());

        assertThat(preview.path("chargeCount").asInt()).isEqualTo(4);
        assertThat(look.getTaskDefinitionKey()).as("a look first").isEqualTo(RunProcesses.PREVIEW_TASK);
        assertThat(approval.getTaskDefinitionKey()).as("the same approval").isEqualTo(RunProcesses.APPROVAL_TASK);
        assertThat(approved.path("kind").asText()).isEqualTo("TEMPLATE");
        assertThat(approved.path("name").asText()).isEqualTo("Copy of " + number + " for " + treasurer.group);
        List<JsonNode> copies = treasurer.charges(run);
        assertThat(copies).extracting(c -> c.path("memberNumber").asLong())
                .containsExactlyInAnyOrder(model, others.get(0), others.get(1), others.get(2));
        assertThat(copies).allSatisfy(copy -> {
            assertThat(copy.path("number").asText()).as("numbered").isNotBlank().isNotEqualTo(number);
            assertThat(copy.path("lines")).extracting(l -> l.path("text").asText())
                    .containsExactly("Abonnement", "Porto");
            assertThat(copy.path("total").decimalValue()).isEqualByComparingTo("27.50");
            assertThat(copy.path("message").asText()).as("the model's message").isEqualTo("Bedankt!");
            assertThat(copy.path("dueDate").asText()).isEqualTo(due.plusDays(7).toString());
        });
    }

    @Test
    void aSelectionOrAnExpressionBillsOnlyTheMembersItNames() {
        long model = treasurer.member("Mies Model");
        long noor = treasurer.member("Noor");
        long olaf = treasurer.member("Olaf");
        String number = modelInvoice(model);

        long selection = treasurer.created("/api/billing/charges/" + number + "/copies",
                Map.of("memberNumbers", List.of(noor, olaf), "dueDate", due.toString(), "message", "Alleen jullie"));
        long expression = treasurer.created("/api/billing/charges/" + number + "/copies",
                Map.of("criteria", "medlemsnummer = " + olaf, "dueDate", due.plusDays(1).toString()));
        treasurer.generated(selection);
        treasurer.generated(expression);

        assertThat(treasurer.charges(selection)).extracting(c -> c.path("memberNumber").asLong())
                .containsExactlyInAnyOrder(noor, olaf);
        assertThat(treasurer.charges(selection).get(0).path("message").asText()).isEqualTo("Alleen jullie");
        assertThat(treasurer.charges(expression)).extracting(c -> c.path("memberNumber").asLong()).containsExactly(olaf);
    }

    @Test
    void anEmptySelectionAGroupWithoutMembersOrAnUnknownMemberIsRefusedAndNoRunIsCreated() {
        String number = modelInvoice(treasurer.member("Piet Model"));
        String empty = "Leeg " + treasurer.tag;
        treasurer.register.createGroup(empty, null, null);
        long runs = runCount();

        ResponseEntity<JsonNode> none = treasurer.post("/api/billing/charges/" + number + "/copies",
                Map.of("memberNumbers", List.of(), "dueDate", due.toString()));
        ResponseEntity<JsonNode> nobody = treasurer.post("/api/billing/charges/" + number + "/copies",
                Map.of("group", empty, "dueDate", due.toString()));
        ResponseEntity<JsonNode> unknown = treasurer.post("/api/billing/charges/" + number + "/copies",
                Map.of("memberNumbers", List.of(987_654_321L), "dueDate", due.toString()));
        ResponseEntity<JsonNode> twoWays = treasurer.post("/api/billing/charges/" + number + "/copies",
                Map.of("group", treasurer.group, "criteria", "alder > 1", "dueDate", due.toString()));

        assertThat(none.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(none.getBody().path("field").asText()).isEqualTo("memberNumbers");
        assertThat(none.getBody().path("detail").asText()).contains("selection is empty");
        assertThat(nobody.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(nobody.getBody().path("detail").asText()).contains("Nobody to bill", empty);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(unknown.getBody().path("field").asText()).isEqualTo("memberNumbers[0]");
        assertThat(twoWays.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(runCount()).isEqualTo(runs);
    }

    @Test
    void inTasklistTheStartFormCreatesTheCopyRunAndItsProcessWaitsForALook() {
        treasurer.member("Quinten");
        String number = modelInvoice(treasurer.member("Roos Model"));

        identity.setAuthentication("joke", List.of(Roles.TREASURER));
        try {
            Map<String, Object> form = new HashMap<>(Map.of("chargeNumber", number, "who", "GROUP",
                    "group", treasurer.group, "dueDate", due.toString()));
            runtime.startProcessInstanceByKey("bulk-invoice", form);
        } finally {
            identity.clearAuthentication();
        }

        JsonNode run = treasurer.get("/api/billing/runs?kind=TEMPLATE&size=1").getBody().get(0);
        assertThat(run.path("name").asText()).contains(number);
        treasurer.settle(run.path("id").asLong());
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey("run-" + run.path("id").asLong()).singleResult()
                .getTaskDefinitionKey()).isEqualTo(RunProcesses.PREVIEW_TASK);
    }

    /** A single invoice to one member, approved: the model. */
    private String modelInvoice(long member) {
        long run = treasurer.generated(treasurer.created("/api/billing/runs", Map.of("kind", "TEMPLATE",
                "memberNumber", member, "dueDate", due.toString(), "message", "Bedankt!",
                "lines", List.of(Map.of("text", "Abonnement", "amount", "25.00"),
                        Map.of("text", "Porto", "amount", "2.50")))));
        treasurer.approved(run, Map.of());
        return treasurer.chargeOf(run, member).path("number").asText();
    }

    private long runCount() {
        return treasurer.jdbc.sql("select count(*) from duesflow.billing_run").query(Long.class).single();
    }
}
