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
import io.jifen.hub.TenantItems;

/**
 * Tenant items whose search documents are to be written or deleted (table item_backlog, which names the tenant and the
 * item's ref, nothing of the item): {@link #queue} in the change's transaction, then {@link #drain} right after it and
 * on the index backlog's schedule until the index takes them, so an item changed while Elasticsearch is down still
 * reaches search. Draining reads each tenant's kept documents under that tenant.
 */
@Component
public class ItemBacklog {

    private static final Logger log = LoggerFactory.getLogger(ItemBacklog.class);

    private record Entry(UUID tenant, String ref, OffsetDateTime queuedAt) {
    }

    private final JdbcClient jdbc;
    private final CatalogIndex index;
    private final TenantItemIndex items;

    ItemBacklog(JdbcClient jdbc, CatalogIndex index, TenantItemIndex items) {
        this.jdbc = jdbc;
        this.index = index;
        this.items = items;
    }

    /** Queues the tenant's item for its document, in the caller's transaction. */
    public void queue(UUID tenant, String ref) {
        jdbc.sql("""
                        insert into supplier_hub.item_backlog (tenant_id, ref) values (?, ?)
                        on conflict (tenant_id, ref) do update set queued_at = clock_timestamp()""")
                .params(tenant, ref)
                .update();
    }

    /**
     * Writes the queued items' documents (up to {@code limit}, oldest first; an item the hub no longer keeps is deleted
     * from the index) and takes them off the queue unless they were queued again meanwhile; answers how many it wrote.
     * With Elasticsearch down they stay queued, and this answers 0.
     */
    public int drain(int limit) {
        List<Entry> due = jdbc.sql("select tenant_id, ref, queued_at from supplier_hub.item_backlog order by queued_at limit ?")
                .param(limit)
                .query((rs, n) -> new Entry(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, OffsetDateTime.class)))
                .list();
        if (due.isEmpty()) {
            return 0;
        }
        Map<UUID, List<String>> byTenant = new LinkedHashMap<>();
        due.forEach(entry -> byTenant.computeIfAbsent(entry.tenant(), tenant -> new ArrayList<>()).add(entry.ref()));
        try {
            index.ensure();
            byTenant.forEach((tenant, refs) -> {
                Map<String, TenantItems.Item> kept = items.read(tenant, refs);
                items.write(index.alias(), tenant, kept.values(), refs.stream().filter(ref -> !kept.containsKey(ref)).toList());
            });
        } catch (CatalogUnavailable e) {
            log.info("{} tenant items stay queued for search: {}", due.size(), e.getMessage());
            return 0;
        }
        for (Entry entry : due) {
            jdbc.sql("delete from supplier_hub.item_backlog where tenant_id = ? and ref = ? and queued_at = ?")
                    .params(entry.tenant(), entry.ref(), entry.queuedAt())
                    .update();
        }
        return due.size();
    }

    /** How many items are queued. */
    public long size() {
        return jdbc.sql("select count(*) from supplier_hub.item_backlog").query(Long.class).single();
    }
}
