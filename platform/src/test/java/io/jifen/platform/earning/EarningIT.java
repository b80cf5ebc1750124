package io.jifen.platform.earning;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;

import static io.jifen.platform.support.Fixtures.RULES;
import static io.jifen.platform.support.Fixtures.checkIn;
import static io.jifen.platform.support.Fixtures.order;
import static io.jifen.platform.support.Fixtures.refund;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A brand's events over HTTP, one at a time: what a published rule set earns and what the calculator says it would, refunds, rules' limits
 * and budgets, daily check-ins and the anti-abuse limits.
 */
class EarningIT extends IntegrationTest {

    @Test
    void aPublishedRuleSetEarnsPointsOnceAndTheCalculatorAgrees() {
        var tenant = fixtures.tenant("earn-rules");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String member = fixtures.member(backEnd, "earner-1");
        fixtures.publish(admin, RULES, Instant.now().minus(1, ChronoUnit.HOURS), null);
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
        assertThat(fixtures.balance(backEnd, member)).as("applied once, visible at once").isEqualTo(2_100);
        var reused = http().send("POST", "/api/v1/earning/events", backEnd, "application/json", order("ord-1", member, 1_000, "milk", 1_000, "x", 0));
        assertThat(reused.status()).isEqualTo(409);

        var second = http().send("POST", "/api/v1/earning/events", backEnd, "application/json", order("ord-2", member, 25_050, "shoes", 25_050, "x", 0));
        assertThat(second.json().get("points").asLong()).as("250 for the yuan, 30 for 200 yuan; no longer the first order").isEqualTo(280);
        assertThat(fixtures.balance(backEnd, member)).isEqualTo(2_380);
    }

    @Test
    void refundsTakeBackTheirShareOfWhatTheOrderEarnedAcrossPartialRefunds() {
        var tenant = fixtures.tenant("earn-refund");
        String backEnd = fixtures.apiToken(tenant);
        String member = fixtures.member(backEnd, "refunder-1");
        fixtures.publish(fixtures.adminToken(tenant), RULES, Instant.now().minus(1, ChronoUnit.HOURS), null);
        http().send("POST", "/api/v1/earning/events", backEnd, "application/json", order("ord-r", member, 60_000, "milk", 20_000, "shoes", 40_000));

        var first = http().send("POST", "/api/v1/earning/events", backEnd, "application/json", refund("ref-1", member, "ord-r", 15_000));
        var second = http().send("POST", "/api/v1/earning/events", backEnd, "application/json", refund("ref-2", member, "ord-r", 45_000));
        var tooMuch = http().send("POST", "/api/v1/earning/events", backEnd, "application/json", refund("ref-3", member, "ord-r", 1));

        assertThat(first.json().get("points").asLong()).isEqualTo(-525);
        assertThat(second.json().get("points").asLong()).isEqualTo(-1_575);
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(fixtures.balance(backEnd, member)).isZero();
    }

    @Test
    void aRuleGivesNoMoreThanItsLimitsAndItsBudgetAndItsPointsWaitOutItsReturnWindow() {
        var tenant = fixtures.tenant("earn-limits");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String a = fixtures.member(backEnd, "reviewer-a");
        String b = fixtures.member(backEnd, "reviewer-b");
        fixtures.publish(admin, """
                {"rules": [{"id": "review", "eventTypes": ["REVIEW"], "award": {"kind": "FIXED", "points": 40},
                            "limits": {"perMemberDay": 100, "perMemberMonth": 1000, "budget": 150}},
                           {"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}, "pendingDays": 7}]}""",
                Instant.now().minus(1, ChronoUnit.HOURS), null);
        java.util.function.BiFunction<String, String, String> review = (id, member) ->
                Http.json(Map.of("eventId", id, "type", "REVIEW", "memberId", member));

        var batch = http().send("POST", "/api/v1/earning/event-batches", backEnd, "application/json",
                "{\"events\": [" + review.apply("rv-1", a) + ", " + review.apply("rv-2", a) + ", " + review.apply("rv-3", b) + ", "
                        + review.apply("rv-4", a) + "]}");
        long fifth = fixtures.points(backEnd, review.apply("rv-5", b));
        var priced = http().postJson("/api/v1/earning/calculator", backEnd, Map.of("event", json(review.apply("rv-6", b)))).json();
        long sixth = fixtures.points(backEnd, review.apply("rv-6", b));

        assertThat(batch.json().get("results")).as("a: 40, 40, then 20 to the day's 100; b: 40")
                .extracting(result -> result.get("points").asLong()).containsExactly(40L, 40L, 40L, 20L);
        assertThat(fifth).as("the budget of 150 has 10 left").isEqualTo(10);
        assertThat(priced.get("points").asLong()).isZero();
        assertThat(priced.get("cappedBy").asString()).isEqualTo("rules.review.limits");
        assertThat(sixth).as("the calculator drew nothing from the budget; it is spent").isZero();
        assertThat(fixtures.balance(backEnd, a) + fixtures.balance(backEnd, b)).isEqualTo(150);

        fixtures.points(backEnd, order("lim-1", a, 10_000, "shoes", 10_000, "x", 0));
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
    void dailyCheckInsBuildAStreakWithItsBonusAndAbuseEarnsNothingAndIsRecorded() {
        var tenant = fixtures.tenant("earn-check-in");
        String backEnd = fixtures.apiToken(tenant);
        String member = fixtures.member(backEnd, "checker-1");
        fixtures.publish(fixtures.adminToken(tenant), """
                {"checkIn": {"dailyPoints": 10, "streakBonuses": [{"day": 3, "points": 100}], "cycleDays": 3},
                 "dailyEventLimits": {"SHARE": 2}, "deviceCheckInsPerMinute": 2,
                 "rules": [{"id": "share", "eventTypes": ["SHARE"], "award": {"kind": "FIXED", "points": 5}}]}""",
                Instant.now().minus(10, ChronoUnit.DAYS), null);
        Instant today = Instant.now().minus(1, ChronoUnit.MINUTES);

        long day1 = fixtures.checkIn(backEnd, "d1", member, today.minus(5, ChronoUnit.DAYS), null);
        long day2 = fixtures.checkIn(backEnd, "d2", member, today.minus(4, ChronoUnit.DAYS), null);
        long day3 = fixtures.checkIn(backEnd, "d3", member, today.minus(3, ChronoUnit.DAYS), null);
        long afterAGap = fixtures.checkIn(backEnd, "d5", member, today.minus(1, ChronoUnit.DAYS), null);
        long sameDay = fixtures.checkIn(backEnd, "d5-again", member, today.minus(1, ChronoUnit.DAYS).plusSeconds(60), null);

        assertThat(List.of(day1, day2, day3, afterAGap, sameDay)).as("10 a day, 100 more on day 3, a missed day starts again, once a day")
                .containsExactly(10L, 10L, 110L, 10L, 0L);
        String[] farm = {fixtures.member(backEnd, "farm-1"), fixtures.member(backEnd, "farm-2"), fixtures.member(backEnd, "farm-3")};
        assertThat(fixtures.checkIn(backEnd, "farm-1", farm[0], today, "device-9")).isEqualTo(10);
        assertThat(fixtures.checkIn(backEnd, "farm-2", farm[1], today.plusSeconds(5), "device-9")).isEqualTo(10);
        assertThat(fixtures.checkIn(backEnd, "farm-3", farm[2], today.plusSeconds(10), "device-9")).as("a third check-in from one device in a minute")
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

    private static Object json(String text) {
        return new tools.jackson.databind.json.JsonMapper().readValue(text, Map.class);
    }


    static final String STREAK = """
            {"checkIn": {"dailyPoints": 10, "streakBonuses": [{"day": 2, "points": 100}]}}""";

    @Test
    void checkInsAt23h59AndAt00h01InShanghaiAreTwoDaysOfTheStreakThoughUtcSeesOne() {
        var tenant = fixtures.tenant("earn-midnight");
        String backEnd = fixtures.apiToken(tenant);
        String member = fixtures.member(backEnd, "night-owl");
        Instant midnight = lastMidnight(ZoneId.of("Asia/Shanghai"));
        fixtures.publish(fixtures.adminToken(tenant), STREAK, midnight.minus(2, ChronoUnit.DAYS), null);

        clock.setTo(midnight.minusSeconds(60));
        long lateAtNight = fixtures.points(backEnd, checkIn("night-1", member));
        clock.setTo(midnight.plusSeconds(60));
        long earlyNextDay = fixtures.points(backEnd, checkIn("night-2", member));

        assertThat(List.of(lateAtNight, earlyNextDay)).as("day 1, then day 2 with its bonus (15:59 and 16:01 UTC, one day there)")
                .containsExactly(10L, 110L);
    }

    @Test
    void checkInsAt07h59AndAt08h01InShanghaiAreOneDayThoughUtcSeesTwo() {
        var tenant = fixtures.tenant("earn-utc-midnight");
        String backEnd = fixtures.apiToken(tenant);
        String member = fixtures.member(backEnd, "early-bird");
        Instant utcMidnight = lastMidnight(ZoneOffset.UTC);
        fixtures.publish(fixtures.adminToken(tenant), STREAK, utcMidnight.minus(2, ChronoUnit.DAYS), null);

        clock.setTo(utcMidnight.minusSeconds(60));
        long first = fixtures.points(backEnd, checkIn("morning-1", member));
        clock.setTo(utcMidnight.plusSeconds(60));
        long second = fixtures.points(backEnd, checkIn("morning-2", member));

        assertThat(List.of(first, second)).as("23:59 and 00:01 UTC are 07:59 and 08:01 of one day in Shanghai: once a day").containsExactly(10L, 0L);
    }

    /** The last midnight in the zone at least ten minutes ago: a minute either side of it is in the past. */
    private static Instant lastMidnight(ZoneId zone) {
        return Instant.now().minus(10, ChronoUnit.MINUTES).atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
    }
}
