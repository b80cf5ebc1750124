package io.jifen.billing;

import java.time.Clock;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** Billing embedded in a bare application, as the platform embeds it, with the month figures from {@link TestStatements}. */
@SpringBootApplication(scanBasePackages = "io.jifen.billing.none")
@Import({BillingConfiguration.class, TestStatements.class})
class BillingTestApplication {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
