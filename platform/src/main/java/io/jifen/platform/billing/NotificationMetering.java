package io.jifen.platform.billing;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.jifen.billing.Metering;
import io.jifen.billing.Usage;
import io.jifen.platform.notification.NotificationDelivered;

/**
 * Meters the notifications posted to the brands' webhooks into billing (the plan's price per notification sent), one
 * usage record per notification: the key {@code notification:<id>} makes a repeated event, or a notification the
 * webhook received twice, one record. Inbox entries are not billed.
 */
@Component
class NotificationMetering {

    private final Metering metering;

    NotificationMetering(Metering metering) {
        this.metering = metering;
    }

    @Async
    @TransactionalEventListener
    void on(NotificationDelivered delivered) {
        metering.record(delivered.tenantId(), Usage.notifications("notification:" + delivered.notificationId(), delivered.deliveredAt(), 1));
    }
}
