package io.duesflow.mail;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Check the run's mail" in the {@code run-mail} process, once all of it was taken. Mails that could not be written
 * fail the job, so the run's process gets an incident whose message names the template and line. Retrying that
 * incident puts exactly those mails back in the queue ({@code mailsPutBack}) and the process sends them again.
 */
@Component("checkRunMail")
class CheckRunMail implements JavaDelegate {

    private final MailOutbox outbox;

    CheckRunMail(MailOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long runId = RunMailProcess.runId(execution);
        MailOutbox.RunMail mail = outbox.checkRun(runId);
        if (mail.unwritable() > 0) {
            throw new IllegalStateException(mail.unwritable() + " of run " + runId + "'s mails could not be written, "
                    + "the first because of " + mail.firstProblem() + ". Fix the template, then retry: those mails are "
                    + "sent again; the " + mail.sent() + " already sent are not.");
        }
        execution.setVariable("mailsPutBack", mail.putBack());
        execution.setVariable("mailsSent", mail.sent());
        execution.setVariable("mailsNeedingPrinting", mail.needsPrinting());
        execution.setVariable("mailsWaitingForTheServer", mail.waiting());
    }
}
