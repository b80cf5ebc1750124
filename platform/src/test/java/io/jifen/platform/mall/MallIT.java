package io.jifen.platform.mall;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.support.Race;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant's own items over HTTP: written (by admins only), listed and read, their stock under races, bad input, and
 * quotes for members.
 */
class MallIT extends IntegrationTest {

    static Map<String, Object> item(String title, String payment, long priceFen, Long cashFen, long stock) {
        var body = new LinkedHashMap<String, Object>();
        body.put("kind", "PHYSICAL");
        body.put("title", title);
        body.put("description", "说明");
        body.put("images", List.of("https://img.example.com/" + title + ".jpg"));
        body.put("status", "ON_SALE");
        body.put("payment", payment);
        body.put("priceFen", priceFen);
        if (cashFen != null) {
            body.put("cashFen", cashFen);
        }
        body.put("stock", stock);
        return body;
    }

    private JsonNode create(String token, Map<String, Object> body) {
        var created = http().postJson("/api/v1/mall/items", token, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    private Http.Response put(String token, String id, Object body) {
        return http().send("PUT", "/api/v1/mall/items/" + id, token, "application/json", body instanceof String s ? s : Http.json(body));
    }

    private Http.Response changeStock(String token, String id, long delta, String key) {
        return http().send("POST", "/api/v1/mall/items/" + id + "/stock-changes", token, "application/json", "{\"delta\": " + delta + "}", key);
    }

    @Test
    void anAdminCreatesChangesListsAndReadsItemsAndAStaleVersionIsAConflict() {
        var tenant = fixtures.tenant("mall-items");
        String admin = fixtures.adminToken(tenant);
        JsonNode cup = create(admin, item("cup", "POINTS", 5_000, null, 10));
        create(admin, item("tea", "POINTS_AND_CASH", 5_000, 2_000L, 3));
        var draft = item("bag", "CASH_WITH_POINTS", 30_000, null, 0);
        draft.remove("status");
        JsonNode bag = create(admin, draft);

        assertThat(cup.get("status").asString()).isEqualTo("ON_SALE");
        assertThat(cup.get("pointType").asString()).isEqualTo("points");
        assertThat(cup.get("images").get(0).asString()).isEqualTo("https://img.example.com/cup.jpg");
        assertThat(bag.get("status").asString()).as("a new item is a draft unless said otherwise").isEqualTo("DRAFT");
        assertThat(bag.get("lowStock").asBoolean()).isTrue();

        var changed = item("cup", "POINTS", 6_000, null, 0);
        changed.remove("stock");
        changed.put("title", "马克杯");
        changed.put("lowStockThreshold", 20);
        changed.put("version", 0);
        var updated = put(admin, cup.get("id").asString(), changed);
        var stale = put(admin, cup.get("id").asString(), changed);
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().get("title").asString()).isEqualTo("马克杯");
        assertThat(updated.json().get("stock").asLong()).as("an update leaves the stock alone").isEqualTo(10);
        assertThat(updated.json().get("lowStock").asBoolean()).isTrue();
        assertThat(updated.json().get("version").asInt()).isEqualTo(1);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("type").asString()).isEqualTo("https://jifen.io/problems/item-changed");
        assertThat(http().get("/api/v1/mall/items/" + cup.get("id").asString(), admin).json().get("priceFen").asLong()).isEqualTo(6_000);

        List<String> titles = new ArrayList<>();
        String path = "/api/v1/mall/items?size=2";
        int pages = 0;
        while (path != null) {
            var page = http().get(path, admin).json();
            page.get("items").forEach(i -> titles.add(i.get("title").asString()));
            path = page.get("next").isNull() ? null : "/api/v1/mall/items?size=2&after=" + page.get("next").asString();
            pages++;
        }
        assertThat(titles).as("newest first, each once").containsExactly("bag", "tea", "马克杯");
        assertThat(pages).isEqualTo(2);
        assertThat(http().get("/api/v1/mall/items?status=DRAFT", admin).json().get("items")).extracting(i -> i.get("title").asString())
                .containsExactly("bag");
        assertThat(http().get("/api/v1/mall/items?after=not-a-cursor!", admin).status()).isEqualTo(400);
    }

    @Test
    void badItemsAre400sNamingEachFieldAndWriteNothing() {
        var tenant = fixtures.tenant("mall-bad");
        String admin = fixtures.adminToken(tenant);
        Instant now = Instant.now();

        var noTitle = item("x", "POINTS", 100, null, 1);
        noTitle.put("title", " ");
        var mixedWithoutCash = item("x", "POINTS_AND_CASH", 5_000, 5_000L, 1);
        var cashOnPoints = item("x", "POINTS", 5_000, 100L, 1);
        var windows = item("x", "POINTS", 5_000, null, 1);
        windows.put("visibleFrom", now.toString());
        windows.put("visibleTo", now.minusSeconds(60).toString());
        windows.put("redeemableFrom", now.minusSeconds(3_600).toString());
        var limits = item("x", "POINTS", 5_000, null, 1);
        limits.put("limitPerMember", 1);
        limits.put("limitPerMemberPerDay", 2);
        var unknownType = item("x", "POINTS", 5_000, null, 1);
        unknownType.put("pointType", "coins");
        var negative = item("x", "POINTS", -1, null, -5);
        negative.put("images", List.of("javascript:alert(1)"));

        assertThat(fields(http().postJson("/api/v1/mall/items", admin, noTitle))).containsExactly("title");
        assertThat(fields(http().postJson("/api/v1/mall/items", admin, mixedWithoutCash))).containsExactly("cashFen");
        assertThat(fields(http().postJson("/api/v1/mall/items", admin, cashOnPoints))).containsExactly("cashFen");
        assertThat(fields(http().postJson("/api/v1/mall/items", admin, windows))).containsExactlyInAnyOrder("visibleTo", "redeemableFrom");
        assertThat(fields(http().postJson("/api/v1/mall/items", admin, limits))).containsExactly("limitPerMemberPerDay");
        assertThat(fields(http().postJson("/api/v1/mall/items", admin, unknownType))).containsExactly("pointType");
        assertThat(fields(http().postJson("/api/v1/mall/items", admin, negative))).contains("priceFen", "stock");
        assertThat(http().postJson("/api/v1/mall/items", admin, "{\"kind\": \"SPACESHIP\"}").status()).isEqualTo(400);

        JsonNode cup = create(admin, item("cup", "POINTS", 5_000, null, 1));
        assertThat(fields(put(admin, cup.get("id").asString(), item("cup", "POINTS", 5_000, null, 99)))).as("stock changes by stock changes")
                .containsExactly("stock");
        assertThat(http().get("/api/v1/mall/items/not-a-uuid", admin).status()).isEqualTo(400);
        assertThat(http().get("/api/v1/mall/items/" + UUID.randomUUID(), admin).status()).isEqualTo(404);
        assertThat(http().get("/api/v1/mall/items", admin).json().get("items")).as("nothing but the good item was written").hasSize(1);
        assertThat(http().get("/api/v1/mall/items/" + cup.get("id").asString(), admin).json().get("stock").asLong()).isEqualTo(1);
    }

    @Test
    void twentyConcurrentDecrementsOfAStockOfFiveLetExactlyFiveThroughAndAKeyAnswersItsFirstChange() {
        var tenant = fixtures.tenant("mall-stock");
        String admin = fixtures.adminToken(tenant);
        String id = create(admin, item("flask", "POINTS", 5_000, null, 5)).get("id").asString();

        List<Integer> statuses = Race.run(20, () -> changeStock(admin, id, -1, UUID.randomUUID().toString()).status());

        assertThat(statuses).filteredOn(s -> s == 201).hasSize(5);
        assertThat(statuses).filteredOn(s -> s == 422).hasSize(15);
        assertThat(http().get("/api/v1/mall/items/" + id, admin).json().get("stock").asLong()).isZero();

        var added = changeStock(admin, id, 7, "restock-1");
        var replay = changeStock(admin, id, 7, "restock-1");
        var reused = changeStock(admin, id, 8, "restock-1");
        var tooMany = changeStock(admin, id, -8, "take-8");
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json().get("stock").asLong()).isEqualTo(7);
        assertThat(replay.json().get("id").asString()).as("the same key answers the first change").isEqualTo(added.json().get("id").asString());
        assertThat(reused.status()).isEqualTo(409);
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.json().get("type").asString()).isEqualTo("https://jifen.io/problems/insufficient-stock");
        assertThat(fields(changeStock(admin, id, -1, null))).containsExactly("Idempotency-Key");
        assertThat(fields(changeStock(admin, id, 0, "zero"))).containsExactly("delta");
        assertThat(http().get("/api/v1/mall/items/" + id, admin).json().get("stock").asLong()).isEqualTo(7);
        assertThat(changeStock(admin, UUID.randomUUID().toString(), 1, "nowhere").status()).isEqualTo(404);
    }

    @Test
    void aQuoteSaysWhatAMemberPaysAndWhyWithTheTierFeeAndTheTieredDeduction() {
        var tenant = fixtures.tenant("mall-quotes");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        fixtures.publish(admin, """
                {"tiers": [{"code": "bronze", "name": "青铜", "minScore": 0, "redemptionFeePercent": 5},
                           {"code": "gold", "name": "黄金", "minScore": 100000}],
                 "rules": [{"id": "check-in", "eventTypes": ["CHECK_IN"], "award": {"kind": "FIXED", "points": 10}}]}""",
                Instant.now().minus(1, ChronoUnit.HOURS), null);
        String bronze = fixtures.member(backEnd, "q-bronze");
        fixtures.points(backEnd, Fixtures.checkIn("q-check-in", bronze));
        String newcomer = fixtures.member(backEnd, "q-new");
        var rules = http().send("PUT", "/api/v1/mall/deduction-rules", admin, "application/json",
                "{\"rules\": [{\"minOrderFen\": 10000, \"maxPercent\": 50}, {\"minOrderFen\": 30000, \"maxPercent\": 80}]}");
        assertThat(rules.status()).as(rules.body()).isEqualTo(200);
        String cup = create(admin, item("cup", "POINTS", 5_000, null, 10)).get("id").asString();
        String tea = create(admin, item("tea", "POINTS_AND_CASH", 5_000, 2_000L, 10)).get("id").asString();
        var limited = item("bag", "CASH_WITH_POINTS", 10_000, null, 10);
        limited.put("limitPerMember", 3);
        String bag = create(admin, limited).get("id").asString();

        JsonNode pure = quote(admin, cup, newcomer, 1).json();
        JsonNode fee = quote(admin, cup, bronze, 1).json();
        JsonNode mixed = quote(admin, tea, newcomer, 1).json();
        JsonNode hundred = quote(admin, bag, newcomer, 1).json();
        JsonNode threeHundred = quote(admin, bag, newcomer, 3).json();

        assertThat(List.of(pure.get("points").asLong(), pure.get("cashFen").asLong())).containsExactly(5_000L, 0L);
        assertThat(List.of(fee.get("points").asLong(), fee.get("feePoints").asLong())).as("bronze pays 5 %").containsExactly(5_250L, 250L);
        assertThat(fee.get("tier").asString()).isEqualTo("bronze");
        assertThat(fee.get("lines")).extracting(l -> l.get("kind").asString()).containsExactly("BASE_PRICE", "TIER_FEE");
        assertThat(List.of(mixed.get("points").asLong(), mixed.get("cashFen").asLong())).containsExactly(3_000L, 2_000L);
        assertThat(List.of(hundred.get("points").asLong(), hundred.get("cashFen").asLong())).containsExactly(5_000L, 5_000L);
        assertThat(List.of(threeHundred.get("points").asLong(), threeHundred.get("cashFen").asLong())).containsExactly(24_000L, 6_000L);
        assertThat(threeHundred.get("deductionRule").get("maxPercent").asInt()).isEqualTo(80);
        assertThat(http().get("/api/v1/mall/deduction-rules", backEnd).json().get("rules")).hasSize(2);

        assertThat(quote(admin, bag, newcomer, 4).json().get("type").asString()).isEqualTo("https://jifen.io/problems/member-limit-reached");
        var draft = item("draft", "POINTS", 100, null, 1);
        draft.put("status", "DRAFT");
        assertThat(quote(admin, create(admin, draft).get("id").asString(), newcomer, 1).json().get("type").asString())
                .isEqualTo("https://jifen.io/problems/item-not-redeemable");
        var later = item("later", "POINTS", 100, null, 1);
        later.put("redeemableFrom", Instant.now().plus(1, ChronoUnit.DAYS).toString());
        assertThat(quote(admin, create(admin, later).get("id").asString(), newcomer, 1).status()).isEqualTo(422);
        assertThat(quote(admin, cup, newcomer, 11).json().get("type").asString()).isEqualTo("https://jifen.io/problems/insufficient-stock");
        assertThat(fields(http().postJson("/api/v1/mall/quotes", admin, Map.of("itemId", bag, "memberId", newcomer, "quantity", 1, "points", 5_001))))
                .containsExactly("points");
        assertThat(fields(http().postJson("/api/v1/mall/quotes", admin, Map.of("itemId", bag, "memberId", newcomer, "quantity", 0)))).containsExactly("quantity");
        assertThat(fields(http().send("PUT", "/api/v1/mall/deduction-rules", admin, "application/json",
                "{\"rules\": [{\"minOrderFen\": 30000, \"maxPercent\": 80}, {\"minOrderFen\": 10000, \"maxPercent\": 50}]}")))
                .containsExactly("rules[1].minOrderFen");
        assertThat(http().get("/api/v1/mall/deduction-rules", admin).json().get("rules")).as("a refused ladder changed nothing").hasSize(2);
    }

    @Test
    void anotherTenantsItemsAndMembersAreNotFoundEverywhere() {
        var a = fixtures.tenant("mall-iso-a");
        var b = fixtures.tenant("mall-iso-b");
        String adminA = fixtures.adminToken(a);
        String adminB = fixtures.adminToken(b);
        String itemOfA = create(adminA, item("cup", "POINTS", 5_000, null, 5)).get("id").asString();
        String memberOfA = fixtures.member(fixtures.apiToken(a), "iso-member");
        String itemOfB = create(adminB, item("cup", "POINTS", 5_000, null, 5)).get("id").asString();
        String memberOfB = fixtures.member(fixtures.apiToken(b), "iso-member");

        assertThat(http().get("/api/v1/mall/items/" + itemOfA, adminB).status()).isEqualTo(404);
        assertThat(put(adminB, itemOfA, item("mine", "POINTS", 1, null, 0).entrySet().stream().filter(e -> !e.getKey().equals("stock"))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))).status()).isEqualTo(404);
        assertThat(changeStock(adminB, itemOfA, -1, "steal").status()).isEqualTo(404);
        assertThat(quote(adminB, itemOfA, memberOfB, 1).status()).isEqualTo(404);
        assertThat(quote(adminB, itemOfB, memberOfA, 1).status()).isEqualTo(404);
        assertThat(http().get("/api/v1/mall/items", adminB).body()).doesNotContain(itemOfA);
        assertThat(http().get("/api/v1/mall/items/" + itemOfA, adminA).json().get("stock").asLong()).as("untouched").isEqualTo(5);
    }

    @Test
    void onlyAdminsWriteItemsStockCodesAndDeductionRulesWhileStaffReadThem() {
        var tenant = fixtures.tenant("mall-roles");
        String admin = fixtures.adminToken(tenant);
        String staff = fixtures.apiToken(tenant);
        String id = create(admin, item("cup", "POINTS", 5_000, null, 5)).get("id").asString();
        var changed = item("cup", "POINTS", 6_000, null, 0);
        changed.remove("stock");

        assertThat(http().postJson("/api/v1/mall/items", staff, item("tea", "POINTS", 100, null, 1)).status()).isEqualTo(403);
        assertThat(put(staff, id, changed).status()).isEqualTo(403);
        assertThat(changeStock(staff, id, -1, "staff-take").status()).isEqualTo(403);
        assertThat(http().send("POST", "/api/v1/mall/items/" + id + "/codes", staff, "text/csv", "CODE-1\n", "staff-codes").status()).isEqualTo(403);
        assertThat(http().send("PUT", "/api/v1/mall/deduction-rules", staff, "application/json", "{\"rules\": []}").status()).isEqualTo(403);

        assertThat(http().get("/api/v1/mall/items/" + id, staff).status()).isEqualTo(200);
        assertThat(http().get("/api/v1/mall/items", staff).json().get("items")).hasSize(1);
        assertThat(http().get("/api/v1/mall/deduction-rules", staff).status()).isEqualTo(200);
        assertThat(http().get("/api/v1/mall/items/" + id + "/codes/summary", staff).status()).isEqualTo(200);
        assertThat(http().get("/api/v1/mall/low-stock-alerts", staff).status()).isEqualTo(200);
        assertThat(http().get("/api/v1/mall/items/" + id, admin).json().get("stock").asLong()).as("untouched").isEqualTo(5);
    }

    private Http.Response quote(String token, String item, String member, long quantity) {
        return http().postJson("/api/v1/mall/quotes", token, Map.of("itemId", item, "memberId", member, "quantity", quantity));
    }

    private static List<String> fields(Http.Response answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        answer.json().get("errors").forEach(error -> fields.add(error.get("field").asString()));
        return fields;
    }
}
