package io.jifen.platform.storefront;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.support.KeycloakAdmin;
import io.jifen.platform.support.Playwright;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mall on a phone-sized Chromium, driven by Playwright ({@code src/test/e2e}) against this running platform and its
 * stack: a consumer arrives by the brand's link, checks in, redeems an e-voucher and sees its code; an employee signs in
 * through Keycloak and redeems a shipped item; another tenant's member and spent links are turned away. The data is made
 * here through the platform's API; the browser only does what a member does. With {@code MALL_SCREENSHOTS=<dir>} in the
 * environment the run saves the main pages' screenshots there (docs/screenshots).
 */
class MallE2eIT extends IntegrationTest {

    private static final String EMPLOYEE_PASSWORD = "employee-mall-password-42";

    @Test
    void phoneFlowsThroughTheMall() throws Exception {
        var shops = new MallShops(fixtures, http());
        var a = shops.shop("e2e-a", 12_000);
        fixtures.publish(a.admin(), Fixtures.RULES, Instant.now().minusSeconds(60), null);
        assertThat(http().patchJson("/api/v1/tenant", a.admin(), Map.of("primaryColor", "#0A7D3B")).status()).isEqualTo(200);
        var b = shops.shop("e2e-b", 7_777);
        String email = employee(a, 8_000);
        // Points + cash: 3,000 points and ¥20 through the Stripe fake's test payment page, whose events reach this platform.
        var cashItem = http().postJson("/api/v1/mall/items", a.admin(), Map.of("kind", "PHYSICAL", "title", "运动水壶", "status", "ON_SALE",
                "payment", "POINTS_AND_CASH", "priceFen", 5_000, "cashFen", 2_000, "stock", 5));
        assertThat(cashItem.status()).as(cashItem.body()).isEqualTo(201);
        stack().stripe().sendEventsToPlatformOn(port);

        var env = new HashMap<String, String>(Map.of(
                "E2E_BASE_URL", "http://127.0.0.1:" + port,
                "E2E_A_SLUG", a.tenant().slug(), "E2E_A_SECRET", a.secret(), "E2E_A_MEMBER", a.externalId(), "E2E_A_NAME", "品牌 " + a.tenant().slug(),
                "E2E_A_VOUCHER", a.voucherItem(), "E2E_A_PHYSICAL", a.physicalItem(),
                "E2E_B_SLUG", b.tenant().slug(), "E2E_B_SECRET", b.secret(), "E2E_B_MEMBER", b.externalId()));
        env.put("E2E_B_NAME", "品牌 " + b.tenant().slug());
        env.put("E2E_A_CASH", "item:" + cashItem.json().get("id").asString());
        env.put("E2E_EMPLOYEE_EMAIL", email);
        env.put("E2E_EMPLOYEE_PASSWORD", EMPLOYEE_PASSWORD);
        String screenshots = System.getenv("MALL_SCREENSHOTS");
        if (screenshots != null && !screenshots.isBlank()) {
            Files.createDirectories(Path.of(screenshots));
            env.put("E2E_SCREENSHOTS", Path.of(screenshots).toAbsolutePath().toString());
        }

        Playwright.Run run = Playwright.project().test(env, Duration.ofMinutes(5), "tests/mall.spec.js");

        assertThat(run.passed()).as("Playwright's output:\n%s", run.output()).isTrue();
    }

    /**
     * An employee of the shop's tenant with points and a Keycloak login, as the tenant admin gives one (the member's
     * login), with the password chosen and the address verified, as its owner would after the mail's link.
     */
    private String employee(MallShops.Shop shop, long points) {
        var created = http().postJson("/api/v1/members", shop.backEnd(), Map.of("externalId", "emp-" + MallShops.nonce().substring(0, 8),
                "audience", "EMPLOYEE", "displayName", "李雷"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String member = created.json().get("id").asString();
        var earned = http().send("POST", "/api/v1/members/" + member + "/points/earn", shop.backEnd(), "application/json",
                Http.json(Map.of("points", points)), MallShops.nonce());
        assertThat(earned.status()).as(earned.body()).isEqualTo(201);
        String email = "li.lei@" + shop.tenant().slug() + ".example.com";
        var login = http().postJson("/api/v1/members/" + member + "/login", shop.admin(), Map.of("email", email));
        assertThat(login.status()).as(login.body()).isEqualTo(201);
        KeycloakAdmin.activate(login.json().get("userId").asString(), EMPLOYEE_PASSWORD);
        return email;
    }
}
