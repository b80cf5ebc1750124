package io.jifen.platform.mall;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.jifen.platform.tenancy.TenantCache;

/**
 * Which zones an item is in and which unlock it requires, as this replica last read them: every quote, order and
 * listing asks, and tenants change them rarely. Zone and unlock changes forget the tenant's entries when they end.
 */
@Component
class ItemRulesCache {

    /** An item's zones (oldest first) and the unlock code it requires (null: none). */
    record Rules(List<Zone> zones, @Nullable String unlockCode) {
    }

    final TenantCache<ItemRef, Rules> rules = new TenantCache<>(100_000);

    /** This replica reads the tenant's item rules afresh once the current transaction ends. */
    void forgetAfterCompletion() {
        rules.forgetAfterCompletion();
    }
}
