package io.jifen.hub.internal.search;

import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.jifen.hub.HubProperties;

@Configuration(proxyBeanMethods = false)
class SearchConfiguration {

    /** The client connects lazily: the application starts while Elasticsearch is down, and search then says so. */
    @Bean(destroyMethod = "close")
    ElasticsearchClient hubElasticsearchClient(HubProperties properties) {
        String url = properties.elasticsearchUrl() == null ? "http://127.0.0.1:9200" : properties.elasticsearchUrl().toString();
        RestClient rest = RestClient.builder(HttpHost.create(url)).build();
        return new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
    }
}
