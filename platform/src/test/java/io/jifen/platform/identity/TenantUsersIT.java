package io.jifen.platform.identity;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.jifen.platform.support.Browser;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.support.KeycloakAdmin;
import io.jifen.platform.support.Mailbox;
import io.jifen.platform.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/** A tenant admin invites more admins and staff; Keycloak mails them; they sign in with the tenant's roles; they can be removed. */
class TenantUsersIT extends IntegrationTest {

    private static final String NEW_PASSWORD = "invited-admin-password-42";

    @Test
    void anInvitedAdminVerifiesTheAddressChoosesAPasswordAndAdministersTheTenant() {
        var tenant = fixtures.tenant("invite");
        String admin = fixtures.adminToken(tenant);
        String email = "second.admin@" + tenant.slug() + ".example.com";

        var invited = http().postJson("/api/v1/tenant/admins", admin, Map.of("email", email));

        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        assertThat(invited.json().get("roles").toString()).contains("tenant-admin");
        assertThat(invited.json().get("emailVerified").asBoolean()).isFalse();
        assertThat(invited.json().get("pendingActions").toString()).contains("VERIFY_EMAIL", "UPDATE_PASSWORD");
        String userId = invited.json().get("userId").asString();
        var organization = KeycloakAdmin.realm().organizations().searchByAttribute("tenant_id:" + tenant.id()).getFirst();
        assertThat(KeycloakAdmin.realm().organizations().get(organization.getId()).members().search(email, true, 0, 5))
                .extracting(m -> m.getId()).containsExactly(userId);
        assertThat(Tokens.passwordStatus(stack(), email, NEW_PASSWORD)).as("no password before the mail's link").isNotEqualTo(200);

        followTheMailAndChooseAPassword(email);

        String second = Tokens.password(stack(), email, NEW_PASSWORD);
        var tenantAsSecond = http().get("/api/v1/tenant", second);
        assertThat(tenantAsSecond.status()).as(tenantAsSecond.body()).isEqualTo(200);
        assertThat(tenantAsSecond.json().get("id").asString()).isEqualTo(tenant.id().toString());
        assertThat(http().get("/api/v1/audit-events", second).status()).isEqualTo(200);
        JsonNode listed = http().get("/api/v1/tenant/admins", admin).json();
        assertThat(listed.toString()).contains(email, tenant.adminEmail()).doesNotContain("service-account-");

        var removed = http().send("DELETE", "/api/v1/tenant/admins/" + userId, admin, null, null);
        assertThat(removed.status()).as(removed.body()).isEqualTo(204);
        assertThat(Tokens.passwordStatus(stack(), email, NEW_PASSWORD)).isNotEqualTo(200);
        assertThat(http().get("/api/v1/tenant/admins", admin).body()).doesNotContain(email);
        assertThat(http().get("/api/v1/audit-events?resource=tenant-user:" + userId, admin).json().get("items")).hasSize(2);
    }

    @Test
    void staffAreInvitedWithTheirRoleAndTheLastAdminStays() {
        var tenant = fixtures.tenant("invite-staff");
        String admin = fixtures.adminToken(tenant);
        var staff = http().postJson("/api/v1/tenant/admins", admin, Map.of("email", "staff@" + tenant.slug() + ".example.com", "role", "tenant-staff"));
        assertThat(staff.status()).as(staff.body()).isEqualTo(201);
        assertThat(staff.json().get("roles").toString()).contains("tenant-staff").doesNotContain("tenant-admin");
        assertThat(Mailbox.actionLink(stack(), "staff@" + tenant.slug() + ".example.com")).isNotBlank();

        var badRole = http().postJson("/api/v1/tenant/admins", admin, Map.of("email", "x@" + tenant.slug() + ".example.com", "role", "platform-operator"));
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.body()).contains("role");
        var othersAddress = http().postJson("/api/v1/tenant/admins", admin, Map.of("email", fixtures.tenant("invite-other").adminEmail()));
        assertThat(othersAddress.status()).as(othersAddress.body()).isEqualTo(409);
        assertThat(othersAddress.body()).contains("email");

        String self = http().get("/api/v1/tenant/admins", admin).json().values().stream()
                .filter(user -> user.get("email").asString().equals(tenant.adminEmail())).findFirst().orElseThrow().get("userId").asString();
        var last = http().send("DELETE", "/api/v1/tenant/admins/" + self, admin, null, null);
        assertThat(last.status()).as(last.body()).isEqualTo(409);
        assertThat(http().postJson("/api/v1/tenant/admins", fixtures.apiToken(tenant), Map.of("email", "y@" + tenant.slug() + ".example.com"))
                .status()).isEqualTo(403);
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
}
