package io.jifen.platform.redemption;

import java.time.Instant;
import java.util.UUID;

/**
 * Part or all of an order was given back (a cancellation, a supplier's failure, an admin's refund or an after-sale
 * return), once per refund: the points and cash returned, the units back, and {@code goodsCostFen}, the goods cost the
 * tenant no longer owes (the order never reached the supplier or the supplier failed it; 0 for refunds of delivered
 * goods).
 */
public record OrderRefunded(UUID tenantId, UUID orderId, String orderNo, UUID memberId, String item, long points, long cashFen, int quantity,
                            long goodsCostFen, String reason, Instant at) {
}
