package io.jifen.hub.internal.catalog;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A tenant's selection of a catalog SKU: its points price, or null where the tenant has not selected the SKU. */
public record SkuSelection(UUID tenantId, CatalogSku sku, @Nullable Long pointsPrice) {
}
