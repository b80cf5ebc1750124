package io.jifen.platform.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Primary;

/**
 * The application's clock in the integration tests, in place of the system's UTC clock ({@code JifenApplication}):
 * the system's time until a test sets it, and again after every test ({@link IntegrationTest} resets it). Set, it stands
 * still at that instant until it is set again or advanced, so that a test at 23:59:30 stays at 23:59:30. It is one bean
 * of the one shared application context, imported by {@link IntegrationTest}, not component-scanned (a local run of the
 * test classpath keeps the system clock).
 */
@Primary
public class TestClock extends Clock {

    private volatile @Nullable Instant stopped;

    /** Stops the clock at {@code instant}. */
    public void setTo(Instant instant) {
        stopped = instant;
    }

    /** Moves a stopped clock on (or back, with a negative duration); stops a running one that far from now. */
    public void advance(Duration duration) {
        stopped = instant().plus(duration);
    }

    /** Back to the system's time. */
    public void reset() {
        stopped = null;
    }

    @Override
    public Instant instant() {
        Instant instant = stopped;
        return instant == null ? Instant.now() : instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        TestClock clock = this;
        return new Clock() {
            @Override
            public Instant instant() {
                return clock.instant();
            }

            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return clock.withZone(other);
            }
        };
    }
}
