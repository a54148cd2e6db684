package io.duesflow.billing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a run is generated.
 *
 * @param chunkSize how many members one generation step bills, each step a job and a transaction of its own: a larger
 *                  one commits less often, a smaller one keeps each job short and loses less to a crash. Fixed on
 *                  the run when it is created, so a run generated again after a change keeps its steps.
 * @param generationThreads how many chunks a generation in one call ({@link BillingRuns#generate}) bills side by
 *                  side; the process's generation runs its chunks as jobs, as many at once as the job executors take
 * @param simulationLists how many charges (and skipped members) a simulation lists; its counts and totals are always
 *                  the whole register's
 */
@ConfigurationProperties("duesflow.billing")
record BillingProperties(@DefaultValue("1000") int chunkSize, @DefaultValue("2") int generationThreads,
                         @DefaultValue("10000") int simulationLists) {

    static final int LARGEST_CHUNK = 100_000;

    BillingProperties {
        if (chunkSize < 1 || chunkSize > LARGEST_CHUNK) {
            throw new IllegalArgumentException("A generation step bills from 1 to " + LARGEST_CHUNK
                    + " members (DUESFLOW_BILLING_CHUNK_SIZE=" + chunkSize + ")");
        }
        if (simulationLists < 0) {
            throw new IllegalArgumentException("A simulation lists 0 charges or more (duesflow.billing"
                    + ".simulation-lists=" + simulationLists + ")");
        }
        if (generationThreads < 1) {
            throw new IllegalArgumentException("A generation bills at least one chunk at a time (duesflow.billing"
                    + ".generation-threads=" + generationThreads + ")");
        }
    }
}
