package io.duesflow.cycle;

import java.math.BigDecimal;
import java.util.List;

import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.mail.AssociationMail;
import io.duesflow.mail.AssociationNotice;
import io.duesflow.mail.DocumentKind;
import io.duesflow.members.MemberRegister;
import io.duesflow.payments.DirectDebitCollections;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * A run's steps after the treasurer decided, each a call into a room's front door: approve and number, reject,
 * expire and tell the association, collect the direct debits, mark the run sent.
 */
// Public: the BPMN's expressions call its methods, and the expression language reaches only public classes.
@Component("runSteps")
public class RunSteps {

    private final BillingRuns runs;
    private final DirectDebitCollections collections;
    private final AssociationMail associationMail;
    private final MemberRegister register;
    private final ApprovalForm form;
    private final CycleProperties cycle;

    RunSteps(BillingRuns runs, DirectDebitCollections collections, AssociationMail associationMail,
             MemberRegister register, ApprovalForm form, CycleProperties cycle) {
        this.runs = runs;
        this.collections = collections;
        this.associationMail = associationMail;
        this.register = register;
        this.form = form;
        this.cycle = cycle;
    }

    /** Before generating: what the run will bill, for the treasurer's look at it. */
    public void preview(DelegateExecution execution) {
        form.preview(execution, RunVariables.runId(execution));
    }

    /** The treasurer's edits applied, the charges numbered and their references given, in the completion's transaction. */
    public void approve(DelegateExecution execution) {
        runs.approve(RunVariables.runId(execution), RunVariables.edits(execution));
    }

    public void reject(DelegateExecution execution) {
        runs.reject(RunVariables.runId(execution));
    }

    public void expire(DelegateExecution execution) {
        runs.expire(RunVariables.runId(execution));
    }

    /** The association is told the run expired and nothing was sent; a notice without a mail address is skipped. */
    public void tellExpired(DelegateExecution execution) {
        long runId = RunVariables.runId(execution);
        BillingRun run = runs.run(runId);
        boolean sent = associationMail.send(DocumentKind.RUN_EXPIRED_NOTICE, new AssociationNotice(
                register.association().name(), associationMail.language(), run.name(), null, run.chargeCount(),
                run.memberCount(), run.total() == null ? BigDecimal.ZERO : run.total(), register.association().currency(),
                RunProcesses.date(execution.getVariable("deadline")), 0, cycle.tasklist()),
                "run-expired-" + runId + "@duesflow", List.of());
        execution.setVariable("associationTold", sent);
    }

    /**
     * The direct debits decided at approval, recorded and placed for the bank. A collection that failed fails the
     * step with the reason, so after its retries it is an incident a supervisor reads; a retry collects only what is
     * not yet collected. Charges waiting for a later file do not hold the run up: the collection poll finishes them.
     */
    public void collect(DelegateExecution execution) {
        long runId = RunVariables.runId(execution);
        DirectDebitCollections.Collection collection = collections.collect(runId);
        execution.setVariable("collectionState", collection.state().name());
        execution.setVariable("collected", collection.collected() == null ? "0" : collection.collected().toPlainString());
        if (collection.state() == BillingRun.CollectionState.FAILED) {
            throw new IllegalStateException("Run " + runId + "'s direct debits could not be collected: "
                    + collection.error() + ". Fix the cause, then retry: what is already collected is never "
                    + "collected twice.");
        }
    }

    public void markSent(DelegateExecution execution) {
        runs.markSent(RunVariables.runId(execution));
    }
}
