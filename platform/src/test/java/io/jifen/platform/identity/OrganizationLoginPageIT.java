package io.jifen.platform.identity;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.jifen.platform.support.Browser;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.support.KeycloakAdmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The login page of a tenant's Organization shows the tenant's name and logo, which the tenant admin sets. */
class OrganizationLoginPageIT extends IntegrationTest {

    @Test
    void theLoginPageForATenantsOrganizationShowsItsNameAndLogoAsTheAdminSetsThem() {
        var tenant = fixtures.tenant("branded");
        String admin = fixtures.adminToken(tenant);
        assertThat(loginPage(tenant.slug()).body()).as("the name given at sign-up").contains("品牌 " + tenant.slug())
                .doesNotContain("jifen-org-logo");

        String logo = "https://cdn.example.com/brands/" + tenant.slug() + "/logo.png?v=2";
        var patched = http().patchJson("/api/v1/tenant", admin, Map.of("name", "绿野 <积分> 商城", "logoUrl", logo));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("logoUrl").asString()).isEqualTo(logo);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(organizationAttributes(tenant.id().toString()))
                .containsEntry("logoUrl", List.of(logo)).containsEntry("displayName", List.of("绿野 <积分> 商城")));

        var page = loginPage(tenant.slug());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("data-organization=\"" + tenant.slug() + "\"")
                .contains("绿野 &lt;积分&gt; 商城").doesNotContain("绿野 <积分>")
                .contains("src=\"" + logo.replace("&", "&amp;") + "\"")
                .contains("name=\"username\"");
        assertThat(loginPage(null).body()).as("a login for no tenant in particular").doesNotContain("jifen-org").doesNotContain("绿野");

        var removed = http().patchJson("/api/v1/tenant", admin, Map.of("logoUrl", ""));
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(removed.json().get("logoUrl").isNull()).isTrue();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(organizationAttributes(tenant.id().toString()))
                .doesNotContainKey("logoUrl"));
        assertThat(loginPage(tenant.slug()).body()).doesNotContain("jifen-org-logo").contains("绿野 &lt;积分&gt; 商城");
    }

    @Test
    void aLogoThatIsNotAnHttpsUrlIsRefusedNamingTheFieldAndChangesNothing() {
        var tenant = fixtures.tenant("badlogo");
        String admin = fixtures.adminToken(tenant);
        for (String bad : new String[] {"http://cdn.example.com/logo.png", "javascript:alert(1)", "https://", "/logo.png",
                "https://user:pw@cdn.example.com/x.png", "https://cdn.example.com/a b.png"}) {
            var refused = http().patchJson("/api/v1/tenant", admin, Map.of("name", "Renamed", "logoUrl", bad));
            assertThat(refused.status()).as("%s: %s", bad, refused.body()).isEqualTo(400);
            assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("logoUrl");
        }
        var current = http().get("/api/v1/tenant", admin).json();
        assertThat(current.get("name").asString()).isEqualTo("品牌 " + tenant.slug());
        assertThat(current.get("logoUrl").isNull()).isTrue();
        assertThat(http().patchJson("/api/v1/tenant", fixtures.apiToken(tenant), Map.of("logoUrl", "https://x.example.com/l.png")).status())
                .as("the API client is not the admin").isEqualTo(403);
    }

    /** The console's authorization request, for the tenant's Organization when {@code slug} is given (scope organization:slug). */
    static HttpResponse<String> loginPage(String slug) {
        String scope = slug == null ? "openid" : "openid organization:" + slug;
        String query = Map.of("client_id", "jifen-console", "response_type", "code", "scope", scope,
                        "redirect_uri", "http://127.0.0.1/callback", "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                        "code_challenge_method", "S256")
                .entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var browser = new Browser();
        return browser.follow(browser.get(stack().issuerUri() + "/protocol/openid-connect/auth?" + query), stack().keycloakUrl());
    }

    private static Map<String, List<String>> organizationAttributes(String tenantId) {
        // A search answers brief representations, without attributes.
        var found = KeycloakAdmin.realm().organizations().searchByAttribute("tenant_id:" + tenantId).getFirst();
        return KeycloakAdmin.realm().organizations().get(found.getId()).toRepresentation().getAttributes();
    }
}
