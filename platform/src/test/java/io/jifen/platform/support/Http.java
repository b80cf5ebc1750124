package io.jifen.platform.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for end-to-end tests: real requests, real tokens, raw answers. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public record Response(int status, Map<String, java.util.List<String>> headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String contentType() {
            return headers.getOrDefault("content-type", java.util.List.of("")).getFirst();
        }
    }

    private final String base;
    private final Map<String, String> headers;

    public Http(String base) {
        this(base, Map.of());
    }

    private Http(String base, Map<String, String> headers) {
        this.base = base;
        this.headers = headers;
    }

    /** The same client, sending {@code name: value} with every request too. */
    public Http withHeader(String name, String value) {
        var more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new Http(base, Map.copyOf(more));
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, null);
    }

    public Response postJson(String path, String token, Object body) {
        return send("POST", path, token, "application/json", body instanceof String s ? s : JSON.writeValueAsString(body));
    }

    public Response patchJson(String path, String token, Object body) {
        return send("PATCH", path, token, "application/json", body instanceof String s ? s : JSON.writeValueAsString(body));
    }

    public Response send(String method, String path, String token, String contentType, Object body) {
        return send(method, path, token, contentType, body, null);
    }

    /** Sends with an {@code Idempotency-Key} header when {@code idempotencyKey} is not null. */
    public Response send(String method, String path, String token, String contentType, Object body, String idempotencyKey) {
        var builder = HttpRequest.newBuilder(URI.create(base + path));
        headers.forEach(builder::header);
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : body instanceof byte[] bytes ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8);
        try {
            var response = CLIENT.send(builder.method(method, publisher).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }
}
