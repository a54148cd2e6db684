package io.duesflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import io.duesflow.TestUsers;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

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

    /**
     * A one-task process built in code, so the platform's checks need no BPMN of a feature; like every process built
     * here, not startable in Tasklist, where it would join the start menu StartProcessMenuTests checks.
     */
    static String startTreasurerApproval(RepositoryService repository, RuntimeService runtime, String taskName) {
        if (repository.createProcessDefinitionQuery().processDefinitionKey("treasurerApprovalCheck").count() == 0) {
            repository.createDeployment().name("treasurer-approval-check")
                    .addModelInstance("treasurer-approval-check.bpmn", Bpmn.createExecutableProcess("treasurerApprovalCheck")
                            .name("Treasurer approval check").camundaStartableInTasklist(false).startEvent().name("Started")
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
    void aTreasurerWhoseRightToStartAProcessWasTakenAwayIsRefusedWith403NamingThePermission() {
        String revoked = "rita";
        createUser(identity, revoked, Roles.TREASURER);
        AuthorizationService authorizations = engine.getAuthorizationService();
        // What an administrator does in Camunda Admin: one treasurer may no longer send reminders now.
        Authorization revoke = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_REVOKE);
        revoke.setUserId(revoked);
        revoke.setResource(Resources.PROCESS_DEFINITION);
        revoke.setResourceId("send-reminder-now");
        revoke.removePermission(Permissions.CREATE_INSTANCE);
        revoke = authorizations.saveAuthorization(revoke);
        try {
            ResponseEntity<JsonNode> refused = http.withBasicAuth(revoked, PASSWORD)
                    .postForEntity("/api/dunning/runs/1/send-now", null, JsonNode.class);

            assertThat(refused.getStatusCode()).as("no server error").isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(refused.getBody().path("detail").asText()).contains("CREATE_INSTANCE", "send-reminder-now");
        } finally {
            authorizations.deleteAuthorization(revoke.getId());
        }
    }

    @Test
    void aTreasurerSeesNoTasksMeantForOthers() {
        repository.createDeployment().name("other-group-check")
                .addModelInstance("other-group-check.bpmn", Bpmn.createExecutableProcess("otherGroupCheck")
                        // A check's fixture, not a treasurer's process: out of Tasklist's Start menu.
                        .name("Other group check").camundaStartableInTasklist(false).startEvent().name("Started")
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

    @Test
    void aWeakPasswordForANewUserIsAFieldErrorNamingTheRulesItBreaks() {
        var admin = http.withBasicAuth("admin", ADMIN_PASSWORD);
        Map<String, Object> user = Map.of("profile", Map.of("id", "weakling", "firstName", "Wes", "lastName", "Weak",
                "email", "wes@example.dk"), "credentials", Map.of("password", "weakling1"));

        ResponseEntity<JsonNode> refused = admin.postForEntity("/engine-rest/user/create", user, JsonNode.class);

        assertThat(refused.getStatusCode()).as(String.valueOf(refused.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(refused.getBody().path("field").asText()).isEqualTo("credentials.password");
        assertThat(refused.getBody().path("detail").asText()).contains("at least 10 characters", "an upper case letter",
                "a special character", "not contain the user's id");
        assertThat(identity.createUserQuery().userId("weakling").count()).isZero();
    }

    @Test
    void aWeakNewPasswordForAnExistingUserIsAFieldErrorAndTheOldPasswordStays() {
        createUser(identity, "renate", Roles.TREASURER);
        var admin = http.withBasicAuth("admin", ADMIN_PASSWORD);

        ResponseEntity<JsonNode> refused = admin.exchange("/engine-rest/user/renate/credentials",
                HttpMethod.PUT, new HttpEntity<>(Map.of(
                        "password", "alllowercaseletters", "authenticatedUserPassword", ADMIN_PASSWORD)), JsonNode.class);

        assertThat(refused.getStatusCode()).as(String.valueOf(refused.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("field").asText()).isEqualTo("password");
        assertThat(refused.getBody().path("detail").asText()).contains("an upper case letter", "a digit")
                .doesNotContain("at least 10 characters");
        assertThat(identity.checkPassword("renate", PASSWORD)).isTrue();
    }

    @Test
    void aWeakPasswordSentThroughCamundaAdminIsAFieldErrorToo() {
        HttpHeaders session = webappSession("admin", ADMIN_PASSWORD);
        session.setContentType(MediaType.APPLICATION_JSON);
        Map<String, Object> user = Map.of("profile", Map.of("id", "adminweak", "firstName", "Ada", "lastName", "Weak"),
                "credentials", Map.of("password", "weak"));

        ResponseEntity<JsonNode> refused = http.exchange("/camunda/api/engine/engine/default/user/create", HttpMethod.POST,
                new HttpEntity<>(user, session), JsonNode.class);

        assertThat(refused.getStatusCode()).as(String.valueOf(refused.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("field").asText()).isEqualTo("credentials.password");
        assertThat(refused.getBody().path("violatedRules")).extracting(JsonNode::asText).contains("PASSWORD_POLICY_LENGTH");
        assertThat(identity.createUserQuery().userId("adminweak").count()).isZero();
    }

    /** Logged into the webapps as a browser is: a session and its anti-CSRF token, taken again after the login. */
    private HttpHeaders webappSession(String user, String password) {
        Map<String, String> cookies = new java.util.LinkedHashMap<>();
        HttpHeaders headers = new HttpHeaders();
        keep(cookies, http.getForEntity("/camunda/app/admin/default/", String.class));
        headers.set("X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"));
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        headers.put(HttpHeaders.COOKIE, cookieHeader(cookies));
        var form = new LinkedMultiValueMap<String, String>();
        form.add("username", user);
        form.add("password", password);
        ResponseEntity<String> login = http.exchange("/camunda/api/admin/auth/user/default/login/admin", HttpMethod.POST,
                new HttpEntity<>(form, headers), String.class);
        assertThat(login.getStatusCode()).as(login.getBody()).isEqualTo(HttpStatus.OK);
        keep(cookies, login);
        HttpHeaders again = new HttpHeaders();
        again.put(HttpHeaders.COOKIE, cookieHeader(cookies));
        keep(cookies, http.exchange("/camunda/app/admin/default/", HttpMethod.GET, new HttpEntity<>(again), String.class));
        HttpHeaders session = new HttpHeaders();
        session.put(HttpHeaders.COOKIE, cookieHeader(cookies));
        session.set("X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"));
        return session;
    }

    private static void keep(Map<String, String> cookies, ResponseEntity<?> response) {
        for (String cookie : response.getHeaders().getOrDefault(HttpHeaders.SET_COOKIE, List.of())) {
            String pair = cookie.split(";", 2)[0];
            cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
    }

    private static List<String> cookieHeader(Map<String, String> cookies) {
        return cookies.entrySet().stream().map(cookie -> cookie.getKey() + "=" + cookie.getValue()).toList();
    }

    @Test
    void aGoodPasswordStillCreatesTheUser() {
        var admin = http.withBasicAuth("admin", ADMIN_PASSWORD);
        Map<String, Object> user = Map.of("profile", Map.of("id", "goodwin", "firstName", "Gus", "lastName", "Good"),
                "credentials", Map.of("password", "Rowing-club-2027"));

        assertThat(admin.postForEntity("/engine-rest/user/create", user, String.class).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(identity.checkPassword("goodwin", "Rowing-club-2027")).isTrue();
    }
}
