package io.jifen.hub;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A search of one tenant's mall. Listed: its own items on sale and inside their visibility window at {@code at} (sold
 * out or not), and the SKUs of its selection that are listed and in stock. {@code kind} is an own item's kind or a
 * SKU's delivery kind; {@code minPoints}/{@code maxPoints} filter on the points price (the selection's price for a SKU);
 * {@code hiddenItems} and {@code hiddenSkus} are left out (what the caller may not show this visitor).
 */
public record MallQuery(UUID tenant, @Nullable String text, @Nullable String kind, @Nullable String categoryId, @Nullable Long minPoints,
                        @Nullable Long maxPoints, Instant at, Set<String> hiddenItems, Set<Sku> hiddenSkus, Sort sort, int page, int size) {

    public enum Sort { RELEVANCE, POINTS_ASCENDING, POINTS_DESCENDING, NEWEST }

    /** A hub SKU. */
    public record Sku(String supplierId, String skuId) {
    }

    public MallQuery {
        if (tenant == null || at == null) {
            throw new IllegalArgumentException("a mall search needs its tenant and a moment");
        }
        if (page < 0 || size < 1 || size > CatalogQuery.MAX_SIZE || (long) (page + 1) * size > CatalogQuery.MAX_WINDOW) {
            throw new IllegalArgumentException("page must be 0 or more and size 1 to " + CatalogQuery.MAX_SIZE + ", within the first "
                    + CatalogQuery.MAX_WINDOW + " results");
        }
        if (minPoints != null && maxPoints != null && minPoints > maxPoints) {
            throw new IllegalArgumentException("minPoints is above maxPoints");
        }
        if ((minPoints != null && minPoints < 0) || (maxPoints != null && maxPoints < 0)) {
            throw new IllegalArgumentException("points bounds must not be negative");
        }
        sort = sort == null ? Sort.RELEVANCE : sort;
        hiddenItems = hiddenItems == null ? Set.of() : Set.copyOf(hiddenItems);
        hiddenSkus = hiddenSkus == null ? Set.of() : Set.copyOf(hiddenSkus);
    }

    /** A text search of the tenant's mall now, first page of 20, relevance first. */
    public static MallQuery text(UUID tenant, @Nullable String text, Instant at) {
        return new MallQuery(tenant, text, null, null, null, null, at, Set.of(), Set.of(), Sort.RELEVANCE, 0, 20);
    }
}
