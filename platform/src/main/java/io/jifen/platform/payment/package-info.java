/**
 * Payments of the cash part of "points + cash" redemptions through the operator's Stripe account (Alipay, WeChat Pay and
 * cards, in CNY fen): {@link io.jifen.platform.payment.Payments} starts, cancels and refunds them for the current tenant,
 * Stripe's signed webhook events settle them, and {@link io.jifen.platform.payment.PaymentSucceeded} and
 * {@link io.jifen.platform.payment.PaymentFailed} tell the redemption saga, through the event publication registry.
 */
package io.jifen.platform.payment;
