package io.jifen.platform.billing;

import java.time.Duration;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.stripe.model.Event;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.jifen.billing.BillingStripe;
import io.jifen.billing.Dunning;
import io.jifen.billing.InvoiceCollections;
import io.jifen.billing.StripeClientBilling;
import io.jifen.platform.payment.StripeAccount;
import io.jifen.platform.payment.StripeEventHandler;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.redemption.MallPause;

/**
 * Billing's collection wired into the platform: its Stripe port on the payment module's account (one key, one API base,
 * one webhook endpoint and secret: Stripe's events for billing arrive at {@code /api/v1/payments/stripe/events}, verified
 * there, and are handed on here), and the mall's pause read from billing's dunning for the checkout.
 */
@Configuration(proxyBeanMethods = false)
class BillingCollection {

    /** How long the checkout trusts a tenant's standing read from billing. */
    static final Duration STANDING_CACHED = Duration.ofSeconds(5);

    @Bean
    BillingStripe billingStripe(StripeAccount account) {
        return new StripeClientBilling(account::client);
    }

    @Bean
    StripeEventHandler billingStripeEvents(InvoiceCollections collections) {
        return (Event event) -> BillingCalls.call(() -> collections.apply(event));
    }

    @Bean
    MallPause dunningMallPause(Dunning dunning) {
        Cache<UUID, Boolean> paused = Caffeine.newBuilder().expireAfterWrite(STANDING_CACHED).maximumSize(100_000).build();
        return tenant -> {
            if (paused.get(tenant, id -> dunning.standing(id).mallPaused())) {
                throw new DomainException(ProblemKind.FORBIDDEN, "mall-paused", "Mall paused",
                        "This mall is paused: the brand's invoices to the platform are overdue. Points can still be earned; redemption resumes once they are paid");
            }
        };
    }
}
