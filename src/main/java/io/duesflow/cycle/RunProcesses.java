package io.duesflow.cycle;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.platform.Conflict;
import io.duesflow.platform.CurrentUser;
import io.duesflow.platform.EngineCalls;
import io.duesflow.platform.NotFound;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * A run's one process instance ({@code billing-run}, business key {@code run-<id>}), whichever door created the run,
 * and the second door to its tasks: a REST call completes the same user task Tasklist shows, as the calling user,
 * so the engine's authorizations, the form's checks and the history are the same.
 */
@Component
class RunProcesses {

    static final String KEY = "billing-run";
    static final String PREVIEW_TASK = "CheckPreview";
    static final String APPROVAL_TASK = "ApproveRun";

    private final RuntimeService runtime;
    private final TaskService tasks;
    private final EngineCalls calls;
    private final BillingRuns runs;

    RunProcesses(RuntimeService runtime, TaskService tasks, EngineCalls calls, BillingRuns runs) {
        this.runtime = runtime;
        this.tasks = tasks;
        this.calls = calls;
        this.runs = runs;
    }

    static String businessKey(long runId) {
        return "run-" + runId;
    }

    /**
     * Starts the run's process: with {@code generateAtOnce} it generates straight away (the monthly cycle), otherwise
     * the treasurer first looks at what it will bill.
     */
    ProcessInstance start(long runId, boolean generateAtOnce) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(RunVariables.RUN_ID, runId);
        variables.put(RunVariables.GENERATE_AT_ONCE, generateAtOnce);
        variables.put(RunVariables.STARTED_BY, CurrentUser.name());
        return calls.asCaller(() -> runtime.startProcessInstanceByKey(KEY, businessKey(runId), variables));
    }

    /** The run's task waiting for a treasurer, if any: the preview before generating, or the approval. */
    Task waitingTask(long runId) {
        List<Task> waiting = tasks.createTaskQuery().processInstanceBusinessKey(businessKey(runId)).active().list();
        return waiting.isEmpty() ? null : waiting.get(0);
    }

    /** Generate: the preview task's "generate". */
    void generate(long runId) {
        complete(runId, PREVIEW_TASK, "generate it", Map.of(RunVariables.DECISION, RunVariables.GENERATE));
    }

    /** Approve with the treasurer's edits (variables named as the approval form names them). */
    void approve(long runId, Map<String, Object> edits) {
        Map<String, Object> variables = new HashMap<>(edits);
        variables.put(RunVariables.DECISION, RunVariables.APPROVE);
        complete(runId, APPROVAL_TASK, "approve it", variables);
    }

    /** Reject at the preview (the run is dropped) or at the approval, and then generate again or stop. */
    void reject(long runId, boolean generateAgain) {
        Task task = waitingTask(runId);
        if (task == null) {
            throw new Conflict("state", "Run " + runId + " is " + runs.run(runId).state()
                    + "; no step of it waits for a treasurer, so it cannot be rejected");
        }
        boolean atPreview = task.getTaskDefinitionKey().equals(PREVIEW_TASK);
        String decision = atPreview ? RunVariables.CANCEL : generateAgain ? RunVariables.REGENERATE : RunVariables.STOP;
        complete(runId, task.getTaskDefinitionKey(), "reject it", Map.of(RunVariables.DECISION, decision));
    }

    private Task require(long runId, String taskKey, String what) {
        Task task = waitingTask(runId);
        if (task == null || !task.getTaskDefinitionKey().equals(taskKey)) {
            BillingRun run = runs.run(runId);
            throw new Conflict("state", "Run " + runId + " is " + run.state() + "; it is not possible to " + what + " now"
                    + (task == null ? " (no step of it waits for a treasurer)" : " (it waits for: " + task.getName() + ")"));
        }
        return task;
    }

    /** Completes the run's waiting task of that kind as the calling user, so the engine checks what Tasklist would. */
    private void complete(long runId, String taskKey, String what, Map<String, Object> variables) {
        calls.complete(() -> require(runId, taskKey, what), variables, () -> new Conflict("state",
                "Run " + runId + " changed while it was being decided; try again"));
    }

    /** The run behind a process instance that is not there: a run created before processes existed. */
    static NotFound noProcess(long runId) {
        return new NotFound("Process of billing run", runId);
    }

    static LocalDate date(Object value) {
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        return LocalDate.parse(value.toString().substring(0, Math.min(10, value.toString().length())));
    }
}
