package io.jifen.hub;

import java.util.UUID;

/** An order reached the member: goods delivered, codes issued or account credited. */
public record SupplierOrderDelivered(UUID tenantId, UUID memberId, String orderNo, String supplier, String skuId) {
}
