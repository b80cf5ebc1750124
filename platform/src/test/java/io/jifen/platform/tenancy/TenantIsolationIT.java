package io.jifen.platform.tenancy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every API endpoint, read from the application's own request mappings (so a new endpoint is covered the day it
 * is added): a caller of tenant B who names tenant A's resources gets 404, and B's listings never show A's data.
 */
class TenantIsolationIT extends IntegrationTest {

    /** Endpoints that are not tenant-scoped: sign-up is public, operator endpoints (/api/v1/operator/**) are for the platform operator. */
    /**
     * Endpoints whose path names no tenant's resource: sign-up, suppliers' signed notifications (their orders are checked
     * by the hub), and selections, whose path names a SKU of the shared catalog (MallCatalogIT shows one tenant's
     * selection is not another's), and catalog search, which needs the Elasticsearch this test stack lacks (the hub's
     * CatalogSyncIT shows a search of one tenant's selection carries only its prices), and webhook posts, which carry
     * no token but the tenant's signature (EarningWebhooksIT shows another tenant's secret does not verify).
     */
    private static final Set<String> NOT_TENANT_SCOPED = Set.of("/api/v1/signups", "/api/v1/signups/{signupId}/resumption", "/api/v1/supplier-notices/{supplier}",
            "/api/v1/catalog/selections/{supplier}/{skuId}", "/api/v1/catalog/search", "/api/v1/webhooks/{tenantSlug}/events",
            "/api/v1/signups/slug-availability");
    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");
    /** A valid body for writes whose body is checked before the resource is looked up ({@code {}} otherwise). */
    private static final Map<String, String> SAMPLE_BODIES = Map.ofEntries(
            Map.entry("POST /api/v1/members/{memberId}/points/earn", "{\"points\": 1}"),
            Map.entry("POST /api/v1/members/{memberId}/points/spend", "{\"points\": 1}"),
            Map.entry("POST /api/v1/members/{memberId}/points/holds", "{\"points\": 1}"),
            Map.entry("POST /api/v1/points/transactions/{transactionId}/clawback", "{\"points\": 1}"),
            Map.entry("POST /api/v1/members/{memberId}/points/transfers", "{\"points\": 1, \"toMemberId\": \"6f1c8f8e-2d7b-4c55-9d9e-0a7c1f3b2e11\"}"),
            Map.entry("POST /api/v1/members/{memberId}/points/adjustments", "{\"points\": 1, \"reason\": \"isolation\"}"),
            Map.entry("POST /api/v1/members/{memberId}/login", "{\"email\": \"isolation-login@example.com\"}"),
            Map.entry("PATCH /api/v1/point-types/{pointTypeId}", "{\"expiryPolicy\": \"NEVER\", \"expiryMonths\": 0, \"expiryYears\": 0}"),
            Map.entry("PUT /api/v1/earning/rule-versions/{versionId}", """
                    {"rules": {"rules": [{"id": "r", "eventTypes": ["CHECK_IN"], "award": {"kind": "FIXED", "points": 1}}]},
                     "effectiveFrom": "2030-01-01T00:00:00Z"}"""),
            Map.entry("PUT /api/v1/mall/items/{itemId}", """
                    {"kind": "PHYSICAL", "title": "isolation", "payment": "POINTS", "priceFen": 100}"""),
            Map.entry("POST /api/v1/mall/items/{itemId}/stock-changes", "{\"delta\": -1}"),
            Map.entry("PUT /api/v1/mall/zones/{zoneId}", "{\"kind\": \"EMPLOYEES\", \"title\": \"isolation\", \"version\": 0}"),
            Map.entry("PUT /api/v1/mall/zones/{zoneId}/items", "{\"ref\": \"hub:jd:isolation\"}"),
            Map.entry("POST /api/v1/mall/items/{itemId}/codes", "ISOLATION-CODE\n"),
            Map.entry("POST /api/v1/orders/{orderId}/refunds", "{\"points\": 1, \"quantity\": 0, \"restock\": false, \"reason\": \"isolation\"}"));
    /** The body's type where it is not JSON. */
    private static final Map<String, String> SAMPLE_TYPES = Map.of("POST /api/v1/mall/items/{itemId}/codes", "text/csv");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void aCallerFromAnotherTenantGets404ForEveryResourceAndSeesNoneOfItInListings() {
        var a = fixtures.tenant("iso-a");
        var b = fixtures.tenant("iso-b");
        String tokenA = fixtures.adminToken(a);
        String tokenB = fixtures.adminToken(b);
        var member = http().postJson("/api/v1/members", tokenA, Map.of("externalId", "a-only-member", "audience", "DEALER",
                "displayName", "甲方经销商"));
        assertThat(member.status()).isEqualTo(201);
        String memberId = member.json().get("id").asString();
        var earned = http().send("POST", "/api/v1/members/" + memberId + "/points/earn", tokenA, "application/json",
                "{\"points\": 100}", UUID.randomUUID().toString());
        assertThat(earned.status()).isEqualTo(201);
        var held = http().send("POST", "/api/v1/members/" + memberId + "/points/holds", tokenA, "application/json",
                "{\"points\": 10}", UUID.randomUUID().toString());
        assertThat(held.status()).isEqualTo(201);
        var ruleVersion = http().send("POST", "/api/v1/earning/rule-versions", tokenA, "application/json", """
                {"rules": {"rules": [{"id": "check-in", "eventTypes": ["CHECK_IN"], "award": {"kind": "FIXED", "points": 5}}]},
                 "effectiveFrom": "2030-01-01T00:00:00Z"}""");
        assertThat(ruleVersion.status()).isEqualTo(201);
        var event = http().send("POST", "/api/v1/earning/events", tokenA, "application/json",
                "{\"eventId\": \"iso-check-in\", \"type\": \"CHECK_IN\", \"memberId\": \"" + memberId + "\"}");
        assertThat(event.status()).isEqualTo(200);
        assertThat(http().postJson("/api/v1/earning/budgets", tokenA, Map.of("code", "iso-budget", "name", "甲方预算")).status()).isEqualTo(201);
        assertThat(http().postJson("/api/v1/earning/budgets/iso-budget/welfare-schedules", tokenA,
                Map.of("id", "iso-welfare", "dayOfMonth", 1, "points", 1, "reason", "甲方福利")).status()).isEqualTo(201);
        var mallItem = http().postJson("/api/v1/mall/items", tokenA, Map.of("kind", "PHYSICAL", "title", "甲方商品", "payment", "POINTS",
                "priceFen", 5_000, "stock", 5));
        assertThat(mallItem.status()).as(mallItem.body()).isEqualTo(201);
        Map<String, String> resourcesOfA = new java.util.HashMap<>(Map.of(
                "code", "iso-budget",
                "id", "iso-welfare",
                "versionId", ruleVersion.json().get("id").asString(),
                "eventId", "iso-check-in",
                "holdId", held.json().get("transactionId").asString(),
                "memberId", memberId,
                "transactionId", earned.json().get("transactionId").asString(),
                "externalId", "a-only-member",
                "pointTypeId", http().get("/api/v1/point-types", tokenA).json().get(0).get("id").asString(),
                "apiClientId", http().get("/api/v1/api-clients", tokenA).json().get(0).get("id").asString()));
        resourcesOfA.put("itemId", mallItem.json().get("id").asString());
        var zone = http().postJson("/api/v1/mall/zones", tokenA, Map.of("kind", "DEALERS", "title", "甲方专区"));
        assertThat(zone.status()).as(zone.body()).isEqualTo(201);
        resourcesOfA.put("zoneId", zone.json().get("id").asString());
        var sale = http().postJson("/api/v1/mall/flash-sales", tokenA, Map.of("itemId", mallItem.json().get("id").asString(), "startsAt",
                "2030-01-01T00:00:00Z", "endsAt", "2030-01-02T00:00:00Z", "stock", 1, "priceFen", 1));
        assertThat(sale.status()).as(sale.body()).isEqualTo(201);
        resourcesOfA.put("saleId", sale.json().get("id").asString());
        var cheap = http().postJson("/api/v1/mall/items", tokenA, Map.of("kind", "VIRTUAL", "title", "甲方小礼品", "status", "ON_SALE",
                "payment", "POINTS", "priceFen", 10, "stock", 5));
        var order = http().send("POST", "/api/v1/me/orders", fixtures.memberToken(a, memberId), "application/json",
                Http.json(Map.of("item", "item:" + cheap.json().get("id").asString(), "quantity", 1)), "iso-order");
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        resourcesOfA.put("orderId", order.json().get("order").get("id").asString());
        var identityProvider = http().postJson("/api/v1/identity-providers", tokenA, Map.of("alias", "iso-sso", "displayName", "SSO",
                "issuer", stack().keycloakUrl() + "/realms/master", "clientId", "iso", "clientSecret", "iso-secret",
                "emailDomain", "iso-" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".example.com"));
        assertThat(identityProvider.status()).as(identityProvider.body()).isEqualTo(201);
        resourcesOfA.put("alias", "iso-sso");
        resourcesOfA.put("invoiceId", invoiceOf(a));
        resourcesOfA.put("userId", http().get("/api/v1/tenant/admins", tokenA).json().get(0).get("userId").asString());

        List<String> checked = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/") || NOT_TENANT_SCOPED.contains(pattern) || pattern.startsWith("/api/v1/operator/")
                        // Member tokens only, and the member is the token's: no path names another member's resource (MeIT checks them;
                        // MemberMallIT shows a member of one tenant gets 404 for another tenant's mall item).
                        || pattern.equals("/api/v1/me") || pattern.startsWith("/api/v1/me/")) {
                    continue;
                }
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    checkEndpoint(method.name(), pattern, resourcesOfA, tokenA, tokenB);
                    checked.add(method + " " + pattern);
                }
            }
        });
        assertThat(checked).contains("GET /api/v1/members/{memberId}", "POST /api/v1/api-clients/{apiClientId}/secret");
    }

    /** Tenant A's invoice: the operator puts it on a plan, runs a month of its own and finalizes it. */
    private String invoiceOf(io.jifen.platform.support.Fixtures.TenantFixture a) {
        String operator = fixtures.operatorToken();
        var plan = http().postJson("/api/v1/operator/billing/plans", operator, Map.of("code", "iso-plan", "name", "隔离版", "baseFeeFen", 1_000,
                "includedMembers", 10, "overageFenPerMember", 1, "serviceFeeBp", 100, "goodsMarginBp", 100, "notificationFen", 1));
        assertThat(plan.status()).as(plan.body()).isEqualTo(201);
        var subscribed = http().postJson("/api/v1/operator/billing/tenants/" + a.id() + "/subscriptions", operator,
                Map.of("planCode", "iso-plan", "startsOn", "2034-01-01"));
        assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
        var run = http().postJson("/api/v1/operator/billing/runs", operator, Map.of("period", "2034-01"));
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        var invoices = http().get("/api/v1/tenant/billing/invoices", fixtures.adminToken(a));
        assertThat(invoices.json()).as(invoices.body()).hasSize(1);
        String invoice = invoices.json().get(0).get("id").asString();
        // Finalized, so that it has a payment (its collection) for the endpoints that read one.
        var finalized = http().postJson("/api/v1/operator/billing/tenants/" + a.id() + "/invoices/" + invoice + "/finalization", operator, "{}");
        assertThat(finalized.status()).as(finalized.body()).isEqualTo(200);
        return invoice;
    }

    private void checkEndpoint(String method, String pattern, Map<String, String> resourcesOfA, String tokenA, String tokenB) {
        Matcher variables = VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        boolean namesAResource = false;
        while (variables.find()) {
            String value = resourcesOfA.get(variables.group(1));
            if (value == null) {
                fail("No resource of tenant A for {" + variables.group(1) + "} in " + pattern + ": add one to this test");
            }
            variables.appendReplacement(path, value);
            namesAResource = true;
        }
        variables.appendTail(path);
        if (namesAResource) {
            var asB = http().send(method, path.toString(), tokenB, SAMPLE_TYPES.getOrDefault(method + " " + pattern, "application/json"),
                    method.equals("GET") ? null : SAMPLE_BODIES.getOrDefault(method + " " + pattern, "{}"), UUID.randomUUID().toString());
            assertThat(asB.status()).as(method + " " + pattern + " as another tenant: " + asB.body()).isEqualTo(404);
            if (method.equals("GET")) {
                assertThat(http().get(path.toString(), tokenA).status()).as(method + " " + pattern + " as its tenant").isEqualTo(200);
            }
        } else if (method.equals("GET")) {
            var asB = http().get(path.toString(), tokenB);
            assertThat(asB.status()).as("GET " + pattern).isEqualTo(200);
            resourcesOfA.values().forEach(id -> assertThat(asB.body()).as("GET " + pattern + " as another tenant").doesNotContain(id));
        }
        // Writes without a resource in the path (create, import, update own tenant) act on the caller's own tenant only.
    }
}
