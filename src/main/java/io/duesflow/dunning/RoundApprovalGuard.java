package io.duesflow.dunning;

import java.util.Set;

import io.duesflow.platform.InvalidInput;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Checks a treasurer's decision on a reminder round before the task is completed, from Tasklist or over REST alike:
 * send or skip, and for send a pay-by date and a fee the law (or the association's settings) allows. A refusal names
 * the field and the rule; the task keeps waiting and nothing changes.
 */
@Component("roundApprovalGuard")
class RoundApprovalGuard implements TaskListener {

    private static final Set<String> OFFERED = Set.of(DunningVariables.SEND, DunningVariables.SKIP);

    private final ReminderRounds rounds;

    RoundApprovalGuard(ReminderRounds rounds) {
        this.rounds = rounds;
    }

    @Override
    public void notify(DelegateTask task) {
        Object decision = task.getVariable(DunningVariables.DECISION);
        if (decision == null || !OFFERED.contains(decision.toString())) {
            throw new InvalidInput(DunningVariables.DECISION, "Choose what to do with the reminder round: send or skip");
        }
        if (DunningVariables.SEND.equals(decision)) {
            rounds.checkApproval(DunningVariables.roundId(task), DunningVariables.amount(task, DunningVariables.FEE),
                    DunningVariables.date(task, DunningVariables.PAY_BY));
        }
    }
}
