package io.jifen.platform.notification;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.jifen.platform.ledger.PointsExpiringSoon;
import io.jifen.platform.redemption.OrderCompleted;
import io.jifen.platform.segment.MemberBecameDormant;
import io.jifen.platform.tenancy.TenantContext;

/**
 * Turns the other modules' events into notifications, through the event publication registry (at least once, also after
 * a crash): each is keyed by its cause, so a repeated event finds its notification and changes nothing. A new one that
 * the webhook wants is posted at once; what fails is retried by the outbox's sweep.
 */
@Component
class NotificationTriggers {

    private final Notifications notifications;
    private final WebhookDeliveries deliveries;

    NotificationTriggers(Notifications notifications, WebhookDeliveries deliveries) {
        this.notifications = notifications;
        this.deliveries = deliveries;
    }

    @Async
    @TransactionalEventListener
    void on(PointsExpiringSoon expiring) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("pointType", expiring.pointType());
        data.put("points", expiring.points());
        data.put("expiresOn", expiring.expiresOn().toString());
        notify(expiring.tenantId(), expiring.memberId(), NotificationKind.POINTS_EXPIRING,
                "points-expiring:" + expiring.memberId() + ":" + expiring.pointType() + ":" + expiring.expiresOn(), data);
    }

    @Async
    @TransactionalEventListener
    void on(MemberBecameDormant dormant) {
        // A member may fall dormant again after waking up: each time is its own notification, the same event is one.
        notify(dormant.tenantId(), dormant.memberId(), NotificationKind.MEMBER_DORMANT, "dormant:" + dormant.memberId() + ":" + dormant.at(),
                Map.of("wakeUpTasks", dormant.wakeUpTasks()));
    }

    @Async
    @TransactionalEventListener
    void on(OrderCompleted completed) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", completed.orderId().toString());
        data.put("orderNo", completed.orderNo());
        data.put("item", completed.item());
        data.put("quantity", completed.quantity());
        notify(completed.tenantId(), completed.memberId(), NotificationKind.ORDER_DELIVERED, "order-delivered:" + completed.orderId(), data);
    }

    private void notify(UUID tenant, UUID member, NotificationKind kind, String cause, Map<String, Object> data) {
        TenantContext.runAs(tenant, () -> {
            Notifications.Recorded recorded = notifications.record(member, kind, cause, data);
            if (recorded.queued()) {
                deliveries.attempt(recorded.id());
            }
        });
    }
}
