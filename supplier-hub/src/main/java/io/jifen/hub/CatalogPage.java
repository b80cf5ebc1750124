package io.jifen.hub;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One page of catalog search results, with the total and facet counts over all matches (category, supplier, delivery
 * kind, price band, in stock).
 */
public record CatalogPage(long total, List<Hit> hits, Map<String, List<Bucket>> facets) {

    /** {@code pointsPrice}: the tenant's price, when searching its selection; null otherwise. */
    public record Hit(String supplierId, String skuId, String title, String brand, List<String> categoryNames, @Nullable String image,
                      String deliveryKind, @Nullable Long marketFen, @Nullable Long costFen, boolean inStock, boolean listed,
                      @Nullable Long pointsPrice) {
    }

    /** A facet value: its key (e.g. "9987:手机通讯" for a category) and how many matches have it. */
    public record Bucket(String key, long count) {
    }
}
