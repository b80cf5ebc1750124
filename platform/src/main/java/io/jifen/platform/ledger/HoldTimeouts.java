package io.jifen.platform.ledger;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.jifen.platform.tenancy.TenantContext;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * Releases holds nobody settled in time. Safe on any number of instances: each release locks the member's wallet,
 * checks the hold is still open and carries an idempotency key derived from the hold.
 */
@Component
class HoldTimeouts {

    private static final Logger log = LoggerFactory.getLogger(HoldTimeouts.class);

    private final TenantRegistry tenants;
    private final Ledger ledger;
    private final Clock clock;

    HoldTimeouts(TenantRegistry tenants, Ledger ledger, Clock clock) {
        this.tenants = tenants;
        this.ledger = ledger;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${jifen.ledger.hold-sweep-interval:30s}", initialDelayString = "${jifen.ledger.hold-sweep-interval:30s}")
    void releaseTimedOutHolds() {
        for (var tenant : tenants.allIds()) {
            try {
                int released = TenantContext.callAs(tenant, () -> ledger.releaseTimedOutHolds(clock.instant()));
                if (released > 0) {
                    log.info("released {} timed-out holds of tenant {}", released, tenant);
                }
            } catch (RuntimeException e) {
                log.warn("could not release timed-out holds of tenant {}: {}", tenant, e.toString());
            }
        }
    }
}
