package io.jifen.platform.mall;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.support.Race;
import io.jifen.platform.tenancy.TenantContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A VOUCHER_CODE item's code files (all or nothing, sealed, replayable), codes handed to orders under a race and
 * shown only to their member, store-pickup codes verified once, and low-stock alerts opened and closed.
 */
class MallCodesIT extends IntegrationTest {

    @Autowired
    VoucherCodes codes;

    @Autowired
    CodeUploads uploads;

    @Autowired
    PickupCodes pickups;

    @Autowired
    ItemStock stock;
    @Autowired
    JdbcTemplate jdbcTemplate;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MallEventsHeard heard;

    private String item(String token, String kind, String title, Long stock, Long threshold) {
        var body = new LinkedHashMap<String, Object>();
        body.put("kind", kind);
        body.put("title", title);
        body.put("status", "ON_SALE");
        body.put("payment", "POINTS");
        body.put("priceFen", 1_000);
        if (stock != null) {
            body.put("stock", stock);
        }
        if (threshold != null) {
            body.put("lowStockThreshold", threshold);
        }
        var created = http().postJson("/api/v1/mall/items", token, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private Http.Response upload(String token, String itemId, String csv, String key) {
        return http().send("POST", "/api/v1/mall/items/" + itemId + "/codes", token, "text/csv", csv.getBytes(StandardCharsets.UTF_8), key);
    }

    private JsonNode summary(String token, String itemId) {
        var answer = http().get("/api/v1/mall/items/" + itemId + "/codes/summary", token);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private Http.Response changeStock(String token, String id, long delta, String key) {
        return http().send("POST", "/api/v1/mall/items/" + id + "/stock-changes", token, "application/json", "{\"delta\": " + delta + "}", key);
    }

    /** In a transaction of the tenant, as the redemption module calls these. */
    private <T> T inTransaction(UUID tenant, Supplier<T> work) {
        return TenantContext.callAs(tenant, () -> transaction.execute(status -> work.get()));
    }

    private static List<Integer> lines(Http.Response answer) {
        List<Integer> lines = new ArrayList<>();
        answer.json().get("errors").forEach(error -> lines.add(error.get("line").asInt()));
        return lines;
    }

    @Test
    void aCodeFileIsStoredWholeSealedAndCountedOnceOrRefusedWholeNamingItsBadLinesButNeverItsCodes() throws Exception {
        var tenant = fixtures.tenant("codes-upload");
        String admin = fixtures.adminToken(tenant);
        String item = item(admin, "VOUCHER_CODE", "京东E卡", null, null);

        var first = upload(admin, item, "code,valid_until\nAAA-1,2099-12-31\r\nAAA-2\n\n  AAA-3 ,\n", "upload-1");
        var replay = upload(admin, item, "code,valid_until\nAAA-1,2099-12-31\r\nAAA-2\n\n  AAA-3 ,\n", "upload-1");
        var otherFileSameKey = upload(admin, item, "ZZZ-1\n", "upload-1");

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("codes").asInt()).isEqualTo(3);
        assertThat(first.json().get("stock").asLong()).isEqualTo(3);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.json().get("id").asString()).as("a replay answers the first upload").isEqualTo(first.json().get("id").asString());
        assertThat(otherFileSameKey.status()).isEqualTo(409);
        assertThat(otherFileSameKey.json().get("type").asString()).isEqualTo("https://jifen.io/problems/idempotency-key-reused");
        assertThat(http().get("/api/v1/mall/items/" + item, admin).json().get("stock").asLong()).as("counted once").isEqualTo(3);

        String tooLong = "L".repeat(VoucherCodeCsv.MAX_CODE_LENGTH + 1);
        var bad = upload(admin, item, "BBB-1\n,2099-01-01\nBBB-1\n" + tooLong + "\nBBB-4,2099-02-30\nBBB-5\u0007\nBBB-6,2000-01-01\nBBB-7\n", "bad");
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(lines(bad)).containsExactly(2, 3, 4, 5, 6, 7);
        assertThat(bad.body()).doesNotContain("BBB-");

        var duplicates = upload(admin, item, "CCC-1\nAAA-2\nCCC-2\nAAA-1\n", "duplicates");
        assertThat(duplicates.status()).as(duplicates.body()).isEqualTo(409);
        assertThat(duplicates.json().get("type").asString()).isEqualTo("https://jifen.io/problems/codes-already-uploaded");
        assertThat(lines(duplicates)).containsExactly(2, 4);
        assertThat(duplicates.body()).doesNotContain("AAA-").doesNotContain("CCC-");

        StringBuilder large = new StringBuilder();
        for (int i = 0; large.length() <= 4 * 1024 * 1024; i++) {
            large.append("LARGE-").append(i).append('\n');
        }
        byte[] oversized = large.toString().getBytes(StandardCharsets.UTF_8);
        // From a stream: no Content-Length, so the limit is found while reading, and nothing is stored.
        var tooLarge = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/mall/items/" + item + "/codes"))
                        .header("Content-Type", "text/csv").header("Authorization", "Bearer " + admin).header("Idempotency-Key", "oversized")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(oversized))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("body-too-large", "4194304 bytes");
        assertThat(upload(admin, item, "DDD-1\n", null).status()).as("no Idempotency-Key").isEqualTo(400);
        assertThat(upload(admin, item, "", "empty").status()).isEqualTo(400);

        JsonNode counts = summary(admin, item);
        assertThat(List.of(counts.get("total").asLong(), counts.get("assigned").asLong(), counts.get("available").asLong(), counts.get("expired").asLong()))
                .as("the refused files stored nothing").containsExactly(3L, 0L, 3L, 0L);
        assertThat(http().get("/api/v1/mall/items/" + item, admin).json().get("stock").asLong()).isEqualTo(3);
        List<byte[]> stored = inTransaction(tenant.id(), () -> jdbc.sql("select code_encrypted from platform.mall_voucher_code").query(byte[].class).list());
        assertThat(stored).hasSize(3).allSatisfy(sealed -> assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("AAA"));

        var raise = changeStock(admin, item, 5, "by-hand");
        assertThat(raise.status()).isEqualTo(422);
        assertThat(raise.json().get("type").asString()).isEqualTo("https://jifen.io/problems/stock-from-codes");
        assertThat(changeStock(admin, item, -1, "write-off").status()).as("taking stock away is still allowed").isEqualTo(201);
        String physical = item(admin, "PHYSICAL", "杯子", 5L, null);
        assertThat(upload(admin, physical, "EEE-1\n", "physical").json().get("type").asString())
                .isEqualTo("https://jifen.io/problems/not-a-voucher-code-item");
        var withStock = http().postJson("/api/v1/mall/items", admin,
                Map.of("kind", "VOUCHER_CODE", "title", "x", "payment", "POINTS", "priceFen", 100, "stock", 5));
        assertThat(withStock.status()).isEqualTo(400);
        assertThat(withStock.json().get("errors").get(0).get("field").asString()).isEqualTo("stock");
    }

    @Test
    void twentyConcurrentAssignmentsNeverShareACodeAndAnOrdersCodesAreOnlyItsMembers() {
        var tenant = fixtures.tenant("codes-race");
        var other = fixtures.tenant("codes-race-other");
        String admin = fixtures.adminToken(tenant);
        UUID item = UUID.fromString(item(admin, "VOUCHER_CODE", "话费券", null, null));
        List<String> uploaded = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            uploaded.add("RACE-" + i + "-" + UUID.randomUUID());
        }
        assertThat(upload(admin, item.toString(), String.join("\n", uploaded), "race").status()).isEqualTo(201);

        List<UUID> members = new ArrayList<>();
        List<Callable<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            UUID member = UUID.randomUUID();
            members.add(member);
            String order = "order-" + i;
            calls.add(() -> {
                try {
                    return inTransaction(tenant.id(), () -> codes.assign(item, order, member, 1));
                } catch (DomainException refused) {
                    return refused.type();
                }
            });
        }
        List<Object> results = Race.run(calls);

        List<String> assigned = results.stream().filter(List.class::isInstance).flatMap(r -> ((List<?>) r).stream())
                .map(code -> ((VoucherCodes.Code) code).code()).toList();
        assertThat(assigned).hasSize(15).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(uploaded);
        assertThat(results).filteredOn("codes-exhausted"::equals).hasSize(5);

        int winner = results.indexOf(results.stream().filter(List.class::isInstance).findFirst().orElseThrow());
        List<VoucherCodes.Code> won = castCodes(results.get(winner));
        assertThat(inTransaction(tenant.id(), () -> codes.assign(item, "order-" + winner, members.get(winner), 1)))
                .as("the same order again answers the same codes").isEqualTo(won);
        assertThat(TenantContext.callAs(tenant.id(), () -> codes.codesOf("order-" + winner, members.get(winner)))).isEqualTo(won);
        assertThat(TenantContext.callAs(tenant.id(), () -> codes.codesOf("order-" + winner, UUID.randomUUID()))).as("another member").isEmpty();
        assertThat(TenantContext.callAs(other.id(), () -> codes.codesOf("order-" + winner, members.get(winner)))).as("another tenant").isEmpty();
        JsonNode counts = summary(admin, item.toString());
        assertThat(List.of(counts.get("assigned").asLong(), counts.get("available").asLong())).containsExactly(15L, 0L);
        assertThat(http().get("/api/v1/mall/items/" + item + "/codes/summary", fixtures.adminToken(other)).status()).isEqualTo(404);

        // Too few: nothing is kept, and the caller's transaction may still commit (to record a failed order).
        assertThat(upload(admin, item.toString(), "LAST-" + UUID.randomUUID(), "last").status()).isEqualTo(201);
        String committed = inTransaction(tenant.id(), () -> {
            assertThatThrownBy(() -> codes.assign(item, "order-big", UUID.randomUUID(), 2)).isInstanceOf(DomainException.class)
                    .extracting(e -> ((DomainException) e).type()).isEqualTo("codes-exhausted");
            return "committed";
        });
        assertThat(committed).isEqualTo("committed");
        assertThat(summary(admin, item.toString()).get("available").asLong()).as("the one free code stays free").isEqualTo(1);
    }

    @SuppressWarnings("unchecked")
    private static List<VoucherCodes.Code> castCodes(Object result) {
        return (List<VoucherCodes.Code>) result;
    }

    @Test
    void aCodePastItsLastDayIsExpiredAndNeverAssigned() {
        var tenant = fixtures.tenant("codes-expiry");
        String admin = fixtures.adminToken(tenant);
        UUID item = UUID.fromString(item(admin, "VOUCHER_CODE", "电影票", null, null));
        LocalDate tomorrow = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(1);
        assertThat(upload(admin, item.toString(), "SOON-" + UUID.randomUUID() + "," + tomorrow + "\nLATER-1," + tomorrow.plusDays(30), "expiry").status())
                .isEqualTo(201);

        clock.advance(Duration.ofDays(3));
        CodeUploads.Summary counts = TenantContext.callAs(tenant.id(), () -> uploads.summary(item));
        List<VoucherCodes.Code> taken = inTransaction(tenant.id(), () -> codes.assign(item, "order-1", UUID.randomUUID(), 1));

        assertThat(List.of(counts.total(), counts.available(), counts.expired())).containsExactly(2L, 1L, 1L);
        assertThat(taken).extracting(VoucherCodes.Code::code).containsExactly("LATER-1");
        assertThat(taken.getFirst().validUntil()).isEqualTo(tomorrow.plusDays(30));
    }

    @Test
    void aPickupCodeIsTheOrdersOnlyAndVerifiedOnceWhenTwoStaffTryAtOnce() {
        Fixtures.TenantFixture tenant = fixtures.tenant("pickup");
        var other = fixtures.tenant("pickup-other");
        String admin = fixtures.adminToken(tenant);
        String staff = fixtures.apiToken(tenant);
        UUID item = UUID.fromString(item(admin, "STORE_PICKUP", "门店自提礼盒", 10L, null));
        UUID physical = UUID.fromString(item(admin, "PHYSICAL", "快递礼盒", 10L, null));
        UUID member = UUID.randomUUID();

        String code = inTransaction(tenant.id(), () -> pickups.issue("pick-1", member, item));
        String again = inTransaction(tenant.id(), () -> pickups.issue("pick-1", member, item));
        String second = inTransaction(tenant.id(), () -> pickups.issue("pick-2", member, item));

        assertThat(code).matches("[0-9]{10}").isEqualTo(again).isNotEqualTo(second);
        assertThat(TenantContext.callAs(tenant.id(), () -> pickups.codeOf("pick-1", member))).contains(code);
        assertThat(TenantContext.callAs(tenant.id(), () -> pickups.codeOf("pick-1", UUID.randomUUID()))).as("another member").isEmpty();
        assertThat(TenantContext.callAs(other.id(), () -> pickups.codeOf("pick-1", member))).as("another tenant").isEmpty();
        assertThatThrownBy(() -> inTransaction(tenant.id(), () -> pickups.issue("pick-3", member, physical)))
                .isInstanceOf(DomainException.class).extracting(e -> ((DomainException) e).type()).isEqualTo("not-a-pickup-item");
        Map<String, String> body = Map.of("code", code);
        assertThat(http().postJson("/api/v1/mall/pickup-verifications", fixtures.apiToken(other), body).status())
                .as("another tenant's code is unknown").isEqualTo(404);

        List<Http.Response> answers = Race.run(2, () -> http().postJson("/api/v1/mall/pickup-verifications", staff, body));

        assertThat(answers).extracting(Http.Response::status).containsExactlyInAnyOrder(200, 409);
        JsonNode verified = answers.stream().filter(a -> a.status() == 200).findFirst().orElseThrow().json();
        assertThat(verified.get("orderRef").asString()).isEqualTo("pick-1");
        assertThat(verified.get("memberId").asString()).isEqualTo(member.toString());
        assertThat(answers.stream().filter(a -> a.status() == 409).findFirst().orElseThrow().json().get("type").asString())
                .isEqualTo("https://jifen.io/problems/pickup-code-used");
        assertThat(heard.pickups(tenant.id())).extracting(PickupVerified::orderRef).containsExactly("pick-1");
        assertThat(http().postJson("/api/v1/mall/pickup-verifications", staff, Map.of("code", "12345")).status()).isEqualTo(404);
        assertThat(http().postJson("/api/v1/mall/pickup-verifications", staff, Map.of("code", second.substring(0, 5) + "-" + second.substring(5)))
                .status()).as("dashes and spaces do not count").isEqualTo(200);
    }

    @Test
    void anItemFallingToItsThresholdOpensOneAlertAndRisingAboveClosesItOnEveryPath() {
        var tenant = fixtures.tenant("low-stock");
        String admin = fixtures.adminToken(tenant);
        String staff = fixtures.apiToken(tenant);
        String cup = item(admin, "PHYSICAL", "杯子", 10L, 3L);
        UUID flask = UUID.fromString(item(admin, "PHYSICAL", "水壶", 5L, 2L));

        assertThat(changeStock(admin, cup, -6, "c1").status()).isEqualTo(201);
        assertThat(heard.stockLow(tenant.id())).as("still above").isEmpty();
        assertThat(changeStock(admin, cup, -1, "c2").status()).isEqualTo(201);
        assertThat(changeStock(admin, cup, -1, "c3").status()).isEqualTo(201);

        assertThat(heard.stockLow(tenant.id())).as("one crossing, one event").singleElement()
                .satisfies(e -> assertThat(List.of(e.title(), e.stock(), e.threshold())).containsExactly("杯子", 3L, 3L));
        JsonNode open = http().get("/api/v1/mall/low-stock-alerts", staff).json().get("items");
        assertThat(open).singleElement().satisfies(a -> {
            assertThat(a.get("itemId").asString()).isEqualTo(cup);
            assertThat(a.get("stock").asLong()).isEqualTo(2);
        });

        assertThat(changeStock(admin, cup, 5, "c4").status()).isEqualTo(201);
        assertThat(http().get("/api/v1/mall/low-stock-alerts", staff).json().get("items")).as("closed above the threshold").isEmpty();
        assertThat(changeStock(admin, cup, -5, "c5").status()).isEqualTo(201);
        assertThat(heard.stockLow(tenant.id())).as("a second crossing").hasSize(2);

        // The orders' path: a reservation crosses, a put-back closes.
        assertThat(inTransaction(tenant.id(), () -> StockReservations.reserve(stock, jdbcTemplate, flask, 3, "order-1"))).isTrue();
        assertThat(heard.stockLow(tenant.id())).extracting(ItemStockLow::itemId).containsExactly(UUID.fromString(cup), UUID.fromString(cup), flask);
        var page = http().get("/api/v1/mall/low-stock-alerts?size=1", staff).json();
        assertThat(page.get("items").get(0).get("itemId").asString()).as("newest first").isEqualTo(flask.toString());
        var next = http().get("/api/v1/mall/low-stock-alerts?size=1&after=" + page.get("next").asString(), staff).json();
        assertThat(next.get("items").get(0).get("itemId").asString()).isEqualTo(cup);
        assertThat(next.get("next").isNull()).isTrue();
        assertThat(inTransaction(tenant.id(), () -> stock.putBack(flask, 3, "order-1", "cancelled"))).isTrue();
        assertThat(http().get("/api/v1/mall/low-stock-alerts", staff).json().get("items")).extracting(a -> a.get("itemId").asString())
                .containsExactly(cup);
    }
}
