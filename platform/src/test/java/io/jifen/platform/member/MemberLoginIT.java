package io.jifen.platform.member;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.platform.support.Browser;
import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.support.KeycloakAdmin;
import io.jifen.platform.support.Mailbox;
import io.jifen.platform.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/** Employees, dealers and sales guides get a login of their own in Keycloak, in their tenant's Organization. */
class MemberLoginIT extends IntegrationTest {

    private static final String NEW_PASSWORD = "dealer-chosen-password-42";

    @Test
    void anEmployeeGivenALoginVerifiesTheAddressChoosesAPasswordAndReachesTheMemberApi() {
        var tenant = fixtures.tenant("staffmall");
        String admin = fixtures.adminToken(tenant);
        String memberId = member(admin, "emp-1", "EMPLOYEE");
        String email = "li.lei@" + tenant.slug() + ".example.com";

        var given = login(admin, memberId, email);

        assertThat(given.status()).as(given.body()).isEqualTo(201);
        assertThat(given.json().get("email").asString()).isEqualTo(email);
        assertThat(given.json().get("emailVerified").asBoolean()).isFalse();
        assertThat(given.json().get("pendingActions").values().stream().map(JsonNode::asString)).contains("VERIFY_EMAIL", "UPDATE_PASSWORD");
        UserRepresentation user = KeycloakAdmin.realm().users().get(given.json().get("userId").asString()).toRepresentation();
        assertThat(user.getAttributes()).containsEntry("tenant_id", List.of(tenant.id().toString()))
                .containsEntry("member_id", List.of(memberId));
        assertThat(realmRoles(user.getId())).contains("member").doesNotContain("tenant-admin", "tenant-staff");
        var organization = KeycloakAdmin.realm().organizations().searchByAttribute("tenant_id:" + tenant.id()).getFirst();
        assertThat(KeycloakAdmin.realm().organizations().get(organization.getId()).members().search(email, true, 0, 5))
                .extracting(m -> m.getId()).containsExactly(user.getId());
        assertThat(Tokens.passwordStatus(stack(), email, NEW_PASSWORD)).as("no password before the mail's link").isNotEqualTo(200);

        followTheMailAndChooseAPassword(email);

        String token = Tokens.password(stack(), email, NEW_PASSWORD);
        JsonNode claims = claims(token);
        assertThat(claims.get("member_id").asString()).isEqualTo(memberId);
        assertThat(claims.get("tenant_id").asString()).isEqualTo(tenant.id().toString());
        var me = http().get("/api/v1/me", token);
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json().get("memberId").asString()).isEqualTo(memberId);
        assertThat(KeycloakAdmin.realm().users().get(user.getId()).toRepresentation().isEmailVerified()).isTrue();

        var again = login(admin, memberId, email.toUpperCase());
        assertThat(again.status()).as("the same login again: %s", again.body()).isEqualTo(200);
        assertThat(again.json().get("userId").asString()).isEqualTo(user.getId());
        assertThat(KeycloakAdmin.realm().users().searchByEmail(email, true)).hasSize(1);

        var removed = http().send("DELETE", "/api/v1/members/" + memberId + "/login", admin, null, null);
        assertThat(removed.status()).as(removed.body()).isEqualTo(204);
        assertThat(KeycloakAdmin.realm().users().searchByEmail(email, true)).isEmpty();
        assertThat(Tokens.passwordStatus(stack(), email, NEW_PASSWORD)).isNotEqualTo(200);
        assertThat(http().send("DELETE", "/api/v1/members/" + memberId + "/login", admin, null, null).status())
                .as("removing a login that is gone").isEqualTo(204);
    }

    @Test
    void aUserOfTheTenantWithTheAddressIsLinkedAndKeepsTheirAccountWhenTheLoginIsRemoved() {
        var tenant = fixtures.tenant("linked");
        String admin = fixtures.adminToken(tenant);
        String memberId = member(admin, "dealer-1", "DEALER");

        var linked = login(admin, memberId, tenant.adminEmail());

        assertThat(linked.status()).as(linked.body()).isEqualTo(200);
        String userId = linked.json().get("userId").asString();
        assertThat(KeycloakAdmin.realm().users().get(userId).toRepresentation().getAttributes())
                .containsEntry("member_id", List.of(memberId)).containsEntry("tenant_id", List.of(tenant.id().toString()));
        assertThat(realmRoles(userId)).contains("member", "tenant-admin");
        assertThat(claims(fixtures.adminToken(tenant)).get("member_id").asString()).isEqualTo(memberId);

        var removed = http().send("DELETE", "/api/v1/members/" + memberId + "/login", admin, null, null);

        assertThat(removed.status()).as(removed.body()).isEqualTo(204);
        var user = KeycloakAdmin.realm().users().get(userId).toRepresentation();
        assertThat(user.getAttributes()).doesNotContainKey("member_id").containsEntry("tenant_id", List.of(tenant.id().toString()));
        assertThat(realmRoles(userId)).contains("tenant-admin").doesNotContain("member");
        assertThat(Tokens.passwordStatus(stack(), tenant.adminEmail(), tenant.adminPassword())).isEqualTo(200);
    }

    @Test
    void anotherTenantsAddressOrMemberAndBadInputAreRefusedNamingTheFieldAndChangeNothing() {
        var tenant = fixtures.tenant("refuses");
        var other = fixtures.tenant("otherco");
        String admin = fixtures.adminToken(tenant);
        String memberId = member(admin, "guide-1", "SALES_GUIDE");
        String othersMember = member(fixtures.adminToken(other), "theirs", "EMPLOYEE");

        var othersAddress = login(admin, memberId, other.adminEmail());
        assertThat(othersAddress.status()).as(othersAddress.body()).isEqualTo(409);
        assertThat(othersAddress.contentType()).startsWith("application/problem+json");
        assertThat(othersAddress.json().get("errors").get(0).get("field").asString()).isEqualTo("email");
        assertThat(KeycloakAdmin.realm().users().searchByEmail(other.adminEmail(), true).getFirst().getAttributes())
                .doesNotContainKey("member_id").containsEntry("tenant_id", List.of(other.id().toString()));

        assertThat(login(admin, othersMember, "x@" + tenant.slug() + ".example.com").status()).as("another tenant's member").isEqualTo(404);
        assertThat(KeycloakAdmin.realm().users().searchByEmail("x@" + tenant.slug() + ".example.com", true)).isEmpty();

        for (String bad : new String[] {"not-an-address", "", "a@b@c"}) {
            var refused = login(admin, memberId, bad);
            assertThat(refused.status()).as("%s: %s", bad, refused.body()).isEqualTo(400);
            assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("email");
        }
        var noEmail = http().postJson("/api/v1/members/" + memberId + "/login", admin, Map.of());
        assertThat(noEmail.status()).isEqualTo(400);

        String first = "first@" + tenant.slug() + ".example.com";
        assertThat(login(admin, memberId, first).status()).isEqualTo(201);
        var second = login(admin, memberId, "second@" + tenant.slug() + ".example.com");
        assertThat(second.status()).as("a member with a login under another address: %s", second.body()).isEqualTo(409);
        assertThat(second.json().get("errors").get(0).get("field").asString()).isEqualTo("memberId");
        String anotherMember = member(admin, "guide-2", "SALES_GUIDE");
        var taken = login(admin, anotherMember, first);
        assertThat(taken.status()).as("an address that signs in another member: %s", taken.body()).isEqualTo(409);
        assertThat(taken.json().get("errors").get(0).get("field").asString()).isEqualTo("email");

        assertThat(login(fixtures.apiToken(tenant), memberId, "api@" + tenant.slug() + ".example.com").status())
                .as("the tenant's API client is staff, not its admin").isEqualTo(403);
    }

    private Http.Response login(String token, String memberId, String email) {
        return http().postJson("/api/v1/members/" + memberId + "/login", token, Map.of("email", email));
    }

    private String member(String admin, String externalId, String audience) {
        var created = http().postJson("/api/v1/members", admin, Map.of("externalId", externalId, "audience", audience, "displayName", "员工"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static List<String> realmRoles(String userId) {
        return KeycloakAdmin.realm().users().get(userId).roles().realmLevel().listAll().stream().map(RoleRepresentation::getName).toList();
    }

    /** The mail's link in a browser: Keycloak may ask to proceed, then asks for the new password twice. */
    private static void followTheMailAndChooseAPassword(String email) {
        var browser = new Browser();
        String keycloak = stack().keycloakUrl();
        var page = browser.follow(browser.get(Mailbox.actionLink(stack(), email)), keycloak);
        var proceed = java.util.regex.Pattern.compile("href=\"([^\"]*login-actions/action-token[^\"]*)\"").matcher(page.body());
        if (!page.body().contains("password-new") && proceed.find()) {
            page = browser.follow(browser.get(Browser.unescape(proceed.group(1))), keycloak);
        }
        assertThat(page.body()).as("the new password form").contains("password-new");
        var done = browser.follow(browser.post(Browser.formAction(page), Map.of("password-new", NEW_PASSWORD, "password-confirm", NEW_PASSWORD)), keycloak);
        assertThat(done.statusCode()).as(done.body()).isLessThan(400);
    }

    private static JsonNode claims(String token) {
        return JsonMapper.builder().build().readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }
}
