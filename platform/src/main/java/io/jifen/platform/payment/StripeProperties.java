package io.jifen.platform.payment;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operator's Stripe account: where its API is (the devstack's fake locally), its secret key and the webhook
 * endpoint's signing secret. Without a key, payments answer 503 {@code payments-not-configured}; without a webhook secret,
 * so do Stripe's events (and Stripe sends them again later).
 *
 * @param maxNetworkRetries  stripe-java's own retries of a call that got no answer (safe: every POST has an idempotency key)
 * @param signatureTolerance how old an event's signature may be (Stripe's default, five minutes): a captured event cannot
 *                           be replayed later
 */
@ConfigurationProperties("jifen.payments.stripe")
record StripeProperties(@DefaultValue("https://api.stripe.com") String apiBase,
                        @Nullable String apiKey,
                        @Nullable String webhookSecret,
                        @DefaultValue("5s") Duration connectTimeout,
                        @DefaultValue("30s") Duration readTimeout,
                        @DefaultValue("2") int maxNetworkRetries,
                        @DefaultValue("300s") Duration signatureTolerance) {

    boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    boolean hasWebhookSecret() {
        return webhookSecret != null && !webhookSecret.isBlank();
    }
}
