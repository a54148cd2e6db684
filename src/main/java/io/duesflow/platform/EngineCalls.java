package io.duesflow.platform;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The REST door's calls into the engine, made as the calling user with their groups: the engine checks what Tasklist
 * would, and its history names who started a process or completed a task. A call that already has an engine user (a
 * start form) keeps it; one with no caller (a timer's job) runs as the engine does.
 */
@Component
public class EngineCalls {

    private static final int ATTEMPTS = 3;

    private final IdentityService identity;
    private final TaskService tasks;

    EngineCalls(IdentityService identity, TaskService tasks) {
        this.identity = identity;
        this.tasks = tasks;
    }

    public <T> T asCaller(Supplier<T> call) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (identity.getCurrentAuthentication() != null || caller == null
                || caller instanceof AnonymousAuthenticationToken) {
            return call.get();
        }
        List<String> groups = caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("GROUP_")).map(a -> a.substring(6)).toList();
        identity.setAuthentication(caller.getName(), groups);
        try {
            return call.get();
        } finally {
            identity.clearAuthentication();
        }
    }

    /**
     * Completes the task that waits now ({@code waiting}, which refuses when none does) as the calling user. A branch
     * running beside the task (a notice being mailed) that ends in the same instant makes the engine tidy the
     * instance, and the completion loses the race (an OptimisticLockingException, or a NullPointerException inside
     * the engine; rolled back whole): it is tried again on the task as it then stands, and after {@link #ATTEMPTS}
     * the caller is told to try again.
     */
    public void complete(Supplier<Task> waiting, Map<String, Object> variables, Supplier<Conflict> raced) {
        for (int attempt = 1; ; attempt++) {
            Task task = waiting.get();
            try {
                asCaller(() -> {
                    tasks.complete(task.getId(), variables);
                    return null;
                });
                return;
            } catch (OptimisticLockingException | NullPointerException e) {
                // The NullPointerException is the same race seen from the other side: the tidying committed first,
                // and the engine's history of the completion reads the process instance of the execution it removed
                // (found by bench/run cycle). The completion's command was rolled back whole either way.
                if (attempt == ATTEMPTS) {
                    throw raced.get();
                }
            }
        }
    }
}
