package io.jifen.platform.identity;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.KeycloakBuilder;
import org.springframework.beans.factory.annotation.Autowired;

import io.jifen.devstack.DevStack;
import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The realm's login rules: brute-force protection that counts failures only, no password grant outside the demo, OTP for operators. */
class LoginPolicyIT extends IntegrationTest {

    @Autowired
    KeycloakDirectory directory;

    @Test
    void concurrentPasswordLoginsOfOneUserAllSucceed() throws Exception {
        var tenant = fixtures.tenant("twice");
        try (var pool = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < 3; round++) {
                var together = new CyclicBarrier(2);
                List<Future<HttpResponse<String>>> logins = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    logins.add(pool.submit((Callable<HttpResponse<String>>) () -> {
                        together.await();
                        return passwordGrant("jifen-demo-cli", tenant.adminEmail(), tenant.adminPassword());
                    }));
                }
                for (var login : logins) {
                    var response = login.get();
                    assertThat(response.statusCode()).as("round %d: %s", round, response.body()).isEqualTo(200);
                }
            }
        }
        assertThat(passwordGrant("jifen-demo-cli", tenant.adminEmail(), tenant.adminPassword()).statusCode()).isEqualTo(200);
    }

    @Test
    void manyWrongPasswordsStillLockTheAccountForAWhile() throws Exception {
        var tenant = fixtures.tenant("guessed");
        for (int i = 0; i < 10; i++) {
            var wrong = passwordGrant("jifen-demo-cli", tenant.adminEmail(), "wrong-" + i);
            assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(400);
            assertThat(wrong.body()).contains("invalid_grant");
        }
        try (var admin = KeycloakBuilder.builder().serverUrl(stack().keycloakUrl()).realm(DevStack.REALM)
                .grantType(OAuth2Constants.CLIENT_CREDENTIALS).clientId(DevStack.ADMIN_CLIENT_ID)
                .clientSecret(DevStack.ADMIN_CLIENT_SECRET).build()) {
            var realm = admin.realm(DevStack.REALM);
            String userId = realm.users().searchByEmail(tenant.adminEmail(), true).getFirst().getId();
            // Keycloak records failures after answering: wait until it has counted the tenth.
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Boolean.TRUE.equals(realm.attackDetection().bruteForceUserStatus(userId).get("disabled")));
        }
        var locked = passwordGrant("jifen-demo-cli", tenant.adminEmail(), tenant.adminPassword());
        assertThat(locked.statusCode()).as("the right password after ten wrong ones: %s", locked.body()).isNotEqualTo(200);
    }

    @Test
    void theConsoleClientHasNoPasswordGrant() throws Exception {
        var tenant = fixtures.tenant("console");
        var response = passwordGrant("jifen-console", tenant.adminEmail(), tenant.adminPassword());
        assertThat(response.statusCode()).isIn(400, 401);
        assertThat(response.body()).contains("unauthorized_client");
    }

    @Test
    void anOperatorMustSetUpAOneTimePasswordAtTheBrowserLoginATenantAdminNeedNot() throws Exception {
        directory.ensurePlatformOperator("otp-operator@jifen.test", "Operator", Fixtures.PASSWORD);
        var operator = browserLogin("otp-operator@jifen.test", Fixtures.PASSWORD);
        assertThat(operator.statusCode()).as(operator.body()).isEqualTo(200);
        assertThat(operator.body()).as("the authenticator setup page").containsIgnoringCase("totp");
        assertThat(operator.headers().firstValue("location")).isEmpty();

        var tenant = fixtures.tenant("otp");
        var admin = browserLogin(tenant.adminEmail(), tenant.adminPassword());
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(302);
        assertThat(admin.headers().firstValue("location").orElseThrow()).startsWith("http://127.0.0.1/callback").contains("code=");
    }

    private static HttpResponse<String> passwordGrant(String client, String username, String password) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack().issuerUri() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(form(Map.of("grant_type", "password", "client_id", client, "username", username, "password", password)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The console's authorization code flow up to what follows the username and password form. */
    private static HttpResponse<String> browserLogin(String username, String password) throws Exception {
        // Keycloak's session cookies by hand: Java's cookie manager withholds cookies marked Secure from http URLs.
        var browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        var cookies = new java.util.LinkedHashMap<String, String>();
        String verifier = "verifier-" + "x".repeat(50);
        String challenge = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String query = Map.of("client_id", "jifen-console", "response_type", "code", "scope", "openid",
                        "redirect_uri", "http://127.0.0.1/callback", "code_challenge", challenge, "code_challenge_method", "S256")
                .entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var page = send(browser, cookies, HttpRequest.newBuilder(URI.create(stack().issuerUri() + "/protocol/openid-connect/auth?" + query)));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        var action = Pattern.compile("action=\"([^\"]+)\"").matcher(page.body());
        assertThat(action.find()).as("a login form: %s", page.body()).isTrue();
        var answer = send(browser, cookies, HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(form(Map.of("username", username, "password", password, "credentialId", ""))));
        // Keycloak's own redirects (to a required action) are followed; the one back to the console is the answer.
        for (int hops = 0; hops < 5 && answer.statusCode() == 302; hops++) {
            String location = answer.headers().firstValue("location").orElseThrow();
            if (!location.startsWith(stack().keycloakUrl())) {
                break;
            }
            answer = send(browser, cookies, HttpRequest.newBuilder(URI.create(location)));
        }
        return answer;
    }

    private static HttpResponse<String> send(HttpClient browser, Map<String, String> cookies, HttpRequest.Builder request) throws Exception {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; ")));
        }
        var response = browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String cookie : response.headers().allValues("set-cookie")) {
            String pair = cookie.split(";", 2)[0];
            int equals = pair.indexOf('=');
            if (equals > 0) {
                cookies.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
            }
        }
        return response;
    }

    private static HttpRequest.BodyPublisher form(Map<String, String> fields) {
        return HttpRequest.BodyPublishers.ofString(fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }
}
