package io.duesflow.payments;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;

/**
 * Credits that matched nothing get their tasks once their file has committed, on another thread: a statement with
 * thousands of them is booked without waiting for thousands of process starts. Should the application stop in
 * between, the next start opens the tasks still missing.
 */
@Component
class OpenUnmatchedCreditTasks {

    private final UnmatchedCredits credits;

    OpenUnmatchedCreditTasks(UnmatchedCredits credits) {
        this.credits = credits;
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(BankFileImport.UnmatchedCreditsFound found) {
        credits.openTasks();
    }

    @EventListener(ApplicationReadyEvent.class)
    void afterStart() {
        credits.openTasks();
    }
}
