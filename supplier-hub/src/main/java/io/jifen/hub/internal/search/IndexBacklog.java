package io.jifen.hub.internal.search;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.jifen.hub.CatalogUnavailable;
import io.jifen.hub.internal.catalog.CatalogSku;
import io.jifen.hub.internal.catalog.CatalogStore;

/**
 * SKUs whose search documents are to be written again, kept in PostgreSQL (table index_backlog) so that a change
 * committed while Elasticsearch is down still reaches search: {@link #queue} in the change's transaction, then
 * {@link #drain} right after it and on a schedule until the index takes them.
 */
@Component
public class IndexBacklog {

    private static final Logger log = LoggerFactory.getLogger(IndexBacklog.class);

    private record Entry(String supplier, String sku, OffsetDateTime queuedAt) {
    }

    private final JdbcClient jdbc;
    private final CatalogStore store;
    private final CatalogIndex index;

    IndexBacklog(JdbcClient jdbc, CatalogStore store, CatalogIndex index) {
        this.jdbc = jdbc;
        this.store = store;
        this.index = index;
    }

    /** Queues a SKU's document, in the caller's transaction. */
    public void queue(String supplier, String skuId) {
        jdbc.sql("""
                        insert into supplier_hub.index_backlog (supplier_id, sku_id) values (?, ?)
                        on conflict (supplier_id, sku_id) do update set queued_at = clock_timestamp()""")
                .params(supplier, skuId)
                .update();
    }

    /**
     * Writes the queued documents (up to {@code limit}, oldest first) and takes them off the queue, unless they were
     * queued again meanwhile; answers how many it wrote. With Elasticsearch down they stay queued, and this answers 0.
     */
    public int drain(int limit) {
        List<Entry> due = jdbc.sql("select supplier_id, sku_id, queued_at from supplier_hub.index_backlog order by queued_at limit ?")
                .param(limit)
                .query((rs, n) -> new Entry(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)))
                .list();
        if (due.isEmpty()) {
            return 0;
        }
        Map<String, List<String>> bySupplier = new LinkedHashMap<>();
        due.forEach(entry -> bySupplier.computeIfAbsent(entry.supplier(), s -> new ArrayList<>()).add(entry.sku()));
        List<CatalogSku> skus = new ArrayList<>();
        bySupplier.forEach((supplier, ids) -> skus.addAll(store.find(supplier, ids)));
        try {
            index.index(skus);
        } catch (CatalogUnavailable e) {
            log.info("{} catalog documents stay queued: {}", due.size(), e.getMessage());
            return 0;
        }
        for (Entry entry : due) {
            jdbc.sql("delete from supplier_hub.index_backlog where supplier_id = ? and sku_id = ? and queued_at = ?")
                    .params(entry.supplier(), entry.sku(), entry.queuedAt())
                    .update();
        }
        return due.size();
    }

    /** How many documents are queued. */
    public long size() {
        return jdbc.sql("select count(*) from supplier_hub.index_backlog").query(Long.class).single();
    }
}
