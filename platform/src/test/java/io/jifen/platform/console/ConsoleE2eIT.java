package io.jifen.platform.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.support.KeycloakAdmin;
import io.jifen.platform.support.Playwright;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant console in a desktop Chromium, driven by Playwright ({@code src/test/e2e/tests/console.spec.js}) against
 * this running platform and its stack: a brand signs up in the public wizard, verifies its administrator's address by
 * the link Keycloak mailed (read from the stack's mail server), signs in through Keycloak (authorization code with
 * PKCE), runs the calculator against a real member and publishes its first earning rule; a staff user sees no admin
 * actions and the API refuses them; tenant A's admin never sees tenant B's members. With {@code CONSOLE_SCREENSHOTS=<dir>}
 * in the environment the run saves the main screens there (docs/screenshots).
 */
class ConsoleE2eIT extends IntegrationTest {

    private static final String STAFF_PASSWORD = "staff-console-password-42";

    @Test
    void brandsRunTheirProgrammeFromTheConsole() throws Exception {
        String origin = "http://127.0.0.1:" + port;
        KeycloakAdmin.allowConsoleOrigin(origin);
        var b = fixtures.tenant("console-b");
        String adminB = fixtures.adminToken(b);
        String memberB = fixtures.member(fixtures.apiToken(b), "b-secret-member");
        String staff = staff(b, adminB);

        var env = new HashMap<String, String>(Map.of(
                "E2E_BASE_URL", origin,
                "E2E_MAIL_API", stack().mailApiUrl(),
                "E2E_A_SLUG", Fixtures.uniqueSlug("console-a"),
                "E2E_B_SLUG", b.slug(), "E2E_B_ADMIN_EMAIL", b.adminEmail(), "E2E_B_ADMIN_PASSWORD", b.adminPassword(),
                "E2E_B_MEMBER", memberB,
                "E2E_STAFF_EMAIL", staff, "E2E_STAFF_PASSWORD", STAFF_PASSWORD));
        String screenshots = System.getenv("CONSOLE_SCREENSHOTS");
        if (screenshots != null && !screenshots.isBlank()) {
            Files.createDirectories(Path.of(screenshots));
            env.put("E2E_SCREENSHOTS", Path.of(screenshots).toAbsolutePath().toString());
        }

        Playwright.Run run = Playwright.project().test(env, Duration.ofMinutes(6), "tests/console.spec.js");

        assertThat(run.passed()).as("Playwright's output:\n%s", run.output()).isTrue();
    }

    /**
     * A staff user of the tenant, invited by its admin through the API (role tenant-staff), with the password chosen and
     * the address verified as its owner would after the mail's link.
     */
    private String staff(Fixtures.TenantFixture tenant, String admin) {
        String email = "staff@" + tenant.slug() + ".example.com";
        var invited = http().postJson("/api/v1/tenant/admins", admin, Map.of("email", email, "role", "tenant-staff"));
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        KeycloakAdmin.activate(invited.json().get("userId").asString(), STAFF_PASSWORD);
        return email;
    }
}
