package io.jifen.platform.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.platform.support.Fixtures.TenantFixture;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.tenancy.TenantContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every admin change through the API leaves one audit event with who, when, what and the resource before and after. */
class AuditLogIT extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aWriteThroughTheApiRecordsExactlyOneEventWithItsBeforeAndAfter() {
        var tenant = fixtures.tenant("audit-write");
        String admin = fixtures.adminToken(tenant);
        String pointType = http().get("/api/v1/point-types", admin).json().get(0).get("id").asString();
        String before = http().get("/api/v1/point-types/" + pointType, admin).json().get("expiryPolicy").asString();

        var changed = http().withHeader("X-Request-Id", "audit-it-" + pointType).patchJson("/api/v1/point-types/" + pointType, admin,
                Map.of("expiryPolicy", "ROLLING_MONTHS", "expiryMonths", 12));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);

        JsonNode events = events(admin, "resource=point-type:" + pointType);
        assertThat(events).hasSize(1);
        JsonNode event = events.get(0);
        assertThat(event.get("method").asString()).isEqualTo("PATCH");
        assertThat(event.get("path").asString()).isEqualTo("/api/v1/point-types/{pointTypeId}");
        assertThat(event.get("pathIds").get("pointTypeId").asString()).isEqualTo(pointType);
        assertThat(event.get("resource").get("type").asString()).isEqualTo("point-type");
        assertThat(event.get("before").get("expiryPolicy").asString()).isEqualTo(before);
        assertThat(event.get("after").get("expiryPolicy").asString()).isEqualTo("ROLLING_MONTHS");
        assertThat(event.get("after").get("expiryMonths").asInt()).isEqualTo(12);
        assertThat(event.get("requestId").asString()).isEqualTo("audit-it-" + pointType);
        assertThat(event.get("actor").get("subject").asString()).isEqualTo(subject(admin));
        assertThat(event.get("actor").get("clientId").asString()).isEqualTo(claim(admin, "azp"));
        assertThat(event.get("actor").get("roles").toString()).contains("tenant-admin");
        assertThat(event.get("occurredAt").asString()).isNotBlank();
        assertThat(events(admin, "actor=" + subject(admin) + "&resource=point-type")).hasSize(1);
        assertThat(events(admin, "actor=someone-else&resource=point-type")).isEmpty();
    }

    @Test
    void theListingPagesByCursorNewestFirstAndFiltersByTime() {
        var tenant = fixtures.tenant("audit-pages");
        String admin = fixtures.adminToken(tenant);
        for (String code : new String[] {"page-1", "page-2", "page-3"}) {
            assertThat(http().postJson("/api/v1/earning/budgets", admin, Map.of("code", code, "name", code)).status()).isEqualTo(201);
        }

        var first = http().get("/api/v1/audit-events?size=2", admin).json();
        assertThat(first.get("items")).hasSize(2);
        String next = first.get("next").asString();
        var second = http().get("/api/v1/audit-events?size=2&after=" + next, admin).json();
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.get("next").isNull()).isTrue();
        Instant newest = Instant.parse(first.get("items").get(0).get("occurredAt").asString());
        Instant oldest = Instant.parse(second.get("items").get(0).get("occurredAt").asString());
        assertThat(newest).isAfterOrEqualTo(oldest);
        assertThat(http().get("/api/v1/audit-events?size=2&cursor=" + next, admin).json().get("items")).hasSize(1);

        assertThat(events(admin, "from=" + newest.plusSeconds(1))).isEmpty();
        assertThat(events(admin, "to=" + oldest)).isEmpty();
        assertThat(events(admin, "from=" + oldest + "&to=" + newest.plusMillis(1))).hasSize(3);
        var badCursor = http().get("/api/v1/audit-events?after=not-a-cursor", admin);
        assertThat(badCursor.status()).isEqualTo(400);
        assertThat(badCursor.body()).contains("after");
    }

    @Test
    void aRefusedWriteRecordsNothing() {
        var tenant = fixtures.tenant("audit-refused");
        String admin = fixtures.adminToken(tenant);
        String pointType = http().get("/api/v1/point-types", admin).json().get(0).get("id").asString();

        var refused = http().patchJson("/api/v1/point-types/" + pointType, admin, Map.of("expiryPolicy", "ROLLING_MONTHS", "expiryMonths", 0));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        var unknown = http().patchJson("/api/v1/point-types/" + UUID.randomUUID(), admin, Map.of("pendingDays", 1));
        assertThat(unknown.status()).isEqualTo(404);

        assertThat(events(admin, "")).isEmpty();
    }

    @Test
    void aRotatedSecretNeverReachesTheLog() {
        var tenant = fixtures.tenant("audit-secret");
        String admin = fixtures.adminToken(tenant);
        String client = http().get("/api/v1/api-clients", admin).json().get(0).get("id").asString();

        var rotated = http().postJson("/api/v1/api-clients/" + client + "/secret", admin, "{}");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String secret = rotated.json().get("secret").asString();
        assertThat(secret).isNotBlank();

        var listing = http().get("/api/v1/audit-events?resource=api-client:" + client, admin);
        assertThat(listing.status()).isEqualTo(200);
        JsonNode event = listing.json().get("items").get(0);
        assertThat(event.get("after").get("secret").asString()).isEqualTo("[redacted]");
        assertThat(event.get("after").get("secretRotatedAt").asString()).isNotEqualTo(event.get("before").get("secretRotatedAt").asString());
        assertThat(listing.body()).doesNotContain(secret);
        assertThat(storedRows(tenant)).doesNotContain(secret).contains("[redacted]");
    }

    @Test
    void aMembersSealedFieldsNeverReachTheLog() {
        var tenant = fixtures.tenant("audit-member");
        String admin = fixtures.adminToken(tenant);
        var created = http().postJson("/api/v1/members", admin, Map.of("externalId", "audit-frozen", "audience", "CONSUMER",
                "displayName", "张审计", "mobile", "+8613800138000", "email", "audit.member@example.com", "region", "上海"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String member = created.json().get("id").asString();

        var frozen = http().patchJson("/api/v1/members/" + member, admin, Map.of("status", "FROZEN"));
        assertThat(frozen.status()).as(frozen.body()).isEqualTo(200);

        JsonNode events = events(admin, "resource=member:" + member);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("before").get("status").asString()).isEqualTo("ACTIVE");
        assertThat(events.get(0).get("after").get("status").asString()).isEqualTo("FROZEN");
        assertThat(events.get(0).get("after").get("region").asString()).isEqualTo("上海");
        assertThat(events.get(0).get("after").get("displayName").asString()).isEqualTo("[redacted]");
        assertThat(events.get(1).get("before").isNull()).isTrue();
        assertThat(storedRows(tenant)).doesNotContain("张审计", "13800138000", "audit.member@example.com");
    }

    @Test
    void aWriteNoModuleRecordsIsStillLoggedWithoutItsState() {
        var tenant = fixtures.tenant("audit-fallback");
        String admin = fixtures.adminToken(tenant);
        assertThat(http().postJson("/api/v1/earning/budgets", admin, Map.of("code", "audit-budget", "name", "福利预算")).status()).isEqualTo(201);

        JsonNode events = events(admin, "resource=earning/budgets");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("path").asString()).isEqualTo("/api/v1/earning/budgets");
        assertThat(events.get(0).get("before").isNull()).isTrue();
        assertThat(events.get(0).get("after").isNull()).isTrue();
    }

    @Test
    void membersAndTheEarningIntakeAreNotAdminChanges() {
        var tenant = fixtures.tenant("audit-intake");
        String backEnd = fixtures.apiToken(tenant);
        String admin = fixtures.adminToken(tenant);
        String member = fixtures.member(backEnd, "audit-member");
        var eventsBefore = events(admin, "").size();
        assertThat(http().postJson("/api/v1/earning/events", backEnd, Map.of("eventId", "audit-check-in", "type", "CHECK_IN", "memberId", member))
                .status()).isEqualTo(200);
        assertThat(http().send("POST", "/api/v1/members/" + member + "/points/earn", backEnd, "application/json", "{\"points\": 5}",
                UUID.randomUUID().toString()).status()).isEqualTo(201);

        assertThat(events(admin, "")).hasSize(eventsBefore);
        assertThat(http().get("/api/v1/audit-events", backEnd).status()).isEqualTo(403);
    }

    @Test
    void theOperatorSeesItsOwnChangesAndTheTenantDoesNot() {
        var tenant = fixtures.tenant("audit-operator");
        String operator = fixtures.operatorToken();
        assertThat(http().postJson("/api/v1/operator/tenants/" + tenant.id() + "/suspension", operator, "{}").status()).isEqualTo(200);
        assertThat(http().send("DELETE", "/api/v1/operator/tenants/" + tenant.id() + "/suspension", operator, null, null).status()).isEqualTo(200);

        JsonNode events = events(operator, "actor=" + subject(operator));
        assertThat(events).anySatisfy(event -> {
            assertThat(event.get("method").asString()).isEqualTo("DELETE");
            assertThat(event.get("pathIds").get("tenantId").asString()).isEqualTo(tenant.id().toString());
        });
        assertThat(events(fixtures.adminToken(tenant), "")).isEmpty();
    }

    @Test
    void theLogIsAppendOnlyForTheOwnerToo() {
        var tenant = fixtures.tenant("audit-append");
        String admin = fixtures.adminToken(tenant);
        http().postJson("/api/v1/earning/budgets", admin, Map.of("code", "append-budget", "name", "预算"));
        assertThat(events(admin, "")).hasSize(1);

        assertThatThrownBy(() -> asTenant(tenant, () -> jdbc.sql("update platform.audit_event set method = 'GET'").update()))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> asTenant(tenant, () -> jdbc.sql("delete from platform.audit_event").update()))
                .hasMessageContaining("append-only");
        assertThat(events(admin, "")).hasSize(1);
    }

    private JsonNode events(String token, String query) {
        var listing = http().get("/api/v1/audit-events?" + query, token);
        assertThat(listing.status()).as(listing.body()).isEqualTo(200);
        return listing.json().get("items");
    }

    private String storedRows(TenantFixture tenant) {
        return asTenant(tenant, () -> String.join("\n", jdbc.sql("select coalesce(before::text, '') || coalesce(after::text, '') from platform.audit_event")
                .query(String.class).list()));
    }

    private <T> T asTenant(TenantFixture tenant, java.util.function.Supplier<T> work) {
        return TenantContext.callAs(tenant.id(), () -> new TransactionTemplate(transactions).execute(status -> work.get()));
    }

    private static String subject(String token) {
        return claim(token, "sub");
    }

    private static String claim(String token, String name) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return JSON.readTree(payload).get(name).asString();
    }
}
