package io.jifen.platform.mall;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import io.jifen.platform.identity.MemberTokens;
import io.jifen.platform.support.CatalogRows;
import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.tenancy.TenantContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mall's search as the platform feeds it and members read it. This test stack has no Elasticsearch (the hub's
 * MallSearchIT searches): here every change of an own item reaches the hub right after its commit, with whatever
 * changed it, and waits in the hub's backlog for the index; the member listing is a clear 503 meanwhile, and an item's
 * detail, read from the database, still answers.
 */
class MemberMallIT extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    MemberTokens memberTokens;
    @Autowired
    ItemStock stock;
    @Autowired
    JdbcTemplate jdbcTemplate;
    @Autowired
    MallSearchFeed feed;

    private JsonNode create(String admin, Map<String, Object> body) {
        var created = http().postJson("/api/v1/mall/items", admin, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    /** The document the hub keeps for the tenant's item (read under the tenant: the table has row-level security). */
    private JsonNode hubDocument(UUID tenant, String ref) {
        String json = TenantContext.callAs(tenant, () -> transaction.execute(status -> jdbc.sql(
                        "select document::text from supplier_hub.tenant_item where tenant_id = ? and ref = ?")
                .params(tenant, ref).query(String.class).single()));
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(json);
    }

    /** The hub's document once it satisfies {@code expected} (the feed hands it over on a thread of its own after the commit). */
    private JsonNode awaitDocument(UUID tenant, String ref, java.util.function.Predicate<JsonNode> expected) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            try {
                return hubDocument(tenant, ref);
            } catch (org.springframework.dao.EmptyResultDataAccessException notYet) {
                return null;
            }
        }, document -> document != null && expected.test(document));
    }

    private long queued(String table, UUID tenant) {
        return jdbc.sql("select count(*) from " + table + " where tenant_id = ?").param(tenant).query(Long.class).single();
    }

    @Test
    void everyChangeOfAnItemReachesTheHubRightAfterItsCommitAndWaitsThereForTheIndex() {
        var tenant = fixtures.tenant("mall-feed");
        String admin = fixtures.adminToken(tenant);
        var body = MallIT.item("熊猫保温杯", "POINTS", 5_000, null, 3);
        body.put("lowStockThreshold", 1);
        String id = create(admin, body).get("id").asString();
        String ref = "item:" + id;

        JsonNode created = awaitDocument(tenant.id(), ref, document -> true);
        JsonNode pointType = http().get("/api/v1/point-types", admin).json().get(0);
        long points = Quotes.quote(new Quotes.Price(Quotes.Payment.POINTS, 5_000, 0), 1,
                new Quotes.PointValue(pointType.get("anchorPoints").asLong(), pointType.get("anchorAmountMinor").asLong()), List.of(), null, null).points();
        assertThat(created.get("title").asString()).isEqualTo("熊猫保温杯");
        assertThat(created.get("pointsPrice").asLong()).isEqualTo(points);
        assertThat(created.get("onSale").asBoolean()).isTrue();
        assertThat(created.get("inStock").asBoolean()).isTrue();
        assertThat(created.get("lowStock").asBoolean()).isFalse();
        assertThat(queued("supplier_hub.item_backlog", tenant.id())).as("waiting for Elasticsearch").isPositive();

        body.put("status", "OFF_SALE");
        body.remove("stock");
        body.put("visibleFrom", Instant.now().plus(1, ChronoUnit.DAYS).toString());
        var offSale = http().send("PUT", "/api/v1/mall/items/" + id, admin, "application/json", Http.json(body));
        assertThat(offSale.status()).as(offSale.body()).isEqualTo(200);
        JsonNode updated = awaitDocument(tenant.id(), ref, document -> !document.get("onSale").asBoolean());
        assertThat(updated.get("visibleFrom").asString()).isNotBlank();

        var low = http().send("POST", "/api/v1/mall/items/" + id + "/stock-changes", admin, "application/json", "{\"delta\": -2}", "feed-low");
        assertThat(low.status()).as(low.body()).isEqualTo(201);
        awaitDocument(tenant.id(), ref, document -> document.get("lowStock").asBoolean());
        await().atMost(Duration.ofSeconds(10)).until(() -> queued("platform.mall_search_backlog", tenant.id()) == 0);

        // A redemption reserving the last unit changes the item outside the mall's API: the trigger queues it all the same.
        TenantContext.runAs(tenant.id(), () -> transaction.executeWithoutResult(status ->
                assertThat(StockReservations.reserve(stock, jdbcTemplate, UUID.fromString(id), 1, "feed-order")).isTrue()));
        // Nothing but the trigger's queue entry tells the feed (its schedule is off in these tests).
        feed.drain(MallSearchFeed.BATCH);
        assertThat(awaitDocument(tenant.id(), ref, document -> !document.get("inStock").asBoolean()).get("lowStock").asBoolean()).isFalse();
        assertThat(queued("platform.mall_search_backlog", tenant.id())).isZero();
    }

    @Test
    void membersGetA503ListingWhileTheIndexIsDownTheirOwnTenantsItemDetailsAndStaffIsRefused() {
        var tenant = fixtures.tenant("mall-member");
        var other = fixtures.tenant("mall-other");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String member = fixtures.member(backEnd, "shopper");
        String token = memberTokens.issue(tenant.id(), UUID.fromString(member)).accessToken();
        String cup = create(admin, MallIT.item("cup", "POINTS_AND_CASH", 5_000, 2_000L, 2)).get("id").asString();
        assertThat(http().send("PUT", "/api/v1/mall/deduction-rules", admin, "application/json",
                "{\"rules\": [{\"minOrderFen\": 10000, \"maxPercent\": 50}]}").status()).isEqualTo(200);
        String bag = create(admin, MallIT.item("bag", "CASH_WITH_POINTS", 30_000, null, 5)).get("id").asString();
        var draft = MallIT.item("draft", "POINTS", 100, null, 1);
        draft.put("status", "DRAFT");
        String hidden = create(admin, draft).get("id").asString();
        String foreign = create(fixtures.adminToken(other), MallIT.item("foreign", "POINTS", 100, null, 1)).get("id").asString();
        CatalogRows.put(jdbc, "jd", "880101", "美的 电饭煲 3L", "美的 Midea", List.of("737"), List.of("家用电器"), "PHYSICAL", "台", 19_900, 29_900, 20);
        assertThat(http().send("PUT", "/api/v1/catalog/selections/jd/880101", admin, "application/json", "{\"pointsPrice\": 2990}").status())
                .isEqualTo(200);

        var listing = http().get("/api/v1/me/mall/items?q=%E4%BF%9D%E6%B8%A9%E6%9D%AF", token);
        assertThat(listing.status()).as(listing.body()).isEqualTo(503);
        assertThat(listing.contentType()).startsWith("application/problem+json");
        assertThat(listing.json().get("type").asString()).isEqualTo("https://jifen.io/problems/catalog-unavailable");

        var cupDetail = http().get("/api/v1/me/mall/items/item:" + cup, token);
        assertThat(cupDetail.status()).as(cupDetail.body()).isEqualTo(200);
        assertThat(cupDetail.json().get("payment").asString()).isEqualTo("POINTS_AND_CASH");
        assertThat(cupDetail.json().get("cashFen").asLong()).isEqualTo(2_000);
        assertThat(cupDetail.json().get("points").asLong()).isPositive();
        assertThat(cupDetail.json().get("stock").asString()).isEqualTo("IN_STOCK");
        var bagDetail = http().get("/api/v1/me/mall/items/item:" + bag, token).json();
        assertThat(bagDetail.get("cashFen").asLong()).isEqualTo(30_000);
        assertThat(bagDetail.get("deductibleFen").asLong()).as("50 % of ¥300").isEqualTo(15_000);
        assertThat(bagDetail.get("deductiblePoints").asLong()).isPositive();
        var sku = http().get("/api/v1/me/mall/items/hub:jd:880101", token);
        assertThat(sku.status()).as(sku.body()).isEqualTo(200);
        assertThat(sku.json().get("points").asLong()).isEqualTo(2990);

        assertThat(http().get("/api/v1/me/mall/items/item:" + hidden, token).status()).as("a draft").isEqualTo(404);
        assertThat(http().get("/api/v1/me/mall/items/item:" + foreign, token).status()).as("another tenant's item").isEqualTo(404);
        assertThat(http().get("/api/v1/me/mall/items/hub:jd:880102", token).status()).as("not selected").isEqualTo(404);
        assertThat(http().get("/api/v1/me/mall/items/nonsense", token).status()).isEqualTo(400);
        assertThat(http().get("/api/v1/me/mall/items?kind=SPACESHIP", token).status()).isEqualTo(400);
        assertThat(http().get("/api/v1/me/mall/items?size=0", token).status()).isEqualTo(400);

        for (String staff : new String[] {admin, backEnd}) {
            assertThat(http().get("/api/v1/me/mall/items", staff).status()).isEqualTo(403);
            assertThat(http().get("/api/v1/me/mall/items/item:" + cup, staff).status()).isEqualTo(403);
        }
        assertThat(http().get("/api/v1/me/mall/items", null).status()).isEqualTo(401);
    }
}
