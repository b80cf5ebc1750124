package io.jifen.platform.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.jspecify.annotations.Nullable;

/** When earned points expire: never, N months after earning, or at the end of the year N years after the year earned. */
public enum ExpiryPolicy {
    NEVER, ROLLING_MONTHS, YEAR_END;

    /** When points earned at {@code earnedAt} expire, counted in the tenant's time zone; null for never. */
    public @Nullable Instant expiresAt(Instant earnedAt, ZoneId zone, int months, int years) {
        return switch (this) {
            case NEVER -> null;
            case ROLLING_MONTHS -> earnedAt.atZone(zone).plusMonths(months).toInstant();
            case YEAR_END -> LocalDate.of(earnedAt.atZone(zone).getYear() + years + 1, 1, 1).atStartOfDay(zone).toInstant();
        };
    }
}
