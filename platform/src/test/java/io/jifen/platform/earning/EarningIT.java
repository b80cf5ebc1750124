package io.jifen.platform.earning;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.jifen.platform.segment.MemberBecameDormant;
import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** A brand's earning rules and events over HTTP: rule versions, the calculator, events one by one and in batches, refunds. */
class EarningIT extends IntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    DormantMembersHeard dormant;

    static final String RULES = """
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

    @Test
    void aPublishedRuleSetEarnsPointsOnceAndTheCalculatorAgrees() {
        var tenant = fixtures.tenant("earn-rules");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String member = member(backEnd, "earner-1");
        publish(admin, RULES, Instant.now().minus(1, ChronoUnit.HOURS), null);
        String order = order("ord-1", member, 60_000, "milk", 20_000, "shoes", 40_000);

        var priced = http().postJson("/api/v1/earning/calculator", backEnd, Map.of("event", json(order)));
        var applied = http().send("POST", "/api/v1/earning/events", backEnd, "application/json", order);
        var replayed = http().send("POST", "/api/v1/earning/events", backEnd, "application/json", order);

        // (600 yuan x 1 + 200 yuan of milk x 2) x 2 for the first order + 100 for spending 500 yuan.
        assertThat(priced.json().get("points").asLong()).isEqualTo(2_100);
        assertThat(applied.status()).isEqualTo(200);
        assertThat(applied.json().get("status").asString()).isEqualTo("APPLIED");
        assertThat(applied.json().get("points").asLong()).isEqualTo(2_100);
        assertThat(applied.json().get("rules")).extracting(line -> line.get("ruleId").asString())
                .containsExactlyInAnyOrder("base", "milk", "first-order", "spend-500");
        assertThat(replayed.json().get("status").asString()).isEqualTo("DUPLICATE");
        assertThat(balance(backEnd, member)).as("applied once, visible at once").isEqualTo(2_100);
        var reused = http().send("POST", "/api/v1/earning/events", backEnd, "application/json", order("ord-1", member, 1_000, "milk", 1_000, "x", 0));
        assertThat(reused.status()).isEqualTo(409);

        var second = http().send("POST", "/api/v1/earning/events", backEnd, "application/json", order("ord-2", member, 25_050, "shoes", 25_050, "x", 0));
        assertThat(second.json().get("points").asLong()).as("250 for the yuan, 30 for 200 yuan; no longer the first order").isEqualTo(280);
        assertThat(balance(backEnd, member)).isEqualTo(2_380);
    }

    @Test
    void refundsTakeBackTheirShareOfWhatTheOrderEarnedAcrossPartialRefunds() {
        var tenant = fixtures.tenant("earn-refund");
        String backEnd = fixtures.apiToken(tenant);
        String member = member(backEnd, "refunder-1");
        publish(fixtures.adminToken(tenant), RULES, Instant.now().minus(1, ChronoUnit.HOURS), null);
        http().send("POST", "/api/v1/earning/events", backEnd, "application/json", order("ord-r", member, 60_000, "milk", 20_000, "shoes", 40_000));

        var first = http().send("POST", "/api/v1/earning/events", backEnd, "application/json", refund("ref-1", member, "ord-r", 15_000));
        var second = http().send("POST", "/api/v1/earning/events", backEnd, "application/json", refund("ref-2", member, "ord-r", 45_000));
        var tooMuch = http().send("POST", "/api/v1/earning/events", backEnd, "application/json", refund("ref-3", member, "ord-r", 1));

        assertThat(first.json().get("points").asLong()).isEqualTo(-525);
        assertThat(second.json().get("points").asLong()).isEqualTo(-1_575);
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(balance(backEnd, member)).isZero();
    }

    @Test
    void aBatchAppliesItsGoodEventsAndReportsTheBadOnesByIndexAndTheDailyCapHolds() {
        var tenant = fixtures.tenant("earn-batch");
        String backEnd = fixtures.apiToken(tenant);
        String member = member(backEnd, "batcher-1");
        publish(fixtures.adminToken(tenant), RULES.replace("\"dailyCapPerMember\": 100000", "\"dailyCapPerMember\": 25"),
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
        assertThat(balance(backEnd, member)).isEqualTo(25);
    }

    static final String LADDER = """
            {"dailyCapPerMember": 2000,
             "tiers": [{"code": "bronze", "name": "青铜", "minScore": 0},
                       {"code": "gold", "name": "黄金", "minScore": 1000, "earnMultiplier": 1.5}],
             "rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}},
                       {"id": "first-order", "eventTypes": ["ORDER_PAID"], "when": {"firstOrder": true}, "award": {"kind": "MULTIPLIER", "factor": 2}},
                       {"id": "gold-bonus", "eventTypes": ["ORDER_PAID"], "when": {"tiers": ["gold"]}, "award": {"kind": "FIXED", "points": 50}}]}""";

    @Test
    void aBatchEarnsExactlyWhatTheSameEventsEarnOneByOne() {
        var oneByOne = fixtures.tenant("earn-seq");
        var batched = fixtures.tenant("earn-set");
        String sequentialToken = fixtures.apiToken(oneByOne);
        String batchToken = fixtures.apiToken(batched);
        publish(fixtures.adminToken(oneByOne), LADDER, Instant.now().minus(1, ChronoUnit.HOURS), null);
        publish(fixtures.adminToken(batched), LADDER, Instant.now().minus(1, ChronoUnit.HOURS), null);
        String sequentialA = member(sequentialToken, "a");
        String sequentialB = member(sequentialToken, "b");
        String batchA = member(batchToken, "a");
        String batchB = member(batchToken, "b");
        // A: a first order (x2), an order that makes them gold, one earning as gold (x1.5 and the bonus), a refund of the
        // first order, then orders into the daily cap. B: one order, interleaved.
        java.util.function.BiFunction<String, String, List<String>> events = (a, b) -> List.of(
                order("o1", a, 40_000, "shoes", 40_000, "x", 0), order("o2", b, 10_000, "shoes", 10_000, "x", 0),
                order("o3", a, 30_000, "shoes", 30_000, "x", 0), order("o4", a, 20_000, "shoes", 20_000, "x", 0),
                refund("r1", a, "o1", 20_000), order("o5", a, 50_000, "shoes", 50_000, "x", 0), order("o6", a, 10_000, "shoes", 10_000, "x", 0));

        List<Long> sequential = events.apply(sequentialA, sequentialB).stream().map(event -> points(sequentialToken, event)).toList();
        var answer = http().send("POST", "/api/v1/earning/event-batches", batchToken, "application/json",
                "{\"events\": [" + String.join(", ", events.apply(batchA, batchB)) + "]}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(sequential).as("first order x2; gold from 1,000 points: (200 + 50) x 1.5; the refund takes half of 800; capped at 2,000 a day")
                .containsExactly(800L, 200L, 300L, 375L, -400L, 525L, 0L);
        assertThat(answer.json().get("results")).extracting(result -> result.get("points").asLong()).containsExactlyElementsOf(sequential);
        assertThat(balance(batchToken, batchA)).isEqualTo(balance(sequentialToken, sequentialA)).isEqualTo(1_600);
        assertThat(balance(batchToken, batchB)).isEqualTo(balance(sequentialToken, sequentialB)).isEqualTo(200);
        assertThat(http().get("/api/v1/members/" + batchA + "/tier", batchToken).json().get("history"))
                .extracting(change -> change.get("to").asString()).containsExactly("bronze", "gold");

        var again = http().send("POST", "/api/v1/earning/event-batches", batchToken, "application/json",
                "{\"events\": [" + order("o1", batchA, 40_000, "shoes", 40_000, "x", 0) + ", " + order("o1", batchA, 1, "shoes", 1, "x", 0) + ", "
                        + order("o7", batchA, 1_000, "shoes", 1_000, "x", 0) + ", " + order("o7", batchA, 1_000, "shoes", 1_000, "x", 0) + "]}");
        assertThat(again.json().get("results")).extracting(result -> result.get("status").asString())
                .containsExactly("DUPLICATE", "REJECTED", "APPLIED", "DUPLICATE");
        assertThat(balance(batchToken, batchA)).as("o7 over the daily cap: applied once, with nothing").isEqualTo(1_600);
    }

    @Test
    void aRuleGivesNoMoreThanItsLimitsAndItsBudgetAndItsPointsWaitOutItsReturnWindow() {
        var tenant = fixtures.tenant("earn-limits");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String a = member(backEnd, "reviewer-a");
        String b = member(backEnd, "reviewer-b");
        publish(admin, """
                {"rules": [{"id": "review", "eventTypes": ["REVIEW"], "award": {"kind": "FIXED", "points": 40},
                            "limits": {"perMemberDay": 100, "perMemberMonth": 1000, "budget": 150}},
                           {"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}, "pendingDays": 7}]}""",
                Instant.now().minus(1, ChronoUnit.HOURS), null);
        java.util.function.BiFunction<String, String, String> review = (id, member) ->
                Http.json(Map.of("eventId", id, "type", "REVIEW", "memberId", member));

        var batch = http().send("POST", "/api/v1/earning/event-batches", backEnd, "application/json",
                "{\"events\": [" + review.apply("rv-1", a) + ", " + review.apply("rv-2", a) + ", " + review.apply("rv-3", b) + ", "
                        + review.apply("rv-4", a) + "]}");
        long fifth = points(backEnd, review.apply("rv-5", b));
        var priced = http().postJson("/api/v1/earning/calculator", backEnd, Map.of("event", json(review.apply("rv-6", b)))).json();
        long sixth = points(backEnd, review.apply("rv-6", b));

        assertThat(batch.json().get("results")).as("a: 40, 40, then 20 to the day's 100; b: 40")
                .extracting(result -> result.get("points").asLong()).containsExactly(40L, 40L, 40L, 20L);
        assertThat(fifth).as("the budget of 150 has 10 left").isEqualTo(10);
        assertThat(priced.get("points").asLong()).isZero();
        assertThat(priced.get("cappedBy").asString()).isEqualTo("rules.review.limits");
        assertThat(sixth).as("the calculator drew nothing from the budget; it is spent").isZero();
        assertThat(balance(backEnd, a) + balance(backEnd, b)).isEqualTo(150);

        points(backEnd, order("lim-1", a, 10_000, "shoes", 10_000, "x", 0));
        var wallet = http().get("/api/v1/members/" + a + "/points/balance", backEnd).json();
        assertThat(wallet.get("available").asLong()).as("the order's 100 wait out the rule's 7 days").isEqualTo(100);
        assertThat(wallet.get("pending").asLong()).isEqualTo(100);

        var invalid = http().send("POST", "/api/v1/earning/rule-versions", admin, "application/json", """
                {"rules": {"rules": [
                  {"id": "m", "eventTypes": ["ORDER_PAID"], "award": {"kind": "MULTIPLIER", "factor": 2}, "limits": {"budget": 10}},
                  {"id": "e", "eventTypes": ["SHARE"], "award": {"kind": "FIXED", "points": 1}, "limits": {}},
                  {"id": "w", "eventTypes": ["SHARE"], "award": {"kind": "FIXED", "points": 1}, "limits": {"perMemberDay": 50, "perMemberWeek": 20},
                   "pendingDays": -1}]},
                 "effectiveFrom": "2030-01-01T00:00:00Z"}""");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("errors")).extracting(error -> error.get("field").asString())
                .contains("rules[0].limits", "rules[1].limits", "rules[2].limits.perMemberWeek", "rules[2].pendingDays");
    }

    @Test
    void invalidRuleSetsAreRefusedNamingThePartAndOverlappingVersionsCannotBothBePublished() {
        var tenant = fixtures.tenant("earn-invalid");
        String admin = fixtures.adminToken(tenant);
        String invalid = """
                {"rules": {"rules": [
                  {"id": "x", "eventTypes": ["ORDER_PAID"], "award": {"kind": "MULTIPLIER", "factor": 0}},
                  {"id": "x", "eventTypes": ["TELEPORT"], "award": {"kind": "FIXED", "points": 5}},
                  {"id": "y", "eventTypes": ["CHECK_IN"], "when": {"memberDays": [32]}, "award": {"kind": "PER_YUAN", "points": 1}}
                ]}, "effectiveFrom": "2026-12-01T00:00:00Z"}""";

        var refused = http().send("POST", "/api/v1/earning/rule-versions", admin, "application/json", invalid);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors")).extracting(error -> error.get("field").asString())
                .contains("rules[0].award.factor", "rules[1].id", "rules[1].eventTypes", "rules[2].when.memberDays", "rules[2].award.kind");
        var unknownField = http().send("POST", "/api/v1/earning/rule-versions", admin, "application/json",
                RULES_BODY.formatted("2026-12-01T00:00:00Z", "null").replace("\"priority\": 100", "\"priority\": 100, \"bogus\": 1"));
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(http().send("POST", "/api/v1/earning/rule-versions", fixtures.apiToken(tenant), "application/json",
                RULES_BODY.formatted("2026-12-01T00:00:00Z", "null")).status()).as("staff do not write rules").isEqualTo(403);

        String december = publish(admin, RULES, Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"));
        var overlapping = http().send("POST", "/api/v1/earning/rule-versions", admin, "application/json",
                RULES_BODY.formatted("2026-12-15T00:00:00Z", "\"2027-02-01T00:00:00Z\""));
        var publishOverlap = http().send("POST", "/api/v1/earning/rule-versions/" + overlapping.json().get("id").asString() + "/publish", admin,
                "application/json", "{}");
        assertThat(publishOverlap.status()).isEqualTo(409);
        assertThat(publishOverlap.json().get("detail").asString()).contains("overlaps");
        String next = publish(admin, RULES, Instant.parse("2027-01-01T00:00:00Z"), null);
        var history = http().get("/api/v1/earning/rule-versions", admin).json();
        assertThat(history).extracting(v -> v.get("id").asString()).contains(december, next);
        var changePublished = http().send("PUT", "/api/v1/earning/rule-versions/" + december, admin, "application/json",
                RULES_BODY.formatted("2026-12-01T00:00:00Z", "null"));
        assertThat(changePublished.status()).isEqualTo(409);
    }

    @Test
    void dailyCheckInsBuildAStreakWithItsBonusAndAbuseEarnsNothingAndIsRecorded() {
        var tenant = fixtures.tenant("earn-check-in");
        String backEnd = fixtures.apiToken(tenant);
        String member = member(backEnd, "checker-1");
        publish(fixtures.adminToken(tenant), """
                {"checkIn": {"dailyPoints": 10, "streakBonuses": [{"day": 3, "points": 100}], "cycleDays": 3},
                 "dailyEventLimits": {"SHARE": 2}, "deviceCheckInsPerMinute": 2,
                 "rules": [{"id": "share", "eventTypes": ["SHARE"], "award": {"kind": "FIXED", "points": 5}}]}""",
                Instant.now().minus(10, ChronoUnit.DAYS), null);
        Instant today = Instant.now().minus(1, ChronoUnit.MINUTES);

        long day1 = checkIn(backEnd, "d1", member, today.minus(5, ChronoUnit.DAYS), null);
        long day2 = checkIn(backEnd, "d2", member, today.minus(4, ChronoUnit.DAYS), null);
        long day3 = checkIn(backEnd, "d3", member, today.minus(3, ChronoUnit.DAYS), null);
        long afterAGap = checkIn(backEnd, "d5", member, today.minus(1, ChronoUnit.DAYS), null);
        long sameDay = checkIn(backEnd, "d5-again", member, today.minus(1, ChronoUnit.DAYS).plusSeconds(60), null);

        assertThat(List.of(day1, day2, day3, afterAGap, sameDay)).as("10 a day, 100 more on day 3, a missed day starts again, once a day")
                .containsExactly(10L, 10L, 110L, 10L, 0L);
        String[] farm = {member(backEnd, "farm-1"), member(backEnd, "farm-2"), member(backEnd, "farm-3")};
        assertThat(checkIn(backEnd, "farm-1", farm[0], today, "device-9")).isEqualTo(10);
        assertThat(checkIn(backEnd, "farm-2", farm[1], today.plusSeconds(5), "device-9")).isEqualTo(10);
        assertThat(checkIn(backEnd, "farm-3", farm[2], today.plusSeconds(10), "device-9")).as("a third check-in from one device in a minute")
                .isZero();
        List<Long> shares = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            shares.add(http().send("POST", "/api/v1/earning/events", backEnd, "application/json",
                    Http.json(Map.of("eventId", "share-" + i, "type", "SHARE", "memberId", member))).json().get("points").asLong());
        }
        assertThat(shares).containsExactly(5L, 5L, 0L);
        var risks = http().get("/api/v1/earning/risk-events", backEnd).json();
        assertThat(risks).extracting(risk -> risk.get("eventId").asString()).containsExactlyInAnyOrder("farm-3", "share-2");
    }

    private long checkIn(String token, String eventId, String member, Instant at, String device) {
        Map<String, Object> event = new java.util.LinkedHashMap<>(Map.of("eventId", eventId, "type", "CHECK_IN", "memberId", member,
                "occurredAt", at.toString()));
        if (device != null) {
            event.put("attributes", Map.of("deviceId", device));
        }
        var answer = http().send("POST", "/api/v1/earning/events", token, "application/json", Http.json(event));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("points").asLong();
    }

    @Test
    void membersMoveUpTheTierLadderAtOnceAndTheirTierMultipliesWhatTheyEarn() {
        var tenant = fixtures.tenant("earn-tiers");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String member = member(backEnd, "climber-1");
        publish(admin, """
                {"tiers": [{"code": "bronze", "name": "青铜", "minScore": 0},
                           {"code": "gold", "name": "黄金", "minScore": 1000, "earnMultiplier": 1.5, "loanLimit": 500},
                           {"code": "diamond", "name": "钻石", "minScore": 5000, "earnMultiplier": 2}],
                 "rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}},
                           {"id": "gold-bonus", "eventTypes": ["ORDER_PAID"], "when": {"tiers": ["gold"]}, "award": {"kind": "FIXED", "points": 50}}]}""",
                Instant.now().minus(1, ChronoUnit.HOURS), null);

        long first = points(backEnd, order("t-1", member, 80_000, "shoes", 80_000, "x", 0));
        long second = points(backEnd, order("t-2", member, 30_000, "shoes", 30_000, "x", 0));
        long third = points(backEnd, order("t-3", member, 10_000, "shoes", 10_000, "x", 0));

        assertThat(List.of(first, second, third)).as("no tier, then bronze (x1), then gold: (100 + 50) x 1.5").containsExactly(800L, 300L, 225L);
        var tier = http().get("/api/v1/members/" + member + "/tier", backEnd).json();
        assertThat(tier.get("code").asString()).isEqualTo("gold");
        assertThat(tier.get("name").asString()).isEqualTo("黄金");
        assertThat(tier.get("loanLimit").asLong()).isEqualTo(500);
        assertThat(tier.get("history")).extracting(change -> change.get("to").asString()).containsExactly("bronze", "gold");
        // The gold tier lets the member borrow 500 beyond the 1,325 points they have.
        assertThat(http().send("POST", "/api/v1/members/" + member + "/points/spend", backEnd, "application/json", "{\"points\": 1900}",
                java.util.UUID.randomUUID().toString()).status()).isEqualTo(422);
        assertThat(http().send("POST", "/api/v1/members/" + member + "/points/spend", backEnd, "application/json", "{\"points\": 1800}",
                java.util.UUID.randomUUID().toString()).status()).isEqualTo(201);
        var unknownTier = http().send("POST", "/api/v1/earning/rule-versions", admin, "application/json", """
                {"rules": {"rules": [{"id": "r", "eventTypes": ["CHECK_IN"], "when": {"tiers": ["platinum"]}, "award": {"kind": "FIXED", "points": 1}}]},
                 "effectiveFrom": "2030-01-01T00:00:00Z"}""");
        assertThat(unknownTier.json().get("errors")).extracting(error -> error.get("field").asString()).contains("rules[0].when.tiers");
    }

    @Test
    void theReviewAtPeriodEndLowersTiersTheScoreNoLongerReachesButNotBelowAFloorAndTheRetentionSprintMultiplies() {
        var tenant = fixtures.tenant("earn-review");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String slipping = member(backEnd, "slipping");
        String contracted = member(backEnd, "contracted");
        publish(admin, """
                {"tiers": [{"code": "bronze", "name": "青铜", "minScore": 0}, {"code": "gold", "name": "黄金", "minScore": 1000, "earnMultiplier": 1.5}],
                 "tierReview": {"period": "MONTH", "retentionDays": 31, "retentionMultiplier": 2},
                 "rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}}]}""",
                Instant.now().minus(1, ChronoUnit.HOURS), null);

        long first = points(backEnd, order("rv-o1", slipping, 120_000, "x", 120_000, "y", 0));
        long refunded = points(backEnd, refund("rv-r1", slipping, "rv-o1", 60_000));
        long sprint = points(backEnd, order("rv-o2", slipping, 10_000, "x", 10_000, "y", 0));
        assertThat(http().send("PUT", "/api/v1/members/" + contracted + "/tier-floor", admin, "application/json",
                "{\"code\": \"gold\", \"reason\": \"年度合同\"}").status()).isEqualTo(200);
        var zone = java.time.ZoneId.of("Asia/Shanghai");
        Instant nextMonth = java.time.YearMonth.now(zone).plusMonths(1).atDay(1).atStartOfDay(zone).plusHours(1).toInstant();
        String operator = fixtures.operatorToken();
        var review = http().postJson("/api/v1/operator/tier-reviews/runs", operator, Map.of("asOf", nextMonth.toString()));
        var again = http().postJson("/api/v1/operator/tier-reviews/runs", operator, Map.of("asOf", nextMonth.plusSeconds(60).toString()));

        assertThat(List.of(first, refunded, sprint)).as("gold at 1,200; the refund takes 600 (score 600, below gold); then 100 x 1.5 x 2")
                .containsExactly(1_200L, -600L, 300L);
        assertThat(review.json().get("members").asLong()).as(review.body()).isEqualTo(1);
        assertThat(again.json().get("members").asLong()).as("each period is reviewed once").isZero();
        var lowered = http().get("/api/v1/members/" + slipping + "/tier", backEnd).json();
        assertThat(lowered.get("code").asString()).isEqualTo("bronze");
        var history = lowered.get("history");
        assertThat(history.get(history.size() - 1).get("reason").asString())
                .startsWith("review of " + java.time.YearMonth.now(zone) + ": score 900");
        assertThat(http().get("/api/v1/members/" + contracted + "/tier", backEnd).json().get("code").asString())
                .as("a floor tier is kept").isEqualTo("gold");
    }

    @Test
    void withACalendarWindowTheScoreCountsOnlyThePeriodAndTheReviewTakesThePeriodThatEnded() {
        var tenant = fixtures.tenant("earn-calendar");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String member = member(backEnd, "calendar-1");
        publish(admin, """
                {"tiers": [{"code": "bronze", "name": "青铜", "minScore": 0}, {"code": "gold", "name": "黄金", "minScore": 1000}],
                 "tierReview": {"period": "MONTH", "calendarWindow": true},
                 "rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}}]}""",
                Instant.now().minus(70, ChronoUnit.DAYS), null);
        var zone = java.time.ZoneId.of("Asia/Shanghai");
        var thisMonth = java.time.YearMonth.now(zone);
        Instant lastMonth = thisMonth.atDay(1).atStartOfDay(zone).minusDays(3).toInstant();
        postAt(backEnd, order("cal-o1", member, 120_000, "x", 120_000, "y", 0), lastMonth);
        points(backEnd, order("cal-o2", member, 10_000, "x", 10_000, "y", 0));

        var tier = http().get("/api/v1/members/" + member + "/tier", backEnd).json();
        String operator = fixtures.operatorToken();
        var review = http().postJson("/api/v1/operator/tier-reviews/runs", operator,
                Map.of("asOf", thisMonth.plusMonths(1).atDay(1).atStartOfDay(zone).plusHours(2).toInstant().toString()));

        assertThat(tier.get("code").asString()).as("gold from last month's 1,200; this month's 100 do not lower it").isEqualTo("gold");
        assertThat(review.json().get("members").asLong()).as(review.body()).isEqualTo(1);
        var history = http().get("/api/v1/members/" + member + "/tier", backEnd).json().get("history");
        assertThat(history.get(history.size() - 1).get("reason").asString())
                .as("a rolling year would count 1,300").isEqualTo("review of " + thisMonth + ": score 100 in the calendar month");
        var invalid = http().send("POST", "/api/v1/earning/rule-versions", admin, "application/json", """
                {"rules": {"tierWindowDays": 90, "tiers": [{"code": "a", "name": "A", "minScore": 0}], "tierReview": {"period": "YEAR", "calendarWindow": true},
                           "rules": [{"id": "r", "eventTypes": ["SHARE"], "award": {"kind": "FIXED", "points": 1}}]},
                 "effectiveFrom": "2030-01-01T00:00:00Z"}""");
        assertThat(invalid.json().get("errors")).extracting(error -> error.get("field").asString()).containsExactly("tierWindowDays");
    }

    @Test
    void growthValueWeighsSpendAndInteractionsAndAnAdminCanGrantAFloorTier() {
        var tenant = fixtures.tenant("earn-growth");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String member = member(backEnd, "grower-1");
        String vip = member(backEnd, "vip-1");
        publish(admin, """
                {"tierScore": {"basis": "GROWTH", "spendWeightPercent": 60, "interactionWeightPercent": 40},
                 "tiers": [{"code": "silver", "name": "白银", "minScore": 500}, {"code": "gold", "name": "黄金", "minScore": 700}],
                 "rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}},
                           {"id": "share", "eventTypes": ["SHARE"], "award": {"kind": "FIXED", "points": 100}}]}""",
                Instant.now().minus(1, ChronoUnit.HOURS), null);

        points(backEnd, order("g-o1", member, 100_000, "shoes", 100_000, "x", 0));
        String afterOrder = http().get("/api/v1/members/" + member + "/tier", backEnd).json().get("code").asString();
        for (int i = 0; i < 5; i++) {
            points(backEnd, Http.json(Map.of("eventId", "g-s" + i, "type", "SHARE", "memberId", member)));
        }
        var tier = http().get("/api/v1/members/" + member + "/tier", backEnd).json();

        assertThat(afterOrder).as("1,000 yuan x 60 % = 600").isEqualTo("silver");
        assertThat(tier.get("code").asString()).as("600 + 500 interaction points x 40 % = 800").isEqualTo("gold");
        var granted = http().send("PUT", "/api/v1/members/" + vip + "/tier-floor", admin, "application/json",
                "{\"code\": \"gold\", \"reason\": \"大客户合同\"}");
        assertThat(granted.status()).as(granted.body()).isEqualTo(200);
        assertThat(granted.json().get("code").asString()).isEqualTo("gold");
        assertThat(granted.json().get("history").get(0).get("reason").asString()).contains("大客户合同");
        assertThat(http().send("PUT", "/api/v1/members/" + vip + "/tier-floor", admin, "application/json",
                "{\"code\": \"platinum\", \"reason\": \"x\"}").status()).isEqualTo(400);
        assertThat(http().send("PUT", "/api/v1/members/" + vip + "/tier-floor", backEnd, "application/json",
                "{\"code\": \"gold\", \"reason\": \"x\"}").status()).isEqualTo(403);
    }

    @Test
    void aMembersTierGivesABirthdayGiftOnceAYear() {
        var tenant = fixtures.tenant("earn-birthday");
        String backEnd = fixtures.apiToken(tenant);
        var today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        var created = http().postJson("/api/v1/members", backEnd, Map.of("externalId", "bday-1", "audience", "CONSUMER",
                "birthday", today.withYear(1990).toString()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String member = created.json().get("id").asString();
        publish(fixtures.adminToken(tenant), """
                {"tiers": [{"code": "bronze", "name": "青铜", "minScore": 0, "birthdayPoints": 88}],
                 "rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}}]}""",
                Instant.now().minus(1, ChronoUnit.HOURS), null);
        points(backEnd, order("bd-o1", member, 1_000, "x", 1_000, "y", 0));

        String operator = fixtures.operatorToken();
        var first = http().postJson("/api/v1/operator/birthday-gifts/runs", operator, Map.of());
        http().postJson("/api/v1/operator/birthday-gifts/runs", operator, Map.of());

        assertThat(first.json().get("status").asString()).isEqualTo("COMPLETED");
        assertThat(balance(backEnd, member)).as("10 for the order, 88 on the birthday, once").isEqualTo(98);
    }

    private long points(String token, String event) {
        var answer = http().send("POST", "/api/v1/earning/events", token, "application/json", event);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("points").asLong();
    }

    @Test
    void theSegmentsJobScoresMembersByRecencyFrequencyAndMonetaryAndRulesCanTargetASegment() {
        var tenant = fixtures.tenant("earn-rfm");
        String backEnd = fixtures.apiToken(tenant);
        publish(fixtures.adminToken(tenant), """
                {"rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}},
                           {"id": "vip-check-in", "eventTypes": ["CHECK_IN"], "when": {"segments": ["HIGH_VALUE"]}, "award": {"kind": "FIXED", "points": 100}}],
                 "tasks": [{"id": "wake-up", "name": "回归有礼", "eventType": "ORDER_PAID", "count": 1, "points": 300, "when": {"segments": ["DORMANT"]}}]}""",
                Instant.now().minus(400, ChronoUnit.DAYS), null);
        String loyal = member(backEnd, "rfm-loyal");
        String lapsed = member(backEnd, "rfm-lapsed");
        String never = member(backEnd, "rfm-never");
        String newcomer = member(backEnd, "rfm-new");
        Instant now = Instant.now().minus(1, ChronoUnit.MINUTES);
        for (int i = 0; i < 3; i++) {
            postAt(backEnd, order("rfm-l-" + i, loyal, 90_000, "shoes", 90_000, "x", 0), now.minus(10 - i, ChronoUnit.DAYS));
        }
        postAt(backEnd, order("rfm-p-1", lapsed, 40_000, "shoes", 40_000, "x", 0), now.minus(200, ChronoUnit.DAYS));
        postAt(backEnd, order("rfm-n-1", newcomer, 1_000, "shoes", 1_000, "x", 0), now.minus(1, ChronoUnit.DAYS));

        var run = http().postJson("/api/v1/operator/member-segments/runs", fixtures.operatorToken(), Map.of());

        assertThat(run.json().get("status").asString()).isEqualTo("COMPLETED");
        assertThat(segment(backEnd, loyal)).isEqualTo("HIGH_VALUE");
        assertThat(segment(backEnd, newcomer)).isEqualTo("POTENTIAL");
        assertThat(segment(backEnd, lapsed)).isEqualTo("DORMANT");
        assertThat(segment(backEnd, never)).isEqualTo("CHURNED");
        assertThat(http().get("/api/v1/earning/segments", backEnd).json().get("HIGH_VALUE").asLong()).isEqualTo(1);
        assertThat(checkIn(backEnd, "rfm-ci-1", loyal, now, null)).as("the high-value member's check-in").isEqualTo(100);
        assertThat(checkIn(backEnd, "rfm-ci-2", newcomer, now, null)).isZero();
        assertThat(dormant.heard).as("the lapsed member is announced with their wake-up task, once")
                .filteredOn(heard -> heard.memberId().toString().equals(lapsed))
                .extracting(MemberBecameDormant::wakeUpTasks).containsExactly(List.of("wake-up"));
        http().postJson("/api/v1/operator/member-segments/runs", fixtures.operatorToken(), Map.of());
        assertThat(dormant.heard).filteredOn(heard -> heard.memberId().toString().equals(lapsed)).hasSize(1);
        assertThat(points(backEnd, order("rfm-p-2", lapsed, 10_000, "shoes", 10_000, "x", 0))).as("100 for the order, 300 for coming back")
                .isEqualTo(400);
        assertThat(points(backEnd, order("rfm-l-9", loyal, 10_000, "shoes", 10_000, "x", 0))).isEqualTo(100);
    }

    private void postAt(String token, String event, Instant at) {
        String withTime = event.substring(0, event.length() - 1) + ", \"occurredAt\": \"" + at + "\"}";
        assertThat(http().send("POST", "/api/v1/earning/events", token, "application/json", withTime).status()).isEqualTo(200);
    }

    private String segment(String token, String member) {
        return http().get("/api/v1/members/" + member + "/segment", token).json().get("segment").asString();
    }

    @Test
    void aDepartmentBudgetIsFundedAndGrantedFromInBulkAndAGrantBeyondItIsRefusedWhole() {
        var tenant = fixtures.tenant("earn-budget");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String[] staff = {member(backEnd, "emp-1"), member(backEnd, "emp-2"), member(backEnd, "emp-3")};
        assertThat(http().postJson("/api/v1/earning/budgets", admin, Map.of("code", "sales-dept", "name", "销售部福利")).status()).isEqualTo(201);
        var funded = http().postJson("/api/v1/earning/budgets/sales-dept/fundings", admin, Map.of("id", "fund-1", "points", 1_000, "reason", "2026 Q4"));
        assertThat(funded.json().get("remaining").asLong()).isEqualTo(1_000);

        var json = http().postJson("/api/v1/earning/budgets/sales-dept/grants", admin, Map.of("id", "grant-1", "reason", "中秋福利",
                "lines", List.of(Map.of("memberId", staff[0], "points", 300), Map.of("externalMemberId", "emp-2", "points", 200))));
        var csv = http().send("POST", "/api/v1/earning/budgets/sales-dept/grants?id=grant-2&reason=%E5%B9%B4%E7%BB%88", admin, "text/csv",
                "external_id,points\nemp-3,400\n");
        var replay = http().send("POST", "/api/v1/earning/budgets/sales-dept/grants?id=grant-2&reason=%E5%B9%B4%E7%BB%88", admin, "text/csv",
                "external_id,points\nemp-3,400\n");
        var tooMuch = http().postJson("/api/v1/earning/budgets/sales-dept/grants", admin, Map.of("id", "grant-3", "reason", "超额",
                "lines", List.of(Map.of("memberId", staff[0], "points", 50), Map.of("memberId", staff[1], "points", 60))));
        var badLine = http().send("POST", "/api/v1/earning/budgets/sales-dept/grants?id=grant-4&reason=x", admin, "text/csv",
                "external_id,points\nemp-1,10\nnobody,10\n");

        assertThat(json.status()).as(json.body()).isEqualTo(201);
        assertThat(csv.json().get("remaining").asLong()).isEqualTo(100);
        assertThat(replay.json().get("remaining").asLong()).as("the same grant again answers the first").isEqualTo(100);
        assertThat(tooMuch.status()).isEqualTo(422);
        assertThat(tooMuch.json().get("type").asString()).isEqualTo("https://jifen.io/problems/budget-exceeded");
        assertThat(badLine.status()).isEqualTo(400);
        assertThat(badLine.json().get("errors").get(0).get("line").asInt()).isEqualTo(2);
        assertThat(List.of(balance(backEnd, staff[0]), balance(backEnd, staff[1]), balance(backEnd, staff[2])))
                .as("nothing of the refused grants was applied").containsExactly(300L, 200L, 400L);
        assertThat(http().get("/api/v1/earning/budgets", backEnd).json().get(0).get("granted").asLong()).isEqualTo(900);
        assertThat(http().postJson("/api/v1/earning/budgets/sales-dept/fundings", backEnd, Map.of("id", "f", "points", 1, "reason", "x")).status())
                .as("staff do not fund budgets").isEqualTo(403);
    }

    @Test
    void aMonthlyWelfareScheduleGrantsEveryEmployeeOnceAMonthAndAMonthTheBudgetCannotPayIsRefusedWhole() {
        var tenant = fixtures.tenant("earn-welfare");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String operator = fixtures.operatorToken();
        List<String> staff = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var created = http().postJson("/api/v1/members", backEnd, Map.of("externalId", "w-emp-" + i, "audience", "EMPLOYEE"));
            staff.add(created.json().get("id").asString());
        }
        String consumer = member(backEnd, "w-consumer");
        http().postJson("/api/v1/earning/budgets", admin, Map.of("code", "hr", "name", "人事部福利"));
        http().postJson("/api/v1/earning/budgets/hr/fundings", admin, Map.of("id", "f-1", "points", 1_000, "reason", "2026"));
        var schedule = http().postJson("/api/v1/earning/budgets/hr/welfare-schedules", admin,
                Map.of("id", "monthly", "dayOfMonth", 1, "points", 200, "reason", "月度福利"));
        var big = http().postJson("/api/v1/earning/budgets/hr/welfare-schedules", admin,
                Map.of("id", "bonus", "dayOfMonth", 1, "points", 5_000, "reason", "年终奖"));
        var bad = http().postJson("/api/v1/earning/budgets/hr/welfare-schedules", admin,
                Map.of("id", "late", "dayOfMonth", 31, "points", 0, "audience", "ROBOTS", "reason", "x"));

        var first = http().postJson("/api/v1/operator/welfare-grants/runs", operator, Map.of());
        http().postJson("/api/v1/operator/welfare-grants/runs", operator, Map.of());

        assertThat(schedule.status()).as(schedule.body()).isEqualTo(201);
        assertThat(big.status()).isEqualTo(201);
        assertThat(bad.json().get("errors")).extracting(error -> error.get("field").asString())
                .containsExactlyInAnyOrder("dayOfMonth", "points", "audience");
        assertThat(first.json().get("status").asString()).isEqualTo("COMPLETED");
        assertThat(staff).as("200 each, once this month").allSatisfy(member -> assertThat(balance(backEnd, member)).isEqualTo(200));
        assertThat(balance(backEnd, consumer)).as("consumers are not employees").isZero();
        var schedules = http().get("/api/v1/earning/budgets/hr/welfare-schedules", admin).json();
        assertThat(schedules).extracting(s -> s.get("id").asString() + ":" + s.get("runs").get(0).get("status").asString())
                .containsExactly("bonus:REFUSED", "monthly:GRANTED");
        assertThat(http().get("/api/v1/earning/budgets", admin).json().get(0).get("granted").asLong())
                .as("the refused month took nothing from the budget").isEqualTo(600);
        assertThat(http().send("DELETE", "/api/v1/earning/budgets/hr/welfare-schedules/bonus", admin, "application/json", null).status())
                .isEqualTo(204);
        assertThat(http().send("DELETE", "/api/v1/earning/budgets/hr/welfare-schedules/bonus", backEnd, "application/json", null).status())
                .as("staff do not stop schedules").isEqualTo(403);
    }

    @Test
    void dealersEarnTheRateOfTheirTargetAttainmentOnceAndGuidesAreRankedByWhatTheyEarned() {
        var tenant = fixtures.tenant("earn-b2b");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        for (String[] m : new String[][] {{"dealer-1", "DEALER"}, {"dealer-2", "DEALER"}, {"guide-1", "SALES_GUIDE"}, {"guide-2", "SALES_GUIDE"}}) {
            assertThat(http().postJson("/api/v1/members", backEnd, Map.of("externalId", m[0], "audience", m[1], "displayName", m[0])).status())
                    .isEqualTo(201);
        }
        Map<String, Object> upload = Map.of("period", "2026-Q4", "rates", List.of(Map.of("attainmentPercent", 100, "points", 1_000),
                        Map.of("attainmentPercent", 120, "points", 3_000)),
                "dealers", List.of(Map.of("externalMemberId", "dealer-1", "targetFen", 1_000_000, "salesFen", 1_250_000),
                        Map.of("externalMemberId", "dealer-2", "targetFen", 1_000_000, "salesFen", 990_000)));

        var awarded = http().postJson("/api/v1/earning/dealer-targets", admin, upload);
        var again = http().postJson("/api/v1/earning/dealer-targets", admin, upload);
        var notADealer = http().postJson("/api/v1/earning/dealer-targets", admin, Map.of("period", "2026-Q4",
                "rates", List.of(Map.of("attainmentPercent", 100, "points", 1)), "dealers", List.of(Map.of("externalMemberId", "guide-1",
                        "targetFen", 1, "salesFen", 1))));

        assertThat(awarded.status()).as(awarded.body()).isEqualTo(201);
        assertThat(awarded.json()).extracting(result -> result.get("points").asLong()).containsExactly(3_000L, 0L);
        assertThat(again.json().get(0).get("transactionId").asString()).as("uploaded twice, awarded once")
                .isEqualTo(awarded.json().get(0).get("transactionId").asString());
        assertThat(notADealer.status()).isEqualTo(400);
        String dealer1 = http().get("/api/v1/members?size=50", backEnd).json().get("items").valueStream()
                .filter(m -> m.get("externalId").asString().equals("dealer-1")).findFirst().orElseThrow().get("id").asString();
        assertThat(balance(backEnd, dealer1)).isEqualTo(3_000);

        publish(admin, RULES, Instant.now().minus(1, ChronoUnit.HOURS), null);
        http().send("POST", "/api/v1/earning/events", backEnd, "application/json", Http.json(Map.of("eventId", "g1-sale", "type", "ORDER_PAID",
                "externalMemberId", "guide-1", "order", Map.of("orderId", "g1", "amountFen", 10_000))));
        http().send("POST", "/api/v1/earning/events", backEnd, "application/json", Http.json(Map.of("eventId", "g2-sale", "type", "ORDER_PAID",
                "externalMemberId", "guide-2", "order", Map.of("orderId", "g2", "amountFen", 30_000))));
        String month = java.time.YearMonth.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
        var board = http().get("/api/v1/earning/leaderboards/sales-guides?month=" + month, backEnd).json();
        assertThat(board).extracting(entry -> entry.get("externalId").asString()).containsExactly("guide-2", "guide-1");
        assertThat(board.get(0).get("rank").asInt()).isEqualTo(1);
    }

    @Test
    void tasksPayOncePerPeriodWhenTheirCountIsReachedAndTheTaskCentreShowsProgress() {
        var tenant = fixtures.tenant("earn-tasks");
        String backEnd = fixtures.apiToken(tenant);
        String member = member(backEnd, "tasker-1");
        publish(fixtures.adminToken(tenant), """
                {"tasks": [{"id": "profile", "name": "完善资料", "eventType": "PROFILE_COMPLETED", "count": 1, "points": 50, "period": "ONCE"},
                           {"id": "share-week", "name": "每周分享3次", "eventType": "SHARE", "count": 3, "points": 200, "period": "WEEK"},
                           {"id": "staff-only", "name": "员工签到", "eventType": "CHECK_IN", "count": 1, "points": 30,
                            "when": {"audiences": ["EMPLOYEE"]}}]}""",
                Instant.now().minus(1, ChronoUnit.HOURS), null);

        List<Long> earned = new java.util.ArrayList<>();
        for (String[] event : new String[][] {{"p-1", "PROFILE_COMPLETED"}, {"p-2", "PROFILE_COMPLETED"}, {"s-1", "SHARE"}, {"s-2", "SHARE"},
                {"s-3", "SHARE"}, {"s-4", "SHARE"}, {"c-1", "CHECK_IN"}}) {
            earned.add(points(backEnd, Http.json(Map.of("eventId", event[0], "type", event[1], "memberId", member))));
        }

        assertThat(earned).as("once for the profile, on the third share of the week, not at all for another audience's task")
                .containsExactly(50L, 0L, 0L, 0L, 200L, 0L, 0L);
        var centre = http().get("/api/v1/members/" + member + "/tasks", backEnd).json();
        assertThat(centre).extracting(task -> task.get("id").asString() + ":" + task.get("count").asInt() + "/" + task.get("target").asInt()
                        + (task.get("completed").asBoolean() ? " done" : ""))
                .containsExactly("profile:1/1 done", "share-week:3/3 done", "staff-only:0/1");
        assertThat(centre).extracting(task -> task.get("id").asString() + ":" + task.get("forMember").asBoolean())
                .as("the staff task is not for a consumer").containsExactly("profile:true", "share-week:true", "staff-only:false");
    }

    @Test
    void aTaskPackagePaysOnceWhenAllItsTasksAreDoneAndInvitingThreeFriendsUnlocksAnItem() {
        var tenant = fixtures.tenant("earn-packages");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String member = member(backEnd, "newcomer-1");
        publish(admin, """
                {"tasks": [{"id": "register", "name": "注册", "eventType": "REGISTER", "count": 1, "points": 10},
                           {"id": "profile", "name": "完善资料", "eventType": "PROFILE_COMPLETED", "count": 1, "points": 50},
                           {"id": "first-order", "name": "首单", "eventType": "ORDER_PAID", "count": 1, "points": 20},
                           {"id": "invite", "name": "邀请3位好友", "eventType": "INVITE_ACCEPTED", "count": 3, "points": 0, "unlocks": "item:vip-mug"}],
                 "taskPackages": [{"id": "newcomer", "name": "新人礼包", "tasks": ["register", "profile", "first-order"], "points": 500}]}""",
                Instant.now().minus(1, ChronoUnit.HOURS), null);
        java.util.function.BiFunction<String, String, String> event = (id, type) -> Http.json(Map.of("eventId", id, "type", type, "memberId", member));

        List<Long> earned = List.of(points(backEnd, event.apply("n-1", "REGISTER")), points(backEnd, event.apply("n-2", "PROFILE_COMPLETED")),
                points(backEnd, order("n-3", member, 10_000, "shoes", 10_000, "x", 0)), points(backEnd, order("n-4", member, 10_000, "shoes", 10_000, "x", 0)),
                points(backEnd, event.apply("i-1", "INVITE_ACCEPTED")), points(backEnd, event.apply("i-2", "INVITE_ACCEPTED")));
        assertThat(http().get("/api/v1/members/" + member + "/unlocks", backEnd).json()).as("two friends are not three").isEmpty();
        points(backEnd, event.apply("i-3", "INVITE_ACCEPTED"));

        assertThat(earned).as("the first order completes the package: its task's 20 and the package's 500, once").containsExactly(10L, 50L, 520L, 0L, 0L, 0L);
        assertThat(balance(backEnd, member)).isEqualTo(580);
        assertThat(http().get("/api/v1/members/" + member + "/unlocks", backEnd).json())
                .extracting(unlock -> unlock.get("code").asString() + " by " + unlock.get("source").asString()).containsExactly("item:vip-mug by task:invite");
        var centre = http().get("/api/v1/members/" + member + "/tasks", backEnd).json();
        assertThat(centre).extracting(task -> task.get("id").asString() + ":" + task.get("count").asInt() + "/" + task.get("target").asInt()
                        + (task.get("completed").asBoolean() ? " done" : ""))
                .containsExactly("register:1/1 done", "profile:1/1 done", "first-order:1/1 done", "invite:3/3 done", "newcomer:3/3 done");

        var invalid = http().send("POST", "/api/v1/earning/rule-versions", admin, "application/json", """
                {"rules": {"tasks": [{"id": "a", "name": "A", "eventType": "SHARE", "count": 1, "points": 0}],
                           "taskPackages": [{"id": "p", "name": "P", "tasks": ["a", "ghost"], "points": 100}]},
                 "effectiveFrom": "2030-01-01T00:00:00Z"}""");
        assertThat(invalid.json().get("errors")).extracting(error -> error.get("field").asString())
                .containsExactlyInAnyOrder("tasks[0].points", "taskPackages[0].tasks");
    }

    @Test
    void advancedConditionsAreCelExpressionsCheckedOnSaveAndEvaluatedPerEvent() {
        var tenant = fixtures.tenant("earn-cel");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String member = member(backEnd, "cel-1");
        var broken = http().send("POST", "/api/v1/earning/rule-versions", admin, "application/json", """
                {"rules": {"rules": [{"id": "bad", "eventTypes": ["ORDER_PAID"], "when": {"expression": "event.amountFen >= "},
                  "award": {"kind": "FIXED", "points": 1}},
                 {"id": "not-bool", "eventTypes": ["ORDER_PAID"], "when": {"expression": "event.amountFen + 1"}, "award": {"kind": "FIXED", "points": 1}},
                 {"id": "unknown", "eventTypes": ["ORDER_PAID"], "when": {"expression": "java.lang.System.exit(0)"}, "award": {"kind": "FIXED", "points": 1}}]},
                 "effectiveFrom": "2030-01-01T00:00:00Z"}""");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().get("errors")).extracting(error -> error.get("field").asString())
                .containsExactly("rules[0].when.expression", "rules[1].when.expression", "rules[2].when.expression");
        publish(admin, """
                {"rules": [{"id": "big-milk-app", "eventTypes": ["ORDER_PAID"],
                            "when": {"expression": "event.amountFen >= 50000 && 'milk' in event.categories && event.channel == 'app' && member.firstOrder"},
                            "award": {"kind": "FIXED", "points": 500}}]}""", Instant.now().minus(1, ChronoUnit.HOURS), null);

        long small = points(backEnd, order("cel-o1", member, 10_000, "milk", 10_000, "x", 0));
        long big = points(backEnd, order("cel-o2", member, 60_000, "milk", 60_000, "x", 0));

        assertThat(small).as("too small").isZero();
        assertThat(big).as("no longer the first order").isZero();
        String second = member(backEnd, "cel-2");
        assertThat(points(backEnd, order("cel-o3", second, 60_000, "milk", 60_000, "x", 0))).isEqualTo(500);
    }

    @Test
    void eventsPostedWithTheTenantsWebhookSignatureAreAppliedAndUnsignedOrStaleOnesRefused() {
        var tenant = fixtures.tenant("earn-hook");
        var other = fixtures.tenant("earn-hook-other");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String member = member(backEnd, "hooked-1");
        publish(admin, RULES, Instant.now().minus(1, ChronoUnit.HOURS), null);
        var issued = http().send("POST", "/api/v1/earning/webhook-secret", admin, "application/json", "{}");
        assertThat(issued.status()).isEqualTo(201);
        String secret = issued.json().get("secret").asString();
        String otherSecret = http().send("POST", "/api/v1/earning/webhook-secret", fixtures.adminToken(other), "application/json", "{}")
                .json().get("secret").asString();
        String path = "/api/v1/webhooks/" + tenant.slug() + "/events";
        byte[] body = ("{\"events\": [" + checkIn("hook-1", member) + "]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();

        var applied = webhook(path, body, now, "sha256=" + EarningWebhooks.sign(secret, now, body));

        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        assertThat(applied.json().get("applied").asInt()).isEqualTo(1);
        assertThat(balance(backEnd, member)).isEqualTo(10);
        assertThat(webhook(path, body, now, "sha256=" + EarningWebhooks.sign(otherSecret, now, body)).status()).as("another tenant's secret")
                .isEqualTo(401);
        long stale = now - 600;
        assertThat(webhook(path, body, stale, "sha256=" + EarningWebhooks.sign(secret, stale, body)).status()).as("outside the window").isEqualTo(401);
        var unsigned = webhook(path, body, now, null);
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(unsigned.json().get("type").asString()).isEqualTo("https://jifen.io/problems/webhook-signature");
        assertThat(webhook("/api/v1/webhooks/no-such-tenant/events", body, now, "sha256=00").status()).isEqualTo(401);
        assertThat(http().send("POST", "/api/v1/earning/webhook-secret", backEnd, "application/json", "{}").status()).isEqualTo(403);
        assertThat(balance(backEnd, member)).as("nothing refused was applied").isEqualTo(10);
    }

    private Http.Response webhook(String path, byte[] body, long timestamp, String signature) {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("X-Jifen-Timestamp", String.valueOf(timestamp))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-Jifen-Signature", signature);
        }
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            var response = client.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Http.Response(response.statusCode(), response.headers().map(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static final String RULES_BODY = "{\"rules\": " + RULES + ", \"effectiveFrom\": \"%s\", \"effectiveTo\": %s}";

    private String publish(String admin, String rules, Instant from, Instant to) {
        var draft = http().send("POST", "/api/v1/earning/rule-versions", admin, "application/json",
                "{\"rules\": " + rules + ", \"effectiveFrom\": \"" + from + "\", \"effectiveTo\": " + (to == null ? "null" : "\"" + to + "\"") + "}");
        assertThat(draft.status()).as(draft.body()).isEqualTo(201);
        String id = draft.json().get("id").asString();
        var published = http().send("POST", "/api/v1/earning/rule-versions/" + id + "/publish", admin, "application/json", "{}");
        assertThat(published.status()).as(published.body()).isEqualTo(200);
        return id;
    }

    private String member(String token, String externalId) {
        var created = http().postJson("/api/v1/members", token, Map.of("externalId", externalId, "audience", "CONSUMER", "displayName", "会员"));
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private long balance(String token, String member) {
        return http().get("/api/v1/members/" + member + "/points/balance", token).json().get("available").asLong();
    }

    private static String order(String orderId, String member, long amount, String category1, long amount1, String category2, long amount2) {
        return Http.json(Map.of("eventId", orderId + "-paid", "type", "ORDER_PAID", "memberId", member, "order", Map.of("orderId", orderId,
                "amountFen", amount, "items", List.of(Map.of("category", category1, "amountFen", amount1), Map.of("category", category2, "amountFen", amount2)),
                "channel", "app")));
    }

    private static String refund(String eventId, String member, String orderId, long refund) {
        return Http.json(Map.of("eventId", eventId, "type", "ORDER_REFUNDED", "memberId", member, "order", Map.of("orderId", orderId, "refundFen", refund)));
    }

    private static String checkIn(String eventId, String member) {
        return Http.json(Map.of("eventId", eventId, "type", "CHECK_IN", "memberId", member));
    }

    private static Object json(String text) {
        return new tools.jackson.databind.json.JsonMapper().readValue(text, Map.class);
    }
}
