package io.duesflow.dunning;

import java.time.OffsetDateTime;
import java.util.Date;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Names a round's approval task after its run and round ("Approve the reminder round: Dues March 2027 (run 12),
 * first reminder date, 37 reminders") and gives it the day to approve by as its due date, so a treasurer tells
 * rounds apart in Tasklist's list.
 */
@Component("roundTaskNames")
class RoundTaskNames implements TaskListener {

    @Override
    public void notify(DelegateTask task) {
        long runId = DunningVariables.runId(task);
        Object runName = task.getVariable("runName");
        task.setName(task.getName() + ": " + (runName == null ? "run " + runId : runName + " (run " + runId + ")")
                + ", " + task.getVariable("roundTitle") + ", " + reminders(task.getVariable("reminderCount")));
        Object approveBy = task.getVariable("approveByAt");
        if (approveBy != null) {
            task.setDueDate(Date.from(OffsetDateTime.parse(approveBy.toString()).toInstant()));
        }
    }

    private static String reminders(Object count) {
        return count + (count instanceof Number n && n.intValue() == 1 ? " reminder" : " reminders");
    }
}
