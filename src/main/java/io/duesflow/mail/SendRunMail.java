package io.duesflow.mail;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Send the run's mail" in the {@code run-mail} process: one chunk of the run's queued mails per job, so a run of
 * 100 000 is many short jobs, each round committed on its own. Sets {@code moreToSend} when the chunk was full.
 */
@Component("sendRunMail")
class SendRunMail implements JavaDelegate {

    private final MailOutbox outbox;

    SendRunMail(MailOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long runId = RunMailProcess.runId(execution);
        execution.setVariable("moreToSend", outbox.sendRunChunk(runId));
    }
}
