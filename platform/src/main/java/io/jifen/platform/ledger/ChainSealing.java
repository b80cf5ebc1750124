package io.jifen.platform.ledger;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.jifen.platform.ledger.internal.ChainBacklog;
import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * Seals committed ledger transactions into their tenant's chain ({@link LedgerChain}): every
 * {@code jifen.ledger.chain.seal-interval} those of the tenants this instance wrote for in the last minute, and every
 * {@code jifen.ledger.chain.sweep-interval} those of every tenant (what other instances left, transactions that ran
 * longer than a minute). Safe on any number of instances: a tenant's sealers take turns on its head row.
 */
@Component
class ChainSealing {

    private static final Logger log = LoggerFactory.getLogger(ChainSealing.class);

    private final TenantRegistry tenants;
    private final LedgerChain chain;
    private final ChainBacklog backlog;
    private final Clock clock;

    ChainSealing(TenantRegistry tenants, LedgerChain chain, ChainBacklog backlog, Clock clock) {
        this.tenants = tenants;
        this.chain = chain;
        this.backlog = backlog;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${jifen.ledger.chain.seal-interval:5s}", initialDelayString = "${jifen.ledger.chain.seal-interval:5s}")
    void sealRecent() {
        seal(backlog.writtenSince(clock.instant().minus(Duration.ofMinutes(1))));
    }

    @Scheduled(fixedDelayString = "${jifen.ledger.chain.sweep-interval:10m}", initialDelayString = "${jifen.ledger.chain.seal-interval:5s}")
    void sealAll() {
        seal(tenants.allIds());
    }

    private void seal(Collection<UUID> tenantIds) {
        for (var tenant : tenantIds) {
            try {
                int sealed = TenantContext.callAs(tenant, chain::seal);
                if (sealed > 0) {
                    log.debug("sealed {} ledger transactions of tenant {}", sealed, tenant);
                }
            } catch (RuntimeException e) {
                log.warn("could not seal the ledger chain of tenant {}: {}", tenant, e.toString());
            }
        }
    }
}
