package io.jifen.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.jifen.platform.support.IntegrationTest;

/** Bodies over an endpoint's limit are refused 413 before or while they are read, and change nothing. */
class BodyLimitIT extends IntegrationTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void aWebhookBodyDeclaredOverItsLimitIsRefusedBeforeItIsRead() throws Exception {
        byte[] body = new byte[300 * 1024];
        var response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/webhooks/some-brand/events"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("body-too-large", "262144 bytes");
    }

    @Test
    void aChunkedBodyIsCutOffWhenItPassesTheLimitAndNothingIsImported() throws Exception {
        var tenant = fixtures.tenant("body-limit");
        String token = fixtures.apiToken(tenant);
        StringBuilder csv = new StringBuilder("externalId,audience,displayName\n");
        int rows = 0;
        while (csv.length() <= 10 * 1024 * 1024) {
            csv.append("m-").append(rows++).append(",CONSUMER,会员").append(rows).append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        // From a stream: no Content-Length, sent in chunks, so the limit is found while reading.
        var response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/members/imports?onError=skip"))
                .header("Content-Type", "text/csv").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("body-too-large", "10485760 bytes");
        assertThat(http().get("/api/v1/members", token).json().get("items")).isEmpty();
    }
}
