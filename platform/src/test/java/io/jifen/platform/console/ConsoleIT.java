package io.jifen.platform.console;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.jifen.platform.identity.KeycloakProperties;
import io.jifen.platform.support.Browser;
import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's build as the platform serves it: its pages without a token, deep links, cache headers, its configuration. */
class ConsoleIT extends IntegrationTest {

    private static final Pattern ENTRY_SCRIPT = Pattern.compile("src=\"(/console/assets/index-[A-Za-z0-9_-]+\\.js)\"");

    @Autowired
    KeycloakProperties keycloak;

    @Test
    void theConsoleRootAnswersTheApplicationsIndexRevalidatedOnEveryLoad() {
        Http.Response index = http().get("/console/", null);

        assertThat(index.status()).isEqualTo(200);
        assertThat(index.contentType()).startsWith("text/html");
        assertThat(index.body()).contains("<div id=\"root\"></div>").containsPattern(ENTRY_SCRIPT);
        assertThat(header(index, "cache-control")).contains("no-cache");
    }

    @Test
    void aDeepLinkAnswersTheSameIndexSoThatTheBrowsersRouterShowsThePage() {
        Http.Response index = http().get("/console/", null);
        Http.Response deepLink = http().get("/console/members/123", null);

        assertThat(deepLink.status()).isEqualTo(200);
        assertThat(deepLink.contentType()).startsWith("text/html");
        assertThat(deepLink.body()).isEqualTo(index.body());
        assertThat(header(deepLink, "cache-control")).contains("no-cache");
    }

    @Test
    void theConsoleWithoutItsSlashIsRedirectedToIt() {
        Http.Response bare = http().get("/console", null);

        assertThat(bare.status()).isEqualTo(302);
        assertThat(header(bare, "location")).endsWith("/console/");
    }

    @Test
    void anAssetIsCachedForAYearAsImmutableBecauseItsNameCarriesItsHash() {
        var script = ENTRY_SCRIPT.matcher(http().get("/console/", null).body());
        assertThat(script.find()).isTrue();

        Http.Response asset = http().get(script.group(1), null);

        assertThat(asset.status()).isEqualTo(200);
        assertThat(asset.contentType()).contains("javascript");
        assertThat(header(asset, "cache-control")).contains("max-age=31536000").contains("immutable");
    }

    @Test
    void aMissingAssetIsNotFoundRatherThanTheIndex() {
        assertThat(http().get("/console/assets/index-missing.js", null).status()).isEqualTo(404);
        assertThat(http().get("/console/favicon-missing.png", null).status()).isEqualTo(404);
    }

    @Test
    void theConfigurationNamesTheRealmAndTheConsolesPublicClientWithoutAToken() {
        Http.Response config = http().get("/console/config.json", null);

        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().get("authority").asString()).isEqualTo(keycloak.issuerUri());
        assertThat(config.json().get("clientId").asString()).isEqualTo("jifen-console");
    }

    @Test
    void theApiStillWantsATokenThoughTheConsoleDoesNot() {
        assertThat(http().get("/api/v1/members", null).status()).isEqualTo(401);
    }

    @Test
    void anAdminSignsInThroughTheConsolesClientWithPkceAndItsTokenOpensTheApi() throws Exception {
        var tenant = fixtures.tenant("console-pkce");
        String callback = "http://127.0.0.1:" + port + "/console/callback";
        String verifier = "console-verifier-" + "v".repeat(40);
        String challenge = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        var browser = new Browser();

        // The realm's loopback redirect URIs take the platform's port, whichever it is.
        var login = browser.get(keycloak.issuerUri() + "/protocol/openid-connect/auth?" + Browser.form(Map.of("client_id", "jifen-console",
                "response_type", "code", "scope", "openid", "redirect_uri", callback, "state", "s-1", "code_challenge", challenge,
                "code_challenge_method", "S256")));
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        var back = browser.follow(browser.post(Browser.formAction(login), Map.of("username", tenant.adminEmail(),
                "password", tenant.adminPassword(), "credentialId", "")), stack().keycloakUrl());
        String location = Browser.location(back).orElseThrow(() -> new AssertionError(back.body()));
        assertThat(location).startsWith(callback + "?");
        String code = queryParameter(location, "code");

        // Without the verifier the code is worth nothing (PKCE); a code is good once, so this try comes first.
        assertThat(exchange(code, callback, "wrong-" + verifier, null).statusCode()).isEqualTo(400);
        var login2 = browser.follow(browser.get(keycloak.issuerUri() + "/protocol/openid-connect/auth?" + Browser.form(Map.of(
                "client_id", "jifen-console", "response_type", "code", "scope", "openid", "redirect_uri", callback, "state", "s-2",
                "code_challenge", challenge, "code_challenge_method", "S256"))), stack().keycloakUrl());
        code = queryParameter(Browser.location(login2).orElseThrow(() -> new AssertionError(login2.body())), "code");

        // As the console's code does it from the run command's origin (the realm's web origins, for CORS).
        String origin = "http://127.0.0.1:" + System.getenv().getOrDefault("JIFEN_PORT", "8080");
        var tokens = exchange(code, callback, verifier, origin);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(tokens.headers().firstValue("access-control-allow-origin")).hasValue(origin);
        String accessToken = new Http.Response(200, Map.of(), tokens.body()).json().get("access_token").asString();

        assertThat(http().get("/api/v1/members", accessToken).status()).isEqualTo(200);
        assertThat(http().get("/api/v1/tenant", accessToken).json().get("slug").asString()).isEqualTo(tenant.slug());

        // Signing out ends the Keycloak session and comes back to the console (the realm's post-logout redirects).
        String idToken = new Http.Response(200, Map.of(), tokens.body()).json().get("id_token").asString();
        String consoleRoot = "http://127.0.0.1:" + port + "/console/";
        var logout = browser.get(keycloak.issuerUri() + "/protocol/openid-connect/logout?" + Browser.form(Map.of(
                "id_token_hint", idToken, "post_logout_redirect_uri", consoleRoot, "client_id", "jifen-console")));
        assertThat(Browser.location(browser.follow(logout, stack().keycloakUrl()))).as(logout.body()).hasValue(consoleRoot);
        var afterLogout = browser.get(keycloak.issuerUri() + "/protocol/openid-connect/auth?" + Browser.form(Map.of("client_id", "jifen-console",
                "response_type", "code", "scope", "openid", "redirect_uri", callback, "state", "s-3", "code_challenge", challenge,
                "code_challenge_method", "S256")));
        assertThat(afterLogout.statusCode()).as("the login page again, not a code").isEqualTo(200);
    }

    private HttpResponse<String> exchange(String code, String redirectUri, String verifier, String origin) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(keycloak.issuerUri() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Browser.form(Map.of("grant_type", "authorization_code", "client_id", "jifen-console",
                        "code", code, "redirect_uri", redirectUri, "code_verifier", verifier))));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String queryParameter(String url, String name) {
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError(url + " has no " + name);
    }

    private static String header(Http.Response response, String name) {
        return String.join(", ", response.headers().getOrDefault(name, java.util.List.of()));
    }
}
