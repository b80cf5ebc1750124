package io.jifen.hub.internal.sync;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.jifen.hub.CatalogPage;
import io.jifen.hub.CatalogQuery;
import io.jifen.hub.CatalogSearch;
import io.jifen.hub.CatalogSyncs;
import io.jifen.hub.HubIntegrationTest;
import io.jifen.hub.TenantSelections;
import io.jifen.hub.internal.catalog.CatalogStore;
import io.jifen.hub.internal.search.CatalogIndex;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The full sync and the change messages, from the JD sandbox into PostgreSQL and Elasticsearch, and search over the
 * result. One test: the sync is the expensive part and the later steps build on it.
 */
class CatalogSyncIT extends HubIntegrationTest {

    @Autowired
    CatalogSyncs syncs;
    @Autowired
    CatalogStore store;
    @Autowired
    CatalogIndex index;
    @Autowired
    CatalogSearch search;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TenantSelections selections;

    @Test
    void aFullSyncThatFailsHalfWayRestartsWhereItStoppedThenChangesFlowToSearch() {
        var catalog = jd().catalog();
        int size = catalog.skus().size();
        // A poison SKU in the middle: its chunk fails after the connector's retries, the chunks before it commit.
        var poison = catalog.skus().get(size / 2);
        jd().faults().poisonSku = String.valueOf(poison.id);
        CatalogSyncs.Run failed;
        try {
            failed = syncs.fullSync("jd", Instant.now());
        } finally {
            jd().faults().poisonSku = null;
        }
        assertThat(failed.status()).isEqualTo("FAILED");
        long storedBeforeRestart = store.count("jd");
        assertThat(storedBeforeRestart).as("chunks before the poison were committed").isBetween(100L, size - 100L);

        var restarted = syncs.restart(failed.executionId());

        assertThat(restarted.status()).isEqualTo("COMPLETED");
        assertThat(restarted.read()).as("the restart carried on, it did not start over").isLessThan(size);
        assertThat(store.count("jd")).isEqualTo(size);
        // The operator's listing: newest first, each run with what it had to read and how far it got.
        var runs = syncs.runs("jd", 2);
        assertThat(runs).extracting(CatalogSyncs.Run::executionId).containsExactly(restarted.executionId(), failed.executionId());
        assertThat(runs.get(1).status()).isEqualTo("FAILED");
        assertThat(runs.get(1).total()).as("the failed run had every SKU to read").isEqualTo(size);
        assertThat(runs.get(1).read()).isLessThan(size);
        // The rest from the last committed chunk: the failing chunk's items before the poison may have been stored one by
        // one while the chunk was scanned for it, and are read again.
        assertThat(runs.get(0).total()).as("the restart had the rest to read").isBetween((long) size - storedBeforeRestart, (long) size - 1);
        assertThat(runs.get(0).read()).isEqualTo(runs.get(0).total());
        assertThat(runs.get(0).endedAt()).isAfterOrEqualTo(runs.get(0).startedAt());
        assertThat(syncs.runs("vouchers", 5)).noneMatch(run -> run.supplier().equals("jd"));
        index.refresh();
        long listed = catalog.skus().stream().filter(sku -> sku.listed()).count();
        assertThat(search.search(query(null, 0)).total()).isEqualTo(listed);

        // Chinese and English full text, facets.
        CatalogPage cookers = search.search(CatalogQuery.text("电饭煲"));
        assertThat(cookers.total()).isPositive();
        assertThat(cookers.hits()).allSatisfy(hit -> assertThat(hit.title()).contains("电饭"));
        assertThat(cookers.facets().get("category")).singleElement().satisfies(bucket -> assertThat(bucket.key()).isEqualTo("737:家用电器"));
        CatalogPage huawei = search.search(CatalogQuery.text("HUAWEI 手表"));
        assertThat(huawei.hits()).isNotEmpty().allSatisfy(hit -> {
            assertThat(hit.brand()).contains("HUAWEI");
            assertThat(hit.categoryNames()).contains("智能手表");
        });
        long pricedOver5000 = catalog.skus().stream().filter(sku -> sku.listed() && sku.marketFen() >= 500_000).count();
        var expensive = search.search(new CatalogQuery(null, "jd", null, null, 500_000L, null, false, false,
                CatalogQuery.Sort.PRICE_ASCENDING, 0, 50));
        assertThat(expensive.total()).isEqualTo(pricedOver5000);
        assertThat(expensive.hits()).extracting(CatalogPage.Hit::marketFen).isSorted();

        // Prices change at the supplier; its messages (one of them delivered twice, out of order) reach search.
        List<Long> changed = catalog.changePrices(20);
        var duplicate = catalog.messages(java.util.Set.of(2), 100).getLast();
        catalog.redeliver(duplicate);
        var run = syncs.applyChanges("jd", Instant.now());
        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(catalog.messages(java.util.Set.of(2, 4, 16), 100)).as("every message acknowledged").isEmpty();
        index.refresh();
        var sku = catalog.sku(changed.getFirst());
        var stored = store.find("jd", List.of(String.valueOf(sku.id))).getFirst();
        assertThat(stored.marketFen()).isEqualTo(sku.marketFen());
        var found = search.search(new CatalogQuery(sku.name, null, null, null, sku.marketFen(), sku.marketFen(), false, true,
                CatalogQuery.Sort.RELEVANCE, 0, 10));
        assertThat(found.hits()).extracting(CatalogPage.Hit::skuId).contains(String.valueOf(sku.id));

        // Two brands select rice cookers for their malls, partly the same ones, at their own points prices; each
        // searches its own selection with the same query and sees its own prices only.
        UUID bella = UUID.randomUUID();
        UUID trail = UUID.randomUUID();
        var cookerIds = search.search(new CatalogQuery("电饭煲", "jd", null, null, null, null, false, false,
                CatalogQuery.Sort.PRICE_ASCENDING, 0, 5)).hits().stream().map(CatalogPage.Hit::skuId).toList();
        for (int i = 0; i < 5; i++) {
            selections.select(bella, "jd", cookerIds.get(i), 1_000L * (5 - i));
        }
        selections.select(trail, "jd", cookerIds.get(0), 777);
        index.refresh();
        var bellas = search.search(new CatalogQuery("电饭煲", null, null, null, null, null, false, false,
                CatalogQuery.Sort.POINTS_ASCENDING, 0, 20, bella));
        assertThat(bellas.total()).isEqualTo(5);
        assertThat(bellas.hits()).extracting(CatalogPage.Hit::pointsPrice).containsExactly(1_000L, 2_000L, 3_000L, 4_000L, 5_000L);
        var trails = search.search(CatalogQuery.text("电饭煲").inSelectionOf(trail));
        assertThat(trails.hits()).singleElement().satisfies(hit -> {
            assertThat(hit.skuId()).isEqualTo(cookerIds.get(0));
            assertThat(hit.pointsPrice()).as("the other brand's price never shows").isEqualTo(777L);
        });
        assertThat(search.search(CatalogQuery.text("HUAWEI").inSelectionOf(trail)).total()).isZero();
        assertThat(search.search(CatalogQuery.text("电饭煲")).hits()).as("the catalog search shows no brand's prices")
                .allSatisfy(hit -> assertThat(hit.pointsPrice()).isNull());
        assertThat(selections.remove(trail, "jd", cookerIds.get(0))).isTrue();
        index.refresh();
        assertThat(search.search(CatalogQuery.text("电饭煲").inSelectionOf(trail)).total()).isZero();
        assertThat(search.search(CatalogQuery.text("电饭煲").inSelectionOf(bella)).total()).isEqualTo(5);

        // A re-index builds the next version and swaps the alias; search answers the same, selections included.
        long before = search.search(CatalogQuery.text("电饭煲")).total();
        String current = index.reindex();
        String next = index.reindex();
        // Other tests of this JVM may have re-indexed the shared index already: the version counts on from the current one.
        assertThat(next).isEqualTo(index.alias() + "-v" + (Integer.parseInt(current.substring(current.lastIndexOf("-v") + 2)) + 1));
        assertThat(search.search(CatalogQuery.text("电饭煲")).total()).isEqualTo(before);
        assertThat(search.search(CatalogQuery.text("电饭煲").inSelectionOf(bella)).total()).isEqualTo(5);
    }

    private static CatalogQuery query(String text, int page) {
        return new CatalogQuery(text, "jd", null, null, null, null, false, false, CatalogQuery.Sort.RELEVANCE, page, 20);
    }
}
