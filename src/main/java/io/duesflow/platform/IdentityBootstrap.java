package io.duesflow.platform;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.BatchPermissions;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.HistoricTaskPermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.SystemPermissions;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.authorization.UserOperationLogCategoryPermissions;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.spring.boot.starter.configuration.impl.AbstractCamundaConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Creates what a fresh installation needs before anyone can log in: the groups, their authorizations,
 * the Tasklist filters and the first administrator. Runs while the engine is built, so the web server
 * never answers before it is done; each step is skipped when it is already there.
 */
@Component
class IdentityBootstrap extends AbstractCamundaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IdentityBootstrap.class);
    static final String TREASURER_FILTER = "Treasurer tasks";
    static final String MY_TASKS_FILTER = "Assigned to me";
    /** The processes a treasurer starts: Tasklist's Start menu, and a run's process (through {@code POST /api/billing/runs}). */
    static final List<String> TREASURER_STARTS = List.of("immediate-billing", "new-member-billing", "register-payment",
            "bulk-invoice", "send-open-invoices", "collect-open-charges", "send-reminder-now", "billing-run");

    private final AdminProperties admin;

    IdentityBootstrap(AdminProperties admin) {
        this.admin = admin;
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        IdentityService identity = engine.getIdentityService();
        AuthorizationService authorizations = engine.getAuthorizationService();

        ensureGroup(identity, Roles.ADMIN, "duesflow administrators", Groups.GROUP_TYPE_SYSTEM);
        ensureGroup(identity, Roles.TREASURER, "Treasurers", Groups.GROUP_TYPE_WORKFLOW);
        ensureGroup(identity, Roles.SUPERVISOR, "Supervisors", Groups.GROUP_TYPE_WORKFLOW);

        for (Resources resource : Resources.values()) {
            grant(authorizations, Roles.ADMIN, resource, ANY, Permissions.ALL);
        }
        grantTreasurer(authorizations);
        grantSupervisor(authorizations);
        ensureTaskFilters(engine.getFilterService(), engine.getTaskService(), authorizations);
        ensureFirstAdmin(identity);
    }

    private static void grantTreasurer(AuthorizationService authorizations) {
        String group = Roles.TREASURER;
        grant(authorizations, group, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
        // Tasks come with the candidate-group link the engine grants per task, so treasurers see only the tasks meant
        // for them. They read every process definition (Tasklist shows its diagram and forms) but start only those of
        // Tasklist's Start menu, and a run's own process, which the REST door to a run starts as the caller; the cycle,
        // a run's mail and a bank credit's task are started by duesflow alone. Earlier installations granted starting
        // any process: that grant is narrowed here.
        grant(authorizations, group, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.READ);
        revoke(authorizations, group, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.CREATE_INSTANCE);
        for (String key : TREASURER_STARTS) {
            grant(authorizations, group, Resources.PROCESS_DEFINITION, key, ProcessDefinitionPermissions.CREATE_INSTANCE);
        }
        grant(authorizations, group, Resources.PROCESS_INSTANCE, ANY, ProcessInstancePermissions.CREATE);
    }

    private static void grantSupervisor(AuthorizationService authorizations) {
        String group = Roles.SUPERVISOR;
        grant(authorizations, group, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
        grant(authorizations, group, Resources.PROCESS_DEFINITION, ANY,
                ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_INSTANCE,
                ProcessDefinitionPermissions.READ_HISTORY, ProcessDefinitionPermissions.READ_TASK,
                ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE, ProcessDefinitionPermissions.READ_HISTORY_VARIABLE,
                ProcessDefinitionPermissions.READ_TASK_VARIABLE);
        grant(authorizations, group, Resources.PROCESS_INSTANCE, ANY, ProcessInstancePermissions.READ);
        grant(authorizations, group, Resources.TASK, ANY, TaskPermissions.READ, TaskPermissions.READ_VARIABLE);
        grant(authorizations, group, Resources.HISTORIC_TASK, ANY, HistoricTaskPermissions.READ, HistoricTaskPermissions.READ_VARIABLE);
        grant(authorizations, group, Resources.HISTORIC_PROCESS_INSTANCE, ANY, HistoricProcessInstancePermissions.READ);
        grant(authorizations, group, Resources.DECISION_DEFINITION, ANY, Permissions.READ, Permissions.READ_HISTORY);
        grant(authorizations, group, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, Permissions.READ);
        grant(authorizations, group, Resources.DEPLOYMENT, ANY, Permissions.READ);
        grant(authorizations, group, Resources.BATCH, ANY, BatchPermissions.READ, BatchPermissions.READ_HISTORY);
        grant(authorizations, group, Resources.OPERATION_LOG_CATEGORY, ANY, UserOperationLogCategoryPermissions.READ);
        grant(authorizations, group, Resources.REPORT, ANY, Permissions.READ);
        grant(authorizations, group, Resources.DASHBOARD, ANY, Permissions.READ);
        grant(authorizations, group, Resources.SYSTEM, ANY, SystemPermissions.READ);
    }

    private static void ensureTaskFilters(FilterService filters, org.camunda.bpm.engine.TaskService tasks,
                                          AuthorizationService authorizations) {
        ensureFilter(filters, authorizations, TREASURER_FILTER, -10, "Every task for the treasurers",
                tasks.createTaskQuery().taskCandidateGroup(Roles.TREASURER).includeAssignedTasks());
        ensureFilter(filters, authorizations, MY_TASKS_FILTER, 0, "Tasks you have claimed",
                tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}"));
    }

    private static void ensureFilter(FilterService filters, AuthorizationService authorizations, String name,
                                     int priority, String description, org.camunda.bpm.engine.task.TaskQuery query) {
        Filter filter = filters.createFilterQuery().filterName(name).singleResult();
        if (filter == null) {
            filter = filters.newTaskFilter(name)
                    .setQuery(query)
                    .setProperties(Map.of("priority", priority, "description", description, "refresh", true));
            filters.saveFilter(filter);
        }
        grant(authorizations, Roles.TREASURER, Resources.FILTER, filter.getId(), Permissions.READ);
    }

    private void ensureFirstAdmin(IdentityService identity) {
        if (identity.createUserQuery().userId(admin.user()).count() > 0) {
            return;
        }
        boolean generated = !StringUtils.hasText(admin.password());
        String password = generated ? generatePassword() : admin.password();
        User user = identity.newUser(admin.user());
        user.setFirstName("duesflow");
        user.setLastName("Administrator");
        user.setPassword(password);
        try {
            identity.saveUser(user);
        } catch (ProcessEngineException e) {
            throw new StartupProblem("The first administrator '" + admin.user() + "' cannot be created: " + e.getMessage(),
                    "DUESFLOW_ADMIN_USER takes letters and digits only. DUESFLOW_ADMIN_PASSWORD needs at least 10 "
                            + "characters with upper and lower case letters, a digit and a special character, and must "
                            + "not contain the user name; leave it unset to have one generated.", e);
        }
        identity.createMembership(admin.user(), Roles.ADMIN);
        if (generated) {
            // Shown this once only; nothing else stores it in clear text.
            log.warn("""

                    ============================================================
                    Created the first administrator '{}' with the password
                        {}
                    It is not shown again. Log in at /camunda and change it, or
                    set DUESFLOW_ADMIN_PASSWORD before the first start.
                    ============================================================""", admin.user(), password);
        } else {
            log.info("Created the first administrator '{}' from DUESFLOW_ADMIN_USER / DUESFLOW_ADMIN_PASSWORD", admin.user());
        }
    }

    private static void ensureGroup(IdentityService identity, String id, String name, String type) {
        if (identity.createGroupQuery().groupId(id).count() == 0) {
            Group group = identity.newGroup(id);
            group.setName(name);
            group.setType(type);
            identity.saveGroup(group);
        }
    }

    private static void grant(AuthorizationService authorizations, String groupId, Resource resource,
                              String resourceId, Permission... permissions) {
        Authorization authorization = authorizations.createAuthorizationQuery()
                .groupIdIn(groupId).resourceType(resource).resourceId(resourceId).singleResult();
        if (authorization == null) {
            authorization = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
            authorization.setGroupId(groupId);
            authorization.setResource(resource);
            authorization.setResourceId(resourceId);
        }
        boolean changed = authorization.getId() == null;
        for (Permission permission : permissions) {
            if (!authorization.isPermissionGranted(permission)) {
                authorization.addPermission(permission);
                changed = true;
            }
        }
        if (changed) {
            authorizations.saveAuthorization(authorization);
        }
    }

    private static void revoke(AuthorizationService authorizations, String groupId, Resource resource,
                               String resourceId, Permission... permissions) {
        Authorization authorization = authorizations.createAuthorizationQuery()
                .groupIdIn(groupId).resourceType(resource).resourceId(resourceId).singleResult();
        if (authorization == null || authorization.getAuthorizationType() != AUTH_TYPE_GRANT) {
            return;
        }
        boolean changed = false;
        for (Permission permission : permissions) {
            if (authorization.isPermissionGranted(permission)) {
                authorization.removePermission(permission);
                changed = true;
            }
        }
        if (changed) {
            authorizations.saveAuthorization(authorization);
        }
    }

    /** Twenty random characters with every class Camunda's password policy asks for. */
    private static String generatePassword() {
        SecureRandom random = new SecureRandom();
        String[] classes = {"ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "-_.+!"};
        List<Character> characters = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String alphabet = classes[i < classes.length ? i : random.nextInt(3)];
            characters.add(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        Collections.shuffle(characters, random);
        StringBuilder password = new StringBuilder();
        characters.forEach(password::append);
        return password.toString();
    }
}
