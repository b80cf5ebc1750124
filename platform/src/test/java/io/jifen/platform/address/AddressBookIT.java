package io.jifen.platform.address;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The member's address book over the member API: their own addresses only, checked fields, one default, sealed at rest. */
class AddressBookIT extends IntegrationTest {

    private static Map<String, Object> address(String recipient, String line) {
        var body = new HashMap<String, Object>(Map.of("recipient", recipient, "phone", "138 0013-8000", "province", "上海市", "city", "上海市",
                "district", "浦东新区", "line", line));
        body.put("postalCode", "200120");
        return body;
    }

    private Http.Response put(String path, String token, Object body) {
        return http().send("PUT", path, token, "application/json", body == null ? null : Http.json(body));
    }

    private Http.Response delete(String path, String token) {
        return http().send("DELETE", path, token, null, null);
    }

    private List<String> defaults(String token) {
        var list = http().get("/api/v1/me/addresses", token);
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode address : list.json()) {
            if (address.get("isDefault").asBoolean()) {
                ids.add(address.get("id").asString());
            }
        }
        return ids;
    }

    @Test
    void aMembersFirstAddressIsTheDefaultAndTheyAddEditMakeDefaultAndDelete() {
        var tenant = fixtures.tenant("addr");
        String token = fixtures.memberToken(tenant, fixtures.member(fixtures.apiToken(tenant), "home-owner"));
        assertThat(http().get("/api/v1/me/addresses", token).json()).isEmpty();

        var home = http().postJson("/api/v1/me/addresses", token, address("李雷", "世纪大道 100 号"));
        assertThat(home.status()).as(home.body()).isEqualTo(201);
        assertThat(home.json().get("isDefault").asBoolean()).as("the first address is the default").isTrue();
        assertThat(home.json().get("phone").asString()).as("the mobile's digits").isEqualTo("13800138000");
        assertThat(home.json().get("postalCode").asString()).isEqualTo("200120");
        String homeId = home.json().get("id").asString();
        var office = http().postJson("/api/v1/me/addresses", token, address("李雷", "陆家嘴环路 1000 号 8 楼"));
        assertThat(office.json().get("isDefault").asBoolean()).isFalse();
        String officeId = office.json().get("id").asString();
        assertThat(defaults(token)).containsExactly(homeId);

        var edited = put("/api/v1/me/addresses/" + officeId, token, Map.of("recipient", "韩梅梅", "phone", "+86 139 0000 0001", "province", "广东省",
                "city", "深圳市", "district", "南山区", "line", "科技园南路 8 号", "isDefault", true));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().get("recipient").asString()).isEqualTo("韩梅梅");
        assertThat(edited.json().get("phone").asString()).isEqualTo("13900000001");
        assertThat(edited.json().get("postalCode").isNull()).as("left out: none").isTrue();
        assertThat(defaults(token)).containsExactly(officeId);
        var list = http().get("/api/v1/me/addresses", token).json();
        assertThat(list.get(0).get("id").asString()).as("the default first").isEqualTo(officeId);

        var back = put("/api/v1/me/addresses/" + homeId + "/default", token, null);
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(defaults(token)).containsExactly(homeId);

        assertThat(delete("/api/v1/me/addresses/" + homeId, token).status()).isEqualTo(204);
        assertThat(defaults(token)).as("the default passes to the address left").containsExactly(officeId);
        assertThat(http().get("/api/v1/me/addresses/" + homeId, token).status()).isEqualTo(404);
    }

    @Test
    void badFieldsAreRefusedNamingEachAndNothingIsWritten() {
        var tenant = fixtures.tenant("addr-bad");
        String token = fixtures.memberToken(tenant, fixtures.member(fixtures.apiToken(tenant), "careless"));
        var body = new HashMap<String, Object>(Map.of("recipient", " ", "phone", "12345678901", "province", "上海市", "city", "",
                "line", "x", "postalCode", "20012"));
        var refused = http().postJson("/api/v1/me/addresses", token, body);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        refused.json().get("errors").forEach(error -> fields.add(error.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("recipient", "phone", "city", "district", "line", "postalCode");
        assertThat(http().get("/api/v1/me/addresses", token).json()).isEmpty();

        var kept = http().postJson("/api/v1/me/addresses", token, address("李雷", "世纪大道 100 号"));
        String id = kept.json().get("id").asString();
        var badEdit = put("/api/v1/me/addresses/" + id, token, Map.of("recipient", "李雷", "phone", "010-12345678", "province", "上海市",
                "city", "上海市", "district", "浦东新区", "line", "改了的地址 1 号"));
        assertThat(badEdit.status()).as(badEdit.body()).isEqualTo(400);
        assertThat(badEdit.json().get("errors").get(0).get("field").asString()).isEqualTo("phone");
        assertThat(http().get("/api/v1/me/addresses/" + id, token).json().get("line").asString()).isEqualTo("世纪大道 100 号");
    }

    @Test
    void anotherMembersOrAnotherTenantsAddressIsNotFoundAndStaysAsItWas() {
        var a = fixtures.tenant("addr-a");
        var b = fixtures.tenant("addr-b");
        String owner = fixtures.memberToken(a, fixtures.member(fixtures.apiToken(a), "owner"));
        String neighbour = fixtures.memberToken(a, fixtures.member(fixtures.apiToken(a), "neighbour"));
        String stranger = fixtures.memberToken(b, fixtures.member(fixtures.apiToken(b), "owner"));
        String id = http().postJson("/api/v1/me/addresses", owner, address("李雷", "世纪大道 100 号")).json().get("id").asString();
        http().postJson("/api/v1/me/addresses", owner, address("李雷", "陆家嘴环路 1000 号"));
        String neighboursOwn = http().postJson("/api/v1/me/addresses", neighbour, address("韩梅梅", "张杨路 500 号")).json().get("id").asString();

        for (String other : List.of(neighbour, stranger)) {
            for (Http.Response answer : List.of(http().get("/api/v1/me/addresses/" + id, other),
                    put("/api/v1/me/addresses/" + id, other, address("偷梁换柱", "别处 1 号")),
                    put("/api/v1/me/addresses/" + id + "/default", other, null),
                    delete("/api/v1/me/addresses/" + id, other))) {
                assertThat(answer.status()).as(answer.body()).isEqualTo(404);
                assertThat(answer.contentType()).startsWith("application/problem+json");
            }
        }
        var ownersList = http().get("/api/v1/me/addresses", owner).json();
        assertThat(ownersList).hasSize(2);
        assertThat(ownersList.get(0).get("id").asString()).isEqualTo(id);
        assertThat(ownersList.get(0).get("line").asString()).isEqualTo("世纪大道 100 号");
        assertThat(ownersList.get(0).get("isDefault").asBoolean()).isTrue();
        assertThat(defaults(neighbour)).as("the neighbour's default is still their own").containsExactly(neighboursOwn);
        assertThat(http().get("/api/v1/me/addresses", stranger).json()).isEmpty();
        assertThat(http().get("/api/v1/me/addresses", fixtures.adminToken(a)).status()).as("member tokens only").isEqualTo(403);
        assertThat(http().postJson("/api/v1/me/addresses", fixtures.apiToken(a), address("API", "某处 1 号")).status()).isEqualTo(403);
    }

    @Test
    void aBookHoldsAtMostTwentyAddresses() {
        var tenant = fixtures.tenant("addr-cap");
        String token = fixtures.memberToken(tenant, fixtures.member(fixtures.apiToken(tenant), "collector"));
        for (int i = 1; i <= AddressBook.MAX_ADDRESSES; i++) {
            assertThat(http().postJson("/api/v1/me/addresses", token, address("李雷", "世纪大道 " + i + " 号")).status()).isEqualTo(201);
        }
        var full = http().postJson("/api/v1/me/addresses", token, address("李雷", "世纪大道 21 号"));
        assertThat(full.status()).as(full.body()).isEqualTo(422);
        assertThat(full.json().get("type").asString()).endsWith("address-book-full");
        assertThat(http().get("/api/v1/me/addresses", token).json()).hasSize(AddressBook.MAX_ADDRESSES);
    }

    @Test
    void concurrentMakeDefaultCallsLeaveExactlyOneDefault() throws Exception {
        var tenant = fixtures.tenant("addr-race");
        String token = fixtures.memberToken(tenant, fixtures.member(fixtures.apiToken(tenant), "indecisive"));
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            ids.add(http().postJson("/api/v1/me/addresses", token, address("李雷", "世纪大道 " + i + " 号")).json().get("id").asString());
        }
        ExecutorService pool = Executors.newFixedThreadPool(ids.size());
        try {
            for (int round = 0; round < 5; round++) {
                var start = new CountDownLatch(1);
                List<Future<Integer>> answers = new ArrayList<>();
                for (String id : ids) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return put("/api/v1/me/addresses/" + id + "/default", token, null).status();
                    }));
                }
                start.countDown();
                for (Future<Integer> answer : answers) {
                    assertThat(answer.get()).isEqualTo(200);
                }
                assertThat(defaults(token)).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theAddressIsSealedAtRest() throws Exception {
        var tenant = fixtures.tenant("addr-sealed");
        String token = fixtures.memberToken(tenant, fixtures.member(fixtures.apiToken(tenant), "private"));
        String id = http().postJson("/api/v1/me/addresses", token, address("王小明", "世纪大道 100 号")).json().get("id").asString();
        try (Connection db = stack().superuserConnection("jifen");
             var query = db.prepareStatement("select * from platform.member_address where id = ?::uuid")) {
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                StringBuilder stored = new StringBuilder();
                for (int column = 1; column <= row.getMetaData().getColumnCount(); column++) {
                    byte[] bytes = row.getBytes(column);
                    if (bytes != null) {
                        stored.append(new String(bytes, StandardCharsets.UTF_8)).append(new String(bytes, StandardCharsets.ISO_8859_1));
                    }
                }
                assertThat(stored.toString()).doesNotContain("王小明", "13800138000", "世纪大道", "浦东新区", "200120");
            }
        }
    }
}
