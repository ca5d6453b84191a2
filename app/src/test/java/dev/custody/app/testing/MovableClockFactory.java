package dev.custody.app.testing;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * With the property {@code test.movable-clock=true}, replaces the service's clock by {@link #CLOCK}, which tests
 * move years forward. One per JVM: tests using it set it at their start.
 */
@Factory
@Requires(property = "test.movable-clock", value = "true")
public class MovableClockFactory {

    /** The clock the service runs on while the property is set. */
    public static final MovableClock CLOCK = new MovableClock();

    @Singleton
    @Replaces(Clock.class)
    Clock clock() {
        return CLOCK;
    }

    /** A clock that stands still until moved. */
    public static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2020-01-01T00:00:00Z");

        public void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
