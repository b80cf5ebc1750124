package io.jifen.hub.internal.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.jifen.hub.CatalogQuery;
import io.jifen.hub.CatalogSearch;
import io.jifen.hub.HubIntegrationTest;
import io.jifen.hub.HubProperties;
import io.jifen.hub.internal.catalog.CatalogStore;
import io.jifen.hub.internal.tenancy.HubTenants;
import io.jifen.hub.internal.tenancy.TenantScope;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogIndexIT extends HubIntegrationTest {

    @Autowired
    ElasticsearchClient client;
    @Autowired
    CatalogStore store;
    @Autowired
    HubProperties properties;
    @Autowired
    TenantScope tenants;
    @Autowired
    HubTenants hubTenants;
    @Autowired
    TenantItemIndex tenantItems;

    @Test
    void anIndexWithAnOlderMappingIsRebuiltBehindItsAliasOnFirstUse() throws Exception {
        String alias = "legacy-catalog";
        client.indices().create(c -> c.index(alias + "-v1").mappings(m -> m.properties("title", p -> p.text(t -> t))));
        client.indices().updateAliases(u -> u.actions(a -> a.add(add -> add.index(alias + "-v1").alias(alias))));
        var legacy = new CatalogIndex(client, store, tenants, hubTenants, tenantItems,
                new HubProperties(properties.elasticsearchUrl(), new HubProperties.Search(alias, "standard", null), properties.jd(), properties.tmall(),
                        properties.vouchers(), 1, properties.orders(), properties.codes(), properties.notices(), properties.sync(), properties.schedule()));

        legacy.ensure();

        var behind = client.indices().getAlias(g -> g.name(alias)).result();
        assertThat(behind.keySet()).containsExactly(alias + "-v2");
        var meta = client.indices().getMapping(g -> g.index(alias)).result().get(alias + "-v2").mappings().meta();
        assertThat(meta.get("mappingVersion").to(Integer.class)).isEqualTo(CatalogIndex.MAPPING_VERSION);
        assertThat(client.indices().exists(e -> e.index(alias + "-v1")).value()).as("the old version is gone").isFalse();
    }

    @Test
    void aSelectionMadeWhileTheIndexIsDownReachesSearchWhenTheBacklogIsDrained(@Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc,
            @Autowired io.jifen.hub.internal.sync.CatalogSync sync, @Autowired IndexBacklog backlog, @Autowired CatalogSearch search, @Autowired CatalogIndex index)
            throws Exception {
        var sku = jd().catalog().skus().get(77);
        String id = String.valueOf(sku.id);
        sync.apply("jd", java.util.List.of(id), null, true);
        var tenant = java.util.UUID.randomUUID();
        try (var down = new ElasticsearchClient(new co.elastic.clients.transport.rest_client.RestClientTransport(
                org.elasticsearch.client.RestClient.builder(new org.apache.http.HttpHost("127.0.0.1", 9)).build(),
                new co.elastic.clients.json.jackson.JacksonJsonpMapper()))) {
            var whileDown = new IndexBacklog(jdbc, store, new CatalogIndex(down, store, tenants, hubTenants, tenantItems, properties), tenants);
            asTenant(tenant, () -> {
                hubTenants.register(tenant);
                jdbc.sql("insert into supplier_hub.selection (tenant_id, supplier_id, sku_id, points_price) values (?, 'jd', ?, 777)").params(tenant, id)
                        .update();
                whileDown.queue(tenant, "jd", id);
                return null;
            });

            assertThat(whileDown.drain(100)).isZero();
            assertThat(whileDown.size()).isPositive();
        }

        assertThat(backlog.drain(1_000)).isPositive();

        index.refresh();
        assertThat(backlog.size()).isZero();
        var found = search.search(CatalogQuery.text(sku.brand).inSelectionOf(tenant));
        assertThat(found.hits()).singleElement().satisfies(hit -> assertThat(hit.pointsPrice()).isEqualTo(777));
    }
}
