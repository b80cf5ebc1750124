package io.jifen.platform.mall;

import java.util.List;
import java.util.function.Supplier;

import io.jifen.hub.CatalogUnavailable;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;

/** How the mall's searches refuse: a query the hub refuses is a 400, an index that cannot answer a 503. */
final class CatalogProblems {

    private CatalogProblems() {
    }

    /** A query from request parameters; one the query refuses is a 400 saying why. */
    static <T> T query(Supplier<T> parameters) {
        try {
            return parameters.get();
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid(e.getMessage(), List.of());
        }
    }

    /** Elasticsearch being down is the catalog's problem, not the caller's: a 503 that says so, never an empty answer. */
    static <T> T searchable(Supplier<T> call) {
        try {
            return call.get();
        } catch (CatalogUnavailable e) {
            throw new DomainException(ProblemKind.UNAVAILABLE, "catalog-unavailable", "Catalog unavailable",
                    "The catalog index cannot answer right now; the rest of the platform works. " + e.getMessage(), List.of());
        }
    }
}
