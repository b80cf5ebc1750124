package io.jifen.billing.internal.rating;

import java.time.LocalDate;

import io.jifen.billing.Usage;

/** A tenant's usage of one kind on one day (in the billing zone), summed: what rating needs, whatever the number of events. */
public record UsageOfDay(LocalDate day, Usage.Kind kind, long redemptionFen, long goodsCostFen, long quantity) {
}
