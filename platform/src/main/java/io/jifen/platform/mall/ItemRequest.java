package io.jifen.platform.mall;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

/**
 * An item as an admin writes it (create and update alike). {@code stock} is the starting stock of a new item; an
 * existing item's stock changes only by stock changes. {@code version}, on an update, is the version the writer read:
 * another one is a 409 (someone changed the item meanwhile).
 */
public record ItemRequest(
        @NotNull Item.Kind kind,
        @NotBlank @Size(max = 100) String title,
        @Nullable @Size(max = 5_000) String description,
        @Nullable @Size(max = 9) List<@NotNull @Size(max = 500) @Pattern(regexp = "https?://\\S+", message = "an http(s) URL") String> images,
        Item.@Nullable Status status,
        @Nullable @Size(min = 1, max = 64) String pointType,
        @NotNull Quotes.Payment payment,
        @NotNull @Min(1) @Max(MAX_PRICE_FEN) Long priceFen,
        @Nullable @Min(0) @Max(MAX_PRICE_FEN) Long cashFen,
        @Nullable @Min(0) @Max(MAX_STOCK) Long stock,
        @Nullable @Min(0) @Max(MAX_STOCK) Long lowStockThreshold,
        @Nullable Instant visibleFrom,
        @Nullable Instant visibleTo,
        @Nullable Instant redeemableFrom,
        @Nullable Instant redeemableTo,
        @Nullable @Min(1) @Max(MAX_LIMIT) Integer limitPerMember,
        @Nullable @Min(1) @Max(MAX_LIMIT) Integer limitPerMemberPerDay,
        @Nullable Integer version) {

    /** ¥1,000,000 a unit: far above any mall item, low enough that no order's arithmetic comes near a long's end. */
    public static final long MAX_PRICE_FEN = 100_000_000;
    public static final long MAX_STOCK = 1_000_000_000;
    public static final int MAX_LIMIT = 10_000;
}
