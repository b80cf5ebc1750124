package io.jifen.platform.earning;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;

import static io.jifen.platform.support.Fixtures.RULES;
import static io.jifen.platform.support.Fixtures.checkIn;
import static org.assertj.core.api.Assertions.assertThat;

/** Events posted webhook-style over HTTP, signed with the tenant's secret instead of a bearer token. */
class EarningWebhooksIT extends IntegrationTest {

    @Test
    void eventsPostedWithTheTenantsWebhookSignatureAreAppliedAndUnsignedOrStaleOnesRefused() {
        var tenant = fixtures.tenant("earn-hook");
        var other = fixtures.tenant("earn-hook-other");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String member = fixtures.member(backEnd, "hooked-1");
        fixtures.publish(admin, RULES, Instant.now().minus(1, ChronoUnit.HOURS), null);
        var issued = http().send("POST", "/api/v1/earning/webhook-secret", admin, "application/json", "{}");
        assertThat(issued.status()).isEqualTo(201);
        String secret = issued.json().get("secret").asString();
        String otherSecret = http().send("POST", "/api/v1/earning/webhook-secret", fixtures.adminToken(other), "application/json", "{}")
                .json().get("secret").asString();
        String path = "/api/v1/webhooks/" + tenant.slug() + "/events";
        byte[] body = ("{\"events\": [" + checkIn("hook-1", member) + "]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();

        var applied = webhook(path, body, now, "sha256=" + EarningWebhooks.sign(secret, now, body));

        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        assertThat(applied.json().get("applied").asInt()).isEqualTo(1);
        assertThat(fixtures.balance(backEnd, member)).isEqualTo(10);
        assertThat(webhook(path, body, now, "sha256=" + EarningWebhooks.sign(otherSecret, now, body)).status()).as("another tenant's secret")
                .isEqualTo(401);
        long stale = now - 600;
        assertThat(webhook(path, body, stale, "sha256=" + EarningWebhooks.sign(secret, stale, body)).status()).as("outside the window").isEqualTo(401);
        var unsigned = webhook(path, body, now, null);
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(unsigned.json().get("type").asString()).isEqualTo("https://jifen.io/problems/webhook-signature");
        assertThat(webhook("/api/v1/webhooks/no-such-tenant/events", body, now, "sha256=00").status()).isEqualTo(401);
        assertThat(http().send("POST", "/api/v1/earning/webhook-secret", backEnd, "application/json", "{}").status()).isEqualTo(403);
        assertThat(fixtures.balance(backEnd, member)).as("nothing refused was applied").isEqualTo(10);
    }

    private Http.Response webhook(String path, byte[] body, long timestamp, String signature) {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("X-Jifen-Timestamp", String.valueOf(timestamp))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-Jifen-Signature", signature);
        }
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            var response = client.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Http.Response(response.statusCode(), response.headers().map(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
