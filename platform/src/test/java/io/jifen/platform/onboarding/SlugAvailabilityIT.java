package io.jifen.platform.onboarding;

import org.junit.jupiter.api.Test;

import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The sign-up wizard checks a slug as it is typed, without a token, and learns no more than a sign-up would tell. */
class SlugAvailabilityIT extends IntegrationTest {

    @Test
    void aSlugIsAvailableTakenOrInvalidWithTheSignupsOwnReason() {
        var tenant = fixtures.tenant("slugcheck");
        String free = Fixtures.uniqueSlug("slugfree");

        var available = http().get("/api/v1/signups/slug-availability?slug=" + free, null);
        assertThat(available.status()).as(available.body()).isEqualTo(200);
        assertThat(available.json().get("status").asString()).isEqualTo("AVAILABLE");
        assertThat(available.json().get("reason").isNull()).isTrue();

        var taken = http().get("/api/v1/signups/slug-availability?slug=" + tenant.slug(), null);
        assertThat(taken.status()).isEqualTo(200);
        assertThat(taken.json().get("status").asString()).isEqualTo("TAKEN");
        assertThat(taken.body()).doesNotContain(tenant.id().toString(), "ACTIVE", "PROVISIONING");

        var invalid = http().get("/api/v1/signups/slug-availability?slug=Bad_Slug", null);
        assertThat(invalid.status()).isEqualTo(200);
        assertThat(invalid.json().get("status").asString()).isEqualTo("INVALID");
        assertThat(invalid.json().get("reason").asString()).contains("lower-case");

        var missing = http().get("/api/v1/signups/slug-availability", null);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.body()).contains("slug");
    }
}
