package io.jifen.platform.me;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.support.KeycloakAdmin;
import io.jifen.platform.support.Tokens;

import static io.jifen.platform.support.Fixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

/** The member-scoped API: member tokens only, and only the member's own data. */
class MeIT extends IntegrationTest {

    private String signIn(String secret, String slug, String externalId) {
        var session = http().send("POST", AutoLoginIT.link(secret, slug, externalId, Instant.now().getEpochSecond(), AutoLoginIT.nonce(), null),
                null, null, null);
        assertThat(session.status()).as(session.body()).isEqualTo(200);
        return session.json().get("accessToken").asString();
    }

    private String secret(String admin) {
        return http().postJson("/api/v1/auto-login/secret", admin, "{}").json().get("secret").asString();
    }

    private void earn(String token, String member, long points, Instant expiresAt) {
        var earned = http().send("POST", "/api/v1/members/" + member + "/points/earn", token, "application/json",
                Http.json(Map.of("points", points, "expiresAt", expiresAt.toString())), UUID.randomUUID().toString());
        assertThat(earned.status()).as(earned.body()).isEqualTo(201);
    }

    @Test
    void aMemberSeesTheirBalanceWithWhatExpiresWithin30DaysTheirStatementAndLots() {
        var tenant = fixtures.tenant("me-points");
        String backEnd = fixtures.apiToken(tenant);
        String member = fixtures.member(backEnd, "m-1");
        earn(backEnd, member, 100, Instant.now().plus(10, ChronoUnit.DAYS));
        earn(backEnd, member, 250, Instant.now().plus(200, ChronoUnit.DAYS));
        String token = signIn(secret(fixtures.adminToken(tenant)), tenant.slug(), "m-1");

        var balance = http().get("/api/v1/me/points/balance", token);
        var statement = http().get("/api/v1/me/points/statement?size=10", token);
        var lots = http().get("/api/v1/me/points/lots", token);

        assertThat(balance.status()).as(balance.body()).isEqualTo(200);
        assertThat(balance.json().get("memberId").asString()).isEqualTo(member);
        assertThat(balance.json().get("available").asLong()).isEqualTo(350);
        assertThat(balance.json().get("expiringWithin30Days").asLong()).isEqualTo(100);
        assertThat(balance.json().get("revivable").asLong()).as("nothing expired: nothing to revive at a festival").isZero();
        assertThat(statement.status()).as(statement.body()).isEqualTo(200);
        assertThat(statement.json().get("items")).hasSize(2);
        assertThat(lots.json().get("items")).extracting(lot -> lot.get("remaining").asLong()).containsExactlyInAnyOrder(100L, 250L);
    }

    @Test
    void aMemberChecksInOnceADayThroughTheEarningRules() {
        var tenant = fixtures.tenant("me-check-in");
        String backEnd = fixtures.apiToken(tenant);
        String member = fixtures.member(backEnd, "early-bird");
        fixtures.publish(fixtures.adminToken(tenant), """
                {"rules": [{"id": "check-in", "eventTypes": ["CHECK_IN"], "award": {"kind": "FIXED", "points": 5}}]}""",
                Instant.now().minus(1, ChronoUnit.HOURS), null);
        String token = fixtures.memberToken(tenant, member);

        var first = http().postJson("/api/v1/me/check-ins", token, "{}");
        var second = http().postJson("/api/v1/me/check-ins", token, "{}");

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("status").asString()).isEqualTo("APPLIED");
        assertThat(first.json().get("points").asLong()).isEqualTo(5);
        assertThat(second.json().get("status").asString()).as("once a day").isEqualTo("DUPLICATE");
        assertThat(fixtures.balance(backEnd, member)).isEqualTo(5);
        assertThat(http().postJson("/api/v1/me/check-ins", backEnd, "{}").status()).as("members only").isEqualTo(403);
    }

    @Test
    void aMemberSeesTheirTierAndHowFarTheNextOneIsAndTheirTasks() {
        var tenant = fixtures.tenant("me-tier");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String member = fixtures.member(backEnd, "climber");
        fixtures.publish(admin, """
                {"tiers": [{"code": "bronze", "name": "青铜", "minScore": 0},
                           {"code": "gold", "name": "黄金", "minScore": 1000},
                           {"code": "diamond", "name": "钻石", "minScore": 5000}],
                 "tasks": [{"id": "buy-3", "name": "买三次", "eventType": "ORDER_PAID", "count": 3, "points": 30, "period": "MONTH"}],
                 "rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}}]}""",
                Instant.now().minus(1, ChronoUnit.HOURS), null);
        fixtures.points(backEnd, order("me-1", member, 120_000, "shoes", 120_000, "x", 0));
        String token = signIn(secret(admin), tenant.slug(), "climber");

        var tier = http().get("/api/v1/me/tier", token);
        var tasks = http().get("/api/v1/me/tasks", token);

        assertThat(tier.status()).as(tier.body()).isEqualTo(200);
        assertThat(tier.json().get("code").asString()).isEqualTo("gold");
        assertThat(tier.json().get("next").get("code").asString()).isEqualTo("diamond");
        assertThat(tier.json().get("next").get("scoreToGo").asLong()).isEqualTo(5000 - tier.json().get("score").asLong());
        assertThat(tasks.status()).as(tasks.body()).isEqualTo(200);
        assertThat(tasks.json()).extracting(task -> task.get("id").asString()).containsExactly("buy-3");
        assertThat(tasks.json().get(0).get("count").asInt()).isEqualTo(1);
        assertThat(http().get("/api/v1/me/unlocks", token).status()).isEqualTo(200);
    }

    @Test
    void aMemberTokenOpensOnlyMeAndStaffTokensAreRefusedThere() {
        var tenant = fixtures.tenant("me-bounds");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String a = fixtures.member(backEnd, "a");
        String b = fixtures.member(backEnd, "b");
        earn(backEnd, b, 777, Instant.now().plus(100, ChronoUnit.DAYS));
        String tokenA = signIn(secret(admin), tenant.slug(), "a");

        for (String path : new String[] {"/api/v1/members/" + b, "/api/v1/members/" + b + "/points/balance", "/api/v1/members/" + a + "/points/balance",
                "/api/v1/members", "/api/v1/tenant", "/api/v1/auto-login/settings", "/api/v1/operator/tenants", "/api/v1/members/" + b + "/tier"}) {
            var refused = http().get(path, tokenA);
            assertThat(refused.status()).as(path + ": " + refused.body()).isEqualTo(403);
            assertThat(refused.body()).doesNotContain("777");
        }
        assertThat(http().send("POST", "/api/v1/members/" + a + "/points/earn", tokenA, "application/json", "{\"points\": 1}",
                UUID.randomUUID().toString()).status()).isEqualTo(403);
        // Another member's id in a parameter changes nothing: the member is the token's.
        var own = http().get("/api/v1/me/points/balance?memberId=" + b, tokenA);
        assertThat(own.json().get("memberId").asString()).isEqualTo(a);
        assertThat(own.body()).doesNotContain(b).doesNotContain("777");

        for (String staff : new String[] {admin, backEnd}) {
            assertThat(http().get("/api/v1/me/points/balance", staff).status()).isEqualTo(403);
            assertThat(http().get("/api/v1/me", staff).status()).isEqualTo(403);
        }
        assertThat(http().get("/api/v1/me", null).status()).isEqualTo(401);
    }

    @Test
    void aForgedOrAlteredMemberTokenIsRefused() {
        var tenant = fixtures.tenant("me-forged");
        String backEnd = fixtures.apiToken(tenant);
        fixtures.member(backEnd, "a");
        String b = fixtures.member(backEnd, "b");
        String token = signIn(secret(fixtures.adminToken(tenant)), tenant.slug(), "a");
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String otherMember = payload.replaceAll("\"member_id\":\"[^\"]+\"", "\"member_id\":\"" + b + "\"")
                .replaceAll("\"sub\":\"[^\"]+\"", "\"sub\":\"" + b + "\"");
        String altered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(otherMember.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";

        assertThat(otherMember).contains(b);
        assertThat(http().get("/api/v1/me", altered).status()).isEqualTo(401);
        assertThat(http().get("/api/v1/me", unsigned).status()).isEqualTo(401);
        assertThat(http().get("/api/v1/me", token).status()).isEqualTo(200);
    }

    @Test
    void aMemberTokenExpiresAfterItsLifetime() {
        var tenant = fixtures.tenant("me-expiry");
        fixtures.member(fixtures.apiToken(tenant), "a");
        String token = signIn(secret(fixtures.adminToken(tenant)), tenant.slug(), "a");

        clock.setTo(Instant.now().plus(16, ChronoUnit.MINUTES));

        assertThat(http().get("/api/v1/me", token).status()).isEqualTo(401);
    }

    @Test
    void anEmployeeSignedInThroughKeycloakWhoseUserCarriesAMemberIdGetsTheMembersApiOnly() {
        var tenant = fixtures.tenant("me-employee");
        String member = fixtures.member(fixtures.apiToken(tenant), "emp-1");
        var users = KeycloakAdmin.realm().users();
        String email = "employee-" + tenant.slug() + "@example.test";
        var user = new UserRepresentation();
        user.setUsername(email);
        user.setEmail(email);
        user.setEmailVerified(true);
        user.setEnabled(true);
        user.setFirstName("Em");
        user.setLastName("Ployee");
        user.setAttributes(Map.of("tenant_id", List.of(tenant.id().toString()), "member_id", List.of(member)));
        var password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(Fixtures.PASSWORD);
        password.setTemporary(false);
        user.setCredentials(List.of(password));
        String userId;
        try (Response created = users.create(user)) {
            userId = CreatedResponseUtil.getCreatedId(created);
        }
        users.get(userId).roles().realmLevel().add(List.of(KeycloakAdmin.realm().roles().get("member").toRepresentation()));

        String token = Tokens.password(stack(), email, Fixtures.PASSWORD);
        var me = http().get("/api/v1/me", token);

        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json().get("memberId").asString()).isEqualTo(member);
        assertThat(http().get("/api/v1/members/" + member, token).status()).isEqualTo(403);
    }
}
