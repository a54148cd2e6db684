package io.duesflow.mail;

import java.util.Map;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/**
 * Starts the {@code run-mail} process for an approved run. Called in the approval's transaction, so the run, its
 * queued mails and the process (with its first job) commit together. When the billing cycle becomes a process of
 * its own, it will call {@code run-mail} instead.
 */
@Component
class RunMailProcess {

    static final String KEY = "run-mail";
    static final String RUN_ID = "runId";

    private final RuntimeService runtime;

    RunMailProcess(RuntimeService runtime) {
        this.runtime = runtime;
    }

    void start(long runId) {
        runtime.startProcessInstanceByKey(KEY, businessKey(runId), Map.of(RUN_ID, runId));
    }

    /** The run a {@code run-mail} instance sends the mail of. */
    static long runId(VariableScope execution) {
        return ((Number) execution.getVariable(RUN_ID)).longValue();
    }

    static String businessKey(long runId) {
        return "run-" + runId;
    }
}
