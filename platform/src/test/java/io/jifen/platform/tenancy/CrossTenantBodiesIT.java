package io.jifen.platform.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.IntegrationTest;

/**
 * A tenant that names another tenant's members inside a request body (not the path) gets the same answer as for a
 * member that does not exist, and the other tenant's state is unchanged when read again.
 */
class CrossTenantBodiesIT extends IntegrationTest {

    @Test
    void anotherTenantsMemberIdsInEventsTransfersAndGrantsAreRefusedAndChangeNothing() {
        var a = fixtures.tenant("body-a");
        var b = fixtures.tenant("body-b");
        String apiA = fixtures.apiToken(a);
        String apiB = fixtures.apiToken(b);
        String adminB = fixtures.adminToken(b);
        String memberOfA = fixtures.member(apiA, "a-1");
        earn(apiA, memberOfA, 100);
        String memberOfB = fixtures.member(apiB, "b-1");
        earn(apiB, memberOfB, 1_000);
        fixtures.publish(fixtures.adminToken(b), Fixtures.RULES, java.time.Instant.parse("2020-01-01T00:00:00Z"), null);
        String statementOfA = http().get("/api/v1/members/" + memberOfA + "/points/statement", apiA).body();

        var event = http().postJson("/api/v1/earning/events", apiB,
                Fixtures.order("cross-1", memberOfA, 10_000, "milk", 10_000, "toys", 0));
        assertThat(event.status()).as(event.body()).isBetween(400, 499);
        assertThat(event.body()).doesNotContain("a-1");

        var batch = http().postJson("/api/v1/earning/event-batches", apiB,
                "{\"events\": [" + Fixtures.order("cross-2", memberOfA, 10_000, "milk", 10_000, "toys", 0) + "]}");
        assertThat(batch.json().get("applied").asInt()).as(batch.body()).isZero();
        assertThat(batch.json().get("rejected").asInt()).isEqualTo(1);

        var transfer = http().send("POST", "/api/v1/members/" + memberOfB + "/points/transfers", apiB, "application/json",
                "{\"toMemberId\": \"" + memberOfA + "\", \"points\": 10, \"reason\": \"跨租户\"}", UUID.randomUUID().toString());
        assertThat(transfer.status()).as(transfer.body()).isEqualTo(404);

        assertThat(http().postJson("/api/v1/earning/budgets", adminB, Map.of("code", "b-budget", "name", "乙方预算")).status()).isEqualTo(201);
        http().postJson("/api/v1/earning/budgets/b-budget/fundings", adminB, Map.of("id", "fund-b", "points", 1_000, "reason", "乙方"));
        var grant = http().postJson("/api/v1/earning/budgets/b-budget/grants", adminB, Map.of("id", "grant-b", "reason", "跨租户",
                "lines", List.of(Map.of("memberId", memberOfB, "points", 10), Map.of("memberId", memberOfA, "points", 10))));
        assertThat(grant.status()).as("a grant naming a member of another tenant is refused whole: " + grant.body()).isBetween(400, 499);

        assertThat(fixtures.balance(apiA, memberOfA)).isEqualTo(100);
        assertThat(http().get("/api/v1/members/" + memberOfA + "/points/statement", apiA).body()).isEqualTo(statementOfA);
        assertThat(fixtures.balance(apiB, memberOfB)).as("nothing left tenant B either").isEqualTo(1_000);
        assertThat(http().get("/api/v1/earning/budgets", adminB).json().get("items").get(0).get("granted").asLong()).isZero();
    }

    private void earn(String token, String member, long points) {
        assertThat(http().send("POST", "/api/v1/members/" + member + "/points/earn", token, "application/json",
                "{\"points\": " + points + "}", UUID.randomUUID().toString()).status()).isEqualTo(201);
    }
}
