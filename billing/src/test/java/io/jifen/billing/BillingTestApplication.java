package io.jifen.billing;

import com.stripe.StripeClient;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Billing embedded in a bare application, as the platform embeds it, with the month figures from {@link TestStatements},
 * Stripe's port on the stack's Stripe fake, dunning's actions recorded and a clock the tests set.
 */
@SpringBootApplication(scanBasePackages = "io.jifen.billing.none")
@Import({BillingConfiguration.class, TestStatements.class, FinalizedInvoices.class})
class BillingTestApplication {

    @Bean
    MutableClock clock() {
        return new MutableClock();
    }

    /** Billing's Stripe port on the stack's Stripe fake, as the platform makes it on its account's client. */
    @Bean
    BillingStripe billingStripe() {
        var stripe = BillingIntegrationTest.stack().stripe();
        return new StripeClientBilling(StripeClient.builder().setApiKey(stripe.apiKey()).setApiBase(stripe.apiBase()).setMaxNetworkRetries(0).build());
    }

    @Bean
    RecordingDunningActions dunningActions() {
        return new RecordingDunningActions();
    }
}
