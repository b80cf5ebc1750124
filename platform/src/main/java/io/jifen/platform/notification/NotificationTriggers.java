package io.jifen.platform.notification;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.jifen.platform.ledger.PointsExpiringSoon;
import io.jifen.platform.redemption.OrderCompleted;
import io.jifen.platform.segment.MemberBecameDormant;
import io.jifen.platform.tenancy.TenantContext;

/**
 * Turns the other modules' events into notifications: each is keyed by its cause, so a repeated event finds its
 * notification and changes nothing. A delivered order's notification is written in the transaction that completes the
 * order (it commits with it, or neither does); the others arrive through the event publication registry (at least once,
 * also after a crash). A new one that the webhook wants is posted right after its commit, off the request's thread;
 * what fails, or what a crash kept from being posted, the outbox's sweep posts.
 */
@Component
class NotificationTriggers {

    private final Notifications notifications;
    private final WebhookDeliveries deliveries;
    private final Executor executor;

    NotificationTriggers(Notifications notifications, WebhookDeliveries deliveries,
                         @Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) Executor executor) {
        this.notifications = notifications;
        this.deliveries = deliveries;
        this.executor = executor;
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

    @EventListener
    void on(OrderCompleted completed) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", completed.orderId().toString());
        data.put("orderNo", completed.orderNo());
        data.put("item", completed.item());
        data.put("quantity", completed.quantity());
        notify(completed.tenantId(), completed.memberId(), NotificationKind.ORDER_DELIVERED, "order-delivered:" + completed.orderId(), data);
    }

    private void notify(UUID tenant, UUID member, NotificationKind kind, String cause, Map<String, Object> data) {
        TenantContext.runAs(tenant, () -> notifications.record(member, kind, cause, data, recorded -> {
            if (!recorded.queued()) {
                return;
            }
            if (!TransactionSynchronizationManager.isSynchronizationActive()) {
                deliveries.attempt(recorded.id());
                return;
            }
            // Written in the caller's transaction: post once it has committed, without holding up the caller.
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    executor.execute(() -> TenantContext.runAs(tenant, () -> deliveries.attempt(recorded.id())));
                }
            });
        }));
    }
}
