package io.jifen.platform.earning;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.jifen.platform.support.IntegrationTest;

import static io.jifen.platform.support.Fixtures.RULES;
import static io.jifen.platform.support.Fixtures.checkIn;
import static io.jifen.platform.support.Fixtures.order;
import static io.jifen.platform.support.Fixtures.refund;
import static org.assertj.core.api.Assertions.assertThat;

/** Events in batches over HTTP: each reported by its index, and a batch earns exactly what its events earn one by one. */
class EventBatchesIT extends IntegrationTest {

    static final String LADDER = """
            {"dailyCapPerMember": 2000,
             "tiers": [{"code": "bronze", "name": "青铜", "minScore": 0},
                       {"code": "gold", "name": "黄金", "minScore": 1000, "earnMultiplier": 1.5}],
             "rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}},
                       {"id": "first-order", "eventTypes": ["ORDER_PAID"], "when": {"firstOrder": true}, "award": {"kind": "MULTIPLIER", "factor": 2}},
                       {"id": "gold-bonus", "eventTypes": ["ORDER_PAID"], "when": {"tiers": ["gold"]}, "award": {"kind": "FIXED", "points": 50}}]}""";

    @Test
    void aBatchAppliesItsGoodEventsAndReportsTheBadOnesByIndexAndTheDailyCapHolds() {
        var tenant = fixtures.tenant("earn-batch");
        String backEnd = fixtures.apiToken(tenant);
        String member = fixtures.member(backEnd, "batcher-1");
        fixtures.publish(fixtures.adminToken(tenant), RULES.replace("\"dailyCapPerMember\": 100000", "\"dailyCapPerMember\": 25"),
                Instant.now().minus(1, ChronoUnit.HOURS), null);
        String batch = "{\"events\": [" + checkIn("ci-1", member) + ", {\"eventId\": \"bad-1\", \"type\": \"TELEPORT\", \"memberId\": \"" + member
                + "\"}, " + checkIn("ci-1", member) + ", " + checkIn("ci-2", member) + ", " + checkIn("ci-3", member) + "]}";

        var answer = http().send("POST", "/api/v1/earning/event-batches", backEnd, "application/json", batch);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode results = answer.json().get("results");
        assertThat(results.get(0).get("status").asString()).isEqualTo("APPLIED");
        assertThat(results.get(1).get("status").asString()).isEqualTo("REJECTED");
        assertThat(results.get(1).get("index").asInt()).isEqualTo(1);
        assertThat(results.get(1).get("reason").asString()).contains("problem");
        assertThat(results.get(2).get("status").asString()).isEqualTo("DUPLICATE");
        assertThat(results.get(3).get("points").asLong()).isEqualTo(10);
        assertThat(results.get(4).get("points").asLong()).as("the daily cap of 25").isEqualTo(5);
        assertThat(results.get(4).get("cappedBy").asString()).isEqualTo("dailyCapPerMember");
        assertThat(fixtures.balance(backEnd, member)).isEqualTo(25);
    }

    @Test
    void aBatchEarnsExactlyWhatTheSameEventsEarnOneByOne() {
        var oneByOne = fixtures.tenant("earn-seq");
        var batched = fixtures.tenant("earn-set");
        String sequentialToken = fixtures.apiToken(oneByOne);
        String batchToken = fixtures.apiToken(batched);
        fixtures.publish(fixtures.adminToken(oneByOne), LADDER, Instant.now().minus(1, ChronoUnit.HOURS), null);
        fixtures.publish(fixtures.adminToken(batched), LADDER, Instant.now().minus(1, ChronoUnit.HOURS), null);
        String sequentialA = fixtures.member(sequentialToken, "a");
        String sequentialB = fixtures.member(sequentialToken, "b");
        String batchA = fixtures.member(batchToken, "a");
        String batchB = fixtures.member(batchToken, "b");
        // A: a first order (x2), an order that makes them gold, one earning as gold (x1.5 and the bonus), a refund of the
        // first order, then orders into the daily cap. B: one order, interleaved.
        java.util.function.BiFunction<String, String, List<String>> events = (a, b) -> List.of(
                order("o1", a, 40_000, "shoes", 40_000, "x", 0), order("o2", b, 10_000, "shoes", 10_000, "x", 0),
                order("o3", a, 30_000, "shoes", 30_000, "x", 0), order("o4", a, 20_000, "shoes", 20_000, "x", 0),
                refund("r1", a, "o1", 20_000), order("o5", a, 50_000, "shoes", 50_000, "x", 0), order("o6", a, 10_000, "shoes", 10_000, "x", 0));

        List<Long> sequential = events.apply(sequentialA, sequentialB).stream().map(event -> fixtures.points(sequentialToken, event)).toList();
        var answer = http().send("POST", "/api/v1/earning/event-batches", batchToken, "application/json",
                "{\"events\": [" + String.join(", ", events.apply(batchA, batchB)) + "]}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(sequential).as("first order x2; gold from 1,000 points: (200 + 50) x 1.5; the refund takes half of 800; capped at 2,000 a day")
                .containsExactly(800L, 200L, 300L, 375L, -400L, 525L, 0L);
        assertThat(answer.json().get("results")).extracting(result -> result.get("points").asLong()).containsExactlyElementsOf(sequential);
        assertThat(fixtures.balance(batchToken, batchA)).isEqualTo(fixtures.balance(sequentialToken, sequentialA)).isEqualTo(1_600);
        assertThat(fixtures.balance(batchToken, batchB)).isEqualTo(fixtures.balance(sequentialToken, sequentialB)).isEqualTo(200);
        assertThat(http().get("/api/v1/members/" + batchA + "/tier", batchToken).json().get("history"))
                .extracting(change -> change.get("to").asString()).containsExactly("bronze", "gold");

        var again = http().send("POST", "/api/v1/earning/event-batches", batchToken, "application/json",
                "{\"events\": [" + order("o1", batchA, 40_000, "shoes", 40_000, "x", 0) + ", " + order("o1", batchA, 1, "shoes", 1, "x", 0) + ", "
                        + order("o7", batchA, 1_000, "shoes", 1_000, "x", 0) + ", " + order("o7", batchA, 1_000, "shoes", 1_000, "x", 0) + "]}");
        assertThat(again.json().get("results")).extracting(result -> result.get("status").asString())
                .containsExactly("DUPLICATE", "REJECTED", "APPLIED", "DUPLICATE");
        assertThat(fixtures.balance(batchToken, batchA)).as("o7 over the daily cap: applied once, with nothing").isEqualTo(1_600);
    }
}
