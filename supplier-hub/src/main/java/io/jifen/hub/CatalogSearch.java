package io.jifen.hub;

/** Searches the shared supplier catalog, or one tenant's selection of it, and rebuilds the index searches run on. */
public interface CatalogSearch {

    /**
     * The page of SKUs matching the query, with the total and facet counts; a {@link CatalogUnavailable} if the index
     * cannot answer.
     */
    CatalogPage search(CatalogQuery query);

    /**
     * Builds the next version of the catalog index from the database and swaps searches over to it at once (they keep
     * answering from the current version meanwhile); returns the new version's name.
     */
    String reindex();
}
