package io.duesflow;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The whole application on a random port, against the embedded PostgreSQL (or DUESFLOW_TEST_DB_URL).
 * Every test class that uses this shares one started application. Metrics are on, as in production. Time comes
 * from the {@link TestClock}, which every test finds at the same start; Camunda's REST API and webapps serve the
 * test's own application's engine ({@link OwnEngine}), whichever application started last.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = DuesflowApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({TestClock.class, RunJobs.class})
@ExtendWith({TestClock.Reset.class, OwnEngine.class})
public @interface ApplicationTest {
}
