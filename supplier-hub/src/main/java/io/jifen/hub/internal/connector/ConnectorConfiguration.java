package io.jifen.hub.internal.connector;

import java.net.URI;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.jifen.hub.HubProperties;
import io.jifen.hub.SupplierNotices;

/** A connector per supplier whose URL is set ({@code jifen.hub.<supplier>.url}), and the registry of them. */
@Configuration(proxyBeanMethods = false)
class ConnectorConfiguration {

    /** Connected when {@code jifen.hub.jd.url} is set and not empty. */
    @Bean
    @ConditionalOnExpression("!'${jifen.hub.jd.url:}'.isBlank()")
    JdVopConnector jdVopConnector(HubProperties properties, CallPacer pacer) {
        var jd = properties.jd();
        return new JdVopConnector(new JdVopConnector.Settings(jd.url(), jd.clientId(), jd.clientSecret(), jd.username(), jd.password(),
                jd.imageBaseUrl(), jd.timeout(), jd.callsPerSecond(), jd.maxAttempts(), jd.firstBackoff()), pacer);
    }

    /** Connected when {@code jifen.hub.tmall.url} is set and not empty. */
    @Bean
    @ConditionalOnExpression("!'${jifen.hub.tmall.url:}'.isBlank()")
    TmallConnector tmallConnector(HubProperties properties, CallPacer pacer) {
        var tmall = properties.tmall();
        if (tmall.appKey() == null || tmall.appSecret() == null || tmall.session() == null || tmall.refreshToken() == null) {
            throw new IllegalStateException("jifen.hub.tmall needs app-key, app-secret, session and refresh-token with its url");
        }
        return new TmallConnector(new TmallConnector.Settings(tmall.url(), tmall.appKey(), tmall.appSecret(), tmall.session(), tmall.refreshToken(),
                tmall.timeout(), tmall.callsPerSecond(), tmall.maxAttempts(), tmall.firstBackoff()), pacer);
    }

    /**
     * Connected when {@code jifen.hub.vouchers.url} is set and not empty. Results are sent to
     * {@code jifen.hub.vouchers.notify-url}, by default this instance's own notification endpoint.
     */
    @Bean
    @ConditionalOnExpression("!'${jifen.hub.vouchers.url:}'.isBlank()")
    VoucherConnector voucherConnector(HubProperties properties, Environment environment, CallPacer pacer) {
        var vouchers = properties.vouchers();
        if (vouchers.appKey() == null || vouchers.appSecret() == null) {
            throw new IllegalStateException("jifen.hub.vouchers needs app-key and app-secret with its url");
        }
        // The server's port is known only once it has started.
        Supplier<URI> notifyUrl = vouchers.notifyUrl() != null ? vouchers::notifyUrl
                : () -> URI.create("http://127.0.0.1:" + environment.getRequiredProperty("local.server.port") + SupplierNotices.PATH + "vouchers");
        return new VoucherConnector(new VoucherConnector.Settings(vouchers.url(), vouchers.appKey(), vouchers.appSecret(), notifyUrl,
                vouchers.timeout(), vouchers.callsPerSecond(), vouchers.maxAttempts(), vouchers.firstBackoff()), pacer);
    }

    @Bean
    Connectors connectors(List<SupplierConnector> connectors) {
        return new Connectors(connectors);
    }
}
