package io.jifen.billing;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Which plan version each tenant is on, day by day. */
public interface Subscriptions {

    /**
     * Puts the tenant on the latest version of the plan from {@code startsOn}: its first subscription, or a change of
     * plan that ends the one running on that day (the month is then billed prorated by day). A subscription that would
     * start before the current one's start, or before a month already invoiced, is refused.
     */
    Subscription subscribe(UUID tenant, String planCode, LocalDate startsOn, @Nullable LocalDate trialEndsOn);

    /** The tenant's subscriptions, oldest first. */
    List<Subscription> of(UUID tenant);

    /** The subscription running on the day, if any. */
    Optional<Subscription> on(UUID tenant, LocalDate day);
}
