package io.duesflow.cycle;

import org.springframework.stereotype.Component;

/**
 * The cycle's start timer, read by the BPMN when it is deployed ({@code ${cycleTimers.draftCron()}}). Cron fires in
 * the server's time zone: run the server in the association's (TZ=Europe/Copenhagen); the generation day's timer and
 * the deadline are exact days in the association's zone whatever the server's.
 */
// Public: the BPMN's expressions call its methods, and the expression language reaches only public classes.
@Component("cycleTimers")
public class CycleTimers {

    private final CycleProperties cycle;

    CycleTimers(CycleProperties cycle) {
        this.cycle = cycle;
    }

    public String draftCron() {
        return cycle.draftCron();
    }
}
