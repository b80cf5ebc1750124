package io.jifen.hub.internal.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.jifen.hub.DeliveryKind;

/** A SKU of the hub's catalog as stored and indexed. Prices in fen; null until the supplier has given one. */
public record CatalogSku(String supplierId, String skuId, String title, String brand, List<String> categoryIds,
                         List<String> categoryNames, List<String> images, String description, DeliveryKind deliveryKind,
                         String unit, boolean listed, @Nullable Long costFen, @Nullable Long marketFen, boolean inStock, int stock,
                         Map<String, String> attributes, Instant updatedAt) {

    /** The id of its document in the catalog index. */
    public String documentId() {
        return supplierId + ":" + skuId;
    }
}
