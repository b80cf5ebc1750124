package io.jifen.platform;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.jifen.billing.BillingConfiguration;
import io.jifen.hub.SupplierHubConfiguration;

/** The Jifen platform: one stateless application serving every tenant, with the supplier hub and billing embedded. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@EnableAsync
@Import({SupplierHubConfiguration.class, BillingConfiguration.class})
public class JifenApplication {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) {
        SpringApplication.run(JifenApplication.class, args);
    }
}
