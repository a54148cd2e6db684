package io.duesflow;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAmount;

import io.duesflow.platform.BusinessClock;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The tests' calendar: the application's {@link BusinessClock}, which starts at {@code duesflow.time.start}
 * (application-test.yml), ticks on from there and takes Camunda's clock along when it moves. An
 * {@link ApplicationTest} injects it ({@code @Autowired TestClock clock}) and asks it for {@link #today()} instead of
 * the wall clock.
 *
 * <p>Every test starts at that instant: test classes share application contexts, so after each test {@link Reset}
 * puts the clock of the test's context back, whether the test moved it through this helper or through the
 * {@code BusinessClock} itself.
 */
public final class TestClock {

    private final BusinessClock clock;
    private final Instant start;

    TestClock(BusinessClock clock, Environment environment) {
        this.clock = clock;
        this.start = Instant.parse(environment.getRequiredProperty("duesflow.time.start"));
    }

    /** Today in the association's time zone. */
    public LocalDate today() {
        return LocalDate.now(clock);
    }

    public Instant now() {
        return clock.instant();
    }

    /** To noon of {@code day} in the association's time zone, far from either midnight. */
    public void moveTo(LocalDate day) {
        moveTo(day.atTime(LocalTime.NOON).atZone(clock.getZone()).toInstant());
    }

    public void moveTo(Instant instant) {
        clock.moveTo(instant);
    }

    /** On by a duration ({@code Duration.ofMinutes(5)}) or by calendar days and months ({@code Period.ofMonths(1)}). */
    public void advance(TemporalAmount amount) {
        moveTo(ZonedDateTime.now(clock).plus(amount).toInstant());
    }

    void reset() {
        clock.moveTo(start);
    }

    /** After each test, the clock of the test's application context back to the start. */
    static final class Reset implements AfterEachCallback {
        @Override
        public void afterEach(ExtensionContext test) {
            SpringExtension.getApplicationContext(test).getBeanProvider(TestClock.class).ifAvailable(TestClock::reset);
        }
    }
}
