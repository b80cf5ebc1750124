package io.jifen.platform.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets a problem+json 400 naming what is wrong, whatever layer refuses it (Tomcat, the security firewall,
 * Jackson, the services), and changes nothing: amounts beyond any sane order, fractions of a point, control characters
 * and broken Unicode, oversized texts and headers, a body of the wrong type.
 */
class InputRefusalsIT extends IntegrationTest {

    @Test
    void everyLayersRefusalIsProblemJson() throws Exception {
        var tenant = fixtures.tenant("refusals");
        String token = fixtures.apiToken(tenant);

        var plainText = http().send("POST", "/api/v1/members", token, "text/plain", "externalId=x");
        assertProblem(plainText, 415);

        var hugeKey = raw("POST", "/api/v1/members/" + UUID.randomUUID() + "/points/earn", token, Map.of("Idempotency-Key", "k".repeat(10_240)));
        assertThat(hugeKey.statusCode()).isEqualTo(400);
        assertThat(hugeKey.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");

        var encodedNul = raw("GET", "/api/v1/members/%00", token, Map.of());
        assertThat(encodedNul.statusCode()).isEqualTo(400);
        assertThat(encodedNul.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");

        assertProblem(http().get("/api/v1/members/not-a-uuid", token), 400);
    }

    @Test
    void fractionsControlCharactersAndBrokenUnicodeAreRefusedNamingTheField() {
        var tenant = fixtures.tenant("refusals-text");
        String token = fixtures.apiToken(tenant);
        String member = http().postJson("/api/v1/members", token, Map.of("externalId", "text-1", "audience", "CONSUMER")).json().get("id").asString();

        var fraction = http().send("POST", "/api/v1/members/" + member + "/points/earn", token, "application/json", "{\"points\": 1.5}",
                UUID.randomUUID().toString());
        assertProblem(fraction, 400);
        assertThat(fraction.body()).contains("points");

        var nul = http().send("POST", "/api/v1/members", token, "application/json",
                "{\"externalId\": \"nul-1\", \"audience\": \"CONSUMER\", \"displayName\": \"a\\u0000b\"}");
        assertProblem(nul, 400);
        assertThat(nul.body()).contains("displayName");
        var surrogate = http().send("POST", "/api/v1/members", token, "application/json",
                "{\"externalId\": \"lone\\ud800\", \"audience\": \"CONSUMER\"}");
        assertProblem(surrogate, 400);
        assertThat(surrogate.body()).contains("externalId");

        assertThat(http().get("/api/v1/members/" + member + "/points/balance", token).json().get("available").asLong()).isZero();
        var members = http().get("/api/v1/members?size=100", token);
        assertThat(members.status()).isEqualTo(200);
        assertThat(members.body()).doesNotContain("nul-1").doesNotContain("lone");
    }

    @Test
    void earningEventsBeyondTheLimitsAreRefusedNamingTheFieldAndEarnNothing() {
        var tenant = fixtures.tenant("refusals-events");
        String admin = fixtures.adminToken(tenant);
        String token = fixtures.apiToken(tenant);
        http().postJson("/api/v1/members", token, Map.of("externalId", "big-spender", "audience", "CONSUMER"));
        var draft = http().send("POST", "/api/v1/earning/rule-versions", admin, "application/json", """
                {"rules": {"rules": [{"id": "generous", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1000000}}]},
                 "effectiveFrom": "2020-01-01T00:00:00Z"}""");
        assertThat(draft.status()).as(draft.body()).isEqualTo(201);
        assertThat(http().send("POST", "/api/v1/earning/rule-versions/" + draft.json().get("id").asString() + "/publish", admin,
                "application/json", "{}").status()).isEqualTo(200);

        var maxLong = event(token, "e-max", "{\"orderId\": \"o-1\", \"amountFen\": 9223372036854775807}", null);
        assertProblem(maxLong, 400);
        assertThat(maxLong.body()).contains("order.amountFen");

        var tooManyPoints = event(token, "e-points", "{\"orderId\": \"o-2\", \"amountFen\": 10000000000}", null);
        assertProblem(tooManyPoints, 400);
        assertThat(tooManyPoints.body()).contains("order.amountFen").contains("100000000");

        var longOrderId = event(token, "e-id", "{\"orderId\": \"" + "9".repeat(10_240) + "\", \"amountFen\": 100}", null);
        assertProblem(longOrderId, 400);
        assertThat(longOrderId.body()).contains("order.orderId");

        var longAttribute = event(token, "e-attr", "{\"orderId\": \"o-3\", \"amountFen\": 100}", "{\"note\": \"" + "x".repeat(10_240) + "\"}");
        assertProblem(longAttribute, 400);
        assertThat(longAttribute.body()).contains("attributes.note");

        String memberId = http().get("/api/v1/members/by-external-id/big-spender", token).json().get("id").asString();
        assertThat(http().get("/api/v1/members/" + memberId + "/points/balance", token).json().get("available").asLong()).isZero();
    }

    @Test
    void aProgrammeSetsItsOwnLowerBoundsOnOrdersAndPoints() {
        var tenant = fixtures.tenant("refusals-own-bounds");
        String admin = fixtures.adminToken(tenant);
        String token = fixtures.apiToken(tenant);
        http().postJson("/api/v1/members", token, Map.of("externalId", "big-spender", "audience", "CONSUMER"));
        var beyondThePlatform = http().send("POST", "/api/v1/earning/rule-versions", admin, "application/json", """
                {"rules": {"maxPointsPerEvent": 2000000000, "maxAmountFen": 0,
                  "rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}}]},
                 "effectiveFrom": "2020-01-01T00:00:00Z"}""");
        assertProblem(beyondThePlatform, 400);
        assertThat(beyondThePlatform.json().get("errors")).extracting(e -> e.get("field").asString())
                .containsExactlyInAnyOrder("maxPointsPerEvent", "maxAmountFen");
        fixtures.publish(admin, """
                {"maxPointsPerEvent": 500, "maxAmountFen": 10000000,
                 "rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}}]}""",
                Instant.parse("2020-01-01T00:00:00Z"), null);

        var tooLarge = event(token, "own-1", "{\"orderId\": \"o-1\", \"amountFen\": 10000001}", null);
        assertProblem(tooLarge, 400);
        assertThat(tooLarge.body()).contains("order.amountFen", "10000000 fen");
        var tooManyPoints = event(token, "own-2", "{\"orderId\": \"o-2\", \"amountFen\": 50100}", null);
        assertProblem(tooManyPoints, 400);
        assertThat(tooManyPoints.body()).contains("more than 500 points");
        var within = event(token, "own-3", "{\"orderId\": \"o-3\", \"amountFen\": 50000}", null);
        assertThat(within.status()).as(within.body()).isEqualTo(200);
        assertThat(within.json().get("points").asLong()).isEqualTo(500);
    }

    private Http.Response event(String token, String id, String order, String attributes) {
        return http().send("POST", "/api/v1/earning/events", token, "application/json", "{\"eventId\": \"" + id + "\", \"type\": \"ORDER_PAID\","
                + " \"externalMemberId\": \"big-spender\", \"occurredAt\": \"" + Instant.now() + "\", \"order\": " + order
                + (attributes == null ? "" : ", \"attributes\": " + attributes) + "}");
    }

    private static void assertProblem(Http.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private HttpResponse<String> raw(String method, String path, String token, Map<String, String> headers) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString("{\"points\": 1}"));
        headers.forEach(builder::header);
        try (var client = HttpClient.newHttpClient()) {
            return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
