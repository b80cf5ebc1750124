package io.jifen.platform.console;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.jifen.platform.identity.KeycloakProperties;
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

    private static String header(Http.Response response, String name) {
        return String.join(", ", response.headers().getOrDefault(name, java.util.List.of()));
    }
}
