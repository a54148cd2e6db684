package io.duesflow.cycle;

import java.time.OffsetDateTime;
import java.util.Date;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Names a run's task after the run ("Approve the run: Dues March 2027 (run 12)") and gives the approval the run's
 * deadline as its due date, so a treasurer with several runs waiting tells them apart in Tasklist's list and sees
 * which expires first. The diagram keeps the step's plain name.
 */
@Component("runTaskNames")
class RunTaskNames implements TaskListener {

    @Override
    public void notify(DelegateTask task) {
        long runId = RunVariables.runId(task);
        Object runName = task.getVariable("runName");
        task.setName(task.getName() + ": " + (runName == null ? "run " + runId : runName + " (run " + runId + ")"));
        Object deadline = task.getVariable(RunVariables.DEADLINE_AT);
        if (RunProcesses.APPROVAL_TASK.equals(task.getTaskDefinitionKey()) && deadline != null) {
            task.setDueDate(Date.from(OffsetDateTime.parse(deadline.toString()).toInstant()));
        }
    }
}
