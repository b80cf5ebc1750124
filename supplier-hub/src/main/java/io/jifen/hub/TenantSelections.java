package io.jifen.hub;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's selection: the hub SKUs its mall offers, at its own points price. A change reaches catalog search at once,
 * or when Elasticsearch is back; {@link CatalogQuery#inSelectionOf} searches it. The caller passes the tenant; the hub
 * never decides which tenant is asking.
 */
public interface TenantSelections {

    /** A selected SKU. */
    record Selected(String supplierId, String skuId, long pointsPrice) {
    }

    /**
     * A selected SKU as a redemption needs it, read from the database (not the search index): the tenant's points
     * price, what the SKU is and how it is delivered, what the supplier charges for it, and whether it can be ordered
     * now (listed and in stock as the last sync or price refresh saw it).
     */
    record SelectedSku(String supplierId, String skuId, long pointsPrice, String title, DeliveryKind deliveryKind, @Nullable Long costFen,
                       boolean orderable) {
    }

    /**
     * Adds a SKU to the tenant's selection at {@code pointsPrice}, or changes its price. An {@link IllegalArgumentException}
     * if the SKU is not in the catalog or the price is not positive.
     */
    Selected select(UUID tenant, String supplier, String skuId, long pointsPrice);

    /** Takes a SKU out of the tenant's selection; false if it was not in it. */
    boolean remove(UUID tenant, String supplier, String skuId);

    /** The SKU if it is in the tenant's selection. */
    Optional<SelectedSku> find(UUID tenant, String supplier, String skuId);

    /** The tenant's selection, newest first. */
    List<Selected> list(UUID tenant, int page, int size);
}
