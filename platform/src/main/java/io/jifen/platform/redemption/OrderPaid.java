package io.jifen.platform.redemption;

import java.util.UUID;

/** An order is paid in full: its fulfilment starts (through the event registry, so a crash never loses it). */
record OrderPaid(UUID tenantId, UUID orderId) {
}
