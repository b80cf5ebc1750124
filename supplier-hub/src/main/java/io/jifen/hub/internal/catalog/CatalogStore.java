package io.jifen.hub.internal.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.jifen.hub.DeliveryKind;
import io.jifen.hub.internal.connector.SupplierPrice;
import io.jifen.hub.internal.connector.SupplierSku;
import io.jifen.hub.internal.connector.SupplierStock;
import tools.jackson.databind.json.JsonMapper;

/** The catalog's rows in PostgreSQL (schema supplier_hub). Writes run in the caller's transaction. */
@Repository
public class CatalogStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    CatalogStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts or updates the given SKUs of a supplier with their prices and stock, in one statement. A SKU without a
     * price or stock answer keeps what it had. {@code seenInRun} marks them as found by a full sync run (null for
     * other updates). Returns the rows as stored.
     */
    public List<CatalogSku> upsert(String supplier, List<SupplierSku> skus, List<SupplierPrice> prices, List<SupplierStock> stock,
                                   @Nullable Long seenInRun) {
        if (skus.isEmpty()) {
            return List.of();
        }
        Map<String, SupplierPrice> priceById = new HashMap<>();
        prices.forEach(price -> priceById.put(price.skuId(), price));
        Map<String, SupplierStock> stockById = new HashMap<>();
        stock.forEach(s -> stockById.put(s.skuId(), s));
        List<Map<String, Object>> rows = new ArrayList<>(skus.size());
        for (SupplierSku sku : skus) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("sku_id", sku.skuId());
            row.put("title", sku.title());
            row.put("brand", sku.brand());
            row.put("category_ids", sku.categoryIds());
            row.put("category_names", sku.categoryNames());
            row.put("images", sku.images());
            row.put("description", sku.description());
            row.put("delivery_kind", sku.deliveryKind().name());
            row.put("unit", sku.unit());
            row.put("listed", sku.listed());
            row.put("attributes", sku.attributes());
            SupplierPrice price = priceById.get(sku.skuId());
            row.put("cost_fen", price == null ? null : price.costFen());
            row.put("market_fen", price == null ? null : price.marketFen());
            SupplierStock available = stockById.get(sku.skuId());
            row.put("in_stock", available == null ? null : available.available());
            row.put("stock", available == null ? null : available.quantity());
            rows.add(row);
        }
        jdbc.sql("""
                        insert into supplier_hub.sku (supplier_id, sku_id, title, brand, category_ids, category_names, images, description,
                                                      delivery_kind, unit, listed, attributes, cost_fen, market_fen, in_stock, stock,
                                                      last_seen_run, updated_at)
                        select :supplier, r.sku_id, r.title, r.brand, r.category_ids, r.category_names, r.images, r.description,
                               r.delivery_kind, r.unit, r.listed, coalesce(r.attributes, '{}'::json), r.cost_fen, r.market_fen,
                               coalesce(r.in_stock, false), coalesce(r.stock, 0), cast(:run as bigint), now()
                        from json_to_recordset(cast(:rows as json)) as r(sku_id text, title text, brand text, category_ids text[],
                             category_names text[], images text[], description text, delivery_kind text, unit text, listed boolean,
                             attributes json, cost_fen bigint, market_fen bigint, in_stock boolean, stock integer)
                        on conflict (supplier_id, sku_id) do update set
                            title = excluded.title, brand = excluded.brand, category_ids = excluded.category_ids,
                            category_names = excluded.category_names, images = excluded.images, description = excluded.description,
                            delivery_kind = excluded.delivery_kind, unit = excluded.unit, listed = excluded.listed,
                            attributes = excluded.attributes,
                            cost_fen = coalesce(excluded.cost_fen, sku.cost_fen), market_fen = coalesce(excluded.market_fen, sku.market_fen),
                            in_stock = case when cast(:hasStock as boolean) then excluded.in_stock else sku.in_stock end,
                            stock = case when cast(:hasStock as boolean) then excluded.stock else sku.stock end,
                            last_seen_run = coalesce(excluded.last_seen_run, sku.last_seen_run), updated_at = now()""")
                .param("supplier", supplier)
                .param("run", seenInRun)
                .param("rows", JSON.writeValueAsString(rows))
                .param("hasStock", !stock.isEmpty())
                .update();
        return find(supplier, skus.stream().map(SupplierSku::skuId).toList());
    }

    /** The stored SKUs of a supplier among the given ids. */
    public List<CatalogSku> find(String supplier, List<String> skuIds) {
        return jdbc.sql("select s.* from supplier_hub.sku s where supplier_id = ? and sku_id = any(?) order by sku_id")
                .params(supplier, skuIds.toArray(String[]::new))
                .query(CatalogStore::read)
                .list();
    }

    /**
     * Delists the supplier's SKUs that the full sync run {@code run} did not find in the supplier's pools; returns them
     * (as stored after the change).
     */
    public List<CatalogSku> delistUnseen(String supplier, long run) {
        return jdbc.sql("""
                        update supplier_hub.sku s set listed = false, updated_at = now()
                        where supplier_id = ? and listed and (last_seen_run is null or last_seen_run <> ?)
                        returning s.*""")
                .params(supplier, run)
                .query(CatalogStore::read)
                .list();
    }

    /** Up to {@code limit} SKUs after the given position in (supplier, sku) order, for re-indexing. */
    public List<CatalogSku> page(@Nullable String afterSupplier, @Nullable String afterSku, int limit) {
        return jdbc.sql("""
                        select s.* from supplier_hub.sku s where (supplier_id, sku_id) > (coalesce(?, ''), coalesce(?, ''))
                        order by supplier_id, sku_id limit ?""")
                .params(afterSupplier, afterSku, limit)
                .query(CatalogStore::read)
                .list();
    }

    /**
     * The tenant's selection of each of these SKUs: the SKU as stored with the tenant's points price, or null where the
     * tenant has not selected it (or no longer). Runs in a transaction under the tenant (row-level security).
     */
    public List<SkuSelection> selectionsOf(UUID tenant, String supplier, List<String> skuIds) {
        return jdbc.sql("""
                        select s.*, l.points_price from supplier_hub.sku s
                        left join supplier_hub.selection l on l.tenant_id = ? and l.supplier_id = s.supplier_id and l.sku_id = s.sku_id
                        where s.supplier_id = ? and s.sku_id = any(?) order by s.sku_id""")
                .params(tenant, supplier, skuIds.toArray(String[]::new))
                .query((rs, n) -> new SkuSelection(tenant, read(rs, n), rs.getObject("points_price", Long.class)))
                .list();
    }

    /**
     * Up to {@code limit} of the tenant's selections after the given SKU in (supplier, sku) order, for re-indexing. Runs in a
     * transaction under the tenant (row-level security).
     */
    public List<SkuSelection> selectionsAfter(UUID tenant, @Nullable String afterSupplier, @Nullable String afterSku, int limit) {
        return jdbc.sql("""
                        select s.*, l.points_price from supplier_hub.selection l
                        join supplier_hub.sku s on s.supplier_id = l.supplier_id and s.sku_id = l.sku_id
                        where l.tenant_id = ? and (l.supplier_id, l.sku_id) > (coalesce(?, ''), coalesce(?, ''))
                        order by l.supplier_id, l.sku_id limit ?""")
                .params(tenant, afterSupplier, afterSku, limit)
                .query((rs, n) -> new SkuSelection(tenant, read(rs, n), rs.getLong("points_price")))
                .list();
    }

    public long count(String supplier) {
        return jdbc.sql("select count(*) from supplier_hub.sku where supplier_id = ?").param(supplier).query(Long.class).single();
    }

    private static CatalogSku read(ResultSet rs, int row) throws SQLException {
        return new CatalogSku(rs.getString("supplier_id"), rs.getString("sku_id"), rs.getString("title"), rs.getString("brand"),
                strings(rs, "category_ids"), strings(rs, "category_names"), strings(rs, "images"), rs.getString("description"),
                DeliveryKind.valueOf(rs.getString("delivery_kind")), rs.getString("unit"), rs.getBoolean("listed"),
                rs.getObject("cost_fen", Long.class), rs.getObject("market_fen", Long.class), rs.getBoolean("in_stock"),
                rs.getInt("stock"), attributes(rs.getString("attributes")), rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    /** The attributes column (a JSON object of strings), in the supplier's order. */
    private static Map<String, String> attributes(String json) {
        Map<String, String> attributes = new LinkedHashMap<>();
        JSON.readTree(json).properties().forEach(entry -> attributes.put(entry.getKey(), entry.getValue().asString()));
        return attributes;
    }

    private static List<String> strings(ResultSet rs, String column) throws SQLException {
        return Arrays.asList((String[]) rs.getArray(column).getArray());
    }
}
