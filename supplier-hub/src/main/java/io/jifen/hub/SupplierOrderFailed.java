package io.jifen.hub;

import java.util.UUID;

/**
 * An order failed for good (refused, out of stock, price risen beyond tolerance, cancelled by the supplier, or out of
 * tries): the redemption behind it should be refunded. Published in the transaction that records the failure; the
 * failed order stays queryable ({@link SupplierOrders#order}).
 */
public record SupplierOrderFailed(UUID tenantId, UUID memberId, String orderNo, String supplier, String skuId, String reason) {
}
