package io.duesflow.payments;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * The {@code unmatched-payment} process's steps after the treasurer's task: the decision ({@code assign} or
 * {@code notDues}) as the treasurer who completed the task, so the payments and the charges' history name them.
 */
@Component("decideUnmatchedCredit")
class DecideUnmatchedCredit implements JavaDelegate {

    private final UnmatchedCredits credits;

    DecideUnmatchedCredit(UnmatchedCredits credits) {
        this.credits = credits;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Authentication user = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        credits.decide(((Number) execution.getVariable("creditId")).longValue(),
                (String) execution.getVariable("decision"), (String) execution.getVariable("assignTo"),
                (String) execution.getVariable("decisionNote"), user == null ? null : user.getUserId());
    }
}
