package io.duesflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.duesflow.ApplicationTest;
import io.duesflow.TestUsers;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

@ApplicationTest
@ExtendWith(OutputCaptureExtension.class)
class SecurityTests {

    static final String ADMIN_PASSWORD = "Kasse-test-password-1";
    static final String TREASURER = "tina";
    static final String SUPERVISOR = "sam";
    static final String PASSWORD = TestUsers.PASSWORD;

    @Autowired
    TestRestTemplate http;
    @Autowired
    IdentityService identity;
    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ProcessEngine engine;

    @BeforeAll
    static void users(@Autowired IdentityService identity) {
        createUser(identity, TREASURER, Roles.TREASURER);
        createUser(identity, SUPERVISOR, Roles.SUPERVISOR);
    }

    static void createUser(IdentityService identity, String id, String group) {
        TestUsers.ensure(identity, id, group);
    }

    @Test
    void anonymousCallsToTheEngineAndTheApiAreRefused() {
        for (String path : List.of("/engine-rest/process-definition", "/engine-rest/task", "/api/members",
                "/actuator/prometheus", "/v3/api-docs")) {
            ResponseEntity<String> response = http.getForEntity(path, String.class);
            assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(response.getHeaders().getFirst("WWW-Authenticate")).as(path).startsWith("Basic");
        }
    }

    @Test
    void healthIsTheOneOpenEndpoint() {
        ResponseEntity<String> health = http.getForEntity("/actuator/health", String.class);
        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(health.getBody()).contains("\"status\":\"UP\"");
    }

    @Test
    void theAdministratorFromTheEnvironmentUsesTheEngineApiAndSeesMetrics() {
        var admin = http.withBasicAuth("admin", ADMIN_PASSWORD);
        assertThat(admin.getForEntity("/engine-rest/group", String.class).getBody())
                .contains("\"id\":\"treasurer\"", "\"id\":\"supervisor\"", "\"id\":\"camunda-admin\"");
        ResponseEntity<String> metrics = admin.getForEntity("/actuator/prometheus", String.class);
        assertThat(metrics.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(metrics.getBody()).contains("jvm_memory_used_bytes");
    }

    @Test
    void aWrongPasswordIsRefused() {
        // Its own user: Camunda locks a user for a few seconds after a wrong password, which is the point.
        createUser(identity, "mallory", Roles.TREASURER);
        assertThat(http.withBasicAuth("mallory", "not-the-password").getForEntity("/engine-rest/group", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    /** A one-task process built in code, so the platform's checks need no BPMN of a feature. */
    static String startTreasurerApproval(RepositoryService repository, RuntimeService runtime, String taskName) {
        if (repository.createProcessDefinitionQuery().processDefinitionKey("treasurerApprovalCheck").count() == 0) {
            repository.createDeployment().name("treasurer-approval-check")
                    .addModelInstance("treasurer-approval-check.bpmn", Bpmn.createExecutableProcess("treasurerApprovalCheck")
                            .name("Treasurer approval check").startEvent().name("Started")
                            .userTask("approve").name("${taskName}").camundaCandidateGroups(Roles.TREASURER)
                            .endEvent().name("Done").done())
                    .deploy();
        }
        return runtime.startProcessInstanceByKey("treasurerApprovalCheck", Map.of("taskName", taskName)).getId();
    }

    @Test
    void aTreasurerCompletesTreasurerTasksAndASupervisorOnlyLooksAtThem() {
        String instance = startTreasurerApproval(repository, runtime, "Approve run");
        String task = engine.getTaskService().createTaskQuery().processInstanceId(instance).singleResult().getId();

        var supervisor = http.withBasicAuth(SUPERVISOR, PASSWORD);
        assertThat(supervisor.getForEntity("/engine-rest/task/" + task, String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(supervisor.postForEntity("/engine-rest/task/" + task + "/complete", Map.of(), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        var treasurer = http.withBasicAuth(TREASURER, PASSWORD);
        assertThat(treasurer.getForEntity("/engine-rest/task?processInstanceId=" + instance, String.class).getBody())
                .contains(task);
        assertThat(treasurer.postForEntity("/engine-rest/task/" + task + "/complete", Map.of(), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance).count()).isZero();
    }

    @Test
    void aTreasurerSeesNoTasksMeantForOthers() {
        repository.createDeployment().name("other-group-check")
                .addModelInstance("other-group-check.bpmn", Bpmn.createExecutableProcess("otherGroupCheck")
                        .name("Other group check").startEvent().name("Started")
                        .userTask("review").name("Review").camundaCandidateGroups("auditors")
                        .endEvent().name("Done").done())
                .deploy();
        String instance = runtime.startProcessInstanceByKey("otherGroupCheck").getId();

        assertThat(http.withBasicAuth(TREASURER, PASSWORD)
                .getForEntity("/engine-rest/task?processInstanceId=" + instance, String.class).getBody())
                .isEqualTo("[]");
    }

    @Test
    void withoutAPasswordTheFirstStartGeneratesOneAndShowsItOnce(CapturedOutput output) {
        new IdentityBootstrap(new AdminProperties("firstadmin", null)).postProcessEngineBuild(engine);

        Matcher shown = Pattern.compile("with the password\\s+(\\S+)").matcher(output.getOut());
        assertThat(shown.find()).as("the generated password is logged").isTrue();
        String password = shown.group(1);
        assertThat(identity.checkPassword("firstadmin", password)).isTrue();
        assertThat(identity.createGroupQuery().groupMember("firstadmin").singleResult().getId()).isEqualTo(Roles.ADMIN);

        new IdentityBootstrap(new AdminProperties("firstadmin", null)).postProcessEngineBuild(engine);
        assertThat(output.getOut().split("with the password", -1)).as("shown only once").hasSize(2);
        assertThat(identity.checkPassword("firstadmin", password)).as("a restart keeps the password").isTrue();
    }

    @Test
    void anAdministratorPasswordThatBreaksThePolicyStopsStartWithTheReason() {
        var bootstrap = new IdentityBootstrap(new AdminProperties("weakadmin", "short"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bootstrap.postProcessEngineBuild(engine))
                .isInstanceOf(StartupProblem.class)
                .hasMessageContaining("weakadmin")
                .satisfies(e -> assertThat(((StartupProblem) e).action()).contains("DUESFLOW_ADMIN_PASSWORD"));
        assertThat(identity.createUserQuery().userId("weakadmin").count()).isZero();
    }
}
