package io.jifen.platform.payment;

import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import io.jifen.platform.identity.PublicEndpoints;

/** The payment module's settings, and Stripe's webhook endpoint declared public (Stripe signs its events instead). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StripeProperties.class)
class PaymentsConfiguration {

    @Bean
    PublicEndpoints stripeEventsEndpoint() {
        return new PublicEndpoints(List.of(new PublicEndpoints.Endpoint(HttpMethod.POST, StripeEventController.PATH)));
    }
}
