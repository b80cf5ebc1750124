package io.jifen.platform.support;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import io.jifen.platform.identity.KeycloakDirectory;
import io.jifen.platform.identity.MemberTokens;
import io.jifen.platform.onboarding.OnboardingService;
import io.jifen.platform.onboarding.SignupRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenants and tokens for tests, made through the real onboarding and the real Keycloak; and what the earning tests of
 * several modules share: members, published rules, events and balances over HTTP.
 */
@Component
public class Fixtures {

    public record TenantFixture(UUID id, String slug, String adminEmail, String adminPassword, String apiClientId, String apiClientSecret) {
    }

    public static final String PASSWORD = "correct-horse-battery-staple";
    private final OnboardingService onboarding;
    private final KeycloakDirectory directory;
    private final MemberTokens memberTokens;
    private final Environment environment;

    Fixtures(OnboardingService onboarding, KeycloakDirectory directory, MemberTokens memberTokens, Environment environment) {
        this.onboarding = onboarding;
        this.directory = directory;
        this.memberTokens = memberTokens;
        this.environment = environment;
    }

    public static String uniqueSlug(String prefix) {
        return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    public static Map<String, Object> signupBody(String slug) {
        var body = new LinkedHashMap<String, Object>();
        body.put("slug", slug);
        body.put("name", "品牌 " + slug);
        body.put("adminEmail", "admin@" + slug + ".example.com");
        body.put("adminName", "管理员");
        body.put("adminPassword", PASSWORD);
        return body;
    }

    public TenantFixture tenant(String prefix) {
        return tenantWithSlug(uniqueSlug(prefix));
    }

    public TenantFixture tenantWithSlug(String slug) {
        String email = "admin@" + slug + ".example.com";
        var result = Signups.complete(onboarding, TestStack.get(), new SignupRequest(slug, "品牌 " + slug, email, "管理员", PASSWORD,
                null, null, null, null, null, null));
        return new TenantFixture(result.tenant().id(), slug, email, PASSWORD, result.apiClient().clientId(), result.apiClient().secret());
    }

    public String adminToken(TenantFixture tenant) {
        return Tokens.password(TestStack.get(), tenant.adminEmail(), tenant.adminPassword());
    }

    public String apiToken(TenantFixture tenant) {
        return Tokens.clientCredentials(TestStack.get(), tenant.apiClientId(), tenant.apiClientSecret());
    }

    /** A member token as the platform issues one after a signed auto-login (AutoLoginIT tests the link itself). */
    public String memberToken(TenantFixture tenant, String memberId) {
        return memberTokens.issue(tenant.id(), UUID.fromString(memberId)).accessToken();
    }

    public String operatorToken() {
        directory.ensurePlatformOperator("operator@jifen.test", "Operator", PASSWORD);
        return Tokens.password(TestStack.get(), "operator@jifen.test", PASSWORD);
    }

    // Earning over HTTP -----------------------------------------------------------------------------------------------

    /** A rule set of the earning tests: 1 point a yuan, milk x3, first orders x2, 30 or 100 more from 200 or 500 yuan, 10 a check-in. */
    public static final String RULES = """
            {"pointType": null, "stacking": "PRODUCT", "dailyCapPerMember": 100000, "rules": [
              {"id": "base", "name": "消费1元积1分", "priority": 100, "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1, "rounding": "FLOOR"}},
              {"id": "milk", "name": "奶粉3倍", "priority": 90, "eventTypes": ["ORDER_PAID"], "when": {"categories": ["milk"]},
               "award": {"kind": "PER_YUAN", "points": 2}},
              {"id": "first-order", "name": "首单双倍", "eventTypes": ["ORDER_PAID"], "when": {"firstOrder": true},
               "award": {"kind": "MULTIPLIER", "factor": 2}},
              {"id": "spend-500", "name": "满500赠100", "eventTypes": ["ORDER_PAID"], "award": {"kind": "THRESHOLD_BONUS",
               "thresholds": [{"minAmountFen": 20000, "points": 30}, {"minAmountFen": 50000, "points": 100}]}},
              {"id": "check-in", "name": "签到", "eventTypes": ["CHECK_IN"], "award": {"kind": "FIXED", "points": 10}}
            ]}""";

    public String publish(String admin, String rules, Instant from, Instant to) {
        var draft = http().send("POST", "/api/v1/earning/rule-versions", admin, "application/json",
                "{\"rules\": " + rules + ", \"effectiveFrom\": \"" + from + "\", \"effectiveTo\": " + (to == null ? "null" : "\"" + to + "\"") + "}");
        assertThat(draft.status()).as(draft.body()).isEqualTo(201);
        String id = draft.json().get("id").asString();
        var published = http().send("POST", "/api/v1/earning/rule-versions/" + id + "/publish", admin, "application/json", "{}");
        assertThat(published.status()).as(published.body()).isEqualTo(200);
        return id;
    }

    public String member(String token, String externalId) {
        var created = http().postJson("/api/v1/members", token, Map.of("externalId", externalId, "audience", "CONSUMER", "displayName", "会员"));
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    public long balance(String token, String member) {
        return http().get("/api/v1/members/" + member + "/points/balance", token).json().get("available").asLong();
    }

    public long points(String token, String event) {
        var answer = http().send("POST", "/api/v1/earning/events", token, "application/json", event);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("points").asLong();
    }

    public void postAt(String token, String event, Instant at) {
        String withTime = event.substring(0, event.length() - 1) + ", \"occurredAt\": \"" + at + "\"}";
        assertThat(http().send("POST", "/api/v1/earning/events", token, "application/json", withTime).status()).isEqualTo(200);
    }

    public long checkIn(String token, String eventId, String member, Instant at, String device) {
        Map<String, Object> event = new java.util.LinkedHashMap<>(Map.of("eventId", eventId, "type", "CHECK_IN", "memberId", member,
                "occurredAt", at.toString()));
        if (device != null) {
            event.put("attributes", Map.of("deviceId", device));
        }
        var answer = http().send("POST", "/api/v1/earning/events", token, "application/json", Http.json(event));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("points").asLong();
    }

    public static String order(String orderId, String member, long amount, String category1, long amount1, String category2, long amount2) {
        return Http.json(Map.of("eventId", orderId + "-paid", "type", "ORDER_PAID", "memberId", member, "order", Map.of("orderId", orderId,
                "amountFen", amount, "items", List.of(Map.of("category", category1, "amountFen", amount1), Map.of("category", category2, "amountFen", amount2)),
                "channel", "app")));
    }

    public static String refund(String eventId, String member, String orderId, long refund) {
        return Http.json(Map.of("eventId", eventId, "type", "ORDER_REFUNDED", "memberId", member, "order", Map.of("orderId", orderId, "refundFen", refund)));
    }

    public static String checkIn(String eventId, String member) {
        return Http.json(Map.of("eventId", eventId, "type", "CHECK_IN", "memberId", member));
    }

    /** The running application (its port is known once the server has started, after this bean was made). */
    private Http http() {
        return new Http("http://127.0.0.1:" + environment.getRequiredProperty("local.server.port"));
    }
}
