package io.jifen.platform.redemption;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.jifen.hub.DeliveryKind;
import io.jifen.platform.mall.Quotes;

/**
 * What a member pays for a quantity of an item now, and why (the quote's lines: base price, deduction rule, tier fee),
 * with what the order keeps of the item: its title, how it is fulfilled, the hub's delivery kind for a hub SKU, what the
 * goods cost the tenant, the item's per-member limits, the flash sale it is bought in, if any, and whether it is paid
 * with points that expired within the year (the expired-points festival).
 */
public record OrderQuote(String item, @Nullable UUID flashSale, String title, Order.Fulfilment fulfilment, @Nullable DeliveryKind hubDelivery, long quantity, String pointType,
                         long points, long feePoints, long cashFen, long orderFen, long deductedFen, long goodsCostFen, @Nullable String tier,
                         Quotes.@Nullable DeductionRule deductionRule, List<Quotes.Line> lines, @Nullable Integer limitPerMember,
                         @Nullable Integer limitPerMemberPerDay, Instant quotedAt, boolean expiredPoints) {
}
