package io.jifen.platform.payment;

import java.util.UUID;

/**
 * A payment failed or was canceled for good: nothing was paid for {@code reference}. {@code reason} is a stable code
 * (Stripe's error code of the failed attempt, such as {@code payment_intent_authentication_failure}, or
 * {@code canceled}), never Stripe's prose. Published once.
 */
public record PaymentFailed(UUID tenantId, String reference, String intentId, String reason) {
}
