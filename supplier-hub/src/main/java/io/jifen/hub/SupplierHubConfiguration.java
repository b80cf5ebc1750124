package io.jifen.hub;

import java.net.URI;
import java.util.List;
import java.util.function.Supplier;

import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.jifen.hub.connector.JdVopConnector;
import io.jifen.hub.connector.SupplierConnector;
import io.jifen.hub.connector.TmallConnector;
import io.jifen.hub.connector.VoucherConnector;

/**
 * Wires the hub into the application that embeds it: import this class. Needs a DataSource (the hub's tables are in
 * schema supplier_hub, created by the changelog db/changelog/supplier-hub.yaml) and Spring Batch.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@EnableConfigurationProperties(HubProperties.class)
public class SupplierHubConfiguration {

    /** Where the embedding application receives suppliers' notifications, followed by the supplier's id. */
    public static final String NOTICE_PATH = "/api/v1/supplier-notices/";

    /** The client connects lazily: the application starts while Elasticsearch is down, and search then says so. */
    @Bean(destroyMethod = "close")
    ElasticsearchClient hubElasticsearchClient(HubProperties properties) {
        String url = properties.elasticsearchUrl() == null ? "http://127.0.0.1:9200" : properties.elasticsearchUrl().toString();
        RestClient rest = RestClient.builder(HttpHost.create(url)).build();
        return new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
    }

    /** Connected when {@code jifen.hub.jd.url} is set and not empty. */
    @Bean
    @ConditionalOnExpression("!'${jifen.hub.jd.url:}'.isBlank()")
    JdVopConnector jdVopConnector(HubProperties properties) {
        var jd = properties.jd();
        return new JdVopConnector(new JdVopConnector.Settings(jd.url(), jd.clientId(), jd.clientSecret(), jd.username(), jd.password(),
                jd.imageBaseUrl(), jd.timeout(), jd.callsPerSecond(), jd.maxAttempts(), jd.firstBackoff()));
    }

    /** Connected when {@code jifen.hub.tmall.url} is set and not empty. */
    @Bean
    @ConditionalOnExpression("!'${jifen.hub.tmall.url:}'.isBlank()")
    TmallConnector tmallConnector(HubProperties properties) {
        var tmall = properties.tmall();
        if (tmall.appKey() == null || tmall.appSecret() == null || tmall.session() == null || tmall.refreshToken() == null) {
            throw new IllegalStateException("jifen.hub.tmall needs app-key, app-secret, session and refresh-token with its url");
        }
        return new TmallConnector(new TmallConnector.Settings(tmall.url(), tmall.appKey(), tmall.appSecret(), tmall.session(), tmall.refreshToken(),
                tmall.timeout(), tmall.callsPerSecond(), tmall.maxAttempts(), tmall.firstBackoff()));
    }

    /**
     * Connected when {@code jifen.hub.vouchers.url} is set and not empty. Results are sent to
     * {@code jifen.hub.vouchers.notify-url}, by default this instance's own {@value #NOTICE_PATH}vouchers.
     */
    @Bean
    @ConditionalOnExpression("!'${jifen.hub.vouchers.url:}'.isBlank()")
    VoucherConnector voucherConnector(HubProperties properties, Environment environment) {
        var vouchers = properties.vouchers();
        if (vouchers.appKey() == null || vouchers.appSecret() == null) {
            throw new IllegalStateException("jifen.hub.vouchers needs app-key and app-secret with its url");
        }
        Supplier<URI> notifyUrl = vouchers.notifyUrl() != null ? vouchers::notifyUrl
                : () -> URI.create("http://127.0.0.1:" + environment.getRequiredProperty("local.server.port") + NOTICE_PATH + "vouchers");
        return new VoucherConnector(new VoucherConnector.Settings(vouchers.url(), vouchers.appKey(), vouchers.appSecret(), notifyUrl,
                vouchers.timeout(), vouchers.callsPerSecond(), vouchers.maxAttempts(), vouchers.firstBackoff()));
    }

    @Bean
    Suppliers suppliers(List<SupplierConnector> connectors) {
        return new Suppliers(connectors);
    }
}
