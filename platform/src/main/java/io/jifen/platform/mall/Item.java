package io.jifen.platform.mall;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An item of the tenant's own: what it is, how it is paid ({@code priceFen} is a unit's value in CNY fen, {@code cashFen}
 * the cash part of {@link Quotes.Payment#POINTS_AND_CASH}), its stock, when it is shown and redeemable, and how many one
 * member may redeem in all and in a day (tenant time zone). {@code lowStock}: the stock is at or below the threshold.
 */
public record Item(UUID id, Kind kind, String title, @Nullable String description, List<String> images, Status status, String pointType,
                   Quotes.Payment payment, long priceFen, long cashFen, long stock, long lowStockThreshold, boolean lowStock,
                   @Nullable Instant visibleFrom, @Nullable Instant visibleTo, @Nullable Instant redeemableFrom, @Nullable Instant redeemableTo,
                   @Nullable Integer limitPerMember, @Nullable Integer limitPerMemberPerDay, int version, Instant createdAt, Instant updatedAt) {

    public enum Kind { PHYSICAL, VIRTUAL, VOUCHER_CODE, SERVICE, STORE_PICKUP }

    public enum Status { DRAFT, ON_SALE, OFF_SALE }

    /** The unit price as the price arithmetic takes it. */
    public Quotes.Price price() {
        return new Quotes.Price(payment, priceFen, cashFen);
    }

    /** On sale, and {@code at} is inside both its visibility and its redemption window. */
    public boolean redeemableAt(Instant at) {
        return status == Status.ON_SALE && inside(at, visibleFrom, visibleTo) && inside(at, redeemableFrom, redeemableTo);
    }

    private static boolean inside(Instant at, @Nullable Instant from, @Nullable Instant to) {
        return (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to));
    }
}
