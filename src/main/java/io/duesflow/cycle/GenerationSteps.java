package io.duesflow.cycle;

import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The generation's steps, each its own job: start (the expected number of chunks), one chunk of members per job (one
 * transaction; a retried job bills nobody twice), finish. Progress is in the instance's variables, where Cockpit and
 * the approval form show it.
 */
// Public: the BPMN's expressions call its methods, and the expression language reaches only public classes.
@Component("generationSteps")
public class GenerationSteps {

    private final BillingRuns runs;
    private final ApprovalForm form;

    GenerationSteps(BillingRuns runs, ApprovalForm form) {
        this.runs = runs;
        this.form = form;
    }

    public void start(DelegateExecution execution) {
        BillingRun run = runs.startGeneration(RunVariables.runId(execution));
        execution.setVariable(RunVariables.CHUNKS_DONE, run.chunksDone());
        execution.setVariable(RunVariables.CHUNKS_TOTAL, run.chunksTotal());
        execution.setVariable(RunVariables.CHARGES_SO_FAR, run.chargeCount());
        execution.setVariable(RunVariables.MORE_CHUNKS, true);
    }

    public void chunk(DelegateExecution execution) {
        long runId = RunVariables.runId(execution);
        BillingRuns.GenerationProgress progress;
        try {
            progress = runs.generateChunk(runId);
        } catch (RuntimeException e) {
            BillingRun run = runs.run(runId);
            throw new IllegalStateException("Run " + runId + " (" + run.name() + "): billing the chunk of members after "
                    + (run.generatedThroughMember() == null ? "the start" : "member " + run.generatedThroughMember())
                    + " failed: " + cause(e) + ". Nothing of that chunk was billed; a retry carries on after the "
                    + "last member billed, so nobody is billed twice.", e);
        }
        execution.setVariable(RunVariables.CHUNKS_DONE, progress.chunksDone());
        execution.setVariable(RunVariables.CHUNKS_TOTAL, progress.chunksTotal());
        execution.setVariable(RunVariables.CHARGES_SO_FAR, progress.charges());
        execution.setVariable(RunVariables.MORE_CHUNKS, !progress.done());
    }

    /** The root cause's first line: the database's "Where: PL/pgSQL …" lines stay in the stack trace. */
    private static String cause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message.lines().findFirst()
                .orElse(message).strip();
    }

    /** Generated: the approval form's figures and the deadline its timer waits for. */
    public void finish(DelegateExecution execution) {
        BillingRun run = runs.finishGeneration(RunVariables.runId(execution));
        execution.setVariable(RunVariables.CHUNKS_DONE, run.chunksDone());
        execution.setVariable(RunVariables.CHUNKS_TOTAL, run.chunksTotal());
        execution.setVariable(RunVariables.CHARGES_SO_FAR, run.chargeCount());
        form.fill(execution, run);
    }
}
