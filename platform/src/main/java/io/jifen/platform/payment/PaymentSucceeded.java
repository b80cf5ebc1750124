package io.jifen.platform.payment;

import java.util.UUID;

/** A payment succeeded: the member paid {@code amountFen} for {@code reference}. Published once, when Stripe says so. */
public record PaymentSucceeded(UUID tenantId, String reference, String intentId, long amountFen) {
}
