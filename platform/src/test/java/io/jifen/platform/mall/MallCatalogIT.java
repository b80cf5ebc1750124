package io.jifen.platform.mall;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.jifen.platform.support.CatalogRows;
import io.jifen.platform.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A brand keeps its mall's selection of the shared catalog through the API (module mall since issue 15). This test stack has no Elasticsearch: selections
 * still work and wait in the index backlog, and search says clearly that it is unavailable.
 */
class MallCatalogIT extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aTenantAdminSelectsSkusAtItsOwnPointsPriceAndOtherTenantsSeeNoneOfIt() {
        CatalogRows.put(jdbc, "jd", "880001", "美的 电饭煲 4L 智能预约", "美的 Midea", List.of("737", "752"), List.of("家用电器", "厨房小电"), "PHYSICAL",
                "台", 19_900, 29_900, 20);
        var a = fixtures.tenant("select-a");
        var b = fixtures.tenant("select-b");
        String adminA = fixtures.adminToken(a);
        String adminB = fixtures.adminToken(b);

        var selected = http().send("PUT", "/api/v1/catalog/selections/jd/880001", adminA, "application/json", "{\"pointsPrice\": 2990}");
        var repriced = http().send("PUT", "/api/v1/catalog/selections/jd/880001", adminA, "application/json", "{\"pointsPrice\": 2490}");

        assertThat(selected.status()).isEqualTo(200);
        assertThat(repriced.json().get("pointsPrice").asLong()).isEqualTo(2490);
        var listA = http().get("/api/v1/catalog/selections", adminA);
        assertThat(listA.json()).singleElement().satisfies(s -> assertThat(s.get("skuId").asString()).isEqualTo("880001"));
        assertThat(http().get("/api/v1/catalog/selections", adminB).json()).isEmpty();
        assertThat(http().send("DELETE", "/api/v1/catalog/selections/jd/880001", adminB, null, null).status())
                .as("B cannot remove A's selection").isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from supplier_hub.index_backlog").query(Long.class).single()).as("waiting for Elasticsearch")
                .isPositive();

        assertThat(http().send("DELETE", "/api/v1/catalog/selections/jd/880001", adminA, null, null).status()).isEqualTo(204);
        assertThat(http().get("/api/v1/catalog/selections", adminA).json()).isEmpty();
    }

    @Test
    void badSelectionsAreRefusedAndSearchWithoutTheIndexIsAClear503() {
        var tenant = fixtures.tenant("select-bad");
        String admin = fixtures.adminToken(tenant);

        assertThat(http().send("PUT", "/api/v1/catalog/selections/jd/880001", admin, "application/json", "{\"pointsPrice\": 0}").status())
                .isEqualTo(400);
        assertThat(http().send("PUT", "/api/v1/catalog/selections/jd/no-such-sku", admin, "application/json", "{\"pointsPrice\": 10}").status())
                .isEqualTo(404);
        assertThat(http().send("PUT", "/api/v1/catalog/selections/jd/880001", fixtures.apiToken(tenant), "application/json",
                "{\"pointsPrice\": 10}").status()).as("staff may not change the selection").isEqualTo(403);
        var search = http().get("/api/v1/catalog/search?q=%E7%94%B5%E9%A5%AD%E7%85%B2&selected=true", admin);
        assertThat(search.status()).isEqualTo(503);
        assertThat(search.json().get("type").asString()).isEqualTo("https://jifen.io/problems/catalog-unavailable");
        assertThat(http().get("/api/v1/catalog/selections?size=0", admin).status()).isEqualTo(400);
    }
}
