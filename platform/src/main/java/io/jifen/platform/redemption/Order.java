package io.jifen.platform.redemption;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A member's redemption as it stands. {@code item} is the {@code mall.ItemRef} text of what was ordered; points
 * (the tier's fee included: {@code feePoints}) and cash are what the member pays for the whole quantity; the refunded
 * amounts and the returned quantity grow with refunds. {@code goodsCostFen}: what the goods cost the tenant (a hub
 * SKU's supplier cost), for billing.
 */
public record Order(UUID id, String orderNo, UUID memberId, String item, String title, Fulfilment fulfilment, int quantity, String pointType,
                    long points, long feePoints, long cashFen, long orderFen, long goodsCostFen, State state, @Nullable String tracking,
                    long pointsRefunded, long cashRefundedFen, int quantityReturned, @Nullable String failure, Instant placedAt,
                    @Nullable Instant paidAt, @Nullable Instant closedAt) {

    /** A step of the saga: what happened, when and by whom. */
    public record Step(Instant at, State state, String text, @Nullable String actor) {
    }

    /** Where the goods go: a recipient of shipped goods or the account of a top-up (sealed at rest). */
    public record Delivery(Checkout.@Nullable Recipient recipient, @Nullable String account) {
    }

    /** Where an order is in its saga. */
    public enum State {
        /** Stock reserved and points held; the cash part is being paid. */
        PLACED,
        /** Paid in full (the hold captured); fulfilment starts. */
        PAID,
        /** With the supplier, waiting for pickup or shipment. */
        FULFILLING,
        /** Reached the member (goods delivered, codes issued, account credited). */
        DELIVERED,
        /** Picked up or served: nothing more happens but after-sale refunds. */
        COMPLETED,
        /** Cancelled before fulfilment: hold, cash and stock given back. */
        CANCELLED,
        /** Refunded in full (by an admin, or after the supplier failed). */
        REFUNDED;

        /** No further saga step: only after-sale refunds may follow (not after CANCELLED or REFUNDED). */
        public boolean closed() {
            return this == CANCELLED || this == REFUNDED;
        }
    }

    /** How the order reaches the member. */
    public enum Fulfilment {
        /** Own e-voucher codes assigned from the item's uploaded codes. */
        CODES,
        /** A pickup code the tenant's staff verify at the store. */
        PICKUP,
        /** Own goods the tenant ships. */
        SHIPMENT,
        /** Own virtual goods: delivered when paid. */
        INSTANT,
        /** An own service the tenant's staff mark as done. */
        SERVICE,
        /** A hub SKU, ordered from its supplier through the supplier hub. */
        HUB
    }
}
