package io.duesflow;

import java.util.List;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.boot.test.context.TestComponent;

/**
 * Does what the job executor (off in tests) would do for one billing run: executes the jobs of the run's processes
 * that are due now — its generation chunks, its mail, its collection — until the run waits for a treasurer, a
 * timer, or has ended. A job that fails throws, so the test sees why.
 */
@TestComponent
public class RunJobs {

    private final RuntimeService runtime;
    private final ManagementService management;

    RunJobs(RuntimeService runtime, ManagementService management) {
        this.runtime = runtime;
        this.management = management;
    }

    public void settle(long runId) {
        settleBusinessKey("run-" + runId);
    }

    public void settleBusinessKey(String businessKey) {
        for (int round = 0; round < 10_000; round++) {
            List<Job> due = dueJobs(businessKey);
            if (due.isEmpty()) {
                return;
            }
            management.executeJob(due.get(0).getId());
        }
        throw new IllegalStateException("The jobs of " + businessKey + " did not settle in 10 000 rounds");
    }

    /** Like {@link #settle}, but a failing job stops it: answers the failure's message, or null when none failed. */
    public String settleUntilFailure(long runId) {
        for (int round = 0; round < 10_000; round++) {
            List<Job> due = dueJobs("run-" + runId);
            if (due.isEmpty()) {
                return null;
            }
            try {
                management.executeJob(due.get(0).getId());
            } catch (RuntimeException e) {
                return String.valueOf(e.getMessage());
            }
        }
        throw new IllegalStateException("The jobs of run " + runId + " did not settle in 10 000 rounds");
    }

    public List<Job> dueJobs(String businessKey) {
        List<ProcessInstance> instances = runtime.createProcessInstanceQuery().processInstanceBusinessKey(businessKey)
                .list();
        return instances.stream().flatMap(instance -> management.createJobQuery().processInstanceId(instance.getId())
                .executable().list().stream()).toList();
    }
}
