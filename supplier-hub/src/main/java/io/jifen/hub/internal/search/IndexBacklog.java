package io.jifen.hub.internal.search;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.jifen.hub.CatalogUnavailable;
import io.jifen.hub.internal.catalog.CatalogStore;
import io.jifen.hub.internal.catalog.SkuSelection;
import io.jifen.hub.internal.tenancy.TenantScope;

/**
 * Tenants' selection changes whose search documents are to be written, kept in PostgreSQL (table index_backlog, which
 * names the tenant and SKU, nothing of the selection) so that a change committed while Elasticsearch is down still
 * reaches search: {@link #queue} in the change's transaction, then {@link #drain} right after it and on a schedule
 * until the index takes them. Draining reads each tenant's selections under that tenant.
 */
@Component
public class IndexBacklog {

    private static final Logger log = LoggerFactory.getLogger(IndexBacklog.class);

    private record Entry(UUID tenant, String supplier, String sku, OffsetDateTime queuedAt) {
    }

    private final JdbcClient jdbc;
    private final CatalogStore store;
    private final CatalogIndex index;
    private final TenantScope tenants;

    IndexBacklog(JdbcClient jdbc, CatalogStore store, CatalogIndex index, TenantScope tenants) {
        this.jdbc = jdbc;
        this.store = store;
        this.index = index;
        this.tenants = tenants;
    }

    /** Queues the tenant's selection of a SKU for its document, in the caller's transaction. */
    public void queue(UUID tenant, String supplier, String skuId) {
        jdbc.sql("""
                        insert into supplier_hub.index_backlog (tenant_id, supplier_id, sku_id) values (?, ?, ?)
                        on conflict (tenant_id, supplier_id, sku_id) do update set queued_at = clock_timestamp()""")
                .params(tenant, supplier, skuId)
                .update();
    }

    /**
     * Writes the queued selections (up to {@code limit}, oldest first) and takes them off the queue, unless they were
     * queued again meanwhile; answers how many it wrote. With Elasticsearch down they stay queued, and this answers 0.
     */
    public int drain(int limit) {
        List<Entry> due = jdbc.sql("select tenant_id, supplier_id, sku_id, queued_at from supplier_hub.index_backlog order by queued_at limit ?")
                .param(limit)
                .query((rs, n) -> new Entry(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class)))
                .list();
        if (due.isEmpty()) {
            return 0;
        }
        // Per tenant, per supplier: the SKUs whose selection to read, under that tenant.
        Map<UUID, Map<String, List<String>>> byTenant = new LinkedHashMap<>();
        due.forEach(entry -> byTenant.computeIfAbsent(entry.tenant(), tenant -> new LinkedHashMap<>())
                .computeIfAbsent(entry.supplier(), supplier -> new ArrayList<>()).add(entry.sku()));
        List<SkuSelection> selections = tenants.acrossTenants(byTenant.keySet(), tenant -> byTenant.get(tenant).entrySet().stream()
                        .flatMap(skus -> store.selectionsOf(tenant, skus.getKey(), skus.getValue()).stream()).toList())
                .stream().flatMap(List::stream).toList();
        try {
            index.select(selections);
        } catch (CatalogUnavailable e) {
            log.info("{} selections stay queued for search: {}", due.size(), e.getMessage());
            return 0;
        }
        for (Entry entry : due) {
            jdbc.sql("delete from supplier_hub.index_backlog where tenant_id = ? and supplier_id = ? and sku_id = ? and queued_at = ?")
                    .params(entry.tenant(), entry.supplier(), entry.sku(), entry.queuedAt())
                    .update();
        }
        return due.size();
    }

    /** How many selections are queued. */
    public long size() {
        return jdbc.sql("select count(*) from supplier_hub.index_backlog").query(Long.class).single();
    }
}
