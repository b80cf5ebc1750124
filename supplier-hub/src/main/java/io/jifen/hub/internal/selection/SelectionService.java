package io.jifen.hub.internal.selection;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.jifen.hub.DeliveryKind;
import io.jifen.hub.TenantSelections;
import io.jifen.hub.internal.catalog.CatalogStore;
import io.jifen.hub.internal.search.IndexBacklog;
import io.jifen.hub.internal.tenancy.HubTenants;
import io.jifen.hub.internal.tenancy.TenantScope;

/**
 * Tenants' selections in PostgreSQL (table selection, under the tenant's row-level security), each change committed
 * with the selection queued for its search document ({@link IndexBacklog}); the document is written right after, so
 * catalog search finds the selection with the same queries as the catalog; with Elasticsearch down the change is kept
 * and reaches search when the backlog is drained.
 */
@Service
class SelectionService implements TenantSelections {

    private final JdbcClient jdbc;
    private final CatalogStore store;
    private final IndexBacklog backlog;
    private final TenantScope tenants;
    private final HubTenants hubTenants;

    SelectionService(JdbcClient jdbc, CatalogStore store, IndexBacklog backlog, TenantScope tenants, HubTenants hubTenants) {
        this.jdbc = jdbc;
        this.store = store;
        this.backlog = backlog;
        this.tenants = tenants;
        this.hubTenants = hubTenants;
    }

    @Override
    public Selected select(UUID tenant, String supplier, String skuId, long pointsPrice) {
        if (pointsPrice <= 0) {
            throw new IllegalArgumentException("pointsPrice must be positive");
        }
        if (store.find(supplier, List.of(skuId)).isEmpty()) {
            throw new IllegalArgumentException("no SKU " + skuId + " of supplier " + supplier + " in the catalog");
        }
        tenants.run(tenant, () -> {
            hubTenants.register(tenant);
            jdbc.sql("""
                            insert into supplier_hub.selection (tenant_id, supplier_id, sku_id, points_price) values (?, ?, ?, ?)
                            on conflict (tenant_id, supplier_id, sku_id) do update set points_price = excluded.points_price""")
                    .params(tenant, supplier, skuId, pointsPrice)
                    .update();
            backlog.queue(tenant, supplier, skuId);
        });
        backlog.drain(100);
        return new Selected(supplier, skuId, pointsPrice);
    }

    @Override
    public boolean remove(UUID tenant, String supplier, String skuId) {
        boolean removed = tenants.call(tenant, () -> {
            int deleted = jdbc.sql("delete from supplier_hub.selection where tenant_id = ? and supplier_id = ? and sku_id = ?")
                    .params(tenant, supplier, skuId)
                    .update();
            if (deleted > 0) {
                backlog.queue(tenant, supplier, skuId);
            }
            return deleted > 0;
        });
        if (removed) {
            backlog.drain(100);
        }
        return removed;
    }

    @Override
    public Optional<SelectedSku> find(UUID tenant, String supplier, String skuId) {
        return tenants.call(tenant, () -> jdbc.sql("""
                        select s.supplier_id, s.sku_id, s.points_price, k.title, k.delivery_kind, k.cost_fen, k.listed and k.in_stock
                        from supplier_hub.selection s join supplier_hub.sku k on k.supplier_id = s.supplier_id and k.sku_id = s.sku_id
                        where s.tenant_id = ? and s.supplier_id = ? and s.sku_id = ?""")
                .params(tenant, supplier, skuId)
                .query((rs, n) -> new SelectedSku(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        DeliveryKind.valueOf(rs.getString(5)), rs.getObject(6, Long.class), rs.getBoolean(7)))
                .optional());
    }

    @Override
    public List<Selected> list(UUID tenant, int page, int size) {
        return tenants.call(tenant, () -> jdbc.sql("""
                        select supplier_id, sku_id, points_price from supplier_hub.selection where tenant_id = ?
                        order by selected_at desc, supplier_id, sku_id limit ? offset ?""")
                .params(tenant, size, (long) page * size)
                .query((rs, n) -> new Selected(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .list());
    }
}
