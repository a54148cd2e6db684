package io.duesflow.mail;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.members.MemberRegister;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Tell the association a round is ready" in the {@code dunning} process: the association is mailed that a reminder
 * round has collected the run's unpaid charges and waits for approval in Tasklist, with the figures the round left in
 * its variables. Its Message-ID names the round, the same on every try; an association without a mail address is
 * told nothing ({@code associationTold} false).
 */
@Component("reminderRoundNotice")
class ReminderRoundNotice implements JavaDelegate {

    private final AssociationMail mail;
    private final BillingRuns runs;
    private final MemberRegister register;

    ReminderRoundNotice(AssociationMail mail, BillingRuns runs, MemberRegister register) {
        this.mail = mail;
        this.runs = runs;
        this.register = register;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long runId = ((Number) execution.getVariable("runId")).longValue();
        long roundId = ((Number) execution.getVariable("roundId")).longValue();
        BillingRun run = runs.run(runId);
        ChargeDocument.Period period = run.periodFrom() == null || run.periodTo() == null ? null
                : new ChargeDocument.Period(run.periodFrom(), run.periodTo());
        boolean told = mail.send(DocumentKind.REMINDER_ROUND_NOTICE, new AssociationNotice(register.association().name(),
                mail.language(), run.name(), period, ((Number) execution.getVariable("reminderCount")).intValue(),
                ((Number) execution.getVariable("reminderMembers")).intValue(),
                new BigDecimal(execution.getVariable("reminderOwedAmount").toString()),
                register.association().currency(), LocalDate.parse(execution.getVariable("approveBy").toString()),
                ((Number) execution.getVariable("roundLevel")).intValue(),
                execution.getVariable("tasklistLink").toString()),
                "reminder-round-" + roundId + "@duesflow", List.of());
        execution.setVariable("associationTold", told);
    }
}
