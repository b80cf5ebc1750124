package io.jifen.platform.ledger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * Seals every tenant's committed ledger transactions into its chain ({@link LedgerChain}) every
 * {@code jifen.ledger.chain.seal-interval}. Safe on any number of instances: a tenant's sealers take turns on its head row.
 */
@Component
class ChainSealing {

    private static final Logger log = LoggerFactory.getLogger(ChainSealing.class);

    private final TenantRegistry tenants;
    private final LedgerChain chain;

    ChainSealing(TenantRegistry tenants, LedgerChain chain) {
        this.tenants = tenants;
        this.chain = chain;
    }

    @Scheduled(fixedDelayString = "${jifen.ledger.chain.seal-interval:5s}", initialDelayString = "${jifen.ledger.chain.seal-interval:5s}")
    void sealAll() {
        for (var tenant : tenants.allIds()) {
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
