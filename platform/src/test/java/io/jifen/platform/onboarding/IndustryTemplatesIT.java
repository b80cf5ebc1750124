package io.jifen.platform.onboarding;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.jifen.platform.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Every industry template applies to a fresh tenant through the platform's own validators: its rules publish, its zones exist. */
class IndustryTemplatesIT extends IntegrationTest {

    @Test
    void everyTemplateAppliesToAFreshTenantAndItsRulesPublish() {
        var listing = http().get("/api/v1/industry-templates", fixtures.adminToken(fixtures.tenant("tpl-list")));
        assertThat(listing.status()).as(listing.body()).isEqualTo(200);
        assertThat(listing.json().values().stream().map(t -> t.get("industry").asString()))
                .containsExactly("mother-and-baby", "beauty", "food-and-beverage", "retail", "b2b-manufacturer");

        for (JsonNode template : listing.json().values()) {
            String industry = template.get("industry").asString();
            var tenant = fixtures.tenant("tpl-" + industry.substring(0, 4));
            String admin = fixtures.adminToken(tenant);

            var applied = http().postJson("/api/v1/tenant/template", admin, Map.of("industry", industry));

            assertThat(applied.status()).as(industry + ": " + applied.body()).isEqualTo(201);
            String versionId = applied.json().get("ruleVersionId").asString();
            var version = http().get("/api/v1/earning/rule-versions/" + versionId, admin);
            assertThat(version.json().get("state").asString()).as(industry).isEqualTo("PUBLISHED");
            assertThat(version.json().get("rules").get("rules").size()).isEqualTo(template.get("rules").asInt());
            assertThat(http().get("/api/v1/mall/zones", admin).json().size()).as(industry).isEqualTo(template.get("zones").asInt());
        }
    }

    @Test
    void aTemplateAppliesOnceAndAnotherIsRefusedAfterIt() {
        var tenant = fixtures.tenant("tpl-once");
        String admin = fixtures.adminToken(tenant);
        var first = http().postJson("/api/v1/tenant/template", admin, Map.of("industry", "retail"));
        assertThat(first.status()).as(first.body()).isEqualTo(201);

        var again = http().postJson("/api/v1/tenant/template", admin, Map.of("industry", "retail"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("ruleVersionId").asString()).isEqualTo(first.json().get("ruleVersionId").asString());
        assertThat(again.json().get("zoneIds")).isEqualTo(first.json().get("zoneIds"));
        var other = http().postJson("/api/v1/tenant/template", admin, Map.of("industry", "beauty"));
        assertThat(other.status()).isEqualTo(409);
        var unknown = http().postJson("/api/v1/tenant/template", admin, Map.of("industry", "mining"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("industry");
        assertThat(http().get("/api/v1/earning/rule-versions", admin).json().get("items").size()).isEqualTo(1);
        assertThat(http().get("/api/v1/mall/zones", admin).json().size()).isEqualTo(2);
        assertThat(http().postJson("/api/v1/tenant/template", fixtures.apiToken(tenant), Map.of("industry", "retail")).status()).isEqualTo(403);
    }
}
