package io.jifen.hub.internal.connector;

/** Whether a SKU can be delivered to a province now, and how many the supplier has (0 when it cannot). */
public record SupplierStock(String skuId, boolean available, int quantity) {
}
