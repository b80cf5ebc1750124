package io.jifen.hub;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An order for a member's redemption: our order number (the mall's redemption number; the idempotency key), whose it
 * is, one SKU line, and where it goes: a recipient for goods, an account for a top-up, neither for codes.
 */
public record PlaceOrder(String orderNo, UUID tenantId, UUID memberId, String supplier, String skuId, int quantity,
                         @Nullable Recipient recipient, @Nullable String account) {
}
