package io.jifen.hub.internal.connector;

import java.time.Instant;

/** One order on a supplier's monthly statement: what the supplier bills us for it. */
public record StatementLine(String supplierOrderId, String orderNo, String skuId, int quantity, long unitPriceFen, long totalFen,
                            Instant deliveredAt) {
}
