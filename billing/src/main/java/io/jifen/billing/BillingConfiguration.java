package io.jifen.billing;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * Wires billing into the application that embeds it: import this class. Needs a DataSource (billing's tables are in
 * schema billing, created by the changelog db/changelog/billing.yaml), Spring Batch, and a {@link MonthStatements}
 * bean that gives the month's figures of each tenant. The application uses billing through the types of this package
 * only.
 */
@Configuration(proxyBeanMethods = false)
// By name, not by class: this package knows nothing of the internals it wires.
@ComponentScan("io.jifen.billing.internal")
@EnableConfigurationProperties(BillingProperties.class)
public class BillingConfiguration {
}
