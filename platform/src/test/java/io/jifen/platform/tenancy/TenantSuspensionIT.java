package io.jifen.platform.tenancy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.jifen.platform.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A suspended tenant (the operator's decision, later billing's dunning) is refused everywhere with a clear problem:
 * its admins' and API clients' tokens and its signed webhooks; reactivated, it works again at once.
 */
class TenantSuspensionIT extends IntegrationTest {

    @Test
    void aSuspendedTenantsTokensAndWebhooksAreRefusedUntilItIsReactivated() throws Exception {
        var tenant = fixtures.tenant("suspended");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String secret = http().send("POST", "/api/v1/earning/webhook-secret", admin, "application/json", "{}").json().get("secret").asString();
        assertThat(http().get("/api/v1/members", backEnd).status()).isEqualTo(200);

        var suspended = http().postJson("/api/v1/operator/tenants/" + tenant.id() + "/suspension", fixtures.operatorToken(), "{}");
        assertThat(suspended.status()).as(suspended.body()).isEqualTo(200);
        assertThat(suspended.json().get("status").asString()).isEqualTo("SUSPENDED");

        for (String token : new String[] {admin, backEnd}) {
            var refused = http().get("/api/v1/members", token);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("type").asString()).isEqualTo("https://jifen.io/problems/tenant-suspended");
        }
        var hook = webhook(tenant.slug(), secret);
        assertThat(hook.statusCode()).as(hook.body()).isEqualTo(403);
        assertThat(hook.body()).contains("tenant-not-active");

        var reactivated = http().send("DELETE", "/api/v1/operator/tenants/" + tenant.id() + "/suspension", fixtures.operatorToken(), null, null);
        assertThat(reactivated.status()).as(reactivated.body()).isEqualTo(200);
        assertThat(reactivated.json().get("status").asString()).isEqualTo("ACTIVE");
        assertThat(http().get("/api/v1/members", backEnd).status()).isEqualTo(200);
        assertThat(webhook(tenant.slug(), secret).statusCode()).isEqualTo(200);
    }

    @Test
    void aSuspendedTenantsMembersCannotReachTheMallUntilItIsReactivated() {
        var tenant = fixtures.tenant("suspended-mall");
        String member = fixtures.member(fixtures.apiToken(tenant), "suspended-mall-member");
        String memberToken = fixtures.memberToken(tenant, member);
        assertThat(http().get("/api/v1/me/flash-sales", memberToken).status()).isEqualTo(200);

        assertThat(http().postJson("/api/v1/operator/tenants/" + tenant.id() + "/suspension", fixtures.operatorToken(), "{}").status()).isEqualTo(200);

        var refused = http().get("/api/v1/me/flash-sales", memberToken);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("type").asString()).isEqualTo("https://jifen.io/problems/tenant-suspended");
        assertThat(http().send("DELETE", "/api/v1/operator/tenants/" + tenant.id() + "/suspension", fixtures.operatorToken(), null, null).status())
                .isEqualTo(200);
        assertThat(http().get("/api/v1/me/flash-sales", memberToken).status()).isEqualTo(200);
    }

    @Test
    void onlyTheOperatorSuspendsATenant() {
        var tenant = fixtures.tenant("not-suspended");
        String admin = fixtures.adminToken(tenant);
        assertThat(http().postJson("/api/v1/operator/tenants/" + tenant.id() + "/suspension", admin, "{}").status()).isEqualTo(403);
        assertThat(http().get("/api/v1/members", admin).status()).isEqualTo(200);
        assertThat(http().postJson("/api/v1/operator/tenants/" + java.util.UUID.randomUUID() + "/suspension", fixtures.operatorToken(), "{}")
                .status()).isEqualTo(404);
    }

    private static String hmacSha256(String secret, String text) throws Exception {
        var mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> webhook(String slug, String secret) throws Exception {
        byte[] body = "{\"events\": [{\"eventId\": \"suspension-probe\", \"type\": \"CHECK_IN\", \"externalMemberId\": \"nobody\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/webhooks/" + slug + "/events"))
                .header("Content-Type", "application/json").header("X-Jifen-Timestamp", String.valueOf(now))
                .header("X-Jifen-Signature", "sha256=" + hmacSha256(secret, now + "." + new String(body, StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try (var client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}
