package io.jifen.hub;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An order as the hub sees it.
 *
 * @param state       PENDING (not yet accepted by the supplier), SUBMITTED, CONFIRMED, SHIPPED, DELIVERED or FAILED
 * @param unitCostFen what the supplier charges per unit (the catalog's cost until the supplier answers)
 * @param history     the hub's steps and the supplier's tracking, oldest first
 */
public record HubOrder(String orderNo, UUID tenantId, UUID memberId, String supplier, String skuId, int quantity, String state,
                       @Nullable String supplierOrderId, long unitCostFen, int attempts, @Nullable String failure, Instant createdAt,
                       @Nullable Instant deliveredAt, List<Event> history) {

    public record Event(Instant at, String source, String text) {
    }
}
