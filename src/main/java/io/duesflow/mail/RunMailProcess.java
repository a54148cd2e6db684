package io.duesflow.mail;

import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * The {@code run-mail} process's variables. A run's own process ({@code billing-run}) calls it once the run is
 * approved, with the run's id; it is never started on its own.
 */
final class RunMailProcess {

    static final String KEY = "run-mail";
    static final String RUN_ID = "runId";

    private RunMailProcess() {
    }

    /** The run a {@code run-mail} instance sends the mail of. */
    static long runId(VariableScope execution) {
        return ((Number) execution.getVariable(RUN_ID)).longValue();
    }

    static String businessKey(long runId) {
        return "run-" + runId;
    }
}
