package io.jifen.platform.support;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Puts a SKU straight into the hub's shared catalog, as a sync would: this test stack has no supplier sandbox. */
public final class CatalogRows {

    private CatalogRows() {
    }

    public static void put(JdbcClient jdbc, String supplier, String skuId, String title, String brand, List<String> categoryIds,
                    List<String> categoryNames, String deliveryKind, String unit, long costFen, long marketFen, int stock) {
        jdbc.sql("""
                        insert into supplier_hub.sku (supplier_id, sku_id, title, brand, category_ids, category_names, images, description,
                                                      delivery_kind, unit, listed, cost_fen, market_fen, in_stock, stock, updated_at)
                        values (?, ?, ?, ?, ?, ?, '{}', '', ?, ?, true, ?, ?, ?, ?, now())
                        on conflict (supplier_id, sku_id) do nothing""")
                .params(supplier, skuId, title, brand, categoryIds.toArray(String[]::new), categoryNames.toArray(String[]::new), deliveryKind, unit,
                        costFen, marketFen, stock > 0, stock)
                .update();
    }
}
