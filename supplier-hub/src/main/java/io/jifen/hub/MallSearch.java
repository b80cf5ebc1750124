package io.jifen.hub;

/**
 * Searches one tenant's mall: its own items ({@link TenantItems}) and the hub SKUs it selected ({@link TenantSelections}),
 * in one query over one index, so both are ranked, filtered, faceted and paged together.
 */
public interface MallSearch {

    /**
     * The page of the tenant's items listed at {@code query.at()}, with the total and facet counts; only ever the
     * tenant's own items and its selection. A {@link CatalogUnavailable} if the index cannot answer.
     */
    MallPage search(MallQuery query);
}
