package io.duesflow.cycle;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Bill a chunk of members" as a delegate rather than an expression: the engine hands a delegate's failure to the
 * incident as it is, where an expression's reaches Cockpit as "java.lang.IllegalStateException: …".
 */
@Component("billChunk")
class BillChunk implements JavaDelegate {

    private final GenerationSteps steps;

    BillChunk(GenerationSteps steps) {
        this.steps = steps;
    }

    @Override
    public void execute(DelegateExecution execution) {
        steps.chunk(execution);
    }
}
