package io.duesflow.dunning;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.platform.Conflict;
import io.duesflow.platform.CurrentUser;
import io.duesflow.platform.EngineCalls;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.runtime.EventSubscription;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * A run's one running {@code dunning} instance (business key {@code dunning-<run>}): started by the billing cycle
 * once the run is sent, asked for a reminder now (its message, or a new instance when none runs), and the second door
 * to its approval task, completed as the calling user so the engine's checks and history are Tasklist's.
 */
// Public: the BPMN's expressions call its methods, and the expression language reaches only public classes.
@Component("dunningProcesses")
public class DunningProcesses {

    static final String KEY = "dunning";
    static final String MESSAGE = "send-reminder-now";
    static final String APPROVAL_TASK = "ApproveReminderRound";
    static final String SEND_NOW_KEY = "send-reminder-now";

    private final RuntimeService runtime;
    private final TaskService tasks;
    private final IdentityService identity;
    private final EngineCalls calls;
    private final BillingRuns runs;

    DunningProcesses(RuntimeService runtime, TaskService tasks, IdentityService identity, EngineCalls calls,
                     BillingRuns runs) {
        this.runtime = runtime;
        this.tasks = tasks;
        this.identity = identity;
        this.calls = calls;
        this.runs = runs;
    }

    static String businessKey(long runId) {
        return "dunning-" + runId;
    }

    /**
     * The billing cycle's last step: a sent run's reminders start, once. A run that was not sent (expired, rejected)
     * has nothing to remind; a run whose reminders run already keeps them.
     */
    public void startAfterSending(DelegateExecution execution) {
        long runId = DunningVariables.runId(execution);
        boolean start = runs.run(runId).state() == BillingRun.State.SENT && running(runId) == null;
        if (start) {
            runtime.startProcessInstanceByKey(KEY, businessKey(runId),
                    Map.of(DunningVariables.RUN_ID, runId, DunningVariables.SEND_NOW, false));
        }
        execution.setVariable("remindersStarted", start);
    }

    /** "Send a reminder now", from its start form: the run is the form's {@code runId}. */
    public void sendNow(DelegateExecution execution) {
        execution.setVariable("dunningInstance", sendNow(DunningVariables.runId(execution)));
    }

    /**
     * A reminder round for the run now: the running instance, waiting for its next reminder date, is told so; with
     * none running a new one starts with the round. Refused while a round of the run waits for approval or is being
     * sent, and for a run that was never sent.
     *
     * @return the instance that holds the round
     */
    public String sendNow(long runId) {
        BillingRun run = runs.run(runId);
        if (run.state() != BillingRun.State.SENT) {
            throw new Conflict("runId", "Run " + runId + " (" + run.name() + ") is " + run.state() + "; only a sent "
                    + "run's unpaid charges are reminded");
        }
        String user = CurrentUser.name();
        ProcessInstance running = running(runId);
        if (running == null) {
            Map<String, Object> variables = new HashMap<>();
            variables.put(DunningVariables.RUN_ID, runId);
            variables.put(DunningVariables.SEND_NOW, true);
            variables.put(DunningVariables.REQUESTED_BY, user);
            return calls.asCaller(() -> runtime.startProcessInstanceByKey(KEY, businessKey(runId), variables)).getId();
        }
        EventSubscription waiting = runtime.createEventSubscriptionQuery().processInstanceId(running.getId())
                .eventType("message").eventName(MESSAGE).singleResult();
        if (waiting == null) {
            Task task = tasks.createTaskQuery().processInstanceId(running.getId()).singleResult();
            throw new Conflict("runId", "Run " + runId + "'s reminders are busy with a round"
                    + (task != null ? " that waits for approval (" + task.getName() + ")" : " being sent")
                    + "; approve or skip it first");
        }
        // The treasurer's right is to ask (the start form's, or the REST call's); the instance is moved on their
        // behalf, whoever may otherwise change it, and records who asked.
        asEngine(() -> runtime.createMessageCorrelation(MESSAGE).processInstanceId(running.getId())
                .setVariable(DunningVariables.SEND_NOW, true).setVariable(DunningVariables.REQUESTED_BY, user)
                .correlate());
        return running.getId();
    }

    /**
     * The REST door to "Send a reminder now": the same process its Tasklist start form starts, as the calling user,
     * so its checks and history are the start form's.
     */
    String askForReminderNow(long runId) {
        Object instance = calls.asCaller(() -> runtime.createProcessInstanceByKey(SEND_NOW_KEY)
                .setVariable(DunningVariables.RUN_ID, runId).executeWithVariablesInReturn()).getVariables()
                .get("dunningInstance");
        return instance == null ? null : instance.toString();
    }

    /** The run's running instance, or null. */
    ProcessInstance running(long runId) {
        List<ProcessInstance> instances = runtime.createProcessInstanceQuery().processDefinitionKey(KEY)
                .processInstanceBusinessKey(businessKey(runId)).active().list();
        return instances.isEmpty() ? null : instances.get(0);
    }

    /** The run's round waiting for a treasurer, or null. */
    Task waitingTask(long runId) {
        return tasks.createTaskQuery().processInstanceBusinessKey(businessKey(runId))
                .taskDefinitionKey(APPROVAL_TASK).active().singleResult();
    }

    /** The round a waiting task is for. */
    Object roundOf(Task task) {
        return runtime.getVariable(task.getProcessInstanceId(), DunningVariables.ROUND_ID);
    }

    /**
     * Completes the run's round task as the calling user, or refuses when no round waits. The association's notice
     * runs beside the task and may end in the same instant: {@link EngineCalls#complete} tries again then.
     */
    void decide(long runId, Map<String, Object> variables) {
        calls.complete(() -> {
            Task task = waitingTask(runId);
            if (task == null) {
                throw new Conflict("state", "No reminder round of run " + runId + " waits for approval");
            }
            return task;
        }, variables, () -> new Conflict("state", "The reminder round of run " + runId
                + " changed while it was being approved; try again"));
    }

    /** Runs an engine call without the current user's authorizations, and puts them back after. */
    private void asEngine(Runnable call) {
        Authentication current = identity.getCurrentAuthentication();
        identity.clearAuthentication();
        try {
            call.run();
        } finally {
            if (current != null) {
                identity.setAuthentication(current);
            }
        }
    }
}
