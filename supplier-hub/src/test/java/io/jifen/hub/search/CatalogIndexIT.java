package io.jifen.hub.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.jifen.hub.HubIntegrationTest;
import io.jifen.hub.HubProperties;
import io.jifen.hub.catalog.CatalogStore;

class CatalogIndexIT extends HubIntegrationTest {

    @Autowired
    ElasticsearchClient client;
    @Autowired
    CatalogStore store;
    @Autowired
    HubProperties properties;

    @Test
    void anIndexWithAnOlderMappingIsRebuiltBehindItsAliasOnFirstUse() throws Exception {
        String alias = "legacy-catalog";
        client.indices().create(c -> c.index(alias + "-v1").mappings(m -> m.properties("title", p -> p.text(t -> t))));
        client.indices().updateAliases(u -> u.actions(a -> a.add(add -> add.index(alias + "-v1").alias(alias))));
        var legacy = new CatalogIndex(client, store,
                new HubProperties(properties.elasticsearchUrl(), new HubProperties.Search(alias, "standard", null), properties.jd(), properties.tmall(), properties.vouchers(), 1, properties.orders(), properties.codes()));

        legacy.ensure();

        var behind = client.indices().getAlias(g -> g.name(alias)).result();
        assertThat(behind.keySet()).containsExactly(alias + "-v2");
        var meta = client.indices().getMapping(g -> g.index(alias)).result().get(alias + "-v2").mappings().meta();
        assertThat(meta.get("mappingVersion").to(Integer.class)).isEqualTo(CatalogIndex.MAPPING_VERSION);
        assertThat(client.indices().exists(e -> e.index(alias + "-v1")).value()).as("the old version is gone").isFalse();
    }
}
