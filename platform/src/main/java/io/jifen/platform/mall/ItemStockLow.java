package io.jifen.platform.mall;

import java.util.UUID;

/**
 * An item's stock fell to or below its low-stock threshold from above (published once per crossing, in the transaction
 * that made the change, durable through the event publication registry).
 */
public record ItemStockLow(UUID tenantId, UUID itemId, String title, long stock, long threshold) {
}
