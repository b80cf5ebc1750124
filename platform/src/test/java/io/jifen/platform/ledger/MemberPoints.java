package io.jifen.platform.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import tools.jackson.databind.JsonNode;

import io.jifen.platform.support.Http;

import static org.assertj.core.api.Assertions.assertThat;

/** One member's points, driven through the HTTP API with a tenant's back-end token, as the ledger tests use them. */
final class MemberPoints {

    private final Http http;
    private final String token;
    private final String member;

    private MemberPoints(Http http, String token, String member) {
        this.http = http;
        this.token = token;
        this.member = member;
    }

    /** Registers a member of the token's tenant. */
    static MemberPoints register(Http http, String token, String externalId) {
        String member = http.postJson("/api/v1/members", token, Map.of("externalId", externalId, "audience", "CONSUMER")).json().get("id").asString();
        return new MemberPoints(http, token, member);
    }

    String member() {
        return member;
    }

    Http.Response earn(long points, Instant expiresAt) {
        return earnWithKey(points, key(), expiresAt);
    }

    Http.Response earnWithKey(long points, String key) {
        return earnWithKey(points, key, null);
    }

    Http.Response earnWithKey(long points, String key, Instant expiresAt) {
        var body = new HashMap<String, Object>(Map.of("points", points, "source", "order", "reason", "订单积分"));
        if (expiresAt != null) {
            body.put("expiresAt", expiresAt.toString());
        }
        return http.send("POST", "/api/v1/members/" + member + "/points/earn", token, "application/json", Http.json(body), key);
    }

    Http.Response spend(long points, String key) {
        return http.send("POST", "/api/v1/members/" + member + "/points/spend", token, "application/json",
                Http.json(Map.of("points", points, "source", "redemption")), key);
    }

    Http.Response refund(String spendId, Long points, String key) {
        return http.send("POST", "/api/v1/points/transactions/" + spendId + "/refund", token, "application/json",
                points == null ? "{}" : Http.json(Map.of("points", points)), key);
    }

    Http.Response clawback(String earnId, long points) {
        return clawback(earnId, points, key());
    }

    Http.Response clawback(String earnId, long points, String key) {
        return http.send("POST", "/api/v1/points/transactions/" + earnId + "/clawback", token, "application/json",
                Http.json(Map.of("points", points, "reason", "订单退款")), key);
    }

    Http.Response transfer(String to, long points) {
        return transfer(to, points, key());
    }

    Http.Response transfer(String to, long points, String key) {
        return http.send("POST", "/api/v1/members/" + member + "/points/transfers", token, "application/json",
                Http.json(Map.of("toMemberId", to, "points", points)), key);
    }

    Http.Response hold(long points, Integer ttlSeconds) {
        return hold(points, ttlSeconds, key());
    }

    Http.Response hold(long points, Integer ttlSeconds, String key) {
        var body = new HashMap<String, Object>(Map.of("points", points));
        if (ttlSeconds != null) {
            body.put("ttlSeconds", ttlSeconds);
        }
        return http.send("POST", "/api/v1/members/" + member + "/points/holds", token, "application/json", Http.json(body), key);
    }

    Http.Response settle(String holdId, String how, String key) {
        return http.send("POST", "/api/v1/points/holds/" + holdId + "/" + how, token, "application/json", null, key);
    }

    /** An adjustment posted with the token {@code as} (an administrator's, or not). */
    Http.Response adjust(String as, long points, String reason) {
        return adjust(as, points, reason, key());
    }

    Http.Response adjust(String as, long points, String reason, String key) {
        return http.send("POST", "/api/v1/members/" + member + "/points/adjustments", as, "application/json",
                Http.json(Map.of("points", points, "reason", reason)), key);
    }

    JsonNode balance() {
        return http.get("/api/v1/members/" + member + "/points/balance", token).json();
    }

    JsonNode lots() {
        return http.get("/api/v1/members/" + member + "/points/lots", token).json().get("items");
    }

    JsonNode lotsAll() {
        return http.get("/api/v1/members/" + member + "/points/lots?openOnly=false", token).json().get("items");
    }

    /** (original, remaining) of every lot, in spending order. */
    List<Map.Entry<Long, Long>> remainingByOriginal() {
        List<Map.Entry<Long, Long>> out = new ArrayList<>();
        lotsAll().forEach(lot -> out.add(entry(lot.get("original").asLong(), lot.get("remaining").asLong())));
        return out;
    }

    /** Changes the tenant's default point type as its administrator. */
    void changePointType(String admin, Map<String, Object> change) {
        String pointTypeId = http.get("/api/v1/point-types", admin).json().get(0).get("id").asString();
        assertThat(http.patchJson("/api/v1/point-types/" + pointTypeId, admin, change).status()).isEqualTo(200);
    }

    static Map.Entry<Long, Long> entry(long original, long remaining) {
        return Map.entry(original, remaining);
    }

    /**
     * A posting's first answer, its replay (the same key and body) and the same key with another body: the replay
     * answers the first receipt, the other body is a 409 that changed nothing.
     */
    static void assertIdempotent(Http.Response first, Http.Response replay, Http.Response otherBody) {
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(replay.status()).as(replay.body()).isIn(200, 201);
        assertThat(replay.json()).as("a replay answers the first receipt").isEqualTo(first.json());
        assertThat(otherBody.status()).as(otherBody.body()).isEqualTo(409);
        assertThat(otherBody.json().get("type").asString()).isEqualTo("https://jifen.io/problems/idempotency-key-reused");
    }

    static String key() {
        return UUID.randomUUID().toString();
    }

    static List<Http.Response> concurrently(int n, Callable<Http.Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Http.Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(call));
            }
            List<Http.Response> responses = new ArrayList<>();
            for (var future : futures) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdown();
        }
    }
}
