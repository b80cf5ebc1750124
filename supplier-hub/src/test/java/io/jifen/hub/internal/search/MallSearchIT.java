package io.jifen.hub.internal.search;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.jifen.hub.CatalogQuery;
import io.jifen.hub.CatalogSearch;
import io.jifen.hub.HubIntegrationTest;
import io.jifen.hub.HubProperties;
import io.jifen.hub.MallPage;
import io.jifen.hub.MallQuery;
import io.jifen.hub.MallSearch;
import io.jifen.hub.TenantItems;
import io.jifen.hub.TenantSelections;
import io.jifen.hub.internal.catalog.CatalogSku;
import io.jifen.hub.internal.sync.CatalogSync;
import io.jifen.hub.internal.tenancy.HubTenants;
import io.jifen.hub.internal.tenancy.TenantScope;

import static org.assertj.core.api.Assertions.assertThat;

/** A tenant's mall in one search: its own items beside the SKUs it selected, never another tenant's. */
class MallSearchIT extends HubIntegrationTest {

    @Autowired
    TenantItems items;
    @Autowired
    TenantSelections selections;
    @Autowired
    MallSearch mall;
    @Autowired
    CatalogSearch catalog;
    @Autowired
    CatalogIndex index;
    @Autowired
    CatalogSync sync;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ItemBacklog backlog;
    @Autowired
    HubTenants hubTenants;
    @Autowired
    TenantScope tenantScope;
    @Autowired
    HubProperties hubProperties;

    private final Instant now = Instant.now();

    @Test
    void ownItemsAndSelectedSkusAreFoundRankedFacetedAndSortedByPointsTogether() {
        UUID tenant = UUID.randomUUID();
        CatalogSku sku = listedInStock(300);
        selections.select(tenant, "jd", sku.skuId(), 4_000);
        items.put(tenant, item("a1", sku.brand() + " 联名 纪念徽章", 2_500, true, true, null, null));
        items.put(tenant, item("a2", "麒麟 纪念徽章", 9_000, true, false, null, null));
        index.refresh();

        MallPage byBrand = mall.search(MallQuery.text(tenant, sku.brand(), now));
        assertThat(byBrand.hits()).extracting(h -> h.itemRef() != null ? h.itemRef() : h.skuId()).containsExactlyInAnyOrder("a1", sku.skuId());

        MallPage all = mall.search(new MallQuery(tenant, null, null, null, null, null, now, Set.of(), Set.of(), MallQuery.Sort.POINTS_ASCENDING, 0, 10));
        assertThat(all.total()).isEqualTo(3);
        assertThat(all.hits()).extracting(MallPage.Hit::pointsPrice).containsExactly(2_500L, 4_000L, 9_000L);
        assertThat(all.hits().get(2).inStock()).as("a sold-out own item is listed, as sold out").isFalse();
        assertThat(all.hits().get(0).attributes()).containsEntry("payment", "POINTS");
        assertThat(all.facets().get("origin")).extracting(b -> b.key() + "=" + b.count()).containsExactlyInAnyOrder("tenant=2", "hub=1");

        MallPage cheap = mall.search(new MallQuery(tenant, null, null, null, 3_000L, 5_000L, now, Set.of(), Set.of(), MallQuery.Sort.RELEVANCE, 0, 10));
        assertThat(cheap.hits()).singleElement().satisfies(hit -> assertThat(hit.skuId()).isEqualTo(sku.skuId()));

        MallPage hidden = mall.search(new MallQuery(tenant, null, null, null, null, null, now, Set.of("a1"),
                Set.of(new MallQuery.Sku("jd", sku.skuId())), MallQuery.Sort.RELEVANCE, 0, 10));
        assertThat(hidden.hits()).extracting(MallPage.Hit::itemRef).containsExactly("a2");

        assertThat(catalog.search(CatalogQuery.text("纪念徽章").inSelectionOf(tenant)).hits()).as("the catalog finds SKUs only").isEmpty();
    }

    @Test
    void anItemLeavesTheMallOffSaleOrOutsideItsWindowAndComesBack() {
        UUID tenant = UUID.randomUUID();
        items.put(tenant, item("w1", "熊猫 保温杯 限量", 1_000, true, true, null, null));
        index.refresh();
        assertThat(mall.search(MallQuery.text(tenant, "保温杯", now)).hits()).hasSize(1);

        items.put(tenant, item("w1", "熊猫 保温杯 限量", 1_000, false, true, null, null, now.plusSeconds(1)));
        index.refresh();
        assertThat(mall.search(MallQuery.text(tenant, "保温杯", now)).hits()).as("off sale").isEmpty();

        items.put(tenant, item("w1", "熊猫 保温杯 限量", 1_000, true, true, now.plus(1, ChronoUnit.DAYS), null, now.plusSeconds(2)));
        index.refresh();
        assertThat(mall.search(MallQuery.text(tenant, "保温杯", now)).hits()).as("not visible yet").isEmpty();
        assertThat(mall.search(MallQuery.text(tenant, "保温杯", now.plus(2, ChronoUnit.DAYS))).hits()).as("visible then").hasSize(1);

        items.put(tenant, item("w1", "熊猫 保温杯 限量", 1_000, true, true, null, now.minusSeconds(60), now.plusSeconds(3)));
        index.refresh();
        assertThat(mall.search(MallQuery.text(tenant, "保温杯", now)).hits()).as("no longer visible").isEmpty();

        items.put(tenant, item("w1", "熊猫 保温杯 限量", 1_000, true, true, null, null, now.plusSeconds(1)));
        index.refresh();
        assertThat(mall.search(MallQuery.text(tenant, "保温杯", now)).hits()).as("an older document never replaces a newer one").isEmpty();

        assertThat(items.remove(tenant, "w1")).isTrue();
        items.put(tenant, item("w2", "熊猫 保温杯 二代", 1_000, true, true, null, null));
        index.refresh();
        assertThat(mall.search(MallQuery.text(tenant, "熊猫保温杯", now)).hits()).as("Chinese without spaces").extracting(MallPage.Hit::itemRef)
                .containsExactly("w2");
    }

    @Test
    void aTenantNeverFindsAnotherTenantsItemsOrSelection() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        CatalogSku sku = listedInStock(330);
        selections.select(a, "jd", sku.skuId(), 777);
        items.put(a, item("same-ref", "独家 红茶 礼盒", 500, true, true, null, null));
        items.put(b, item("same-ref", "独家 绿茶 礼盒", 600, true, true, null, null));
        index.refresh();

        assertThat(mall.search(MallQuery.text(b, "红茶", now)).hits()).isEmpty();
        assertThat(mall.search(MallQuery.text(b, sku.brand(), now)).hits()).isEmpty();
        assertThat(mall.search(MallQuery.text(b, "礼盒", now)).hits()).singleElement()
                .satisfies(hit -> assertThat(hit.title()).contains("绿茶").doesNotContain("红茶"));
        assertThat(mall.search(MallQuery.text(a, "礼盒", now)).hits()).singleElement().satisfies(hit -> assertThat(hit.pointsPrice()).isEqualTo(500));
    }

    @Test
    void anItemPutWhileTheIndexIsDownReachesSearchWhenItIsBackAndAReindexKeepsIt() throws Exception {
        UUID tenant = UUID.randomUUID();
        TenantItems.Item item = item("down-1", "停机 期间 上架 的 竹编 果篮", 1_200, true, true, null, null);
        try (var down = new ElasticsearchClient(new RestClientTransport(RestClient.builder(new HttpHost("127.0.0.1", 9)).build(),
                new JacksonJsonpMapper()))) {
            var downItems = new TenantItemIndex(down, jdbc, tenantScope, hubTenants);
            var whileDown = new ItemBacklog(jdbc, new CatalogIndex(down, null, tenantScope, hubTenants, downItems, hubProperties), downItems);
            asTenant(tenant, () -> {
                hubTenants.register(tenant);
                jdbc.sql("insert into supplier_hub.tenant_item (tenant_id, ref, document, updated_at) values (?, ?, ?::jsonb, now())")
                        .params(tenant, item.ref(), TenantItemIndex.json(item)).update();
                whileDown.queue(tenant, item.ref());
                return null;
            });

            assertThat(whileDown.drain(100)).isZero();
            assertThat(whileDown.size()).isPositive();
        }

        assertThat(backlog.drain(1_000)).isPositive();
        index.refresh();
        assertThat(mall.search(MallQuery.text(tenant, "竹编果篮", now)).hits()).extracting(MallPage.Hit::itemRef).containsExactly("down-1");

        catalog.reindex();
        assertThat(mall.search(MallQuery.text(tenant, "竹编果篮", now)).hits()).as("after a re-index").extracting(MallPage.Hit::itemRef)
                .containsExactly("down-1");
    }

    private CatalogSku listedInStock(int from) {
        List<String> ids = jd().catalog().skus().subList(from, from + 30).stream().map(s -> String.valueOf(s.id)).toList();
        return sync.apply("jd", ids, null, true).stream().filter(s -> s.listed() && s.inStock()).findFirst().orElseThrow();
    }

    private TenantItems.Item item(String ref, String title, long points, boolean onSale, boolean inStock, Instant visibleFrom, Instant visibleTo) {
        return item(ref, title, points, onSale, inStock, visibleFrom, visibleTo, now);
    }

    private static TenantItems.Item item(String ref, String title, long points, boolean onSale, boolean inStock, Instant visibleFrom,
                                         Instant visibleTo, Instant updatedAt) {
        return new TenantItems.Item(ref, title, null, "PHYSICAL", points, onSale, inStock, false, visibleFrom, visibleTo, updatedAt,
                Map.of("payment", "POINTS"));
    }
}
