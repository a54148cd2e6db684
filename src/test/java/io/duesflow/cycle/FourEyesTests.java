package io.duesflow.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import io.duesflow.RunJobs;
import io.duesflow.TestClock;
import io.duesflow.TestUsers;
import io.duesflow.billing.BillingLine;
import io.duesflow.billing.BillingLineInput;
import io.duesflow.billing.BillingRules;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberInput;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.Roles;
import io.duesflow.platform.WebappLogin;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * With four eyes on, the treasurer who created a run cannot approve it, nor the one who had it generated again;
 * another treasurer can.
 */
@ApplicationTest
@TestPropertySource(properties = "duesflow.cycle.four-eyes=true")
class FourEyesTests {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identity;
    @Autowired
    MemberRegister register;
    @Autowired
    BillingRules rules;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RunJobs jobs;
    @Autowired
    TestClock clock;
    @Autowired
    TaskService tasks;

    @Test
    void theTreasurerWhoCreatedARunCannotApproveItAnotherTreasurerCan() {
        jdbc.sql("update duesflow.billing_line set active = false").update();
        String group = "Four eyes " + System.nanoTime();
        register.createGroup(group, null, null);
        register.register(null, new MemberInput("Vera", null, null, null, null, LocalDate.of(2020, 1, 1), null, "da",
                CollectionMethod.INVOICE, null, List.of(group), null));
        LocalDate due = clock.today().plusMonths(1).withDayOfMonth(1);
        rules.create(new BillingLineInput("Dues", 10, BillingLine.Kind.SCHEDULED, BillingLine.Frequency.MONTHLY, due, null,
                "3000", true, BillingLine.Who.GROUPS, List.of(group), null, null, null, BillingLine.PriceKind.FIXED,
                new BigDecimal("10.00"), null, null, null, null));
        TestRestTemplate creator = TestUsers.signedIn(rest, identity, "wilma", Roles.TREASURER);
        TestRestTemplate other = TestUsers.signedIn(rest, identity, "xenia", Roles.TREASURER);
        long runId = creator.postForEntity("/api/billing/runs", Map.of("kind", "SCHEDULED", "from", due.toString(),
                "to", due.toString()), JsonNode.class).getBody().path("id").asLong();
        jobs.settle(runId);
        creator.postForEntity("/api/billing/runs/" + runId + "/generate", null, JsonNode.class);
        jobs.settle(runId);

        String taskId = tasks.createTaskQuery().processInstanceBusinessKey(RunProcesses.businessKey(runId))
                .singleResult().getId();
        ResponseEntity<JsonNode> ownThroughTheEngine = creator.postForEntity("/engine-rest/task/" + taskId + "/complete",
                Map.of("variables", Map.of("decision", Map.of("value", "approve"))), JsonNode.class);
        long waitingAfterTheEngineRefused = tasks.createTaskQuery().taskId(taskId).count();
        ResponseEntity<JsonNode> ownInTasklist = WebappLogin.as(rest, "tasklist", "wilma", TestUsers.PASSWORD)
                .exchange("/camunda/api/engine/engine/default/task/" + taskId + "/submit-form", HttpMethod.POST,
                        Map.of("variables", Map.of("decision", Map.of("value", "approve"))), JsonNode.class);
        ResponseEntity<JsonNode> own = creator.postForEntity("/api/billing/runs/" + runId + "/approve", null, JsonNode.class);
        ResponseEntity<JsonNode> others = other.postForEntity("/api/billing/runs/" + runId + "/approve", null, JsonNode.class);

        assertThat(ownThroughTheEngine.getStatusCode()).as("%s", ownThroughTheEngine.getBody())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(ownThroughTheEngine.getBody().path("message").asText()).as("our words, not the engine's wrapping")
                .startsWith("Four eyes: wilma").doesNotContain("ENGINE-");
        assertThat(ownThroughTheEngine.getBody().path("field").asText()).isEqualTo("decision");
        assertThat(waitingAfterTheEngineRefused).as("the task still waits").isEqualTo(1);
        assertThat(ownInTasklist.getStatusCode()).as("%s", ownInTasklist.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(ownInTasklist.getBody().path("message").asText()).startsWith("Four eyes: wilma")
                .doesNotContain("ENGINE-");
        assertThat(own.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(own.getBody().path("detail").asText()).contains("Four eyes", "wilma", "another treasurer");
        assertThat(others.getStatusCode()).as("%s", others.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(others.getBody().path("approvedBy").asText()).isEqualTo("xenia");
    }

    @Test
    void theTreasurerWhoHadARunGeneratedAgainCannotApproveItAThirdTreasurerCan() {
        jdbc.sql("update duesflow.billing_line set active = false").update();
        String group = "Four eyes again " + System.nanoTime();
        register.createGroup(group, null, null);
        register.register(null, new MemberInput("Willy", null, null, null, null, LocalDate.of(2020, 1, 1), null, "da",
                CollectionMethod.INVOICE, null, List.of(group), null));
        LocalDate due = clock.today().plusMonths(1).withDayOfMonth(1);
        rules.create(new BillingLineInput("Dues", 10, BillingLine.Kind.SCHEDULED, BillingLine.Frequency.MONTHLY, due, null,
                "3000", true, BillingLine.Who.GROUPS, List.of(group), null, null, null, BillingLine.PriceKind.FIXED,
                new BigDecimal("10.00"), null, null, null, null));
        TestRestTemplate creator = TestUsers.signedIn(rest, identity, "wilma", Roles.TREASURER);
        TestRestTemplate regenerator = TestUsers.signedIn(rest, identity, "yrsa", Roles.TREASURER);
        TestRestTemplate third = TestUsers.signedIn(rest, identity, "zelda", Roles.TREASURER);
        long runId = creator.postForEntity("/api/billing/runs", Map.of("kind", "SCHEDULED", "from", due.toString(),
                "to", due.toString()), JsonNode.class).getBody().path("id").asLong();
        jobs.settle(runId);
        creator.postForEntity("/api/billing/runs/" + runId + "/generate", null, JsonNode.class);
        jobs.settle(runId);
        ResponseEntity<JsonNode> regenerated = regenerator.postForEntity("/api/billing/runs/" + runId + "/reject",
                Map.of("generateAgain", true), JsonNode.class);
        assertThat(regenerated.getStatusCode()).as("%s", regenerated.getBody()).isEqualTo(HttpStatus.OK);
        jobs.settle(runId);

        ResponseEntity<JsonNode> byRegenerator = regenerator.postForEntity("/api/billing/runs/" + runId + "/approve", null,
                JsonNode.class);
        ResponseEntity<JsonNode> byCreator = creator.postForEntity("/api/billing/runs/" + runId + "/approve", null,
                JsonNode.class);
        ResponseEntity<JsonNode> byThird = third.postForEntity("/api/billing/runs/" + runId + "/approve", null,
                JsonNode.class);

        assertThat(byRegenerator.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(byRegenerator.getBody().path("detail").asText()).isEqualTo("Four eyes: yrsa created or regenerated "
                + "run " + runId + "; another treasurer approves it");
        assertThat(byCreator.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(byCreator.getBody().path("detail").asText()).contains("Four eyes", "wilma");
        assertThat(byThird.getStatusCode()).as("%s", byThird.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(byThird.getBody().path("approvedBy").asText()).isEqualTo("zelda");
    }
}
