package io.duesflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Parameter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import io.duesflow.RunJobs;
import io.duesflow.TestClock;
import io.duesflow.TestUsers;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberInput;
import io.duesflow.members.MemberRegister;
import io.duesflow.payments.PaymentsForOtherTests;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Who may do what, tried: anonymous, a treasurer, a supervisor and an administrator against every door duesflow has,
 * each attempt made for real (a refused one must leave the task waiting, an allowed one must do what it says). The
 * matrix is printed, written to {@code target/authorization-matrix.md}, and must be the one the README shows.
 * Every {@code /api} endpoint is swept, so a new endpoint is in the matrix the day it is written; every user task of the
 * deployed processes must be a treasurer's, so a new one is too.
 */
@ApplicationTest
class AuthorizationMatrixTests {

    enum Who {
        ANONYMOUS("anonymous"), TREASURER("treasurer"), SUPERVISOR("supervisor"), ADMIN("administrator");

        final String title;

        Who(String title) {
            this.title = title;
        }
    }

    static final String TREASURER = "tamara";
    static final String SUPERVISOR = "sigurd";
    static final String SETUP = "tilde";
    static final String README_START = "<!-- authorization matrix: written by AuthorizationMatrixTests, do not edit -->";
    static final String README_END = "<!-- end of the authorization matrix -->";
    /** The user tasks of the deployed processes, each with a row in {@link #tasks()}. */
    static final Set<String> KNOWN_TASKS = Set.of("billing-run:CheckPreview", "billing-run:ApproveRun",
            "unmatched-payment:AssignCredit", "dunning:ApproveReminderRound", "send-open-invoices:ChooseInvoicesToSend");

    @Autowired
    TestRestTemplate http;
    @Autowired
    IdentityService identity;
    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;
    @Autowired
    ApplicationContext context;
    @Autowired
    MemberRegister register;
    @Autowired
    RunJobs jobs;
    @Autowired
    TestClock clock;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Value("${duesflow.payments.card.webhook-secret}")
    String webhookSecret;

    final Map<String, Map<Who, String>> actual = new LinkedHashMap<>();
    final Map<String, Map<Who, String>> expected = new LinkedHashMap<>();
    final List<String> endpointLines = new ArrayList<>();
    final List<String> problems = new ArrayList<>();

    @BeforeAll
    static void users(@Autowired IdentityService identity) {
        TestUsers.ensure(identity, TREASURER, Roles.TREASURER);
        TestUsers.ensure(identity, SUPERVISOR, Roles.SUPERVISOR);
        TestUsers.ensure(identity, SETUP, Roles.TREASURER);
    }

    @Test
    void everyDoorOpensForWhomItIsMeantAndStaysClosedForEveryoneElse() throws Exception {
        api();
        engineRest();
        webapps();
        tasks();
        settings();

        String matrix = table();
        System.out.println("\nAuthorization matrix (README, section Users and what they may do):\n\n" + matrix);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/authorization-matrix.md"), matrix);
        Files.writeString(Path.of("target/authorization-matrix-endpoints.md"), String.join("\n", endpointLines) + "\n");
        for (String row : expected.keySet()) {
            for (Who who : Who.values()) {
                String want = expected.get(row).get(who);
                String got = actual.getOrDefault(row, Map.of()).get(who);
                if (!want.equals(got)) {
                    problems.add(row + " / " + who.title + ": expected " + want + ", was " + got);
                }
            }
        }
        assertThat(problems).as("what the matrix promises and what happened\n" + matrix).isEmpty();
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme).as("the README carries the matrix between its markers").contains(README_START, README_END);
        String shown = readme.substring(readme.indexOf(README_START) + README_START.length(), readme.indexOf(README_END)).strip();
        assertThat(shown).as("the README's matrix is the tested one (copy target/authorization-matrix.md)")
                .isEqualTo(matrix.strip());
    }

    /** Every user task a process deploys is a treasurer's, offered to no one else, and has a row in the matrix. */
    @Test
    void everyUserTaskIsATreasurersAndInTheMatrix() {
        for (ProcessDefinition definition : repository.createProcessDefinitionQuery().latestVersion().list()) {
            if (!definition.getResourceName().replace('\\', '/').contains("processes/")) {
                continue;
            }
            BpmnModelInstance model = repository.getBpmnModelInstance(definition.getId());
            for (UserTask task : model.getModelElementsByType(UserTask.class)) {
                String key = definition.getKey() + ":" + task.getId();
                assertThat(task.getCamundaCandidateGroups()).as(key + "'s candidate groups").isEqualTo(Roles.TREASURER);
                assertThat(task.getCamundaCandidateUsers()).as(key + "'s candidate users").isNull();
                assertThat(task.getCamundaAssignee()).as(key + "'s assignee").isNull();
                assertThat(KNOWN_TASKS).as("a row for " + key + " in AuthorizationMatrixTests (KNOWN_TASKS, tasks())")
                        .contains(key);
            }
        }
    }

    // --- /api ----------------------------------------------------------------------------------------------------

    private void api() throws Exception {
        record Endpoint(String method, String pattern, HandlerMethod handler, MediaType consumes, MediaType produces) {
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = mapping.getKey();
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/") || pattern.startsWith("/api/webhooks/")) {
                    continue;
                }
                for (var method : info.getMethodsCondition().getMethods()) {
                    MediaType consumes = info.getConsumesCondition().getConsumableMediaTypes().stream().findFirst()
                            .orElse(null);
                    MediaType produces = info.getProducesCondition().getProducibleMediaTypes().stream().findFirst()
                            .orElse(null);
                    endpoints.add(new Endpoint(method.name(), pattern, mapping.getValue(), consumes, produces));
                }
            }
        }
        endpoints.sort((a, b) -> (a.pattern() + a.method()).compareTo(b.pattern() + b.method()));
        assertThat(endpoints).as("the /api endpoints found").hasSizeGreaterThan(50);
        Map<Who, Set<String>> reads = new EnumMap<>(Who.class);
        Map<Who, Set<String>> writes = new EnumMap<>(Who.class);
        int readCount = 0;
        int writeCount = 0;
        for (Endpoint endpoint : endpoints) {
            boolean read = endpoint.method().equals("GET");
            if (read) {
                readCount++;
            } else {
                writeCount++;
            }
            StringBuilder line = new StringBuilder(endpoint.method() + " " + endpoint.pattern() + " |");
            for (Who who : Who.values()) {
                String path = harmless(endpoint.pattern(), endpoint.handler(), read);
                HttpHeaders headers = new HttpHeaders();
                Object body = null;
                if (endpoint.produces() != null) {
                    headers.setAccept(List.of(endpoint.produces()));
                }
                if (!read && MediaType.MULTIPART_FORM_DATA.equalsTypeAndSubtype(endpoint.consumes())) {
                    // A form with an empty file: well-formed, so the door answers; nothing to import.
                    headers.setContentType(MediaType.parseMediaType("multipart/form-data; boundary=matrix"));
                    body = "--matrix\r\nContent-Disposition: form-data; name=\"file\"; filename=\"none.csv\"\r\n\r\n"
                            + "\r\n--matrix--\r\n";
                } else if (!read) {
                    // A body no handler reads: the door is tried, the books are not touched.
                    headers.setContentType(endpoint.consumes() != null && !endpoint.consumes().isWildcardType()
                            ? endpoint.consumes() : MediaType.APPLICATION_JSON);
                    body = hasBody(endpoint.handler()) || endpoint.consumes() != null ? "{" : null;
                }
                ResponseEntity<String> response = as(who).exchange(path, HttpMethod.valueOf(endpoint.method()),
                        new HttpEntity<>(body, headers), String.class);
                String door = door(response.getStatusCode().value());
                (read ? reads : writes).computeIfAbsent(who, w -> new TreeSet<>()).add(door);
                line.append(' ').append(who.title).append(' ').append(response.getStatusCode().value())
                        .append(door.equals("yes") ? "" : " (" + door + ")").append(" |");
            }
            endpointLines.add(line.toString());
        }
        // The counts go to the endpoint list, not the matrix: a new endpoint changes no row of the README.
        endpointLines.add(0, readCount + " GET endpoints, " + writeCount + " POST, PUT and DELETE endpoints\n");
        cells("`/api/*` reads: every GET endpoint", reads, "401", "yes", "yes", "yes");
        cells("`/api/*` writes: every POST, PUT and DELETE endpoint but the card webhook", writes,
                "401", "yes", "403", "yes");

        String event = "{\"eventId\":\"matrix-" + System.nanoTime() + "\",\"type\":\"payment.succeeded\","
                + "\"chargeNumber\":\"matrix-none\",\"amount\":10.00,\"currency\":\"EUR\",\"paidAt\":\"2026-12-01T09:00:00Z\"}";
        String now = String.valueOf(clock.now().getEpochSecond());
        row("`POST /api/webhooks/card` without a signature", who -> door(webhook(who, event, null, null)),
                "401", "401", "401", "401");
        row("`POST /api/webhooks/card` with a wrong signature", who -> door(webhook(who, event, now,
                "sha256=" + "ab".repeat(32))), "401", "401", "401", "401");
        row("`POST /api/webhooks/card` signed with the provider's secret", who -> door(webhook(who, event, now,
                "sha256=" + hmac(now + "." + event))), "yes", "yes", "yes", "yes");
        row("`/api` by another spelling (`/api/members/`, `/API/members`, `/api//members`, `/api;x=1/members`, "
                        + "`/api/%2e%2e/api/members`, `/engine-rest/../api/members`)",
                who -> who != Who.ANONYMOUS ? "—" : readsNothing("/api/members/", "/API/members", "/api//members",
                        "/api;x=1/members", "/api/%2e%2e/api/members", "/engine-rest/../api/members"),
                "no", "—", "—", "—");
        row("`/actuator/health`", who -> door(as(who).getForEntity("/actuator/health", String.class)),
                "yes", "yes", "yes", "yes");
        row("`/actuator/prometheus`, `/v3/api-docs`, `/swagger-ui.html`", who -> same(
                door(as(who).getForEntity("/actuator/prometheus", String.class)),
                door(as(who).getForEntity("/v3/api-docs", String.class)),
                door(as(who).getForEntity("/swagger-ui.html", String.class))), "401", "yes", "yes", "yes");
    }

    /** The pattern with values the handler cannot take (a number that is none): the door answers, not the room. */
    private static String harmless(String pattern, HandlerMethod handler, boolean read) {
        String path = pattern;
        for (Parameter parameter : handler.getMethod().getParameters()) {
            PathVariable variable = parameter.getAnnotation(PathVariable.class);
            if (variable == null) {
                continue;
            }
            String name = !variable.value().isEmpty() ? variable.value() : !variable.name().isEmpty() ? variable.name()
                    : parameter.getName();
            Class<?> type = parameter.getType();
            boolean number = type == long.class || type == Long.class || type == int.class || type == Integer.class;
            String value = number ? (read ? "0" : "not-a-number") : type == java.time.LocalDate.class ? "not-a-date"
                    : "matrix-none";
            path = path.replace("{" + name + "}", value);
        }
        return path.replaceAll("\\{[^}]+}", "matrix-none");
    }

    private static boolean hasBody(HandlerMethod handler) {
        for (Parameter parameter : handler.getMethod().getParameters()) {
            if (parameter.isAnnotationPresent(RequestBody.class)) {
                return true;
            }
        }
        return false;
    }

    private int webhook(Who who, String body, String timestamp, String signature) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (timestamp != null) {
            headers.set("X-Duesflow-Timestamp", timestamp);
        }
        if (signature != null) {
            headers.set("X-Duesflow-Signature", signature);
        }
        return as(who).exchange("/api/webhooks/card", HttpMethod.POST, new HttpEntity<>(body, headers), String.class)
                .getStatusCode().value();
    }

    private String hmac(String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(webhookSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** "no" when none of the paths shows anonymous a member list. */
    private String readsNothing(String... paths) {
        for (String path : paths) {
            ResponseEntity<String> response = http.getForEntity(java.net.URI.create(path), String.class);
            if (response.getStatusCode().is2xxSuccessful()) {
                return "yes: " + path;
            }
        }
        return "no";
    }

    // --- /engine-rest --------------------------------------------------------------------------------------------

    private void engineRest() {
        String treasurersTask = waitingTask(ownProcess("matrixTreasurerTask", Roles.TREASURER));
        String othersTask = waitingTask(ownProcess("matrixAuditorTask", "auditors"));
        String treasurersInstance = tasks.createTaskQuery().taskId(treasurersTask).singleResult().getProcessInstanceId();
        row("`/engine-rest` tasks: which it shows", who -> {
            ResponseEntity<String> mine = as(who).getForEntity("/engine-rest/task?taskId=" + treasurersTask, String.class);
            ResponseEntity<String> others = as(who).getForEntity("/engine-rest/task?taskId=" + othersTask, String.class);
            if (!mine.getStatusCode().is2xxSuccessful()) {
                return door(mine.getStatusCode().value());
            }
            boolean seesMine = mine.getBody().contains(treasurersTask);
            boolean seesOthers = others.getBody().contains(othersTask);
            return seesMine && seesOthers ? "all" : seesMine ? "treasurers'" : seesOthers ? "others' only" : "none";
        }, "401", "treasurers'", "all", "all");
        row("`/engine-rest` running instances and history", who -> {
            ResponseEntity<String> running = as(who).getForEntity("/engine-rest/process-instance?processInstanceIds="
                    + treasurersInstance, String.class);
            ResponseEntity<String> history = as(who).getForEntity("/engine-rest/history/process-instance?processInstanceId="
                    + treasurersInstance, String.class);
            if (!running.getStatusCode().is2xxSuccessful()) {
                return door(running.getStatusCode().value());
            }
            boolean sees = running.getBody().contains(treasurersInstance) && history.getBody().contains(treasurersInstance);
            return sees ? "yes" : "none";
        }, "401", "none", "yes", "yes");
        row("`/engine-rest` users, groups, authorizations: create a user, join `camunda-admin`, grant a permission", who -> {
            String id = "matrix" + who.name().toLowerCase() + Long.toString(System.nanoTime(), 36).replaceAll("[^a-z0-9]", "");
            Map<String, Object> user = Map.of("profile", Map.of("id", id, "firstName", "Matrix", "lastName", "Check"),
                    "credentials", Map.of("password", "Rowing-club-2027"));
            String created = decision(status(as(who).postForEntity("/engine-rest/user/create", user, String.class)));
            // An administrator adds the new user to a group; everyone else tries to make themselves administrators.
            String member = who == Who.ADMIN ? id : who == Who.ANONYMOUS ? "nobody" : name(who);
            String group = who == Who.ADMIN ? Roles.SUPERVISOR : Roles.ADMIN;
            String joined = decision(status(as(who).exchange("/engine-rest/group/" + group + "/members/" + member,
                    HttpMethod.PUT, null, String.class)));
            String granted = decision(status(as(who).postForEntity("/engine-rest/authorization/create", Map.of("type", 1,
                    "permissions", List.of("ALL"), "userId", member, "resourceType", 0, "resourceId", "admin"),
                    String.class)));
            String all = same(created, joined, granted);
            return all.startsWith("mixed") ? "user " + created + ", join " + joined + ", grant " + granted : all;
        }, "401", "403", "403", "yes");
        row("`/engine-rest` deploy a process", who -> decision(deploy(who)), "401", "403", "403", "yes");
        row("`/engine-rest` start a process of Tasklist's Start menu (`register-payment`, its form's fields)", who ->
                decision(startRegisterPayment(who, "/engine-rest/process-definition/key/register-payment/start", false)),
                "401", "yes", "403", "yes");
        row("`/engine-rest` start it claiming to be another treasurer (`registeredBy`, not a field of its form)", who ->
                decision(startRegisterPayment(who, "/engine-rest/process-definition/key/register-payment/start", true)),
                "401", "400", "403", "yes");
        row("`/engine-rest` start what duesflow starts itself (`billing-cycle`, `billing-run`, `run-mail`, "
                + "`unmatched-payment`)", who -> {
            List<String> doors = new ArrayList<>();
            for (String key : List.of("billing-cycle", "billing-run", "run-mail", "unmatched-payment")) {
                if (who == Who.ADMIN && !key.equals("run-mail")) {
                    continue;
                }
                ResponseEntity<JsonNode> started = json(as(who).postForEntity("/engine-rest/process-definition/key/" + key
                        + "/start", Map.of(), String.class));
                if (started.getStatusCode().is2xxSuccessful()) {
                    // An administrator may; the instance has nothing to send and goes again.
                    runtime.deleteProcessInstance(started.getBody().path("id").asText(), "authorization matrix");
                }
                doors.add(door(started.getStatusCode().value()));
            }
            return same(doors.toArray(String[]::new));
        }, "401", "403", "403", "yes");
        row("`/engine-rest` change a running instance: set a variable, delete the instance", who -> {
            String instance = ownProcess("matrixTreasurerTask", Roles.TREASURER);
            int variable = status(as(who).exchange("/engine-rest/process-instance/" + instance + "/variables/note",
                    HttpMethod.PUT, new HttpEntity<>(Map.of("value", "changed", "type", "String")), String.class));
            int deleted = status(as(who).exchange("/engine-rest/process-instance/" + instance, HttpMethod.DELETE, null,
                    String.class));
            return same(decision(variable), decision(deleted));
        }, "401", "403", "403", "yes");
        row("`/engine-rest` set a treasurer task's variable outside its form", who -> decision(status(as(who).exchange(
                        "/engine-rest/task/" + treasurersTask + "/variables/runId", HttpMethod.PUT,
                        new HttpEntity<>(Map.of("value", 1, "type", "Long")), String.class))),
                "401", "403", "403", "yes");
    }

    private int deploy(Who who) {
        BpmnModelInstance model = Bpmn.createExecutableProcess("matrixDeployed" + who.name().toLowerCase())
                .name("Matrix deployment check").camundaStartableInTasklist(false).camundaHistoryTimeToLive(1)
                .startEvent().name("Started").endEvent().name("Done").done();
        var parts = new LinkedMultiValueMap<String, Object>();
        parts.add("deployment-name", "authorization-matrix");
        parts.add("data", new ByteArrayResource(Bpmn.convertToString(model).getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "matrix.bpmn";
            }
        });
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        return status(as(who).exchange("/engine-rest/deployment/create", HttpMethod.POST, new HttpEntity<>(parts, headers),
                String.class));
    }

    private String openCharge;

    /** A charge of 100.00 the rows register payments of 1.00 on. */
    private String openCharge() {
        if (openCharge == null) {
            openCharge = new PaymentsForOtherTests(context).openCharge("100.00");
        }
        return openCharge;
    }

    private int startRegisterPayment(Who who, String path, boolean asSomeoneElse) {
        Map<String, Object> variables = new LinkedHashMap<>(Map.of(
                "chargeNumber", Map.of("value", openCharge(), "type", "String"),
                "amount", Map.of("value", "1.00", "type", "String"),
                "paidOn", Map.of("value", clock.today().toString(), "type", "String"),
                "note", Map.of("value", "authorization matrix", "type", "String")));
        if (asSomeoneElse) {
            variables.put("registeredBy", Map.of("value", SETUP, "type", "String"));
        }
        return status(as(who).postForEntity(path, Map.of("variables", variables), String.class));
    }

    // --- the webapps ---------------------------------------------------------------------------------------------

    private void webapps() {
        for (String app : List.of("tasklist", "cockpit", "admin")) {
            String title = switch (app) {
                case "tasklist" -> "Tasklist (log in, list tasks)";
                case "cockpit" -> "Cockpit (log in, list process definitions)";
                default -> "Admin (log in, list users)";
            };
            String api = switch (app) {
                case "tasklist" -> "/camunda/api/engine/engine/default/task";
                case "cockpit" -> "/camunda/api/engine/engine/default/process-definition";
                default -> "/camunda/api/engine/engine/default/user";
            };
            String[] wanted = switch (app) {
                case "tasklist" -> new String[] {"login page", "yes", "403", "yes"};
                case "cockpit" -> new String[] {"login page", "403", "yes", "yes"};
                default -> new String[] {"login page", "403", "403", "yes"};
            };
            row(title, who -> {
                if (who == Who.ANONYMOUS) {
                    boolean page = http.getForEntity("/camunda/app/" + app + "/default/", String.class)
                            .getStatusCode().is2xxSuccessful();
                    int data = status(http.getForEntity(api, String.class));
                    return page && (data == 401 || data == 403) ? "login page" : "page " + page + ", data " + data;
                }
                WebappLogin login = WebappLogin.as(http, app, name(who), password(who));
                if (!login.status().is2xxSuccessful()) {
                    return door(login.status().value());
                }
                return door(status(login.exchange(api, HttpMethod.GET, null, String.class)));
            }, wanted);
        }
    }

    // --- the tasks -----------------------------------------------------------------------------------------------

    private long member;

    private void tasks() throws Exception {
        member = register.register(null, new MemberInput("Matrix Member", "matrix@example.org", null, null, null,
                java.time.LocalDate.of(2020, 1, 1), null, "da", CollectionMethod.INVOICE, null, List.of(), null))
                .memberNumber();

        taskRow("Approve a run: its task's form in Tasklist", () -> runAwaitingApproval(), (who, run) -> {
            WebappLogin session = sessionFor(who);
            return status(session.exchange("/camunda/api/engine/engine/default/task/" + run[1]
                    + "/submit-form", HttpMethod.POST, Map.of("variables", Map.of("decision", value("approve"))),
                    String.class));
        });
        taskRow("Approve a run: `POST /engine-rest/task/{id}/complete`", () -> runAwaitingApproval(), (who, run) ->
                status(as(who).postForEntity("/engine-rest/task/" + run[1] + "/complete",
                        Map.of("variables", Map.of("decision", value("approve"))), String.class)));
        taskRow("Approve a run: `POST /api/billing/runs/{id}/approve`", () -> runAwaitingApproval(), (who, run) ->
                status(as(who).postForEntity("/api/billing/runs/" + run[0] + "/approve", null, String.class)));
        taskRow("Approve a run, changing what its process keeps (`regeneratedBy`: not a field of its form)",
                () -> runAwaitingApproval(), (who, run) -> status(as(who).postForEntity("/engine-rest/task/" + run[1]
                        + "/complete", Map.of("variables", Map.of("decision", value("approve"), "regeneratedBy",
                        value("nobody"))), String.class)), "401", "400", "403", "yes");

        List<PaymentsForOtherTests.UnmatchedCredit> credits = new PaymentsForOtherTests(context).unmatchedCredits(6);
        int[] next = {0};
        taskRow("Decide a bank credit that matched nothing: its task's form in Tasklist",
                () -> credit(credits, next), (who, credit) -> {
                    WebappLogin session = sessionFor(who);
                    return status(session.exchange("/camunda/api/engine/engine/default/task/"
                            + credit[1] + "/submit-form", HttpMethod.POST, Map.of("variables", Map.of("decision",
                            value("notDues"), "decisionNote", value("authorization matrix"))), String.class));
                });
        taskRow("Decide a bank credit: `POST /engine-rest/task/{id}/complete`", () -> credit(credits, next),
                (who, credit) -> status(as(who).postForEntity("/engine-rest/task/" + credit[1] + "/complete",
                        Map.of("variables", Map.of("decision", value("notDues"), "decisionNote",
                                value("authorization matrix"))), String.class)));
        taskRow("Decide a bank credit: `POST /api/payments/unmatched/{id}/not-dues`", () -> credit(credits, next),
                (who, credit) -> status(as(who).postForEntity("/api/payments/unmatched/" + credit[0] + "/not-dues",
                        Map.of("note", "authorization matrix"), String.class)));

        row("Register a payment: its start form in Tasklist (`register-payment`)", who -> {
            WebappLogin session = sessionFor(who);
            return decision(status(session.exchange("/camunda/api/engine/engine/default/process-definition/key/"
                    + "register-payment/submit-form", HttpMethod.POST, registerPaymentForm(), String.class)));
        }, "401", "yes", "403", "yes");
        row("Register a payment: `POST /api/payments/charges/{number}/payments`", who -> {
            return decision(status(as(who).postForEntity("/api/payments/charges/" + openCharge() + "/payments",
                    Map.of("amount", new BigDecimal("1.00"), "on", clock.today().toString(), "note", "matrix"),
                    String.class)));
        }, "401", "yes", "403", "yes");

        try {
            taskRow("Approve a reminder round: its task's form in Tasklist", this::roundAwaitingApproval,
                    (who, round) -> status(sessionFor(who).exchange("/camunda/api/engine/engine/default/task/"
                            + round[1] + "/submit-form", HttpMethod.POST, Map.of("variables", roundDecision()),
                            String.class)));
            taskRow("Approve a reminder round: `POST /engine-rest/task/{id}/complete`", this::roundAwaitingApproval,
                    (who, round) -> status(as(who).postForEntity("/engine-rest/task/" + round[1] + "/complete",
                            Map.of("variables", roundDecision()), String.class)));
            taskRow("Approve a reminder round: `POST /api/dunning/runs/{id}/round/approve`",
                    this::roundAwaitingApproval, (who, round) -> status(as(who).postForEntity("/api/dunning/runs/"
                            + round[0] + "/round/approve", Map.of("payBy", clock.today().plusDays(14).toString()),
                            String.class)));
            row("Send a reminder now: its start form in Tasklist (`send-reminder-now`)", who -> {
                String runId = sentRun();
                WebappLogin session = sessionFor(who);
                String answer = decision(status(session.exchange("/camunda/api/engine/engine/default/"
                        + "process-definition/key/send-reminder-now/submit-form", HttpMethod.POST,
                        Map.of("variables", Map.of("runId", value(runId))), String.class)));
                boolean started = runtime.createProcessInstanceQuery().processInstanceBusinessKey("dunning-" + runId)
                        .count() == 1;
                return answer.equals("yes") == started ? answer : answer + " (but its reminders "
                        + (started ? "started" : "did not start") + ")";
            }, "401", "yes", "403", "yes");
            taskRow("Send open invoices by hand: its task's form in Tasklist (`send-open-invoices`)",
                    () -> openInvoicesChosen(), (who, chosen) -> {
                        WebappLogin session = sessionFor(who);
                        return status(session.exchange("/camunda/api/engine/engine/default/task/" + chosen[1]
                                + "/submit-form", HttpMethod.POST, Map.of("variables",
                                        Map.of("action", value("nothing"))), String.class));
                    });
            row("Start the other processes of Tasklist's Start menu (what `/engine-rest` lists as startable by the "
                    + "caller)", who -> {
                        ResponseEntity<JsonNode> startable = json(as(who).getForEntity(
                                "/engine-rest/process-definition?latestVersion=true&startableInTasklist=true"
                                        + "&startablePermissionCheck=true", String.class));
                        if (!startable.getStatusCode().is2xxSuccessful()) {
                            return door(startable.getStatusCode().value());
                        }
                        Set<String> keys = new java.util.TreeSet<>();
                        startable.getBody().forEach(definition -> keys.add(definition.path("key").asText()));
                        Set<String> menu = Set.of("immediate-billing", "new-member-billing", "register-payment",
                                "bulk-invoice", "send-open-invoices", "collect-open-charges", "send-reminder-now");
                        if (keys.containsAll(menu)) {
                            return "all";
                        }
                        keys.retainAll(menu);
                        return keys.isEmpty() ? "none" : "only " + keys;
                    }, "401", "all", "none", "all");
        } finally {
            // The rounds' instances would otherwise wait for reminder dates another test's clock may reach.
            runtime.createProcessInstanceQuery().processDefinitionKey("dunning").list().stream()
                    .filter(instance -> dunningRuns.contains(instance.getBusinessKey()))
                    .forEach(instance -> runtime.deleteProcessInstance(instance.getId(), "authorization matrix over"));
        }
    }

    private final List<String> dunningRuns = new ArrayList<>();

    /** A run of the matrix member, approved and sent through its process; answers its id. */
    private String sentRun() {
        String[] run = runAwaitingApproval();
        TestRestTemplate setup = http.withBasicAuth(SETUP, TestUsers.PASSWORD);
        assertThat(setup.postForEntity("/api/billing/runs/" + run[0] + "/approve", null, String.class)
                .getStatusCode().is2xxSuccessful()).isTrue();
        jobs.settle(Long.parseLong(run[0]));
        dunningRuns.add("dunning-" + run[0]);
        return run[0];
    }

    /** A sent run whose reminder round, asked for now, waits for approval: the run and the round's task. */
    private String[] roundAwaitingApproval() {
        String runId = sentRun();
        TestRestTemplate setup = http.withBasicAuth(SETUP, TestUsers.PASSWORD);
        assertThat(setup.postForEntity("/api/dunning/runs/" + runId + "/send-now", null, String.class)
                .getStatusCode().is2xxSuccessful()).isTrue();
        jobs.settleBusinessKey("dunning-" + runId);
        String task = tasks.createTaskQuery().processInstanceBusinessKey("dunning-" + runId)
                .taskDefinitionKey("ApproveReminderRound").singleResult().getId();
        return new String[] {runId, task};
    }

    /** The round's form as a treasurer sends it: no fee, two weeks to pay, no message. */
    private Map<String, Object> roundDecision() {
        return Map.of("decision", value("send"), "reminderFee", value(""),
                "payBy", value(clock.today().plusDays(14).toString()), "reminderMessage", value(""));
    }

    /** A treasurer asked for the open invoices of nothing in particular: the task shows them and waits for a choice. */
    private String[] openInvoicesChosen() {
        identity.setAuthentication(SETUP, List.of(Roles.TREASURER));
        try {
            String instance = runtime.startProcessInstanceByKey("send-open-invoices", Map.of("mailed", "false"))
                    .getId();
            return new String[] {instance, tasks.createTaskQuery().processInstanceId(instance).singleResult().getId()};
        } finally {
            identity.clearAuthentication();
        }
    }

    private Map<String, Object> registerPaymentForm() {
        return Map.of("variables", Map.of("chargeNumber", value(openCharge()), "amount", value("1.00"),
                "paidOn", value(clock.today().toString()), "note", value("authorization matrix")));
    }

    private static Map<String, Object> value(Object value) {
        return Map.of("value", value, "type", value instanceof String ? "String" : "Long");
    }

    private interface Setup {
        String[] make() throws Exception;
    }

    private interface Attempt {
        int make(Who who, String[] subject);
    }

    /**
     * A task row: anonymous and the supervisor try first and must leave the task waiting; the treasurer and the
     * administrator each complete one of their own.
     */
    private void taskRow(String title, Setup setup, Attempt attempt) throws Exception {
        taskRow(title, setup, attempt, "401", "yes", "403", "yes");
    }

    private void taskRow(String title, Setup setup, Attempt attempt, String... wanted) throws Exception {
        String[] shared = setup.make();
        String[] forAdmin = setup.make();
        Map<Who, String[]> subject = Map.of(Who.ANONYMOUS, shared, Who.SUPERVISOR, shared, Who.TREASURER, shared,
                Who.ADMIN, forAdmin);
        // The treasurer last on the shared task: a refusal must leave it waiting for them.
        row(title, List.of(Who.ANONYMOUS, Who.SUPERVISOR, Who.TREASURER, Who.ADMIN), who -> {
            String[] task = subject.get(who);
            int answer = attempt.make(who, task);
            boolean waiting = stillWaiting(task[1]);
            boolean done = answer >= 200 && answer < 300;
            return decision(answer) + (done == waiting ? " (but the task " + (waiting ? "still waits" : "is gone") + ")"
                    : "");
        }, wanted);
    }

    private String[] runAwaitingApproval() {
        TestRestTemplate setup = http.withBasicAuth(SETUP, TestUsers.PASSWORD);
        JsonNode run = setup.postForEntity("/api/billing/runs", Map.of("kind", "TEMPLATE", "memberNumber", member,
                "dueDate", clock.today().plusDays(30).toString(), "lines", List.of(Map.of("text", "Matrix fee",
                        "amount", "10.00"))), JsonNode.class).getBody();
        long runId = run.path("id").asLong();
        jobs.settle(runId);
        setup.postForEntity("/api/billing/runs/" + runId + "/generate", null, JsonNode.class);
        jobs.settle(runId);
        String task = tasks.createTaskQuery().processInstanceBusinessKey("run-" + runId).taskDefinitionKey("ApproveRun")
                .singleResult().getId();
        return new String[] {String.valueOf(runId), task};
    }

    private static String[] credit(List<PaymentsForOtherTests.UnmatchedCredit> credits, int[] next) {
        PaymentsForOtherTests.UnmatchedCredit credit = credits.get(next[0]++);
        return new String[] {String.valueOf(credit.creditId()), credit.taskId()};
    }

    private boolean stillWaiting(String taskId) {
        return tasks.createTaskQuery().taskId(taskId).count() == 1;
    }

    /**
     * The webapps' session of a user: Tasklist's, or Cockpit's for a supervisor (the engine API behind both is the
     * same); for anonymous, a browser that opened Tasklist and did not log in.
     */
    private WebappLogin sessionFor(Who who) {
        return switch (who) {
            case ANONYMOUS -> WebappLogin.anonymous(http, "tasklist");
            case SUPERVISOR -> WebappLogin.as(http, "cockpit", SUPERVISOR, TestUsers.PASSWORD);
            default -> WebappLogin.as(http, "tasklist", name(who), password(who));
        };
    }

    // --- settings ------------------------------------------------------------------------------------------------

    private void settings() {
        row("Change association settings (`PUT /api/association`)", who -> {
            JsonNode association = as(Who.ADMIN).getForEntity("/api/association", JsonNode.class).getBody();
            Map<String, Object> change = new HashMap<>();
            change.put("name", association.path("name").asText());
            change.put("version", association.path("version").asInt());
            return decision(status(as(who).exchange("/api/association", HttpMethod.PUT, new HttpEntity<>(change), String.class)));
        }, "401", "yes", "403", "yes");
    }

    // --- the matrix ----------------------------------------------------------------------------------------------

    private void row(String title, Function<Who, String> attempt, String... wanted) {
        row(title, List.of(Who.values()), attempt, wanted);
    }

    private void row(String title, List<Who> order, Function<Who, String> attempt, String... wanted) {
        Map<Who, String> cells = new EnumMap<>(Who.class);
        Map<Who, String> want = new EnumMap<>(Who.class);
        for (Who who : order) {
            want.put(who, wanted[who.ordinal()]);
            try {
                cells.put(who, attempt.apply(who));
            } catch (RuntimeException e) {
                cells.put(who, "failed: " + e);
            }
        }
        expected.put(title, want);
        actual.put(title, cells);
    }

    private void cells(String title, Map<Who, Set<String>> seen, String... wanted) {
        row(title, who -> {
            Set<String> doors = seen.getOrDefault(who, Set.of());
            return doors.size() == 1 ? doors.iterator().next() : "mixed " + doors
                    + " (see target/authorization-matrix-endpoints.md)";
        }, wanted);
    }

    private String table() {
        StringBuilder table = new StringBuilder("| | " + java.util.Arrays.stream(Who.values()).map(w -> w.title)
                .collect(Collectors.joining(" | ")) + " |\n| --- |" + " --- |".repeat(Who.values().length) + "\n");
        for (Map.Entry<String, Map<Who, String>> row : actual.entrySet()) {
            table.append("| ").append(row.getKey()).append(" |");
            for (Who who : Who.values()) {
                table.append(' ').append(row.getValue().get(who)).append(" |");
            }
            table.append('\n');
        }
        return table.toString();
    }

    /**
     * A door's answer as the matrix shows it: refused (401: who are you? 403: not you), or let through, whatever the
     * room then says about the request itself.
     */
    private static String door(int status) {
        return status == 401 || status == 403 ? String.valueOf(status) : "yes";
    }

    /** An attempt's answer: refused by the door (401, 403), refused as wrong (400), or done. */
    private static String decision(int status) {
        return status == 401 || status == 403 || status == 400 ? String.valueOf(status)
                : status >= 200 && status < 300 ? "yes" : "failed " + status;
    }

    private static String door(ResponseEntity<?> response) {
        return door(response.getStatusCode().value());
    }

    private static String same(String... doors) {
        Set<String> distinct = new LinkedHashSet<>(List.of(doors));
        return distinct.size() == 1 ? distinct.iterator().next() : "mixed " + distinct;
    }

    private static int status(ResponseEntity<?> response) {
        return response.getStatusCode().value();
    }

    private ResponseEntity<JsonNode> json(ResponseEntity<String> response) {
        try {
            JsonNode body = response.getBody() == null ? null
                    : new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.getBody());
            return ResponseEntity.status(response.getStatusCode()).body(body);
        } catch (IOException e) {
            return ResponseEntity.status(response.getStatusCode()).build();
        }
    }

    private TestRestTemplate as(Who who) {
        return who == Who.ANONYMOUS ? http : http.withBasicAuth(name(who), password(who));
    }

    private static String name(Who who) {
        return switch (who) {
            case TREASURER -> TREASURER;
            case SUPERVISOR -> SUPERVISOR;
            case ADMIN -> "admin";
            case ANONYMOUS -> null;
        };
    }

    private static String password(Who who) {
        return who == Who.ADMIN ? SecurityTests.ADMIN_PASSWORD : TestUsers.PASSWORD;
    }

    /** A process of one user task for {@code group}, deployed once, kept out of Tasklist's Start menu. */
    private String ownProcess(String key, String group) {
        if (repository.createProcessDefinitionQuery().processDefinitionKey(key).count() == 0) {
            repository.createDeployment().name(key)
                    .addModelInstance(key + ".bpmn", Bpmn.createExecutableProcess(key).name("Matrix check")
                            .camundaStartableInTasklist(false).camundaHistoryTimeToLive(1)
                            .startEvent().name("Started").userTask("check").name("Check")
                            .camundaCandidateGroups(group).endEvent().name("Done").done())
                    .deploy();
        }
        return runtime.startProcessInstanceByKey(key, Map.of("note", "as started")).getId();
    }

    private String waitingTask(String instance) {
        return tasks.createTaskQuery().processInstanceId(instance).singleResult().getId();
    }
}
