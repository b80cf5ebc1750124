package io.jifen.platform.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.support.Tokens;

class SignupIT extends IntegrationTest {

    @Test
    void aBrandSignsUpAndItsAdminAndBackEndCanUseTheApi() {
        String slug = Fixtures.uniqueSlug("milk");
        var response = http().postJson("/api/v1/signups", null, Fixtures.signupBody(slug));

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        var body = response.json();
        assertThat(body.get("slug").asString()).isEqualTo(slug);
        assertThat(body.get("status").asString()).isEqualTo("ACTIVE");
        String clientId = body.get("apiClient").get("clientId").asString();
        String secret = body.get("apiClient").get("secret").asString();
        assertThat(secret).isNotBlank();

        String adminToken = Tokens.password(stack(), "admin@" + slug + ".example.com", Fixtures.PASSWORD);
        var tenant = http().get("/api/v1/tenant", adminToken).json();
        assertThat(tenant.get("id").asString()).isEqualTo(body.get("tenantId").asString());
        assertThat(tenant.get("timeZone").asString()).isEqualTo("Asia/Shanghai");
        assertThat(tenant.get("currency").asString()).isEqualTo("CNY");

        String apiToken = Tokens.clientCredentials(stack(), clientId, secret);
        var pointTypes = http().get("/api/v1/point-types", apiToken).json();
        assertThat(pointTypes).hasSize(1);
        assertThat(pointTypes.get(0).get("name").asString()).isEqualTo("积分");
        assertThat(pointTypes.get(0).get("anchorPoints").asLong()).isEqualTo(1);
        assertThat(pointTypes.get(0).get("anchorAmountMinor").asLong()).isEqualTo(1);
    }

    @Test
    void repeatingTheSameSignUpReturnsTheSameTenantWithoutASecret() {
        String slug = Fixtures.uniqueSlug("repeat");
        var first = http().postJson("/api/v1/signups", null, Fixtures.signupBody(slug));
        var second = http().postJson("/api/v1/signups", null, Fixtures.signupBody(slug));

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().get("tenantId")).isEqualTo(first.json().get("tenantId"));
        assertThat(second.json().get("apiClient").get("clientId")).isEqualTo(first.json().get("apiClient").get("clientId"));
        assertThat(second.json().get("apiClient").get("secret").isNull()).isTrue();
    }

    @Test
    void aTakenSlugIsAConflict() {
        String slug = Fixtures.uniqueSlug("taken");
        http().postJson("/api/v1/signups", null, Fixtures.signupBody(slug));
        var other = Fixtures.signupBody(slug);
        other.put("name", "Another brand");
        other.put("adminEmail", "someone@else.example.com");

        var response = http().postJson("/api/v1/signups", null, other);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("https://jifen.io/problems/slug-taken");
    }

    @Test
    void badSignUpsAreRejectedNamingTheFieldAndCreateNothing() {
        String slug = Fixtures.uniqueSlug("bad");
        var body = Fixtures.signupBody(slug);
        body.put("timeZone", "Mars/Olympus");
        var response = http().postJson("/api/v1/signups", null, body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("timeZone");

        body = Fixtures.signupBody(slug);
        body.put("adminPassword", "short");
        body.put("slug", "Not A Slug");
        response = http().postJson("/api/v1/signups", null, body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("adminPassword").contains("slug");

        body = Fixtures.signupBody(slug);
        body.put("plan", "free");
        response = http().postJson("/api/v1/signups", null, body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("plan");

        // Nothing was registered: the same slug is still free for a good sign-up.
        assertThat(http().postJson("/api/v1/signups", null, Fixtures.signupBody(slug)).status()).isEqualTo(201);
    }
}
