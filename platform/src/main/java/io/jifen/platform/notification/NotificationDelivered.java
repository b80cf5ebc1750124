package io.jifen.platform.notification;

import java.time.Instant;
import java.util.UUID;

/**
 * The brand's webhook acknowledged a notification (answered 2xx): published once per notification, in the transaction
 * that marks its delivery done, for billing (a price per notification sent). Inbox entries publish nothing.
 */
public record NotificationDelivered(UUID tenantId, UUID notificationId, NotificationKind kind, Instant deliveredAt) {
}
