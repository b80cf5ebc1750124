package io.jifen.platform.payment;

import com.stripe.StripeClient;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;

/**
 * The operator's Stripe account (jifen.payments.stripe) for other modules than payments: billing collects its invoices
 * through the same account, key and API base (the devstack's fake locally) rather than a second set of settings.
 */
@Component
public class StripeAccount {

    private final @Nullable StripeClient client;

    StripeAccount(StripeProperties properties) {
        this.client = properties.hasApiKey()
                ? StripeClient.builder().setApiKey(properties.apiKey()).setApiBase(properties.apiBase())
                        .setConnectTimeout((int) properties.connectTimeout().toMillis()).setReadTimeout((int) properties.readTimeout().toMillis())
                        .setMaxNetworkRetries(properties.maxNetworkRetries()).build()
                : null;
    }

    /** The account's client; 503 {@code payments-not-configured} without a key. */
    public StripeClient client() {
        if (client == null) {
            throw new DomainException(ProblemKind.UNAVAILABLE, "payments-not-configured", "Payments not configured",
                    "Stripe is not configured on this platform (jifen.payments.stripe.api-key)");
        }
        return client;
    }
}
