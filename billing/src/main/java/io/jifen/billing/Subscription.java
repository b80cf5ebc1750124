package io.jifen.billing;

import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A tenant on a plan version from {@code startsOn} (inclusive) until {@code endsOn} (exclusive; null: open), days in the
 * billing time zone. Days before {@code trialEndsOn} are free.
 */
public record Subscription(UUID id, UUID tenantId, String planCode, int planVersion, LocalDate startsOn, @Nullable LocalDate endsOn,
                           @Nullable LocalDate trialEndsOn) {
}
