package io.jifen.platform.rules;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An event from a brand's system. Its id is the brand's and is applied once. The member is named by id or by the
 * brand's external id. Order events carry the order; a refund names the order and how much of it was refunded.
 *
 * @param type ORDER_PAID, ORDER_REFUNDED, REGISTER, PROFILE_COMPLETED, CHECK_IN, SHARE, REVIEW, UGC_POST, BROWSE,
 *             INVITE_ACCEPTED, INVITED_FIRST_ORDER, STORE_SCAN, or a tenant's own type named {@code custom.<name>}
 */
public record EarningEvent(String eventId, String type, @Nullable UUID memberId, @Nullable String externalMemberId,
                           @Nullable Instant occurredAt, @Nullable Order order, @Nullable Map<String, String> attributes) {

    /** An order: its id, amount and items, where and how it was bought; {@code refundFen} on a refund. */
    public record Order(String orderId, @Nullable Long amountFen, @Nullable Long refundFen, @Nullable List<Item> items,
                        @Nullable String store, @Nullable String region, @Nullable String channel) {
    }

    public record Item(@Nullable String sku, @Nullable String category, long amountFen, @Nullable Integer quantity) {
    }
}
