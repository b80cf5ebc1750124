package io.jifen.platform.mall;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.hub.CatalogPage;
import io.jifen.hub.CatalogQuery;
import io.jifen.hub.CatalogSearch;
import io.jifen.hub.DeliveryKind;
import io.jifen.hub.TenantSelections;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.tenancy.TenantContext;

/**
 * A brand picks its mall's items from the shared supplier catalog: it searches the catalog (without any other brand's
 * prices), and keeps its selection, each SKU at its own points price. Search needs Elasticsearch (503 while it is
 * down); the selection does not. (Module supplier keeps the operator's side of the catalog.)
 */
@RestController
class MallCatalogController {

    /** The points price a brand sets for a SKU in its mall. */
    record SelectionPrice(@Nullable Long pointsPrice) {
    }

    private final CatalogSearch search;
    private final TenantSelections selections;

    MallCatalogController(CatalogSearch search, TenantSelections selections) {
        this.search = search;
        this.selections = selections;
    }

    /** The shared catalog, or with {@code selected=true} only the tenant's selection (hits carry its points price). */
    @GetMapping("/api/v1/catalog/search")
    CatalogPage search(@RequestParam(required = false) @Nullable String q, @RequestParam(required = false) @Nullable String supplier,
                       @RequestParam(required = false) @Nullable String category,
                       @RequestParam(required = false) @Nullable DeliveryKind deliveryKind,
                       @RequestParam(required = false) @Nullable Long minPriceFen, @RequestParam(required = false) @Nullable Long maxPriceFen,
                       @RequestParam(defaultValue = "false") boolean inStock, @RequestParam(defaultValue = "false") boolean selected,
                       @RequestParam(defaultValue = "RELEVANCE") CatalogQuery.Sort sort, @RequestParam(defaultValue = "0") int page,
                       @RequestParam(defaultValue = "20") int size) {
        CatalogQuery query = CatalogProblems.query(() -> new CatalogQuery(q, supplier, category, deliveryKind, minPriceFen,
                maxPriceFen, inStock, false, sort, page, size));
        return CatalogProblems.searchable(() -> search.search(selected ? query.inSelectionOf(TenantContext.require()) : query));
    }

    @GetMapping("/api/v1/catalog/selections")
    List<TenantSelections.Selected> selections(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw DomainException.invalid("page from 0, size 1 to 500", List.of());
        }
        return selections.list(TenantContext.require(), page, size);
    }

    /** Puts a SKU in the tenant's selection at a points price, or changes its price. */
    @PutMapping("/api/v1/catalog/selections/{supplier}/{skuId}")
    TenantSelections.Selected select(@PathVariable String supplier, @PathVariable String skuId, @RequestBody SelectionPrice price) {
        if (price.pointsPrice() == null || price.pointsPrice() <= 0) {
            throw DomainException.invalidField("pointsPrice", "a positive number of points");
        }
        try {
            return selections.select(TenantContext.require(), supplier, skuId, price.pointsPrice());
        } catch (IllegalArgumentException e) {
            throw DomainException.notFound("Catalog SKU " + supplier + "/" + skuId);
        }
    }

    @DeleteMapping("/api/v1/catalog/selections/{supplier}/{skuId}")
    ResponseEntity<Void> remove(@PathVariable String supplier, @PathVariable String skuId) {
        if (!selections.remove(TenantContext.require(), supplier, skuId)) {
            throw DomainException.notFound("Selection of " + supplier + "/" + skuId);
        }
        return ResponseEntity.noContent().build();
    }
}
