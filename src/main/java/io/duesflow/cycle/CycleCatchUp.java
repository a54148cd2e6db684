package io.duesflow.cycle;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;

import io.duesflow.billing.BillingLine;
import io.duesflow.billing.BillingRules;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The cycle's timer fires on the draft day; an application that was down that day starts next month's cycle when it
 * is back, so a month is never skipped. Started on two nodes at once, the second instance sees the first and ends.
 */
@Component
class CycleCatchUp {

    static final String START_MESSAGE = "billing-cycle-start";
    private static final Logger log = LoggerFactory.getLogger(CycleCatchUp.class);

    private final RuntimeService runtime;
    private final HistoryService history;
    private final BillingRules rules;
    private final CycleProperties cycle;
    private final Clock clock;

    CycleCatchUp(RuntimeService runtime, HistoryService history, BillingRules rules, CycleProperties cycle, Clock clock) {
        this.runtime = runtime;
        this.history = history;
        this.rules = rules;
        this.cycle = cycle;
        this.clock = clock;
    }

    // After the example data (when asked for), which starts the cycle itself once it is loaded.
    @Order(2)
    @EventListener(ApplicationReadyEvent.class)
    void catchUp() {
        if (cycle.catchUp()) {
            startIfMissed();
        }
    }

    /** Starts next month's cycle when its draft day has passed, it has not started, and anything is scheduled. */
    boolean startIfMissed() {
        return startIfMissed(false);
    }

    /** The same, generating next month's run at once when {@code generateNow} (the example data's first look). */
    boolean startIfMissed(boolean generateNow) {
        LocalDate today = LocalDate.now(clock);
        YearMonth next = YearMonth.from(today).plusMonths(1);
        boolean started = history.createHistoricProcessInstanceQuery().processDefinitionKey("billing-cycle")
                .processInstanceBusinessKey(CycleSteps.businessKey(next)).count() > 0;
        boolean scheduled = rules.lines().stream()
                .anyMatch(line -> line.active() && line.kind() == BillingLine.Kind.SCHEDULED);
        if (today.getDayOfMonth() < cycle.draftDay() || started || !scheduled) {
            return false;
        }
        log.info("Starting the billing cycle for {}: its draft day has passed without it", next);
        runtime.createMessageCorrelation(START_MESSAGE).setVariable(CycleSteps.GENERATE_NOW, generateNow)
                .correlateStartMessage();
        return true;
    }
}
