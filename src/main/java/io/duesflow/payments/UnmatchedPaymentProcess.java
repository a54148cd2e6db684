package io.duesflow.payments;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duesflow.platform.CurrentUser;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.spin.plugin.variable.SpinValues;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code unmatched-payment} process, one instance per bank credit that matched nothing (business key
 * {@code credit-<id>}): started once the credit's file is booked, and completed from Tasklist or, as the calling user,
 * from REST. Lists (the candidate charges) go in as Json variables, which Tasklist's forms show as tables.
 */
@Component
class UnmatchedPaymentProcess {

    static final String KEY = "unmatched-payment";
    static final String TASK = "AssignCredit";

    private final RuntimeService runtime;
    private final TaskService tasks;
    private final IdentityService identity;
    private final ObjectMapper json;
    private final TransactionTemplate ownTransaction;

    UnmatchedPaymentProcess(RuntimeService runtime, TaskService tasks, IdentityService identity, ObjectMapper json,
                            PlatformTransactionManager transactions) {
        this.runtime = runtime;
        this.tasks = tasks;
        this.identity = identity;
        this.json = json;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Starts the credit's process; answers its instance id. */
    String start(long creditId, Map<String, Object> variables) {
        Map<String, Object> typed = new HashMap<>();
        variables.forEach((name, value) -> typed.put(name, value instanceof List<?> list ? json(list) : value));
        return runtime.startProcessInstanceByKey(KEY, "credit-" + creditId, typed).getId();
    }

    /** The open task of an instance, or null when there is none (decided already). */
    String taskOf(String processInstanceId) {
        Task task = tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(TASK).singleResult();
        return task == null ? null : task.getId();
    }

    /**
     * Completes the task as the calling user, with the user's groups: the engine's authorizations decide exactly as
     * in Tasklist (a treasurer, the task's candidate group), and the decision is recorded as theirs.
     */
    void complete(String taskId, Map<String, Object> variables) {
        List<String> groups = SecurityContextHolder.getContext().getAuthentication() == null ? List.of()
                : SecurityContextHolder.getContext().getAuthentication().getAuthorities().stream()
                .map(GrantedAuthority::getAuthority).filter(authority -> authority.startsWith("GROUP_"))
                .map(authority -> authority.substring("GROUP_".length())).toList();
        identity.setAuthentication(CurrentUser.name(), groups);
        try {
            tasks.complete(taskId, variables);
        } finally {
            identity.clearAuthentication();
        }
    }

    <T> T inOwnTransaction(Supplier<T> work) {
        return ownTransaction.execute(status -> work.get());
    }

    private Object json(List<?> list) {
        try {
            return SpinValues.jsonValue(json.writeValueAsString(list)).create();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A process variable cannot be written as JSON: " + e.getMessage(), e);
        }
    }
}
