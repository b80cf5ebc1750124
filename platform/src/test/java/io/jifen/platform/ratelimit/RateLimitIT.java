package io.jifen.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;

class RateLimitIT extends IntegrationTest {

    @Test
    void aCallerWithoutATokenGetsItsAddressesShareAndThenA429WithRetryAfter() {
        Http caller = http().withHeader("X-Forwarded-For", "198.51.100.23");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            statuses.add(caller.postJson("/api/v1/signups", null, "{}").status());
        }
        assertThat(statuses).as("the first 1,000 reach the endpoint (and are refused by it)").containsOnly(400);

        // The bucket refills as the requests go (1,000 a minute), so a few more get through before it is empty.
        var refused = caller.postJson("/api/v1/signups", null, "{}");
        for (int more = 0; refused.status() == 400 && more < 5_000; more++) {
            refused = caller.postJson("/api/v1/signups", null, "{}");
        }
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asString()).endsWith("/rate-limited");
        assertThat(refused.json().get("detail").asString()).contains("client address", "1000 per 1 min");
        assertThat(Long.parseLong(refused.headers().get("retry-after").getFirst())).isBetween(1L, 60L);

        assertThat(caller.get("/livez", null).status()).as("the orchestrator's probes are never limited").isEqualTo(200);
        assertThat(http().withHeader("X-Forwarded-For", "198.51.100.24").postJson("/api/v1/signups", null, "{}").status())
                .as("another address has its own share").isEqualTo(400);
    }

    @Test
    void aTenantsLimitCoversAllItsClientsAndItsWebhooksAndLeavesOtherTenantsAlone() throws SQLException {
        var throttled = fixtures.tenantWithSlug("throttled-brand");
        String api = fixtures.apiToken(throttled);
        String admin = fixtures.adminToken(throttled);
        for (int i = 0; i < 3; i++) {
            assertThat(http().get("/api/v1/members", api).status()).isEqualTo(200);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(http().get("/api/v1/members", admin).status()).isEqualTo(200);
        }

        var refused = http().get("/api/v1/members", api);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("detail").asString()).contains("tenant", "5 per 1 h");
        assertThat(Long.parseLong(refused.headers().get("retry-after").getFirst())).isBetween(1L, 720L);
        assertThat(http().get("/api/v1/members", admin).status()).as("its other callers share the tenant's limit").isEqualTo(429);
        assertThat(http().postJson("/api/v1/webhooks/throttled-brand/events", null, "{}").status())
                .as("so do its webhooks").isEqualTo(429);

        var other = fixtures.tenant("unthrottled");
        assertThat(http().get("/api/v1/members", fixtures.apiToken(other)).status()).isEqualTo(200);

        try (Connection db = stack().superuserConnection("jifen");
             var rows = db.createStatement().executeQuery(
                     "select id from platform.rate_limit_bucket where id like '%" + throttled.id() + "%' order by id")) {
            List<String> buckets = new ArrayList<>();
            while (rows.next()) {
                buckets.add(rows.getString(1));
            }
            assertThat(buckets).as("one bucket for the tenant, one for each of its callers").hasSize(3)
                    .contains("tenant:" + throttled.id())
                    .anyMatch(id -> id.startsWith("client:" + throttled.id() + ":" + throttled.apiClientId() + ":"))
                    .anyMatch(id -> id.startsWith("client:" + throttled.id() + ":jifen-demo-cli:"));
        }
    }

    @Test
    void eachMemberHasALimitOfItsOwnCountedWithoutTheTable() throws SQLException {
        var tenant = fixtures.tenant("members-limited");
        String api = fixtures.apiToken(tenant);
        String busy = fixtures.memberToken(tenant, fixtures.member(api, "busy-member"));
        String calm = fixtures.memberToken(tenant, fixtures.member(api, "calm-member"));

        long started = System.nanoTime();
        var answer = http().get("/api/v1/me/points/balance", busy);
        int admitted = 0;
        while (answer.status() == 200 && admitted < 5_000) {
            admitted++;
            answer = http().get("/api/v1/me/points/balance", busy);
        }
        long refilled = (System.nanoTime() - started) / 100_000_000L + 1;
        assertThat(admitted).as("600 a minute: the capacity and what refilled (10 a second) while they went").isBetween(600, 600 + (int) refilled);
        assertThat(answer.status()).isEqualTo(429);
        assertThat(answer.json().get("detail").asString()).contains("member", "600 per 1 min");
        assertThat(http().get("/api/v1/me/points/balance", calm).status()).as("another member has a limit of its own").isEqualTo(200);

        try (Connection db = stack().superuserConnection("jifen");
             var rows = db.createStatement().executeQuery(
                     "select count(*) from platform.rate_limit_bucket where id like 'member:%' or id like '%jifen-mall%'")) {
            rows.next();
            assertThat(rows.getLong(1)).as("members' buckets never reach the table").isZero();
        }
    }
}
