package io.jifen.platform.redemption;

import java.time.Instant;
import java.util.UUID;

/**
 * An order reached its member (delivered or completed), for billing and insights: what the member paid in points and
 * cash and what the goods cost the tenant. Published once per order, in the transaction that closes it.
 */
public record OrderCompleted(UUID tenantId, UUID orderId, String orderNo, UUID memberId, String item, int quantity, String pointType, long points,
                             long cashFen, long goodsCostFen, Instant at) {
}
