package io.duesflow.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * The one "now" of the house: calendar days are days in the association's time zone, whoever asks (a due date, a
 * timer, a reminder date, a file's creation time), and the zone follows the association's settings as soon as they
 * change.
 *
 * <p>In tests the clock starts at a fixed instant ({@code duesflow.time.start}) and can be moved; it keeps ticking
 * from there, so the engine's own short timers still come due. Moving it moves Camunda's clock by the same amount, so
 * process timers follow. In production it is the system clock and cannot be moved.
 */
public final class BusinessClock extends Clock {

    private final boolean movable;
    private volatile ZoneId zone;
    private volatile Duration offset;

    BusinessClock(ZoneId zone, Instant start) {
        this.zone = zone;
        this.movable = start != null;
        this.offset = start == null ? Duration.ZERO : Duration.between(Instant.now(), start);
        syncEngineClock();
    }

    /** The association's time zone changed (or was read at start-up). */
    public void useZone(ZoneId newZone) {
        this.zone = newZone;
    }

    /** Tests only: jumps to {@code instant} and ticks on from there. */
    public void moveTo(Instant instant) {
        requireMovable();
        offset = Duration.between(Instant.now(), instant);
        syncEngineClock();
    }

    /** Tests only: moves forward (or back) by {@code amount}. */
    public void advance(Duration amount) {
        requireMovable();
        offset = offset.plus(amount);
        syncEngineClock();
    }

    public boolean isMovable() {
        return movable;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view in another zone that still follows this clock's moves. */
    @Override
    public Clock withZone(ZoneId other) {
        BusinessClock source = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return other;
            }

            @Override
            public Clock withZone(ZoneId again) {
                return source.withZone(again);
            }

            @Override
            public Instant instant() {
                return source.instant();
            }
        };
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    private void requireMovable() {
        if (!movable) {
            throw new IllegalStateException("The clock can only be moved when duesflow.time.start is set (tests)");
        }
    }

    private void syncEngineClock() {
        if (movable) {
            ClockUtil.offset(offset.toMillis());
        }
    }
}
