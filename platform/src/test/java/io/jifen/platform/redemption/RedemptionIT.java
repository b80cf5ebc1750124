package io.jifen.platform.redemption;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import io.jifen.hub.SupplierOrderFailed;
import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.support.Race;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Members redeem over HTTP: orders placed once per key, paid in points, fulfilled, cancelled and refunded exactly once,
 * under races; and the reconciliation proves stock, points and hub orders add up after all of it.
 */
class RedemptionIT extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    PlatformTransactionManager transactionManager;

    /** A tenant, its admin and back end, one member with {@code points} and that member's token. */
    record Shop(Fixtures.TenantFixture tenant, String admin, String backEnd, String member, String memberToken) {
    }

    private Shop shop(String prefix, long points) {
        var tenant = fixtures.tenant(prefix);
        String backEnd = fixtures.apiToken(tenant);
        String member = fixtures.member(backEnd, "m-" + UUID.randomUUID());
        if (points > 0) {
            earn(backEnd, member, points);
        }
        return new Shop(tenant, fixtures.adminToken(tenant), backEnd, member, fixtures.memberToken(tenant, member));
    }

    private void earn(String token, String member, long points) {
        var earned = http().send("POST", "/api/v1/members/" + member + "/points/earn", token, "application/json",
                Http.json(Map.of("points", points)), UUID.randomUUID().toString());
        assertThat(earned.status()).as(earned.body()).isEqualTo(201);
    }

    private String item(String admin, String kind, long priceFen, long stock, Integer limitPerMember) {
        var body = new LinkedHashMap<String, Object>(Map.of("kind", kind, "title", "item-" + kind, "status", "ON_SALE", "payment", "POINTS",
                "priceFen", priceFen, "stock", stock));
        if (limitPerMember != null) {
            body.put("limitPerMember", limitPerMember);
        }
        var created = http().postJson("/api/v1/mall/items", admin, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return "item:" + created.json().get("id").asString();
    }

    private Http.Response order(String token, String item, long quantity, String key) {
        return http().send("POST", "/api/v1/me/orders", token, "application/json", Http.json(Map.of("item", item, "quantity", quantity)), key);
    }

    private Http.Response shipped(String token, String item, String key) {
        return http().send("POST", "/api/v1/me/orders", token, "application/json", Http.json(Map.of("item", item, "quantity", 1,
                "recipient", Map.of("name", "张三", "mobile", "13800000000", "address", "上海市浦东新区 1 号"))), key);
    }

    private long balance(Shop shop) {
        return fixtures.balance(shop.backEnd(), shop.member());
    }

    private long stock(Shop shop, String item) {
        return http().get("/api/v1/mall/items/" + item.substring(5), shop.admin()).json().get("stock").asLong();
    }

    /** A flash sale of {@code units} of the item, open now; answers its id. */
    private String flashSale(Shop shop, String item, long units) {
        var sale = http().postJson("/api/v1/mall/flash-sales", shop.admin(), Map.of("itemId", item.substring(5), "startsAt",
                Instant.now().minusSeconds(60).toString(), "endsAt", Instant.now().plusSeconds(3_600).toString(), "stock", units, "priceFen", 100));
        assertThat(sale.status()).as(sale.body()).isEqualTo(201);
        return sale.json().get("id").asString();
    }

    private Http.Response flashOrder(String token, String item, String sale, String key) {
        return http().send("POST", "/api/v1/me/orders", token, "application/json", Http.json(Map.of("item", item, "quantity", 1, "flashSale", sale)), key);
    }

    private JsonNode awaitState(String token, String path, String state) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> http().get(path, token).json(), o -> state.equals(o.get("order").get("state").asString()));
    }

    private void assertReconciled(Shop shop) {
        var report = http().get("/api/v1/redemption/reconciliation", shop.admin());
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        assertThat(report.json().get("findings")).as(report.body()).isEmpty();
    }

    @Test
    void aMemberRedeemsAnItemForPointsOncePerKeyAndStaffShipIt() {
        var shop = shop("redeem", 12_000);
        String cup = item(shop.admin(), "PHYSICAL", 5_000, 10, null);

        var placed = shipped(shop.memberToken(), cup, "order-1");
        var replay = shipped(shop.memberToken(), cup, "order-1");
        var otherBody = order(shop.memberToken(), cup, 2, "order-1");

        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        JsonNode order = placed.json().get("order");
        assertThat(order.get("points").asLong()).as("¥50 at 1 point = ¥0.01").isEqualTo(5_000);
        assertThat(order.get("cashFen").asLong()).isZero();
        assertThat(order.get("state").asString()).as("paid in points at once, waiting for shipment").isEqualTo("FULFILLING");
        assertThat(order.get("orderNo").asString()).startsWith("R");
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.json().get("order").get("id").asString()).as("the same key answers the same order").isEqualTo(order.get("id").asString());
        assertThat(otherBody.status()).isEqualTo(409);
        assertThat(balance(shop)).isEqualTo(7_000);
        assertThat(stock(shop, cup)).isEqualTo(9);

        String path = "/api/v1/me/orders/" + order.get("id").asString();
        JsonNode fulfilling = awaitState(shop.memberToken(), path, "FULFILLING");
        assertThat(fulfilling.get("delivery").get("recipient").get("name").asString()).isEqualTo("张三");
        assertThat(fulfilling.get("quote").get("lines").get(0).get("kind").asString()).isEqualTo("BASE_PRICE");
        var shippedByStaff = http().postJson("/api/v1/orders/" + order.get("id").asString() + "/fulfilment", shop.backEnd(), Map.of("tracking", "SF123"));
        assertThat(shippedByStaff.status()).as(shippedByStaff.body()).isEqualTo(200);
        assertThat(shippedByStaff.json().get("state").asString()).isEqualTo("DELIVERED");
        assertThat(http().get(path, shop.memberToken()).json().get("steps")).extracting(s -> s.get("state").asString())
                .containsExactly("PLACED", "PAID", "FULFILLING", "DELIVERED");
        assertThat(http().get("/api/v1/me/orders", shop.memberToken()).json().get("items")).hasSize(1);
        assertReconciled(shop);
    }

    @Test
    void twentyConcurrentOrdersOfOneMemberForAOnePerMemberItemMakeExactlyOneOrder() {
        var shop = shop("one-per-member", 100_000);
        String gift = item(shop.admin(), "VIRTUAL", 1_000, 50, 1);

        List<Http.Response> answers = Race.run(20, () -> order(shop.memberToken(), gift, 1, UUID.randomUUID().toString()));

        assertThat(answers).filteredOn(a -> a.status() == 201).hasSize(1);
        assertThat(answers).filteredOn(a -> a.status() != 201).allSatisfy(a -> {
            assertThat(a.status()).as(a.body()).isEqualTo(422);
            assertThat(a.json().get("type").asString()).endsWith("/member-limit-reached");
        });
        assertThat(balance(shop)).isEqualTo(99_000);
        assertThat(stock(shop, gift)).isEqualTo(49);
        assertReconciled(shop);
    }

    @Test
    void tenConcurrentRequestsUnderOneOrderKeyMakeOneOrderAndAnswerItToEach() {
        var shop = shop("one-key", 100_000);
        String gift = item(shop.admin(), "VIRTUAL", 1_000, 50, null);

        List<Http.Response> answers = Race.run(10, () -> order(shop.memberToken(), gift, 1, "the-key"));

        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.body()).isEqualTo(201));
        assertThat(answers).extracting(a -> a.json().get("order").get("id").asString()).as("one order, answered to every request").containsOnly(
                answers.getFirst().json().get("order").get("id").asString());
        assertThat(balance(shop)).isEqualTo(99_000);
        assertThat(stock(shop, gift)).isEqualTo(49);
        assertThat(http().get("/api/v1/me/orders", shop.memberToken()).json().get("items")).hasSize(1);
        assertReconciled(shop);
    }

    @Test
    void aMembersConcurrentRequestsForAFlashSaleMakeOneOrderUnderOneKeyAndNoneUnderAnother() {
        var shop = shop("flash-one-key", 100_000);
        String phone = item(shop.admin(), "VIRTUAL", 100_000, 50, null);
        String sale = flashSale(shop, phone, 3);

        List<Http.Response> answers = Race.run(10, () -> flashOrder(shop.memberToken(), phone, sale, "flash-key"));

        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.body()).isEqualTo(201));
        assertThat(answers).extracting(a -> a.json().get("order").get("id").asString()).as("one order, answered to every request").containsOnly(
                answers.getFirst().json().get("order").get("id").asString());
        var another = flashOrder(shop.memberToken(), phone, sale, "another-key");
        assertThat(another.status()).as(another.body()).isEqualTo(422);
        assertThat(another.json().get("type").asString()).endsWith("/member-limit-reached");
        assertThat(http().get("/api/v1/mall/flash-sales/" + sale, shop.admin()).json().get("sold").asLong())
                .as("the other key took no unit").isEqualTo(1);
        assertThat(stock(shop, phone)).isEqualTo(49);
        assertReconciled(shop);
    }

    @Test
    void aMemberWithPointsForOneItemPlacingTwoOrdersAtOnceGetsOneAndTheBalanceNeverGoesNegative() {
        var shop = shop("two-at-once", 5_000);
        String cup = item(shop.admin(), "VIRTUAL", 5_000, 10, null);

        List<Http.Response> answers = Race.run(2, () -> order(shop.memberToken(), cup, 1, UUID.randomUUID().toString()));

        assertThat(answers).extracting(Http.Response::status).containsExactlyInAnyOrder(201, 422);
        assertThat(answers).filteredOn(a -> a.status() == 422).singleElement()
                .satisfies(a -> assertThat(a.json().get("type").asString()).endsWith("/insufficient-points"));
        assertThat(balance(shop)).isZero();
        assertThat(stock(shop, cup)).as("the refused order kept no unit").isEqualTo(9);
        assertReconciled(shop);
    }

    @Test
    void soldOutLeavesNoUnitUnsoldAndRefusesClearly() {
        var shop = shop("sold-out", 0);
        String tea = item(shop.admin(), "VIRTUAL", 100, 3, null);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String member = fixtures.member(shop.backEnd(), "buyer-" + i);
            earn(shop.backEnd(), member, 100);
            tokens.add(fixtures.memberToken(shop.tenant(), member));
        }

        List<Callable<Http.Response>> buyers = tokens.stream().map(t -> (Callable<Http.Response>) () -> order(t, tea, 1, "k")).toList();
        List<Http.Response> answers = Race.run(buyers);

        assertThat(answers).filteredOn(a -> a.status() == 201).hasSize(3);
        assertThat(answers).filteredOn(a -> a.status() != 201).allSatisfy(a -> assertThat(a.json().get("type").asString()).endsWith("/sold-out"));
        assertThat(stock(shop, tea)).isZero();
        int winner = answers.indexOf(answers.stream().filter(a -> a.status() == 201).findFirst().orElseThrow());
        var retry = order(tokens.get(winner), tea, 1, "k");
        assertThat(retry.status()).as("a retry of a won order after the sell-out: " + retry.body()).isEqualTo(201);
        assertThat(retry.json().get("order").get("id").asString()).isEqualTo(answers.get(winner).json().get("order").get("id").asString());
        assertReconciled(shop);
    }

    @Test
    void aFlashSaleSellsExactlyItsUnitsOnePerMemberAndTellsEveryLoserSoldOut() {
        var shop = shop("flash", 0);
        String phone = item(shop.admin(), "VIRTUAL", 100_000, 1_000, null);
        String saleId = flashSale(shop, phone, 5);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String member = fixtures.member(shop.backEnd(), "flash-" + i);
            earn(shop.backEnd(), member, 1_000);
            tokens.add(fixtures.memberToken(shop.tenant(), member));
        }
        String body = Http.json(Map.of("item", phone, "quantity", 1, "flashSale", saleId));

        List<Callable<Http.Response>> buyers = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (String token : tokens) {
            String key = UUID.randomUUID().toString();
            keys.add(key);
            buyers.add(() -> http().send("POST", "/api/v1/me/orders", token, "application/json", body, key));
        }
        buyers.add(() -> http().send("POST", "/api/v1/me/orders", tokens.getFirst(), "application/json", body, UUID.randomUUID().toString()));
        List<Http.Response> answers = Race.run(buyers);

        assertThat(answers).filteredOn(a -> a.status() == 201).hasSize(5).allSatisfy(a -> assertThat(a.json().get("order").get("points").asLong())
                .as("the sale's price, ¥1 in points").isEqualTo(100));
        assertThat(answers).filteredOn(a -> a.status() != 201).allSatisfy(a -> {
            assertThat(a.status()).as(a.body()).isEqualTo(422);
            assertThat(a.json().get("type").asString()).matches(".*/(sold-out|member-limit-reached)");
        });
        assertThat(http().get("/api/v1/mall/flash-sales/" + saleId, shop.admin()).json().get("sold").asLong()).isEqualTo(5);
        assertThat(stock(shop, phone)).isEqualTo(995);
        int winner = answers.subList(0, tokens.size()).indexOf(answers.stream().filter(a -> a.status() == 201).findFirst().orElseThrow());
        if (winner >= 0) {
            var retry = http().send("POST", "/api/v1/me/orders", tokens.get(winner), "application/json", body, keys.get(winner));
            assertThat(retry.status()).as("a winner's retry after the sell-out: " + retry.body()).isEqualTo(201);
            assertThat(retry.json().get("order").get("id").asString()).isEqualTo(answers.get(winner).json().get("order").get("id").asString());
        }
        assertThat(http().get("/api/v1/me/flash-sales", tokens.getFirst()).json()).singleElement()
                .satisfies(s -> assertThat(s.get("sold").asLong()).isEqualTo(5));
        assertReconciled(shop);
    }

    @Test
    void aFlashSaleOfMoreUnitsThanItsItemHasSellsWhatTheItemHasAndCountsOnlyThose() {
        var shop = shop("flash-short", 0);
        String phone = item(shop.admin(), "VIRTUAL", 100_000, 2, null);
        String saleId = flashSale(shop, phone, 5);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String member = fixtures.member(shop.backEnd(), "short-" + i);
            earn(shop.backEnd(), member, 1_000);
            var answer = flashOrder(fixtures.memberToken(shop.tenant(), member), phone, saleId, UUID.randomUUID().toString());
            statuses.add(answer.status());
            if (answer.status() != 201) {
                assertThat(answer.json().get("type").asString()).as(answer.body()).endsWith("/sold-out");
            }
        }

        assertThat(statuses).containsExactly(201, 201, 422, 422);
        assertThat(http().get("/api/v1/mall/flash-sales/" + saleId, shop.admin()).json().get("sold").asLong())
                .as("the refused orders' units are not counted as sold").isEqualTo(2);
        assertThat(stock(shop, phone)).isZero();
        assertReconciled(shop);
    }

    @Test
    void aFlashSaleBuyerRefusedAfterClaimingAUnitGivesItBackForTheNextBuyer() {
        var shop = shop("flash-refused", 0);
        String phone = item(shop.admin(), "VIRTUAL", 100_000, 10, null);
        String saleId = flashSale(shop, phone, 1);

        var poor = flashOrder(shop.memberToken(), phone, saleId, "poor-1");
        assertThat(poor.status()).as(poor.body()).isEqualTo(422);
        assertThat(poor.json().get("type").asString()).endsWith("/insufficient-points");
        assertThat(http().get("/api/v1/mall/flash-sales/" + saleId, shop.admin()).json().get("sold").asLong()).as("the unit was given back").isZero();
        assertThat(stock(shop, phone)).isEqualTo(10);

        String rich = fixtures.member(shop.backEnd(), "rich");
        earn(shop.backEnd(), rich, 1_000);
        String richToken = fixtures.memberToken(shop.tenant(), rich);
        var won = flashOrder(richToken, phone, saleId, "rich-1");
        assertThat(won.status()).as(won.body()).isEqualTo(201);
        var again = flashOrder(richToken, phone, saleId, "rich-2");
        assertThat(again.status()).as(again.body()).isEqualTo(422);
        assertThat(again.json().get("type").asString()).as(again.body()).matches(".*/(sold-out|member-limit-reached)");
        var retry = flashOrder(richToken, phone, saleId, "rich-1");
        assertThat(retry.status()).as("the winner's retry: " + retry.body()).isEqualTo(201);
        assertThat(retry.json().get("order").get("id").asString()).isEqualTo(won.json().get("order").get("id").asString());
        assertThat(http().get("/api/v1/mall/flash-sales/" + saleId, shop.admin()).json().get("sold").asLong()).isEqualTo(1);
        assertThat(stock(shop, phone)).isEqualTo(9);
        assertReconciled(shop);
    }

    @Test
    void cancellingRacingFulfilmentMovesPointsAndStockOnce() {
        var shop = shop("cancel-race", 50_000);
        String cup = item(shop.admin(), "PHYSICAL", 1_000, 20, null);
        for (int i = 0; i < 10; i++) {
            var placed = shipped(shop.memberToken(), cup, "order-" + i);
            assertThat(placed.status()).as(placed.body()).isEqualTo(201);
            var cancelled = http().postJson("/api/v1/me/orders/" + placed.json().get("order").get("id").asString() + "/cancellation", shop.memberToken(), "{}");
            assertThat(cancelled.status()).as(cancelled.body()).isIn(200, 422);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                http().get("/api/v1/orders?state=PAID", shop.admin()).json().get("items")).as("no order left waiting for fulfilment").isEmpty());
        long open = http().get("/api/v1/orders?state=FULFILLING", shop.admin()).json().get("items").size();
        assertThat(balance(shop)).as("only the orders not cancelled cost points").isEqualTo(50_000 - open * 1_000);
        assertThat(stock(shop, cup)).isEqualTo(20 - open);
        assertReconciled(shop);
    }

    @Test
    void refundsRacingRefundsNeverGiveBackMoreThanWasPaidAndTheSameKeyRefundsOnce() {
        var shop = shop("refund-race", 5_000);
        String cup = item(shop.admin(), "PHYSICAL", 5_000, 5, null);
        String id = shipped(shop.memberToken(), cup, "o").json().get("order").get("id").asString();
        String refunds = "/api/v1/orders/" + id + "/refunds";

        List<Http.Response> twoKeys = Race.run(List.of(
                () -> http().send("POST", refunds, shop.admin(), "application/json", "{\"points\": 3000, \"quantity\": 0, \"restock\": false, \"reason\": \"a\"}", "r-1"),
                () -> http().send("POST", refunds, shop.admin(), "application/json", "{\"points\": 3000, \"quantity\": 0, \"restock\": false, \"reason\": \"b\"}", "r-2")));
        List<Http.Response> sameKey = Race.run(3, () -> http().send("POST", refunds, shop.admin(), "application/json",
                "{\"points\": 2000, \"quantity\": 1, \"restock\": true, \"reason\": \"return\"}", "r-3"));

        assertThat(twoKeys).extracting(Http.Response::status).containsExactlyInAnyOrder(201, 400);
        assertThat(sameKey).extracting(Http.Response::status).containsOnly(201);
        assertThat(sameKey).extracting(r -> r.json().get("id").asString()).containsOnly(sameKey.getFirst().json().get("id").asString());
        assertThat(balance(shop)).isEqualTo(5_000);
        assertThat(stock(shop, cup)).as("the returned unit is back").isEqualTo(5);
        var order = http().get("/api/v1/orders/" + id, shop.admin()).json();
        assertThat(order.get("order").get("state").asString()).isEqualTo("REFUNDED");
        assertThat(order.get("refunds")).hasSize(2);
        assertThat(http().send("POST", refunds, shop.backEnd(), "application/json", "{\"points\": 1, \"quantity\": 0, \"restock\": false, \"reason\": \"x\"}",
                "r-4").status()).as("staff may not refund").isEqualTo(403);
        assertReconciled(shop);
    }

    @Test
    void aSupplierFailureDeliveredTwiceRefundsTheOrderOnce() {
        var shop = shop("hub-failed", 10_000);
        jdbc.sql("""
                        insert into supplier_hub.sku (supplier_id, sku_id, title, brand, category_ids, category_names, images, description,
                                                      delivery_kind, unit, listed, cost_fen, market_fen, in_stock, stock, updated_at)
                        values ('vouchers', ?, '星巴克 中杯拿铁 电子券', '星巴克', '{cafe}', '{咖啡}', '{}', '', 'VOUCHER_CODE', '张', true, 2500, 3000, true, 100, now())
                        on conflict do nothing""")
                .param("sbux-latte-" + shop.tenant().slug()).update();
        String sku = "sbux-latte-" + shop.tenant().slug();
        var selected = http().send("PUT", "/api/v1/catalog/selections/vouchers/" + sku, shop.admin(), "application/json", "{\"pointsPrice\": 3000}");
        assertThat(selected.status()).as(selected.body()).isEqualTo(200);

        var placed = order(shop.memberToken(), "hub:vouchers:" + sku, 1, "latte");
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        assertThat(placed.json().get("order").get("goodsCostFen").asLong()).isEqualTo(2_500);
        String id = placed.json().get("order").get("id").asString();
        awaitState(shop.memberToken(), "/api/v1/me/orders/" + id, "FULFILLING");
        assertThat(balance(shop)).isEqualTo(7_000);

        var failed = new SupplierOrderFailed(shop.tenant().id(), UUID.fromString(shop.member()), placed.json().get("order").get("orderNo").asString(), "vouchers", sku,
                "out of stock at the supplier");
        var transactions = new TransactionTemplate(transactionManager);
        Race.run(2, () -> transactions.execute(status -> {
            events.publishEvent(failed);
            return null;
        }));

        JsonNode refunded = awaitState(shop.memberToken(), "/api/v1/me/orders/" + id, "REFUNDED");
        assertThat(refunded.get("refunds")).hasSize(1);
        assertThat(refunded.get("order").get("failure").asString()).isEqualTo("out of stock at the supplier");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> balance(shop) == 10_000);
    }

    @Test
    void voucherCodesAreIssuedToTheirMemberOnlyAndAPickupCodeCompletesItsOrderOnce() {
        var shop = shop("codes", 10_000);
        String coffee = item(shop.admin(), "VOUCHER_CODE", 1_000, 0, null);
        var upload = http().send("POST", "/api/v1/mall/items/" + coffee.substring(5) + "/codes", shop.admin(), "text/csv",
                "code\nLATTE-0001\nLATTE-0002\n", "upload-1");
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        String pickup = item(shop.admin(), "STORE_PICKUP", 2_000, 3, null);

        JsonNode coffeeOrder = order(shop.memberToken(), coffee, 1, "coffee").json().get("order");
        JsonNode pickupPlaced = order(shop.memberToken(), pickup, 1, "pickup").json().get("order");
        assertThat(coffeeOrder.get("state").asString()).as("own codes are issued in the checkout itself").isEqualTo("DELIVERED");
        assertThat(pickupPlaced.get("state").asString()).as("the pickup code too").isEqualTo("FULFILLING");
        String codesOrder = coffeeOrder.get("id").asString();
        String pickupOrder = pickupPlaced.get("id").asString();

        JsonNode delivered = awaitState(shop.memberToken(), "/api/v1/me/orders/" + codesOrder, "DELIVERED");
        assertThat(delivered.get("codes")).singleElement().satisfies(c -> assertThat(c.get("code").asString()).isEqualTo("LATTE-0001"));
        assertThat(http().get("/api/v1/orders/" + codesOrder, shop.admin()).json().get("codes")).as("staff never see codes").isEmpty();
        JsonNode waiting = awaitState(shop.memberToken(), "/api/v1/me/orders/" + pickupOrder, "FULFILLING");
        String code = waiting.get("pickupCode").asString();
        assertThat(code).matches("[0-9]{10}");

        List<Http.Response> verifications = Race.run(2, () -> http().postJson("/api/v1/mall/pickup-verifications", shop.backEnd(), Map.of("code", code)));
        assertThat(verifications).extracting(Http.Response::status).containsExactlyInAnyOrder(200, 409);
        awaitState(shop.memberToken(), "/api/v1/me/orders/" + pickupOrder, "COMPLETED");
        assertThat(http().send("POST", "/api/v1/orders/" + codesOrder + "/refunds", shop.admin(), "application/json",
                "{\"quantity\": 1, \"restock\": true, \"reason\": \"x\"}", "r").json().get("errors").get(0).get("field").asString())
                .as("issued codes do not go back into stock").isEqualTo("restock");
        assertThat(balance(shop)).isEqualTo(7_000);
        assertReconciled(shop);
    }

    @Test
    void anItemOfTheExpiredPointsFestivalIsPaidWithExpiredPointsAndACancellationGivesThemBack() {
        var shop = shop("festival", 0);
        Instant expires = Instant.now().plusSeconds(2);
        var earned = http().send("POST", "/api/v1/members/" + shop.member() + "/points/earn", shop.backEnd(), "application/json",
                Http.json(Map.of("points", 800, "expiresAt", expires.toString())), UUID.randomUUID().toString());
        assertThat(earned.status()).as(earned.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expires.plusMillis(200)));
        var run = http().postJson("/api/v1/operator/points-expiry/runs", fixtures.operatorToken(), "{}");
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> http().get("/api/v1/me/points/balance", shop.memberToken()).json()
                .get("revivable").asLong() == 800);
        String lamp = item(shop.admin(), "PHYSICAL", 500, 3, null);
        var zone = http().postJson("/api/v1/mall/zones", shop.admin(), Map.of("kind", "FESTIVAL", "title", "积分复活节", "status", "ACTIVE",
                "startsAt", Instant.now().minusSeconds(60).toString(), "endsAt", Instant.now().plusSeconds(3_600).toString()));
        assertThat(zone.status()).as(zone.body()).isEqualTo(201);
        assertThat(http().send("PUT", "/api/v1/mall/zones/" + zone.json().get("id").asString() + "/items", shop.admin(), "application/json",
                Http.json(Map.of("ref", lamp))).status()).isIn(200, 201, 204);

        var placed = shipped(shop.memberToken(), lamp, "lamp");

        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        assertThat(placed.json().get("order").get("state").asString()).isEqualTo("FULFILLING");
        var balance = http().get("/api/v1/me/points/balance", shop.memberToken()).json();
        assertThat(balance.get("available").asLong()).as("spendable points are not touched").isZero();
        assertThat(balance.get("revivable").asLong()).isEqualTo(300);
        assertReconciled(shop);
        String id = placed.json().get("order").get("id").asString();
        var cancelled = http().postJson("/api/v1/orders/" + id + "/cancellation", shop.admin(), "{}");
        assertThat(cancelled.status()).as(cancelled.body()).isIn(200, 422);
        if (cancelled.status() == 200) {
            assertThat(http().get("/api/v1/me/points/balance", shop.memberToken()).json().get("revivable").asLong())
                    .as("back as expired points, revivable again").isEqualTo(800);
        }
        assertReconciled(shop);
    }

    private String cashItem(String admin) {
        var created = http().postJson("/api/v1/mall/items", admin, Map.of("kind", "VIRTUAL", "title", "会员月卡", "status", "ON_SALE",
                "payment", "POINTS_AND_CASH", "priceFen", 5_000, "cashFen", 2_000, "stock", 5));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return "item:" + created.json().get("id").asString();
    }

    private Http.Response cashOrder(String token, String item, String key) {
        return http().send("POST", "/api/v1/me/orders", token, "application/json", Http.json(Map.of("item", item, "quantity", 1,
                "paymentMethod", "ALIPAY", "returnUrl", "https://mall.example/orders/return")), key);
    }

    private int press(String intentId, String button) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack().stripe().fake().paymentPage(intentId) + "/" + button))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aPointsAndCashOrderIsPaidThroughThePaymentPortAndItsCashRefundedOnce() throws Exception {
        stack().stripe().sendEventsToPlatformOn(port);
        var shop = shop("cash", 5_000);
        String card = cashItem(shop.admin());

        var noMethod = order(shop.memberToken(), card, 1, "no-method");
        var placed = cashOrder(shop.memberToken(), card, "cash-1");

        assertThat(noMethod.json().get("errors").get(0).get("field").asString()).isEqualTo("paymentMethod");
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        JsonNode order = placed.json().get("order");
        assertThat(order.get("state").asString()).as("waiting for the cash").isEqualTo("PLACED");
        assertThat(order.get("points").asLong()).as("¥30 of ¥50 in points").isEqualTo(3_000);
        assertThat(order.get("cashFen").asLong()).isEqualTo(2_000);
        JsonNode payment = placed.json().get("payment");
        assertThat(payment.get("status").asString()).isEqualTo("REQUIRES_ACTION");
        assertThat(payment.get("redirectUrl").asString()).startsWith("http");
        assertThat(balance(shop)).as("the points are held").isEqualTo(2_000);

        assertThat(press(payment.get("intentId").asString(), "authorize")).isEqualTo(303);
        String path = "/api/v1/me/orders/" + order.get("id").asString();
        awaitState(shop.memberToken(), path, "DELIVERED");
        assertThat(cashOrder(shop.memberToken(), card, "cash-1").json().get("order").get("state").asString()).as("the same key").isEqualTo("DELIVERED");

        String refunds = "/api/v1/orders/" + order.get("id").asString() + "/refunds";
        String body = "{\"points\": 0, \"cashFen\": 1500, \"quantity\": 0, \"restock\": false, \"reason\": \"late delivery\"}";
        List<Http.Response> twice = Race.run(2, () -> http().send("POST", refunds, shop.admin(), "application/json", body, "cash-back"));
        assertThat(twice).extracting(Http.Response::status).containsOnly(201);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(http().get(path, shop.memberToken()).json().get("refunds"))
                .singleElement().satisfies(r -> assertThat(r.get("cashState").asString()).isEqualTo("DONE")));
        assertThat(stack().stripe().fake().amountRefunded(payment.get("intentId").asString())).as("refunded once at the provider").isEqualTo(1_500);
        assertReconciled(shop);
    }

    @Test
    void anUnpaidOrderCancelledByItsMemberGivesBackItsPointsAndStockAndCancelsThePayment() throws Exception {
        stack().stripe().sendEventsToPlatformOn(port);
        var shop = shop("cash-cancel", 5_000);
        String card = cashItem(shop.admin());
        var placed = cashOrder(shop.memberToken(), card, "to-cancel");
        String id = placed.json().get("order").get("id").asString();

        var cancelled = http().postJson("/api/v1/me/orders/" + id + "/cancellation", shop.memberToken(), "{}");

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("state").asString()).isEqualTo("CANCELLED");
        assertThat(balance(shop)).isEqualTo(5_000);
        assertThat(stock(shop, card)).isEqualTo(5);
        assertThat(press(placed.json().get("payment").get("intentId").asString(), "authorize")).as("the payment page no longer takes it")
                .isEqualTo(400);
        assertReconciled(shop);
    }

    @Test
    void badInputAndOtherMembersOrdersAreProblemsAndWriteNothing() {
        var shop = shop("redeem-bad", 10_000);
        var other = shop("redeem-other", 10_000);
        String cup = item(shop.admin(), "PHYSICAL", 1_000, 5, null);
        String id = shipped(shop.memberToken(), cup, "mine").json().get("order").get("id").asString();

        assertThat(order(shop.memberToken(), "item:not-a-uuid", 1, "a").json().get("errors").get(0).get("field").asString()).isEqualTo("item");
        assertThat(order(shop.memberToken(), cup, 0, "b").status()).isEqualTo(400);
        assertThat(order(shop.memberToken(), cup, -1, "c").status()).isEqualTo(400);
        assertThat(order(shop.memberToken(), cup, Long.MAX_VALUE, "d").status()).isEqualTo(400);
        assertThat(order(shop.memberToken(), cup, 1, null).json().get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
        assertThat(order(shop.memberToken(), cup, 1, "e").json().get("errors").get(0).get("field").asString())
                .as("goods are shipped: the recipient is required").isEqualTo("recipient");
        assertThat(order(shop.memberToken(), "item:" + UUID.randomUUID(), 1, "f").status()).isEqualTo(404);
        assertThat(order(other.memberToken(), cup, 1, "g").status()).as("another tenant's item").isEqualTo(404);
        assertThat(http().get("/api/v1/me/orders/" + id, other.memberToken()).status()).as("another member's order").isEqualTo(404);
        assertThat(http().postJson("/api/v1/me/orders/" + id + "/cancellation", other.memberToken(), "{}").status()).isEqualTo(404);
        assertThat(http().get("/api/v1/orders/" + id, other.admin()).status()).as("another tenant's order").isEqualTo(404);
        assertThat(http().get("/api/v1/orders/not-a-uuid", shop.admin()).status()).isEqualTo(400);
        assertThat(http().get("/api/v1/me/orders", shop.backEnd()).status()).as("staff tokens are no member's").isEqualTo(403);

        assertThat(balance(shop)).isEqualTo(9_000);
        assertThat(stock(shop, cup)).isEqualTo(4);
        assertThat(http().get("/api/v1/orders", shop.admin()).json().get("items")).hasSize(1);
    }
}
