package io.jifen.hub;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.jifen.hub.DeliveryKind;

/**
 * A catalog search: full text over titles, brands and category names, filters, a sort and a page. Prices are market
 * prices in fen. Only listed SKUs are found unless {@code includeDelisted}. With {@code selectionOf}, only the SKUs
 * that tenant selected for its mall, each with its points price (which the points sorts use).
 */
public record CatalogQuery(@Nullable String text, @Nullable String supplier, @Nullable String categoryId,
                           @Nullable DeliveryKind deliveryKind, @Nullable Long minPriceFen, @Nullable Long maxPriceFen,
                           boolean inStockOnly, boolean includeDelisted, Sort sort, int page, int size, @Nullable UUID selectionOf) {

    public enum Sort { RELEVANCE, PRICE_ASCENDING, PRICE_DESCENDING, NEWEST, POINTS_ASCENDING, POINTS_DESCENDING }

    public static final int MAX_SIZE = 100;
    /** Elasticsearch's default window: from + size may not pass it. */
    public static final int MAX_WINDOW = 10_000;

    public CatalogQuery {
        if (page < 0 || size < 1 || size > MAX_SIZE || (long) (page + 1) * size > MAX_WINDOW) {
            throw new IllegalArgumentException("page must be 0 or more and size 1 to " + MAX_SIZE + ", within the first "
                    + MAX_WINDOW + " results");
        }
        if (minPriceFen != null && maxPriceFen != null && minPriceFen > maxPriceFen) {
            throw new IllegalArgumentException("minPriceFen is above maxPriceFen");
        }
        sort = sort == null ? Sort.RELEVANCE : sort;
        if ((sort == Sort.POINTS_ASCENDING || sort == Sort.POINTS_DESCENDING) && selectionOf == null) {
            throw new IllegalArgumentException("points sorts are for a tenant's selection");
        }
    }

    /** The whole catalog (no tenant's selection). */
    public CatalogQuery(@Nullable String text, @Nullable String supplier, @Nullable String categoryId, @Nullable DeliveryKind deliveryKind,
                        @Nullable Long minPriceFen, @Nullable Long maxPriceFen, boolean inStockOnly, boolean includeDelisted, Sort sort,
                        int page, int size) {
        this(text, supplier, categoryId, deliveryKind, minPriceFen, maxPriceFen, inStockOnly, includeDelisted, sort, page, size, null);
    }

    /** The same query over a tenant's selection only. */
    public CatalogQuery inSelectionOf(UUID tenant) {
        return new CatalogQuery(text, supplier, categoryId, deliveryKind, minPriceFen, maxPriceFen, inStockOnly, includeDelisted, sort,
                page, size, tenant);
    }

    /** A text search, first page of 20, relevance first. */
    public static CatalogQuery text(String text) {
        return new CatalogQuery(text, null, null, null, null, null, false, false, Sort.RELEVANCE, 0, 20);
    }
}
