package io.jifen.hub.order;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.jifen.hub.connector.OrderRequest;

/**
 * An order for a member's redemption: our order number (the mall's redemption number; the idempotency key), whose it
 * is, one SKU line, and where it goes: a recipient for goods, an account for a top-up, neither for codes.
 */
public record PlaceOrder(String orderNo, UUID tenantId, UUID memberId, String supplier, String skuId, int quantity,
                         OrderRequest.@Nullable Recipient recipient, @Nullable String account) {
}
