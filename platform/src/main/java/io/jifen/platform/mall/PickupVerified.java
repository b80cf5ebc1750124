package io.jifen.platform.mall;

import java.time.Instant;
import java.util.UUID;

/** A store-pickup code was verified by staff at the store: the order's item was handed over. */
public record PickupVerified(UUID tenantId, String orderRef, UUID memberId, UUID itemId, Instant at, String actor) {
}
