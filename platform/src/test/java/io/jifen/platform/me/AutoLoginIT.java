package io.jifen.platform.me;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Signed auto-login links over HTTP: what the brand's back end mints opens a member session once, within 5 minutes. */
class AutoLoginIT extends IntegrationTest {

    /** A link as the brand's back end mints it: the fields, the signature over their canonical string, as a query. */
    static String link(String secret, String tenant, String member, long ts, String nonce, String redirect) {
        String sig = AutoLoginLink.sign(secret, AutoLoginLink.canonical(tenant, member, String.valueOf(ts), nonce, redirect));
        return query(tenant, member, ts, nonce, redirect, sig);
    }

    static String query(String tenant, String member, long ts, String nonce, String redirect, String sig) {
        return "/api/v1/auto-login?tenant=" + encode(tenant) + "&member=" + encode(member) + "&ts=" + ts + "&nonce=" + encode(nonce)
                + (redirect == null ? "" : "&redirect=" + encode(redirect)) + "&sig=" + sig;
    }

    static String nonce() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Http.Response open(String link) {
        return http().send("POST", link, null, null, null);
    }

    private String secret(String admin) {
        var issued = http().postJson("/api/v1/auto-login/secret", admin, "{}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json().get("secret").asString();
    }

    @Test
    void aFreshLinkOpensASessionForItsMemberWithItsDeepLinkAndTheTokenOpensTheMembersOwnData() {
        var tenant = fixtures.tenant("al-good");
        String admin = fixtures.adminToken(tenant);
        String secret = secret(admin);
        String memberId = fixtures.member(fixtures.apiToken(tenant), "u-1001");

        var session = open(link(secret, tenant.slug(), "u-1001", Instant.now().getEpochSecond(), nonce(), "/items/42?from=app"));

        assertThat(session.status()).as(session.body()).isEqualTo(200);
        assertThat(session.json().get("memberId").asString()).isEqualTo(memberId);
        assertThat(session.json().get("created").asBoolean()).isFalse();
        assertThat(session.json().get("redirect").asString()).isEqualTo("/items/42?from=app");
        assertThat(session.json().get("tokenType").asString()).isEqualTo("Bearer");
        var me = http().get("/api/v1/me", session.json().get("accessToken").asString());
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json().get("memberId").asString()).isEqualTo(memberId);
        assertThat(me.json().get("externalId").asString()).isEqualTo("u-1001");
        assertThat(http().get("/api/v1/auto-login/settings", admin).json().get("secretIssued").asBoolean()).isTrue();
    }

    @Test
    void aLinkSignedMoreThanFiveMinutesAgoOrInTheFutureIsRefused() {
        var tenant = fixtures.tenant("al-expired");
        String secret = secret(fixtures.adminToken(tenant));
        fixtures.member(fixtures.apiToken(tenant), "u-1");
        Instant now = Instant.parse("2026-11-30T10:00:00Z");
        clock.setTo(now);

        var old = open(link(secret, tenant.slug(), "u-1", now.getEpochSecond() - 301, nonce(), null));
        var future = open(link(secret, tenant.slug(), "u-1", now.getEpochSecond() + 120, nonce(), null));
        var justInTime = open(link(secret, tenant.slug(), "u-1", now.getEpochSecond() - 299, nonce(), null));

        assertThat(old.status()).isEqualTo(401);
        assertThat(old.json().get("type").asString()).endsWith("auto-login-expired");
        assertThat(future.status()).isEqualTo(401);
        assertThat(justInTime.status()).as(justInTime.body()).isEqualTo(200);
    }

    @Test
    void aLinkWorksOnceAndARefusedLinkDoesNotUseUpItsNonce() {
        var tenant = fixtures.tenant("al-replay");
        String secret = secret(fixtures.adminToken(tenant));
        fixtures.member(fixtures.apiToken(tenant), "u-1");
        long ts = Instant.now().getEpochSecond();
        String nonce = nonce();
        String good = link(secret, tenant.slug(), "u-1", ts, nonce, null);

        var forged = open(link("alsec_guessed", tenant.slug(), "u-1", ts, nonce, null));
        var first = open(good);
        var replayed = open(good);

        assertThat(forged.status()).isEqualTo(401);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.json().get("type").asString()).endsWith("auto-login-replayed");
        assertThat(replayed.body()).doesNotContain("accessToken");
    }

    @Test
    void aWrongSecretATamperedFieldARotatedSecretAndAnUnknownTenantAllGetTheSame401() {
        var tenant = fixtures.tenant("al-forged");
        String admin = fixtures.adminToken(tenant);
        String secret = secret(admin);
        fixtures.member(fixtures.apiToken(tenant), "u-1");
        fixtures.member(fixtures.apiToken(tenant), "u-2");
        long ts = Instant.now().getEpochSecond();
        String sig = AutoLoginLink.sign(secret, AutoLoginLink.canonical(tenant.slug(), "u-1", String.valueOf(ts), "n".repeat(16), "/home"));

        var wrongSecret = open(link("alsec_guessed", tenant.slug(), "u-1", ts, nonce(), null));
        var otherMember = open(query(tenant.slug(), "u-2", ts, "n".repeat(16), "/home", sig));
        var otherRedirect = open(query(tenant.slug(), "u-1", ts, "n".repeat(16), "/orders", sig));
        var otherTime = open(query(tenant.slug(), "u-1", ts + 1, "n".repeat(16), "/home", sig));
        var withoutSig = open(link(secret, tenant.slug(), "u-1", ts, nonce(), null).replaceAll("&sig=[0-9a-f]+", "&sig="));
        String old = secret;
        secret(admin);
        var rotated = open(link(old, tenant.slug(), "u-1", ts, nonce(), null));
        var unknownTenant = open(link(old, "no-such-tenant-" + nonce().substring(0, 8), "u-1", ts, nonce(), null));
        var untouched = open(query(tenant.slug(), "u-1", ts, "n".repeat(16), "/home", sig));

        for (var refused : new Http.Response[] {wrongSecret, otherMember, otherRedirect, otherTime, rotated, unknownTenant}) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(401);
            assertThat(refused.json().get("type").asString()).endsWith("auto-login-signature");
            assertThat(refused.body()).doesNotContain("accessToken");
        }
        assertThat(withoutSig.status()).isEqualTo(400);
        assertThat(withoutSig.json().get("errors").get(0).get("field").asString()).isEqualTo("sig");
        assertThat(untouched.status()).as("signed with the secret rotated away").isEqualTo(401);
    }

    @Test
    void aDeepLinkOutsideTheMallIsRefusedEvenWhenSigned() {
        var tenant = fixtures.tenant("al-redirect");
        String secret = secret(fixtures.adminToken(tenant));
        fixtures.member(fixtures.apiToken(tenant), "u-1");
        long ts = Instant.now().getEpochSecond();

        for (String redirect : new String[] {"https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "items/1"}) {
            var answer = open(link(secret, tenant.slug(), "u-1", ts, nonce(), redirect));
            assertThat(answer.status()).as(redirect + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("redirect");
        }
    }

    @Test
    void anUnknownMemberIsCreatedOnFirstArrivalOnlyWhenTheTenantAllowsIt() {
        var tenant = fixtures.tenant("al-create");
        String admin = fixtures.adminToken(tenant);
        String secret = secret(admin);
        long ts = Instant.now().getEpochSecond();

        var refused = open(link(secret, tenant.slug(), "newcomer", ts, nonce(), null));
        assertThat(refused.status()).as(refused.body()).isEqualTo(404);
        assertThat(refused.json().get("type").asString()).endsWith("auto-login-unknown-member");
        assertThat(http().get("/api/v1/members/by-external-id/newcomer", admin).status()).isEqualTo(404);

        var allowed = http().send("PUT", "/api/v1/auto-login/settings", admin, "application/json", Http.json(Map.of("createUnknownMembers", true)));
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
        var created = open(link(secret, tenant.slug(), "newcomer", ts, nonce(), null));
        var again = open(link(secret, tenant.slug(), "newcomer", ts, nonce(), null));

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.json().get("created").asBoolean()).isTrue();
        assertThat(again.json().get("created").asBoolean()).isFalse();
        assertThat(again.json().get("memberId").asString()).isEqualTo(created.json().get("memberId").asString());
        var member = http().get("/api/v1/members/" + created.json().get("memberId").asString(), admin);
        assertThat(member.json().get("externalId").asString()).isEqualTo("newcomer");
        assertThat(member.json().get("audience").asString()).isEqualTo("CONSUMER");
    }

    @Test
    void onlyTheTenantAdminIssuesTheSecretAndChangesTheSetting() {
        var tenant = fixtures.tenant("al-admin");
        String backEnd = fixtures.apiToken(tenant);

        assertThat(http().postJson("/api/v1/auto-login/secret", backEnd, "{}").status()).isEqualTo(403);
        assertThat(http().send("PUT", "/api/v1/auto-login/settings", backEnd, "application/json", "{\"createUnknownMembers\": true}").status())
                .isEqualTo(403);
        assertThat(http().postJson("/api/v1/auto-login/secret", null, "{}").status()).isEqualTo(401);
    }
}
