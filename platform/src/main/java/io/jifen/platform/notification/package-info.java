/**
 * Notifications to members: points expiring soon, dormancy with the wake-up tasks, an order delivered. Each event becomes
 * one notification (unique by its cause) in the member's inbox (/api/v1/me/notifications, the mall's messages page) and,
 * when the tenant configured one, a signed post to the brand's own webhook through a durable outbox with retries; the
 * brand's app sends the SMS, WeChat or app message. A delivered post publishes {@link NotificationDelivered}, which
 * billing meters. docs/architecture.md, "Notifications".
 */
package io.jifen.platform.notification;
