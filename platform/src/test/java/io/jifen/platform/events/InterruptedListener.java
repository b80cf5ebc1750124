package io.jifen.platform.events;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.jifen.platform.ledger.Ledger;
import io.jifen.platform.ledger.PointTypeCatalog;
import io.jifen.platform.tenancy.TenantContext;

/**
 * Test listener (picked up by the component scan from the test classpath) whose work is killed half-way: its first
 * attempt dies before it posts, its second after it posted but before the registry heard it succeed; the third
 * completes. It posts under the event's own idempotency key, as every listener must, so a repeat is a replay.
 */
@Component
class InterruptedListener {

    record Probe(UUID tenant, UUID member, String key) {
    }

    private final AtomicInteger attempts = new AtomicInteger();

    private final Ledger ledger;

    InterruptedListener(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Attempts since the last reset (a method: the bean is a proxy, its fields are not the listener's). */
    int attempts() {
        return attempts.get();
    }

    void reset() {
        attempts.set(0);
    }

    @Async
    @TransactionalEventListener
    void on(Probe probe) {
        int attempt = attempts.incrementAndGet();
        if (attempt == 1) {
            throw new IllegalStateException("killed before its work");
        }
        TenantContext.runAs(probe.tenant(), () ->
                ledger.earn(probe.key(), new Ledger.Earn(probe.member(), PointTypeCatalog.DEFAULT_CODE, 10, "probe", "event publication test", null, null)));
        if (attempt == 2) {
            throw new IllegalStateException("killed after its work, before it completed");
        }
    }
}
