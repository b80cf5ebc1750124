package io.jifen.platform.supplier;

import org.junit.jupiter.api.Test;

import io.jifen.platform.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The supplier hub as embedded in the platform. The platform's test stack has no Elasticsearch and no supplier
 * sandbox (the hub's own tests have both), so this shows the wiring, the operator-only access, bad input, and that a
 * catalog index that cannot answer is a clear 503 while the rest of the platform works.
 */
class CatalogOperatorIT extends IntegrationTest {

    @Test
    void searchWithTheCatalogIndexDownIsAClear503AndNothingElseStops() {
        String operator = fixtures.operatorToken();

        var down = http().get("/api/v1/operator/catalog/search?q=%E7%94%B5%E9%A5%AD%E7%85%B2", operator);

        assertThat(down.status()).isEqualTo(503);
        assertThat(down.contentType()).contains("application/problem+json");
        assertThat(down.json().get("type").asString()).isEqualTo("https://jifen.io/problems/catalog-unavailable");
        assertThat(http().get("/api/v1/operator/catalog/suppliers", operator).status()).isEqualTo(200);
        assertThat(http().get("/readyz", null).status()).as("the platform stays ready").isEqualTo(200);
    }

    @Test
    void badSearchesAndUnknownSuppliersAreRefused() {
        String operator = fixtures.operatorToken();

        var tooBig = http().get("/api/v1/operator/catalog/search?q=x&size=500", operator);
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.json().get("detail").asString()).contains("size 1 to 100");
        assertThat(http().get("/api/v1/operator/catalog/search?sort=CHEAPEST", operator).status()).isEqualTo(400);
        assertThat(http().postJson("/api/v1/operator/catalog/suppliers/nobody/full-syncs", operator, java.util.Map.of()).status()).isEqualTo(404);
    }

    @Test
    void theSyncRunsAreListedForTheOperatorAndBadListingsAreRefused() {
        String operator = fixtures.operatorToken();

        var runs = http().get("/api/v1/operator/catalog/sync-runs?size=5", operator);

        assertThat(runs.status()).isEqualTo(200);
        assertThat(runs.json().isArray()).isTrue();
        assertThat(http().get("/api/v1/operator/catalog/sync-runs", operator).status()).isEqualTo(200);
        assertThat(http().get("/api/v1/operator/catalog/sync-runs?supplier=nobody", operator).status()).isEqualTo(404);
        var tooMany = http().get("/api/v1/operator/catalog/sync-runs?size=1000", operator);
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.contentType()).contains("application/problem+json");
        assertThat(http().get("/api/v1/operator/catalog/sync-runs", fixtures.adminToken(fixtures.tenant("sync-runs"))).status()).isEqualTo(403);
    }

    @Test
    void onlyThePlatformOperatorUsesTheCatalogConsole() {
        var tenant = fixtures.tenant("catalog");

        assertThat(http().get("/api/v1/operator/catalog/search?q=x", fixtures.adminToken(tenant)).status()).isEqualTo(403);
        assertThat(http().get("/api/v1/operator/catalog/suppliers", null).status()).isEqualTo(401);
    }

    @Test
    void settlementsAreTheOperatorsAndAnUnreachableSupplierIsAClear502() {
        String operator = fixtures.operatorToken();
        var tenant = fixtures.tenant("settle-iso");

        var unreachable = http().postJson("/api/v1/operator/settlements", operator, java.util.Map.of("supplier", "vouchers", "month", "2026-10"));

        assertThat(unreachable.status()).isEqualTo(502);
        assertThat(unreachable.json().get("type").asString()).isEqualTo("https://jifen.io/problems/settlement-failed");
        assertThat(http().postJson("/api/v1/operator/settlements", operator, java.util.Map.of("supplier", "vouchers", "month", "October")).status())
                .isEqualTo(400);
        assertThat(http().postJson("/api/v1/operator/settlements", operator, java.util.Map.of("supplier", "nobody", "month", "2026-10")).status())
                .isEqualTo(404);
        assertThat(http().get("/api/v1/operator/settlements/999999999", operator).status()).isEqualTo(404);
        assertThat(http().get("/api/v1/operator/settlements?supplier=vouchers", operator).status()).isEqualTo(200);
        assertThat(http().get("/api/v1/operator/settlements?supplier=vouchers", fixtures.adminToken(tenant)).status()).isEqualTo(403);
    }
}
