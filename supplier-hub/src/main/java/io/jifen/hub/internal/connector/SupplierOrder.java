package io.jifen.hub.internal.connector;

/** An order the supplier accepted: its own id for it, and what it charges per unit. */
public record SupplierOrder(String supplierOrderId, long unitCostFen) {
}
