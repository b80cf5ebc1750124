package io.jifen.hub.internal.item;

import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.jifen.hub.TenantItems;
import io.jifen.hub.internal.search.ItemBacklog;
import io.jifen.hub.internal.search.TenantItemIndex;
import io.jifen.hub.internal.tenancy.HubTenants;
import io.jifen.hub.internal.tenancy.TenantScope;

/**
 * Tenants' own items as their applications hand them to search: kept in table tenant_item (under the tenant's
 * row-level security), each change committed with the item queued for its search document ({@link ItemBacklog}),
 * which is written right after; with Elasticsearch down the change is kept and reaches search when the backlog drains.
 */
@Service
class TenantItemService implements TenantItems {

    private static final int DRAIN = 100;

    private final JdbcClient jdbc;
    private final ItemBacklog backlog;
    private final TenantScope tenants;
    private final HubTenants hubTenants;

    TenantItemService(JdbcClient jdbc, ItemBacklog backlog, TenantScope tenants, HubTenants hubTenants) {
        this.jdbc = jdbc;
        this.backlog = backlog;
        this.tenants = tenants;
        this.hubTenants = hubTenants;
    }

    @Override
    public void put(UUID tenant, Item item) {
        tenants.run(tenant, () -> {
            hubTenants.register(tenant);
            // An older document (a put that lost a race with a later change) never replaces a newer one.
            int written = jdbc.sql("""
                            insert into supplier_hub.tenant_item (tenant_id, ref, document, updated_at) values (?, ?, ?::jsonb, ?)
                            on conflict (tenant_id, ref) do update set document = excluded.document, updated_at = excluded.updated_at
                            where supplier_hub.tenant_item.updated_at <= excluded.updated_at""")
                    .params(tenant, item.ref(), TenantItemIndex.json(item), item.updatedAt().atOffset(ZoneOffset.UTC))
                    .update();
            if (written > 0) {
                backlog.queue(tenant, item.ref());
            }
        });
        backlog.drain(DRAIN);
    }

    @Override
    public boolean remove(UUID tenant, String ref) {
        boolean removed = tenants.call(tenant, () -> {
            int deleted = jdbc.sql("delete from supplier_hub.tenant_item where tenant_id = ? and ref = ?").params(tenant, ref).update();
            if (deleted > 0) {
                backlog.queue(tenant, ref);
            }
            return deleted > 0;
        });
        if (removed) {
            backlog.drain(DRAIN);
        }
        return removed;
    }
}
