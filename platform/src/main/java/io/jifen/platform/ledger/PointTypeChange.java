package io.jifen.platform.ledger;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;

/** A change to a point type's rules; a null field stays as it is. */
public record PointTypeChange(@Nullable ExpiryPolicy expiryPolicy,
                              @Nullable @Min(0) @Max(120) Integer expiryMonths,
                              @Nullable @Min(0) @Max(10) Integer expiryYears,
                              @Nullable @Min(0) @Max(1_000_000_000L) Long transferDailyLimit,
                              @Nullable @Min(0) @Max(365) Integer expiryReminderDays,
                              @Nullable @Min(0) @Max(1_000_000_000L) Long loanLimit,
                              @Nullable ClawbackPolicy clawbackPolicy,
                              @Nullable @Min(0) @Max(365) Integer pendingDays) {
}
