package io.duesflow.cycle;

import java.util.Set;

import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.platform.CurrentUser;
import io.duesflow.platform.InvalidInput;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Checks a treasurer's decision before the preview or approval task is completed, from Tasklist or over REST alike:
 * a decision the form offers, edits the approval would take (a due date in the past, a fee without an account …), and
 * with four eyes, that the approver is not who created or regenerated the run. A refusal leaves the task waiting and
 * says why; nothing is changed.
 */
@Component("approvalGuard")
class ApprovalGuard implements TaskListener {

    private static final Set<String> AT_PREVIEW = Set.of(RunVariables.GENERATE, RunVariables.CANCEL);
    private static final Set<String> AT_APPROVAL = Set.of(RunVariables.APPROVE, RunVariables.REGENERATE, RunVariables.STOP);

    private final BillingRuns runs;
    private final CycleProperties cycle;

    ApprovalGuard(BillingRuns runs, CycleProperties cycle) {
        this.runs = runs;
        this.cycle = cycle;
    }

    @Override
    public void notify(DelegateTask task) {
        Object decision = task.getVariable(RunVariables.DECISION);
        boolean approval = RunProcesses.APPROVAL_TASK.equals(task.getTaskDefinitionKey());
        Set<String> offered = approval ? AT_APPROVAL : AT_PREVIEW;
        if (decision == null || !offered.contains(decision.toString())) {
            throw new InvalidInput("decision", "Choose what to do with the run: " + String.join(", ", offered));
        }
        long runId = RunVariables.runId(task);
        String user = CurrentUser.name();
        if (RunVariables.APPROVE.equals(decision)) {
            if (cycle.fourEyes()) {
                BillingRun run = runs.run(runId);
                if (user.equals(run.createdBy()) || user.equals(task.getVariable(RunVariables.STARTED_BY))
                        || user.equals(task.getVariable(RunVariables.REGENERATED_BY))) {
                    throw new InvalidInput("decision", "Four eyes: " + user + " created or regenerated run " + runId
                            + "; another treasurer approves it");
                }
            }
            runs.checkApproval(runId, RunVariables.edits(task));
        } else if (RunVariables.REGENERATE.equals(decision)) {
            task.getExecution().setVariable(RunVariables.REGENERATED_BY, user);
        }
    }
}
