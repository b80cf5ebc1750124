package io.jifen.platform.ledger.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * The tenants this instance wrote ledger transactions for lately, so that the chain's sealer visits them rather than
 * every tenant every few seconds. Marked when a posting writes its rows (before its commit: a tenant stays on the list
 * for a while after, long enough for any posting to commit); the sealer's periodic sweep of all tenants catches
 * what another instance wrote and did not seal, and transactions that ran longer.
 */
@Component
public class ChainBacklog {

    private final Map<UUID, Instant> lastWrites = new ConcurrentHashMap<>();
    private final Clock clock;

    ChainBacklog(Clock clock) {
        this.clock = clock;
    }

    public void wrote(UUID tenant) {
        lastWrites.put(tenant, clock.instant());
    }

    /** The tenants written for at or after {@code since}; older marks are forgotten. */
    public Set<UUID> writtenSince(Instant since) {
        lastWrites.entrySet().removeIf(write -> write.getValue().isBefore(since));
        return lastWrites.keySet().stream().collect(Collectors.toSet());
    }
}
