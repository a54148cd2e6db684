package io.duesflow;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Before each {@link ApplicationTest}, its own application's process engine is the one Camunda's REST API and
 * webapps (Tasklist, Cockpit) serve.
 *
 * <p>They do not ask the Spring context for their engine: they look it up by name in Camunda's JVM-wide registry
 * ({@link ProcessEngines}), where the application started last under a name wins. Test classes with settings of
 * their own (four eyes, a mail server, a job executor) start applications of their own in the same JVM, all with the
 * engine name {@code default}; without this a test's {@code /engine-rest} call would be served by another
 * application's engine and run that application's beans — its clock still at the start while this test moved its
 * own, its settings. That made a reminder sent now from Tasklist plan its dates as of the start day, so the first
 * reminder date, long past for the test, fired straight after the round (DunningProcessTests).
 */
public final class OwnEngine implements BeforeEachCallback {

    @Override
    public void beforeEach(ExtensionContext test) {
        SpringExtension.getApplicationContext(test).getBeanProvider(ProcessEngine.class)
                .ifAvailable(ProcessEngines::registerProcessEngine);
    }
}
