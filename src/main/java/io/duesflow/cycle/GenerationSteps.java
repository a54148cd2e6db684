package io.duesflow.cycle;

import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The generation's steps, each its own job: start (the run's chunks, fixed member ranges), one chunk of members per
 * job (one transaction; the chunks' jobs run side by side on any node, and a retried one bills nobody twice), the
 * count of each chunk billed, finish. Progress is in the instance's variables, where Cockpit and the approval form
 * show it; the chunks' jobs write none, so they never trip over each other's updates.
 */
// Public: the BPMN's expressions call its methods, and the expression language reaches only public classes.
@Component("generationSteps")
public class GenerationSteps {

    /** The multi-instance's own counter (from 0) of the chunk a job bills. */
    static final String LOOP_COUNTER = "loopCounter";
    /** The earlier version's loop: whether chunks are left. */
    static final String MORE_CHUNKS = "moreChunks";

    private final BillingRuns runs;
    private final ApprovalForm form;

    GenerationSteps(BillingRuns runs, ApprovalForm form) {
        this.runs = runs;
        this.form = form;
    }

    public void start(DelegateExecution execution) {
        BillingRun run = runs.startGeneration(RunVariables.runId(execution));
        progress(execution, run);
    }

    public void chunk(DelegateExecution execution) {
        long runId = RunVariables.runId(execution);
        if (execution.getVariable(LOOP_COUNTER) == null) {
            // An instance of the process as it was before (chunk after chunk, "More members?" on moreChunks), still
            // generating when this version was deployed: it bills the next chunk not done, one job after another.
            execution.setVariable(MORE_CHUNKS, runs.generateNextChunk(runId));
            return;
        }
        int number = chunkNumber(execution);
        try {
            runs.generateChunk(runId, number);
        } catch (RuntimeException e) {
            BillingRun run = runs.run(runId);
            String which = runs.generationChunk(runId, number).map(GenerationSteps::members)
                    .orElse("chunk " + number);
            throw new IllegalStateException("Run " + runId + " (" + run.name() + "): billing " + which + " failed: "
                    + cause(e) + ". Nothing of that chunk was billed; a retry bills it, and a chunk billed once is "
                    + "never billed again, so nobody is billed twice.", e);
        }
    }

    /**
     * A chunk billed: the run's progress, as its counters in the database stand, into the instance's variables. These
     * jobs are exclusive, so the engine runs one of a run at a time and they do not overwrite each other.
     */
    public void count(DelegateExecution execution) {
        progress(execution, runs.run(RunVariables.runId(execution)));
    }

    private static void progress(DelegateExecution execution, BillingRun run) {
        execution.setVariable(RunVariables.CHUNKS_DONE, run.chunksDone());
        execution.setVariable(RunVariables.CHUNKS_TOTAL, run.chunksTotal());
        execution.setVariable(RunVariables.CHARGES_SO_FAR, run.chargeCount());
    }

    private static int chunkNumber(DelegateExecution execution) {
        Object counter = execution.getVariable(LOOP_COUNTER);
        if (!(counter instanceof Number number)) {
            throw new IllegalStateException("This job bills no chunk: it has no " + LOOP_COUNTER
                    + " of the run's chunks");
        }
        return number.intValue() + 1;
    }

    private static String members(BillingRuns.GenerationChunk chunk) {
        return "chunk " + chunk.number() + " of " + chunk.chunksTotal() + " (the members "
                + (chunk.afterMember() == null ? "from the first" : "after member " + chunk.afterMember())
                + (chunk.throughMember() == null ? " to the last" : " through member " + chunk.throughMember()) + ")";
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
        progress(execution, run);
        form.fill(execution, run);
    }
}
