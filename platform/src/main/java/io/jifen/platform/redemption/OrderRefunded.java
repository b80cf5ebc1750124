package io.jifen.platform.redemption;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Part or all of an order was given back (a cancellation, a supplier's failure, an admin's refund or an after-sale
 * return), once per refund: the points and cash returned, the units back, and {@code goodsCostFen}, the goods cost the
 * tenant no longer owes (the order never reached the supplier or the supplier failed it; 0 for refunds of delivered
 * goods). {@code refundId} names the refund and {@code pointType} the order's point type (both null in events published
 * before they were added).
 */
public record OrderRefunded(UUID tenantId, UUID orderId, String orderNo, UUID memberId, String item, long points, long cashFen, int quantity,
                            long goodsCostFen, String reason, Instant at, @Nullable UUID refundId, @Nullable String pointType) {
}
