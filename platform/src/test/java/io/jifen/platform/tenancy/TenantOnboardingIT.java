package io.jifen.platform.tenancy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.jifen.platform.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's onboarding wizard is known finished by the tenant's {@code onboardedAt}: unset for a new brand, set once by an admin. */
class TenantOnboardingIT extends IntegrationTest {

    @Test
    void aNewBrandIsNotOnboardedUntilAnAdminFinishesAndTheFirstFinishIsKept() {
        var tenant = fixtures.tenant("onboard");
        String admin = fixtures.adminToken(tenant);
        var fresh = http().get("/api/v1/tenant", admin);
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.json().get("onboardedAt").isNull()).as(fresh.body()).isTrue();

        var finished = http().send("PUT", "/api/v1/tenant/onboarding", admin, null, null);

        assertThat(finished.status()).as(finished.body()).isEqualTo(200);
        Instant at = Instant.parse(finished.json().get("onboardedAt").asString());
        assertThat(Instant.parse(http().get("/api/v1/tenant", admin).json().get("onboardedAt").asString())).isEqualTo(at);
        var again = http().send("PUT", "/api/v1/tenant/onboarding", admin, null, null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(Instant.parse(again.json().get("onboardedAt").asString())).as("the first finish is kept").isEqualTo(at);
    }

    @Test
    void onlyTheTenantsAdminFinishesItsOnboarding() {
        var tenant = fixtures.tenant("onboard-api");
        var other = fixtures.tenant("onboard-other");
        String admin = fixtures.adminToken(tenant);

        var byClient = http().send("PUT", "/api/v1/tenant/onboarding", fixtures.apiToken(tenant), null, null);

        assertThat(byClient.status()).isEqualTo(403);
        assertThat(byClient.contentType()).contains("application/problem+json");
        assertThat(http().send("PUT", "/api/v1/tenant/onboarding", null, null, null).status()).isEqualTo(401);
        assertThat(http().send("PUT", "/api/v1/tenant/onboarding", fixtures.adminToken(other), null, null).status()).isEqualTo(200);
        assertThat(http().get("/api/v1/tenant", admin).json().get("onboardedAt").isNull()).as("another tenant's finish is not this one's").isTrue();
    }
}
