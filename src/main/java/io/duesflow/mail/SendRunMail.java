package io.duesflow.mail;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Send the run's mail" in the {@code run-mail} process. Fails when some of the run's mails cannot be written, so
 * the run's process gets an incident whose message names the template and line; retrying the job tries exactly
 * those mails again. What was sent before the failure stays recorded as sent: each round commits on its own.
 */
@Component("sendRunMail")
class SendRunMail implements JavaDelegate {

    private final MailOutbox outbox;

    SendRunMail(MailOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long runId = ((Number) execution.getVariable(RunMailProcess.RUN_ID)).longValue();
        MailOutbox.RunMail mail = outbox.sendRun(runId);
        if (mail.unwritable() > 0) {
            throw new IllegalStateException(mail.unwritable() + " of run " + runId + "'s mails could not be written, "
                    + "the first because of " + mail.firstProblem() + ". Fix the template, then retry this job: "
                    + "those mails are tried again; " + mail.sent() + " already sent are not.");
        }
        execution.setVariable("mailsSent", mail.sent());
        execution.setVariable("mailsNeedingPrinting", mail.needsPrinting());
        execution.setVariable("mailsWaitingForTheServer", mail.waiting());
    }
}
