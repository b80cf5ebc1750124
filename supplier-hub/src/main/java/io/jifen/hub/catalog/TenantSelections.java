package io.jifen.hub.catalog;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.hub.search.IndexBacklog;

/**
 * A tenant's selection: the hub SKUs its mall offers, at its own points price. A change commits with its SKU queued
 * for re-indexing ({@link IndexBacklog}), then the document is written at once, so {@code CatalogSearch} finds the
 * selection with the same queries as the catalog; with Elasticsearch down the change is kept and reaches search when
 * the backlog is drained. The caller passes the tenant; the hub never decides which tenant is asking.
 */
@Service
public class TenantSelections {

    /** A selected SKU. */
    public record Selected(String supplierId, String skuId, long pointsPrice) {
    }

    private final JdbcClient jdbc;
    private final CatalogStore store;
    private final IndexBacklog backlog;
    private final TransactionTemplate transaction;

    TenantSelections(JdbcClient jdbc, CatalogStore store, IndexBacklog backlog, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.store = store;
        this.backlog = backlog;
        this.transaction = transaction;
    }

    /**
     * Adds a SKU to the tenant's selection at {@code pointsPrice}, or changes its price. An {@link IllegalArgumentException}
     * if the SKU is not in the catalog or the price is not positive.
     */
    public Selected select(UUID tenant, String supplier, String skuId, long pointsPrice) {
        if (pointsPrice <= 0) {
            throw new IllegalArgumentException("pointsPrice must be positive");
        }
        if (store.find(supplier, List.of(skuId)).isEmpty()) {
            throw new IllegalArgumentException("no SKU " + skuId + " of supplier " + supplier + " in the catalog");
        }
        transaction.executeWithoutResult(status -> {
            jdbc.sql("""
                            insert into supplier_hub.selection (tenant_id, supplier_id, sku_id, points_price) values (?, ?, ?, ?)
                            on conflict (tenant_id, supplier_id, sku_id) do update set points_price = excluded.points_price""")
                    .params(tenant, supplier, skuId, pointsPrice)
                    .update();
            backlog.queue(supplier, skuId);
        });
        backlog.drain(100);
        return new Selected(supplier, skuId, pointsPrice);
    }

    /** Takes a SKU out of the tenant's selection; false if it was not in it. */
    public boolean remove(UUID tenant, String supplier, String skuId) {
        boolean removed = Boolean.TRUE.equals(transaction.execute(status -> {
            int deleted = jdbc.sql("delete from supplier_hub.selection where tenant_id = ? and supplier_id = ? and sku_id = ?")
                    .params(tenant, supplier, skuId)
                    .update();
            if (deleted > 0) {
                backlog.queue(supplier, skuId);
            }
            return deleted > 0;
        }));
        if (removed) {
            backlog.drain(100);
        }
        return removed;
    }

    /** The tenant's selection, newest first. */
    public List<Selected> list(UUID tenant, int page, int size) {
        return jdbc.sql("""
                        select supplier_id, sku_id, points_price from supplier_hub.selection where tenant_id = ?
                        order by selected_at desc, supplier_id, sku_id limit ? offset ?""")
                .params(tenant, size, (long) page * size)
                .query((rs, n) -> new Selected(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .list();
    }
}
