package io.jifen.platform.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.json.JsonMapper;

import io.jifen.devstack.DevStack;

/** Real access tokens from the stack's Keycloak. */
public final class Tokens {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Tokens() {
    }

    /** A person's token, by the local demo client's password grant (jifen-demo-cli, which only the devstack adds; the console uses the code flow). */
    public static String password(DevStack stack, String username, String password) {
        return request(stack, Map.of("grant_type", "password", "client_id", "jifen-demo-cli", "username", username,
                "password", password, "scope", "openid"));
    }

    /** A back end's token, by the client credentials grant. */
    public static String clientCredentials(DevStack stack, String clientId, String secret) {
        return request(stack, Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    /** The token endpoint's raw status for a person's password (400 while the account has a required action, 401 for a wrong password). */
    public static int passwordStatus(DevStack stack, String username, String password) {
        return post(stack, Map.of("grant_type", "password", "client_id", "jifen-demo-cli", "username", username,
                "password", password, "scope", "openid")).statusCode();
    }

    /** The token endpoint's raw status for these credentials (401 when a secret was rotated away). */
    public static int clientCredentialsStatus(DevStack stack, String clientId, String secret) {
        return post(stack, Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret)).statusCode();
    }

    private static String request(DevStack stack, Map<String, String> form) {
        var response = post(stack, form);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token request failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    private static HttpResponse<String> post(DevStack stack, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var request = HttpRequest.newBuilder(URI.create(stack.issuerUri() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
