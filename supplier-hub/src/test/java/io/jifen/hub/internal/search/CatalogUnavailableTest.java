package io.jifen.hub.internal.search;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;

import io.jifen.hub.CatalogQuery;
import io.jifen.hub.CatalogUnavailable;
import io.jifen.hub.HubProperties;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With Elasticsearch down, search says so clearly instead of failing in some other way. */
class CatalogUnavailableTest {

    @Test
    void searchWithElasticsearchDownIsCatalogUnavailable() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        var properties = new HubProperties(null, new HubProperties.Search("jifen-catalog", "standard", null),
                new HubProperties.Jd(null, null, null, null, null, URI.create("https://img.example/"), Duration.ofSeconds(1), 0, 1,
                        Duration.ofMillis(1)), null, null, 1, null, null, null, null, null);
        try (var client = new ElasticsearchClient(new RestClientTransport(
                RestClient.builder(new HttpHost("127.0.0.1", closedPort)).build(), new JacksonJsonpMapper()))) {
            var search = new ElasticsearchCatalogSearch(client, new CatalogIndex(client, null, null, null, null, properties));

            assertThatThrownBy(() -> search.search(CatalogQuery.text("电饭煲")))
                    .isInstanceOf(CatalogUnavailable.class)
                    .hasMessageContaining("Elasticsearch is not reachable");
        }
    }
}
