package io.jifen.billing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

/** Billing's clock in its tests: the system's time until a test sets it, and again after each test ({@link BillingIntegrationTest}). */
public class MutableClock extends Clock {

    private volatile @Nullable Instant stopped;

    public void setTo(Instant instant) {
        stopped = instant;
    }

    public void advance(Duration duration) {
        stopped = instant().plus(duration);
    }

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
        MutableClock clock = this;
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
