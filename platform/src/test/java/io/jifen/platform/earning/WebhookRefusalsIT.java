package io.jifen.platform.earning;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook posts are refused alike whatever is wrong with them, so that they tell nothing: an unknown slug, a tenant
 * without a secret and a wrong signature are the same 401, and no timestamp, however large, is a 500.
 */
class WebhookRefusalsIT extends IntegrationTest {

    private static final byte[] BODY = "{\"events\": []}".getBytes(StandardCharsets.UTF_8);

    @Test
    void anUnknownSlugATenantWithoutASecretAndAWrongSignatureGetTheSame401() {
        var tenant = fixtures.tenant("hook-refusals");
        long now = Instant.now().getEpochSecond();

        var unknown = post("/api/v1/webhooks/no-such-tenant-" + now + "/events", String.valueOf(now), "sha256=00");
        var noSecret = post("/api/v1/webhooks/" + tenant.slug() + "/events", String.valueOf(now), "sha256=00");
        var secret = http().send("POST", "/api/v1/earning/webhook-secret", fixtures.adminToken(tenant), "application/json", "{}");
        assertThat(secret.status()).isEqualTo(201);
        var wrong = post("/api/v1/webhooks/" + tenant.slug() + "/events", String.valueOf(now), "sha256=00");

        for (var refused : new Http.Response[] {unknown, noSecret, wrong}) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("type").asString()).isEqualTo("https://jifen.io/problems/webhook-signature");
            assertThat(refused.json().get("detail").asString()).isEqualTo(wrong.json().get("detail").asString());
        }
    }

    @Test
    void aTimestampBeyondAnyInstantIsA401NotA500() {
        var tenant = fixtures.tenant("hook-timestamps");
        for (String timestamp : new String[] {"9223372036854775807", "-9223372036854775808", "99999999999999999999", "12e3"}) {
            var refused = post("/api/v1/webhooks/" + tenant.slug() + "/events", timestamp, "sha256=00");
            assertThat(refused.status()).as(timestamp).isEqualTo(401);
            assertThat(refused.json().get("type").asString()).isEqualTo("https://jifen.io/problems/webhook-signature");
        }
    }

    private Http.Response post(String path, String timestamp, String signature) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("X-Jifen-Timestamp", timestamp).header("X-Jifen-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(BODY));
        try (var client = HttpClient.newHttpClient()) {
            var response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Http.Response(response.statusCode(), response.headers().map(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
