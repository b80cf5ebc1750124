package io.jifen.billing;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * The port the embedding application implements: the month figures of a chunk of tenants, for the period
 * {@code [from, to)}, read set-based (the monthly run asks for a chunk of tenants at a time). A tenant left out of the
 * answer has none.
 */
public interface MonthStatements {

    Map<UUID, MonthStatement> of(Collection<UUID> tenants, Instant from, Instant to);
}
