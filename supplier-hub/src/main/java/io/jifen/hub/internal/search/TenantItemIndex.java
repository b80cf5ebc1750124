package io.jifen.hub.internal.search;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.hub.TenantItems;
import io.jifen.hub.internal.tenancy.HubTenants;
import io.jifen.hub.internal.tenancy.TenantScope;

/**
 * Tenants' own items in the catalog index, beside the hub's SKUs: one document each ({@code origin} "tenant", its
 * owner in {@code tenantId}), whose points price is a selection entry of its owner, so the mall's selection filter,
 * points filters and points sorts treat both alike. Read from table tenant_item (kept by the items' service) under
 * each tenant's row-level security.
 */
@Component
public class TenantItemIndex {

    static final String ORIGIN_TENANT = "tenant";
    static final String ORIGIN_HUB = "hub";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PAGE = 1_000;

    private final ElasticsearchClient client;
    private final JdbcClient jdbc;
    private final TenantScope tenants;
    private final HubTenants hubTenants;

    TenantItemIndex(ElasticsearchClient client, JdbcClient jdbc, TenantScope tenants, HubTenants hubTenants) {
        this.client = client;
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.hubTenants = hubTenants;
    }

    /** The tenant's kept items of these refs (absent: the tenant has none under that ref), read under the tenant. */
    public Map<String, TenantItems.Item> read(UUID tenant, Collection<String> refs) {
        Map<String, TenantItems.Item> found = new LinkedHashMap<>();
        tenants.run(tenant, () -> jdbc.sql("select ref, document from supplier_hub.tenant_item where tenant_id = ? and ref = any(?)")
                .params(tenant, refs.toArray(String[]::new))
                .query((rs, n) -> found.put(rs.getString(1), parse(rs.getString(2))))
                .list());
        return found;
    }

    /**
     * Writes these items' documents into an index and deletes those of the refs in {@code removed}; refuses (throws
     * {@link io.jifen.hub.CatalogUnavailable}) if any failed.
     */
    void write(String index, UUID tenant, Collection<TenantItems.Item> items, Collection<String> removed) {
        if (items.isEmpty() && removed.isEmpty()) {
            return;
        }
        BulkResponse response = CatalogIndex.call(() -> client.bulk(b -> {
            for (TenantItems.Item item : items) {
                b.operations(op -> op.index(i -> i.index(index).id(documentId(tenant, item.ref())).document(document(tenant, item))));
            }
            for (String ref : removed) {
                b.operations(op -> op.delete(d -> d.index(index).id(documentId(tenant, ref))));
            }
            return b;
        }));
        CatalogIndex.refuseFailures(response);
    }

    /** Writes every registered tenant's items into a new index (a re-index), each read under its tenant; answers how many. */
    long writeEveryTenant(String index) {
        long written = 0;
        for (UUID tenant : hubTenants.all()) {
            String after = "";
            for (List<TenantItems.Item> page = page(tenant, after); !page.isEmpty(); page = page(tenant, after)) {
                write(index, tenant, page, List.of());
                written += page.size();
                after = page.getLast().ref();
            }
        }
        return written;
    }

    private List<TenantItems.Item> page(UUID tenant, String after) {
        return tenants.call(tenant, () -> jdbc.sql("select document from supplier_hub.tenant_item where tenant_id = ? and ref > ? order by ref limit ?")
                .params(tenant, after, PAGE)
                .query((rs, n) -> parse(rs.getString(1)))
                .list());
    }

    /** Its document's id: a tenant's refs never meet another tenant's, nor a SKU's ({@code supplier:skuId}). */
    static String documentId(UUID tenant, String ref) {
        return "item:" + tenant + ":" + ref;
    }

    static Map<String, Object> document(UUID tenant, TenantItems.Item item) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("origin", ORIGIN_TENANT);
        doc.put("tenantId", tenant.toString());
        doc.put("ref", item.ref());
        doc.put("title", item.title());
        doc.put("image", item.image());
        doc.put("deliveryKind", item.kind());
        doc.put("listed", item.onSale());
        doc.put("inStock", item.inStock());
        doc.put("lowStock", item.lowStock());
        doc.put("visibleFrom", item.visibleFrom() == null ? null : item.visibleFrom().toString());
        doc.put("visibleTo", item.visibleTo() == null ? null : item.visibleTo().toString());
        doc.put("updatedAt", item.updatedAt().toString());
        doc.put("attributes", item.attributes());
        // Its points price as its owner's selection entry: the mall's tenant filter and points sorts work on both kinds.
        doc.put("selections", List.of(Map.of("tenantId", tenant.toString(), "pointsPrice", item.pointsPrice())));
        return doc;
    }

    /** The document kept for an item (table tenant_item). */
    public static String json(TenantItems.Item item) {
        return JSON.writeValueAsString(item);
    }

    static TenantItems.Item parse(String json) {
        return JSON.readValue(json, TenantItems.Item.class);
    }
}
