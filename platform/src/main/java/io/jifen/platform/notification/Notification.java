package io.jifen.platform.notification;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One notification in a member's inbox. {@code data} holds what the message is about, by kind: POINTS_EXPIRING
 * {@code pointType, points, expiresOn}; MEMBER_DORMANT {@code wakeUpTasks}; ORDER_DELIVERED {@code orderId, orderNo, item,
 * quantity}. Clients render the words in the member's language.
 */
public record Notification(UUID id, UUID memberId, NotificationKind kind, Map<String, Object> data, Instant createdAt, @Nullable Instant readAt) {

    public boolean read() {
        return readAt != null;
    }
}
