package io.jifen.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.jifen.billing.InvoiceCollections;
import io.jifen.platform.identity.KeycloakDirectory;
import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.support.KeycloakAdmin;
import io.jifen.platform.support.Playwright;
import io.jifen.platform.support.StackProperties;
import io.jifen.platform.support.TestStack;
import io.jifen.platform.support.Tokens;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole product once, in Chromium ({@code src/test/e2e/tests/journeys.spec.js}) against this platform with real
 * Elasticsearch and supplier sandboxes ({@link TestStack#hub()}): a brand signs up in the console, publishes a rule,
 * picks a supplier's e-voucher into its mall and issues its API client and auto-login secret; a member earns through the
 * brand's API and redeems the voucher in the mall on a phone-size page; the operator runs the month and finalizes the
 * brand's invoice, which Stripe (the fake) collects; the brand sees the redemption's service fee and goods cost on its
 * paid invoice. The browser does what people do; between its parts this test only moves the clock into the next month
 * and lets the collection job push (both scheduled in production).
 */
class JourneysE2eIT extends IntegrationTest {

    private static final String PASSWORD = "journey-password-42";
    private static final ZoneId BILLING_ZONE = ZoneId.of("Asia/Shanghai");

    @Autowired
    KeycloakDirectory directory;
    @Autowired
    InvoiceCollections collections;

    /** This class's platform searches the hub stack's Elasticsearch and orders from its sandboxes (a context of its own). */
    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        StackProperties.hub(TestStack.hub()).forEach((name, value) -> registry.add(name, () -> value));
        registry.add("jifen.hub.schedule.index-backlog", () -> "*/2 * * * * *");
        registry.add("jifen.mall.schedule.search-feed", () -> "*/2 * * * * *");
    }

    @Test
    void aBrandAMemberAndTheOperatorEachDoTheirJob() throws Exception {
        String origin = "http://127.0.0.1:" + port;
        KeycloakAdmin.allowConsoleOrigin(origin);
        stack().stripe().sendEventsToPlatformOn(port);
        String operator = fixtures.operatorToken();
        // The operator's standing set-up: the e-voucher supplier's catalog synced, a plan to sell.
        var sync = http().postJson("/api/v1/operator/catalog/suppliers/vouchers/full-syncs", operator, "{}");
        assertThat(sync.status()).as(sync.body()).isEqualTo(200);
        String plan = "journey-" + UUID.randomUUID().toString().substring(0, 8);
        var published = http().postJson("/api/v1/operator/billing/plans", operator, Map.of("code", plan, "name", "成长版", "baseFeeFen", 99_900,
                "includedMembers", 1_000, "overageFenPerMember", 10, "serviceFeeBp", 200, "goodsMarginBp", 500, "notificationFen", 5));
        assertThat(published.status()).as(published.body()).isEqualTo(201);
        String operatorEmail = "ops-" + UUID.randomUUID().toString().substring(0, 8) + "@jifen.test";
        directory.ensurePlatformOperator(operatorEmail, "运营 小周", PASSWORD);

        String slug = Fixtures.uniqueSlug("journey");
        String adminEmail = "admin@" + slug + ".example.com";
        Path state = Files.createTempDirectory("journey-");
        var env = new HashMap<>(Map.of("E2E_BASE_URL", origin, "E2E_MAIL_API", stack().mailApiUrl(), "E2E_KEYCLOAK_URL", stack().keycloakUrl(),
                "E2E_STATE", state.toString(), "E2E_SLUG", slug, "E2E_ADMIN_EMAIL", adminEmail, "E2E_PASSWORD", PASSWORD,
                "E2E_OPERATOR_EMAIL", operatorEmail));

        part(env, "a brand signs up");
        String admin = Tokens.password(stack(), adminEmail, PASSWORD);
        UUID tenant = UUID.fromString(http().get("/api/v1/tenant", admin).json().get("id").asString());
        YearMonth month = YearMonth.now(BILLING_ZONE);
        var subscribed = http().postJson("/api/v1/operator/billing/tenants/" + tenant + "/subscriptions", operator,
                Map.of("planCode", plan, "startsOn", month.atDay(1).toString()));
        assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);

        part(env, "a member earns");
        JsonNode journey = JsonMapper.shared().readTree(Files.readString(state.resolve("state.json")));
        String orderPath = "/api/v1/orders/" + journey.get("orderId").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> http().get(orderPath, admin).json().get("order").get("state").asString().equals("DELIVERED"));
        JsonNode order = http().get(orderPath, admin).json().get("order");
        long goodsCost = order.get("goodsCostFen").asLong();
        assertThat(goodsCost).as("a supplier's voucher costs the brand its goods").isPositive();

        // The next month, the day after the month's end (the monthly run's schedule is off in tests: the operator runs it).
        clock.setTo(month.plusMonths(1).atDay(2).atTime(10, 0).atZone(BILLING_ZONE).toInstant());
        env.put("E2E_PERIOD", month.toString());
        env.put("E2E_TENANT_ID", tenant.toString());
        part(env, "the operator runs the month");
        collections.pushDue(clock.instant());
        JsonNode invoice = http().get("/api/v1/tenant/billing/invoices", admin).json().get(0);
        String paymentPath = "/api/v1/tenant/billing/invoices/" + invoice.get("id").asString() + "/payment";
        await().atMost(Duration.ofSeconds(30)).until(() -> http().get(paymentPath, admin).json().path("status").asString("").equals("PAID"));

        // The redemption on the invoice: its value at the point type's value, 2 % of it; the voucher's cost and 5 % on it.
        var lines = new HashMap<String, JsonNode>();
        invoice.get("lines").forEach(line -> lines.put(line.get("kind").asString(), line));
        JsonNode pointType = http().get("/api/v1/point-types", admin).json().get(0);
        long value = order.get("points").asLong() * pointType.get("anchorAmountMinor").asLong() / pointType.get("anchorPoints").asLong();
        assertThat(lines.get("SERVICE_FEE").get("quantity").asLong()).isEqualTo(value);
        assertThat(lines.get("SERVICE_FEE").get("amountFen").asLong()).isEqualTo(Math.round(value * 200 / 10_000.0));
        assertThat(lines.get("GOODS_COST").get("amountFen").asLong()).isEqualTo(goodsCost);
        assertThat(lines.get("GOODS_MARGIN").get("amountFen").asLong()).isEqualTo(Math.round(goodsCost * 500 / 10_000.0));
        env.put("E2E_INVOICE", invoice.get("number").asString());
        env.put("E2E_GOODS_COST", String.valueOf(goodsCost));
        part(env, "the brand sees its paid invoice");
    }

    private void part(Map<String, String> env, String title) {
        Playwright.Run run = Playwright.project().test(env, Duration.ofMinutes(4), "tests/journeys.spec.js", "--grep", title);
        assertThat(run.passed()).as("%s: Playwright's output:\n%s", title, run.output()).isTrue();
    }
}
