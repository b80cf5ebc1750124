package io.jifen.hub;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One page of a tenant's mall, with the total and facet counts over all matches (kind, top category, origin: "tenant"
 * for own items, "hub" for selected SKUs).
 */
public record MallPage(long total, List<Hit> hits, Map<String, List<CatalogPage.Bucket>> facets) {

    /**
     * An own item ({@code itemRef} and its {@code attributes}) or a selected SKU ({@code supplierId}, {@code skuId});
     * {@code pointsPrice} is the item's, or the tenant's price of the SKU. A listed SKU is always in stock.
     */
    public record Hit(@Nullable String itemRef, @Nullable String supplierId, @Nullable String skuId, String title, @Nullable String image,
                      String kind, long pointsPrice, boolean inStock, boolean lowStock, Map<String, String> attributes) {

        public boolean isOwnItem() {
            return itemRef != null;
        }
    }
}
