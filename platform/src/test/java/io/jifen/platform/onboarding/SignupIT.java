package io.jifen.platform.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.support.KeycloakAdmin;
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
    void anInterruptedSignUpIsCompletedByRepeatingIt() throws Exception {
        String slug = Fixtures.uniqueSlug("resume");
        var first = http().postJson("/api/v1/signups", null, Fixtures.signupBody(slug));
        String tenantId = first.json().get("tenantId").asString();
        // As if the process died after the Keycloak steps: the tenant is still provisioning and its own rows are missing.
        try (var db = stack().superuserConnection("jifen"); var sql = db.createStatement()) {
            sql.execute("delete from platform.api_client where tenant_id = '" + tenantId + "'");
            sql.execute("delete from platform.point_type where tenant_id = '" + tenantId + "'");
            sql.execute("update platform.tenant set status = 'PROVISIONING' where id = '" + tenantId + "'");
        }

        var resumed = http().postJson("/api/v1/signups", null, Fixtures.signupBody(slug));

        assertThat(resumed.status()).as(resumed.body()).isEqualTo(201);
        assertThat(resumed.json().get("tenantId").asString()).isEqualTo(tenantId);
        assertThat(resumed.json().get("status").asString()).isEqualTo("ACTIVE");
        String token = Tokens.clientCredentials(stack(), resumed.json().get("apiClient").get("clientId").asString(),
                resumed.json().get("apiClient").get("secret").asString());
        assertThat(http().get("/api/v1/point-types", token).json()).hasSize(1);
        assertThat(Tokens.clientCredentialsStatus(stack(), first.json().get("apiClient").get("clientId").asString(),
                first.json().get("apiClient").get("secret").asString())).as("the first secret was replaced").isEqualTo(401);
    }

    @Test
    void aTenantAdminReadsAndChangesItsSettingsAndBadSettingsChangeNothing() {
        var tenant = fixtures.tenant("settings");
        String admin = fixtures.adminToken(tenant);

        var changed = http().patchJson("/api/v1/tenant", admin, java.util.Map.of("name", "新名字", "timeZone", "Asia/Hong_Kong", "currency", "HKD"));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("timeZone").asString()).isEqualTo("Asia/Hong_Kong");

        var bad = http().patchJson("/api/v1/tenant", admin, java.util.Map.of("name", "不该保存", "currency", "XYZ"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("currency");
        var now = http().get("/api/v1/tenant", admin).json();
        assertThat(now.get("name").asString()).isEqualTo("新名字");
        assertThat(now.get("currency").asString()).isEqualTo("HKD");
        assertThat(http().patchJson("/api/v1/tenant", fixtures.apiToken(tenant), java.util.Map.of("name", "x")).status())
                .as("a back end (tenant-staff) cannot change tenant settings").isEqualTo(403);
    }

    @Test
    void twoBrandsMayShareADisplayName() {
        var first = Fixtures.signupBody(Fixtures.uniqueSlug("same-name"));
        var second = Fixtures.signupBody(Fixtures.uniqueSlug("same-name"));
        first.put("name", "贝拉母婴");
        second.put("name", "贝拉母婴");

        assertThat(http().postJson("/api/v1/signups", null, first).status()).isEqualTo(201);
        var response = http().postJson("/api/v1/signups", null, second);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
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
        body.put("pointAnchorPoints", -5);
        response = http().postJson("/api/v1/signups", null, body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("pointAnchorPoints");

        response = http().postJson("/api/v1/signups", null,
                Http.json(Fixtures.signupBody(slug)).replace("}", ",\"pointAnchorAmountMinor\": 1e400}"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("pointAnchorAmountMinor");

        body = Fixtures.signupBody(slug);
        body.put("name", "牌".repeat(101));
        response = http().postJson("/api/v1/signups", null, body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("name");

        body = Fixtures.signupBody(slug);
        body.put("plan", "free");
        response = http().postJson("/api/v1/signups", null, body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("plan");

        // Nothing was registered: the same slug is still free for a good sign-up.
        assertThat(http().postJson("/api/v1/signups", null, Fixtures.signupBody(slug)).status()).isEqualTo(201);
    }

    @Test
    void replayingAProvisioningSignUpWithoutItsResumeTokenIsRefusedAndChangesNothing() throws Exception {
        String slug = Fixtures.uniqueSlug("replay");
        var first = http().postJson("/api/v1/signups", null, Fixtures.signupBody(slug));
        String tenantId = first.json().get("tenantId").asString();
        // As if the first sign-up had not finished: the tenant is provisioning.
        try (var db = stack().superuserConnection("jifen"); var sql = db.createStatement()) {
            sql.execute("delete from platform.api_client where tenant_id = '" + tenantId + "'");
            sql.execute("delete from platform.point_type where tenant_id = '" + tenantId + "'");
            sql.execute("update platform.tenant set status = 'PROVISIONING' where id = '" + tenantId + "'");
        }
        var replay = Fixtures.signupBody(slug);
        replay.put("adminPassword", "the-replayers-own-password");

        var response = http().postJson("/api/v1/signups", null, replay);

        assertThat(response.status()).as(response.body()).isEqualTo(409);
        assertThat(response.body()).doesNotContain("secret").doesNotContain(tenantId);
        assertThat(Tokens.passwordStatus(stack(), "admin@" + slug + ".example.com", "the-replayers-own-password")).isNotEqualTo(200);
        assertThat(KeycloakAdmin.realm().clients().findByClientId("tenant-" + slug + "-api")).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void theAdminsEmailIsNotTakenAsVerified() {
        String slug = Fixtures.uniqueSlug("verify");
        var response = http().postJson("/api/v1/signups", null, Fixtures.signupBody(slug));
        assertThat(response.status()).as(response.body()).isLessThan(300);

        var admin = KeycloakAdmin.realm().users().searchByEmail("admin@" + slug + ".example.com", true).getFirst();
        assertThat(admin.isEmailVerified()).isFalse();
        assertThat(admin.getRequiredActions()).contains("VERIFY_EMAIL");
    }

    @Test
    void aSignUpWithAnotherTenantsAdminEmailIsAnsweredLikeAFreshOne() {
        String owner = Fixtures.uniqueSlug("owner");
        assertThat(http().postJson("/api/v1/signups", null, Fixtures.signupBody(owner)).status()).isLessThan(300);
        var fresh = http().postJson("/api/v1/signups", null, Fixtures.signupBody(Fixtures.uniqueSlug("fresh")));
        var prying = Fixtures.signupBody(Fixtures.uniqueSlug("prying"));
        prying.put("adminEmail", "admin@" + owner + ".example.com");

        var response = http().postJson("/api/v1/signups", null, prying);

        assertThat(response.status()).as(response.body()).isEqualTo(fresh.status());
        assertThat(fieldNames(response.json())).isEqualTo(fieldNames(fresh.json()));
    }

    @Test
    void theSameSignUpTwiceAtOnceMakesOneTenantOneOrganizationAndOneAdmin() throws Exception {
        String slug = Fixtures.uniqueSlug("race");
        var start = new java.util.concurrent.CyclicBarrier(2);
        try (var threads = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            var answers = threads.invokeAll(java.util.List.<java.util.concurrent.Callable<Http.Response>>of(
                    () -> { start.await(); return http().postJson("/api/v1/signups", null, Fixtures.signupBody(slug)); },
                    () -> { start.await(); return http().postJson("/api/v1/signups", null, Fixtures.signupBody(slug)); }));
            for (var answer : answers) {
                assertThat(answer.get().status()).as(answer.get().body()).isLessThan(500);
            }
        }
        try (var db = stack().superuserConnection("jifen");
             var rows = db.createStatement().executeQuery("select count(*) from platform.tenant where slug = '" + slug + "'")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
        assertThat(KeycloakAdmin.realm().organizations().search(slug, true, 0, 10)).hasSize(1);
        assertThat(KeycloakAdmin.realm().users().searchByEmail("admin@" + slug + ".example.com", true)).hasSize(1);
        assertThat(KeycloakAdmin.realm().clients().findByClientId("tenant-" + slug + "-api")).hasSizeLessThanOrEqualTo(1);
    }

    private static java.util.List<String> fieldNames(tools.jackson.databind.JsonNode json) {
        var names = new java.util.ArrayList<String>(json.propertyNames());
        java.util.Collections.sort(names);
        return names;
    }
}
