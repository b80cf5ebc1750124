package io.jifen.hub;

import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the hub into the application that embeds it: import this class. Needs a DataSource (the hub's tables are in
 * schema supplier_hub, created by the changelog db/changelog/supplier-hub.yaml), Spring Batch, and a jifen-crypto
 * {@code FieldCipher} bean (the application's key service, which seals e-voucher codes). The application uses the hub
 * through the services of this package only.
 */
@Configuration(proxyBeanMethods = false)
// By name, not by class: this package knows nothing of the internals it wires.
@ComponentScan("io.jifen.hub.internal")
@EnableConfigurationProperties(HubProperties.class)
public class SupplierHubConfiguration {

    /** Suppliers post their notifications without a token: the supplier's connector verifies each one's signature. */
    @Bean
    PublicPaths supplierNoticePaths() {
        return new PublicPaths("POST", List.of(SupplierNotices.PATH + "*"));
    }
}
