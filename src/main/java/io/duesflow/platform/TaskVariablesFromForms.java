package io.duesflow.platform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * A task's form is the one way its variables change. The engine lets whoever may complete a task send any variables
 * with it, and set any variable on it, so a treasurer could overwrite what the process keeps for itself (the run a task
 * approves, who regenerated it, which the four-eyes check reads). Over the engine's REST API and the webapps' copy of
 * it, this refuses, for everyone but administrators:
 * <ul>
 *   <li>completing, submitting or resolving a task with a variable its Camunda Form has no field for;</li>
 *   <li>setting or deleting a task's variables outside its completion;</li>
 *   <li>starting a process that is not in Tasklist's Start menu (duesflow starts those itself), starting one anywhere
 *   but at its start event, or with a variable its start form has no field for.</li>
 * </ul>
 * Tasklist sends exactly a form's fields, so nothing changes for people using it.
 */
final class TaskVariablesFromForms extends OncePerRequestFilter {

    private static final String ID = "([^/]+)";
    private static final Pattern COMPLETION = Pattern.compile("/task/" + ID + "/(complete|submit-form|resolve)/?$");
    private static final Pattern TASK_VARIABLES = Pattern.compile("/task/" + ID + "/(variables|localVariables)(/.*)?$");
    private static final Pattern START = Pattern.compile(
            "/process-definition/(?:key/" + ID + "(?:/tenant-id/[^/]+)?|" + ID + ")/(start|submit-form)/?$");

    private final ObjectProvider<ProcessEngine> engines;
    private final ObjectMapper json;

    TaskVariablesFromForms(ObjectProvider<ProcessEngine> engines, ObjectMapper json) {
        this.engines = engines;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method) || isAdministrator(request)) {
            chain.doFilter(request, response);
            return;
        }
        String path = UriUtils.decode(request.getRequestURI().substring(request.getContextPath().length()),
                StandardCharsets.UTF_8);
        if (TASK_VARIABLES.matcher(path).find() && caller(request) != null) {
            FilterProblems.refuse(request, response, json, HttpStatus.FORBIDDEN, "Variables change through the form",
                    "variables", "A task's variables change only when it is completed with its form");
            return;
        }
        Matcher completion = COMPLETION.matcher(path);
        Matcher start = START.matcher(path);
        boolean isCompletion = completion.find();
        boolean isStart = !isCompletion && start.find();
        if (!isCompletion && !isStart) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        JsonNode sent;
        try {
            sent = body.length == 0 ? json.createObjectNode() : json.readTree(body);
        } catch (JacksonException e) {
            // Not JSON: the engine refuses it as it always has.
            chain.doFilter(new ReadAgainRequest(request, body), response);
            return;
        }
        ProcessEngine engine = engines.getObject();
        Caller caller = caller(request);
        Refusal refusal = isCompletion ? checkCompletion(engine, caller, completion.group(1), sent)
                : checkStart(engine, caller, start.group(1), start.group(2), sent);
        if (refusal != null) {
            FilterProblems.refuse(request, response, json, refusal.status(), refusal.title(), refusal.field(),
                    refusal.detail());
            return;
        }
        chain.doFilter(new ReadAgainRequest(request, body), response);
    }

    private record Refusal(HttpStatus status, String title, String field, String detail) {

        static Refusal notStartedByHand(String field, String detail) {
            return new Refusal(HttpStatus.FORBIDDEN, "Not started by hand", field, detail);
        }
    }

    /** Who is calling, as the engine will know them; null for nobody (the engine refuses them itself). */
    private record Caller(String user, List<String> groups) {

        /** Whether the engine would let the caller do this at all: if not, the engine's refusal (403) is the answer. */
        boolean may(ProcessEngine engine, Resource resource, String id, Permission... permissions) {
            for (Permission permission : permissions) {
                if (engine.getAuthorizationService().isUserAuthorized(user, groups, permission, resource, id)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Null when the variables sent are the form's, or the caller may not complete the task anyway. */
    private static Refusal checkCompletion(ProcessEngine engine, Caller caller, String taskId, JsonNode sent) {
        List<String> names = names(sent.path("variables"));
        if (names.isEmpty() || caller == null) {
            return null;
        }
        Task task = engine.getTaskService().createTaskQuery().taskId(taskId).singleResult();
        if (task == null || !caller.may(engine, Resources.TASK, taskId, Permissions.TASK_WORK, Permissions.UPDATE)) {
            return null;
        }
        Set<String> fields = fields(() -> engine.getFormService().getDeployedTaskForm(taskId));
        return outsideForm(names, fields, "the task '" + task.getName() + "'");
    }

    private static Refusal checkStart(ProcessEngine engine, Caller caller, String key, String id, JsonNode sent) {
        ProcessDefinition definition = key != null
                ? engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(key).latestVersion()
                .singleResult()
                : engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionId(id).singleResult();
        if (definition == null || caller == null || !caller.may(engine, Resources.PROCESS_DEFINITION,
                definition.getKey(), Permissions.CREATE_INSTANCE)) {
            return null;
        }
        if (!definition.isStartableInTasklist()) {
            return Refusal.notStartedByHand("processDefinition", "'" + definition.getName() + "' is started by "
                    + "duesflow itself (by the monthly cycle, a run or the bank inbox), never by hand");
        }
        for (String instruction : List.of("startInstructions", "skipCustomListeners", "skipIoMappings")) {
            if (sent.hasNonNull(instruction) && !(sent.get(instruction).isBoolean() && !sent.get(instruction).asBoolean())) {
                return Refusal.notStartedByHand(instruction, "'" + definition.getName()
                        + "' starts at its start event, with its form");
            }
        }
        List<String> names = names(sent.path("variables"));
        if (names.isEmpty()) {
            return null;
        }
        FormService forms = engine.getFormService();
        Set<String> fields = fields(() -> forms.getDeployedStartForm(definition.getId()));
        return outsideForm(names, fields, "the start form of '" + definition.getName() + "'");
    }

    private static Refusal outsideForm(List<String> names, Set<String> fields, String whose) {
        for (String name : names) {
            if (!fields.contains(name)) {
                return new Refusal(HttpStatus.BAD_REQUEST, "Not a field of the form", "variables." + name,
                        "'" + name + "' is not a field of " + whose + (fields.isEmpty() ? ", which has none"
                                : "; its fields are " + String.join(", ", fields)));
            }
        }
        return null;
    }

    private static List<String> names(JsonNode variables) {
        List<String> names = new ArrayList<>();
        if (variables.isObject()) {
            variables.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    private interface FormSource {
        InputStream open();
    }

    /** The keys of a Camunda Form's fields (the first part of a dotted key or a group's path); none without a form. */
    private static Set<String> fields(FormSource source) {
        Set<String> fields = new LinkedHashSet<>();
        try (InputStream form = source.open()) {
            collect(new ObjectMapper().readTree(form), fields);
        } catch (ProcessEngineException | IOException e) {
            // No deployed form: no field, so no variable.
        }
        return fields;
    }

    private static void collect(JsonNode node, Set<String> fields) {
        for (String property : List.of("key", "path")) {
            if (node.path(property).isTextual() && !node.path(property).asText().isBlank()) {
                fields.add(node.path(property).asText().split("\\.", 2)[0]);
            }
        }
        for (Iterator<JsonNode> components = node.path("components").elements(); components.hasNext(); ) {
            collect(components.next(), fields);
        }
    }

    /** Administrators hold every permission in the engine anyway; Cockpit lets them change variables. */
    private static boolean isAdministrator(HttpServletRequest request) {
        Caller caller = caller(request);
        return caller != null && caller.groups().contains(Roles.ADMIN);
    }

    /** The REST API's caller (HTTP Basic, checked by the machine door), or the webapps' logged-in user. */
    private static Caller caller(HttpServletRequest request) {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken)) {
            return new Caller(authentication.getName(), authentication.getAuthorities().stream()
                    .map(GrantedAuthority::getAuthority).filter(authority -> authority.startsWith("GROUP_"))
                    .map(authority -> authority.substring("GROUP_".length())).toList());
        }
        HttpSession session = request.getSession(false);
        Authentications logins = session == null ? null : AuthenticationUtil.getAuthsFromSession(session);
        Authentication login = logins == null ? null : logins.getAuthenticationForProcessEngine("default");
        if (login instanceof UserAuthentication user) {
            return new Caller(user.getName(), user.getGroupIds() == null ? List.of() : List.copyOf(user.getGroupIds()));
        }
        return null;
    }
}
