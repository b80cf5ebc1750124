package io.jifen.platform.supplier;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.hub.CatalogPage;
import io.jifen.hub.CatalogQuery;
import io.jifen.hub.CatalogSearch;
import io.jifen.hub.CatalogSyncs;
import io.jifen.hub.CatalogUnavailable;
import io.jifen.hub.DeliveryKind;
import io.jifen.hub.Suppliers;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;

/** The platform operator runs the supplier catalog's syncs and searches the shared catalog here. */
@RestController
class CatalogOperatorController {

    private final CatalogSyncs syncs;
    private final CatalogSearch search;
    private final Suppliers suppliers;

    CatalogOperatorController(CatalogSyncs syncs, CatalogSearch search, Suppliers suppliers) {
        this.syncs = syncs;
        this.search = search;
        this.suppliers = suppliers;
    }

    /** The connected suppliers. */
    @GetMapping("/api/v1/operator/catalog/suppliers")
    List<String> suppliers() {
        return suppliers.ids().stream().sorted().toList();
    }

    /** A full sync of a supplier's catalog; answers when it has run (minutes for a large catalog). */
    @PostMapping("/api/v1/operator/catalog/suppliers/{supplier}/full-syncs")
    CatalogSyncs.Run fullSync(@PathVariable String supplier) {
        requireSupplier(supplier);
        return searchable(() -> syncs.fullSync(supplier, Instant.now()));
    }

    /** Applies a supplier's pending change messages now (the schedule does it every minute). */
    @PostMapping("/api/v1/operator/catalog/suppliers/{supplier}/change-syncs")
    CatalogSyncs.Run changeSync(@PathVariable String supplier) {
        requireSupplier(supplier);
        return searchable(() -> syncs.applyChanges(supplier, Instant.now()));
    }

    /** The latest sync runs, newest first, of one supplier or of all; a run under way with its progress (SKUs read of all to read). */
    @GetMapping("/api/v1/operator/catalog/sync-runs")
    List<CatalogSyncs.Run> runs(@RequestParam(required = false) @Nullable String supplier,
                                @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        if (supplier != null) {
            requireSupplier(supplier);
        }
        return syncs.runs(supplier, size);
    }

    /** Restarts a failed sync run where its last committed chunk left off. */
    @PostMapping("/api/v1/operator/catalog/sync-runs/{executionId}/restart")
    CatalogSyncs.Run restart(@PathVariable long executionId) {
        return searchable(() -> {
            try {
                return syncs.restart(executionId);
            } catch (IllegalArgumentException e) {
                throw DomainException.notFound("Catalog sync run " + executionId);
            }
        });
    }

    /** Builds the next version of the catalog index from the database and swaps the alias to it. */
    @PostMapping("/api/v1/operator/catalog/reindex")
    String reindex() {
        return searchable(search::reindex);
    }

    /** Searches the shared catalog: full text, filters, sorting, a page, and facet counts. Prices in fen. */
    @GetMapping("/api/v1/operator/catalog/search")
    CatalogPage search(@RequestParam(required = false) @Nullable String q, @RequestParam(required = false) @Nullable String supplier,
                       @RequestParam(required = false) @Nullable String category,
                       @RequestParam(required = false) @Nullable DeliveryKind deliveryKind,
                       @RequestParam(required = false) @Nullable Long minPriceFen, @RequestParam(required = false) @Nullable Long maxPriceFen,
                       @RequestParam(defaultValue = "false") boolean inStock, @RequestParam(defaultValue = "false") boolean includeDelisted,
                       @RequestParam(defaultValue = "RELEVANCE") CatalogQuery.Sort sort, @RequestParam(defaultValue = "0") int page,
                       @RequestParam(defaultValue = "20") int size) {
        CatalogQuery query = query(() -> new CatalogQuery(q, supplier, category, deliveryKind, minPriceFen, maxPriceFen, inStock,
                includeDelisted, sort, page, size));
        return searchable(() -> search.search(query));
    }

    /** A query from request parameters; one the query refuses is a 400 saying why. */
    private static CatalogQuery query(Supplier<CatalogQuery> parameters) {
        try {
            return parameters.get();
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid(e.getMessage(), List.of());
        }
    }

    private void requireSupplier(String supplier) {
        if (!suppliers.ids().contains(supplier)) {
            throw DomainException.notFound("Supplier " + supplier);
        }
    }

    /** Elasticsearch being down is the catalog's problem, not the caller's: a 503 that says so. */
    private static <T> T searchable(Supplier<T> call) {
        try {
            return call.get();
        } catch (CatalogUnavailable e) {
            throw new DomainException(ProblemKind.UNAVAILABLE, "catalog-unavailable", "Catalog unavailable",
                    "The catalog index cannot answer right now; the rest of the platform works. " + e.getMessage(), List.of());
        }
    }
}
