package io.jifen.platform.tier;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.tenancy.TenantContext;

import static io.jifen.platform.support.Fixtures.order;
import static io.jifen.platform.support.Fixtures.refund;
import static org.assertj.core.api.Assertions.assertThat;

/** The tier ladder over HTTP: moving up, the review at the end of a period, the qualifying score, floor tiers and birthday gifts. */
class TierIT extends IntegrationTest {

    @Autowired
    MemberTiers tiers;

    @Autowired
    BirthdayGifts birthdayGifts;

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void membersMoveUpTheTierLadderAtOnceAndTheirTierMultipliesWhatTheyEarn() {
        var tenant = fixtures.tenant("earn-tiers");
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        String member = fixtures.member(backEnd, "climber-1");
        fixtures.publish(admin, """
                {"tiers": [{"code": "bronze", "name": "青铜", "minScore": 0},
                           {"code": "gold", "name": "黄金", "minScore": 1000, "earnMultiplier": 1.5, "loanLimit": 500},
                           {"code": "diamond", "name": "钻石", "minScore": 5000, "earnMultiplier": 2}],
                 "rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}},
                           {"id": "gold-bonus", "eventTypes": ["ORDER_PAID"], "when": {"tiers": ["gold"]}, "award": {"kind": "FIXED", "points": 50}}]}""",
                Instant.now().minus(1, ChronoUnit.HOURS), null);

        long first = fixtures.points(backEnd, order("t-1", member, 80_000, "shoes", 80_000, "x", 0));
        long second = fixtures.points(backEnd, order("t-2", member, 30_000, "shoes", 30_000, "x", 0));
        long third = fixtures.points(backEnd, order("t-3", member, 10_000, "shoes", 10_000, "x", 0));

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
        String slipping = fixtures.member(backEnd, "slipping");
        String contracted = fixtures.member(backEnd, "contracted");
        fixtures.publish(admin, """
                {"tiers": [{"code": "bronze", "name": "青铜", "minScore": 0}, {"code": "gold", "name": "黄金", "minScore": 1000, "earnMultiplier": 1.5}],
                 "tierReview": {"period": "MONTH", "retentionDays": 31, "retentionMultiplier": 2},
                 "rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}}]}""",
                Instant.now().minus(1, ChronoUnit.HOURS), null);

        long first = fixtures.points(backEnd, order("rv-o1", slipping, 120_000, "x", 120_000, "y", 0));
        long refunded = fixtures.points(backEnd, refund("rv-r1", slipping, "rv-o1", 60_000));
        long sprint = fixtures.points(backEnd, order("rv-o2", slipping, 10_000, "x", 10_000, "y", 0));
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
        String member = fixtures.member(backEnd, "calendar-1");
        fixtures.publish(admin, """
                {"tiers": [{"code": "bronze", "name": "青铜", "minScore": 0}, {"code": "gold", "name": "黄金", "minScore": 1000}],
                 "tierReview": {"period": "MONTH", "calendarWindow": true},
                 "rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}}]}""",
                Instant.now().minus(70, ChronoUnit.DAYS), null);
        var zone = java.time.ZoneId.of("Asia/Shanghai");
        var thisMonth = java.time.YearMonth.now(zone);
        Instant lastMonth = thisMonth.atDay(1).atStartOfDay(zone).minusDays(3).toInstant();
        fixtures.postAt(backEnd, order("cal-o1", member, 120_000, "x", 120_000, "y", 0), lastMonth);
        fixtures.points(backEnd, order("cal-o2", member, 10_000, "x", 10_000, "y", 0));

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
        String member = fixtures.member(backEnd, "grower-1");
        String vip = fixtures.member(backEnd, "vip-1");
        fixtures.publish(admin, """
                {"tierScore": {"basis": "GROWTH", "spendWeightPercent": 60, "interactionWeightPercent": 40},
                 "tiers": [{"code": "silver", "name": "白银", "minScore": 500}, {"code": "gold", "name": "黄金", "minScore": 700}],
                 "rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}},
                           {"id": "share", "eventTypes": ["SHARE"], "award": {"kind": "FIXED", "points": 100}}]}""",
                Instant.now().minus(1, ChronoUnit.HOURS), null);

        fixtures.points(backEnd, order("g-o1", member, 100_000, "shoes", 100_000, "x", 0));
        String afterOrder = http().get("/api/v1/members/" + member + "/tier", backEnd).json().get("code").asString();
        for (int i = 0; i < 5; i++) {
            fixtures.points(backEnd, Http.json(Map.of("eventId", "g-s" + i, "type", "SHARE", "memberId", member)));
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
        fixtures.publish(fixtures.adminToken(tenant), """
                {"tiers": [{"code": "bronze", "name": "青铜", "minScore": 0, "birthdayPoints": 88}],
                 "rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}}]}""",
                Instant.now().minus(1, ChronoUnit.HOURS), null);
        fixtures.points(backEnd, order("bd-o1", member, 1_000, "x", 1_000, "y", 0));

        String operator = fixtures.operatorToken();
        var first = http().postJson("/api/v1/operator/birthday-gifts/runs", operator, Map.of());
        http().postJson("/api/v1/operator/birthday-gifts/runs", operator, Map.of());

        assertThat(first.json().get("status").asString()).isEqualTo("COMPLETED");
        assertThat(fixtures.balance(backEnd, member)).as("10 for the order, 88 on the birthday, once").isEqualTo(98);
    }


    @Test
    void aMemberBornOn29FebruaryGetsTheBirthdayGiftOn28FebruaryInYearsWithoutA29th() {
        var tenant = fixtures.tenant("tier-leap");
        String backEnd = fixtures.apiToken(tenant);
        String leapling = memberBornOn(backEnd, "leapling", LocalDate.of(2000, 2, 29));
        String bornOn28th = memberBornOn(backEnd, "feb-28", LocalDate.of(1990, 2, 28));
        String bornOn1st = memberBornOn(backEnd, "mar-1", LocalDate.of(1990, 3, 1));
        fixtures.publish(fixtures.adminToken(tenant), """
                {"tiers": [{"code": "bronze", "name": "青铜", "minScore": 0, "birthdayPoints": 88}],
                 "rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}}]}""",
                Instant.now().minus(1, ChronoUnit.HOURS), null);
        for (String member : List.of(leapling, bornOn28th, bornOn1st)) {
            fixtures.points(backEnd, order("leap-" + member, member, 1_000, "x", 1_000, "y", 0));
        }

        List<Integer> given = List.of(
                giftsAsOf(tenant.id(), LocalDateTime.of(2027, 2, 27, 12, 0)),
                giftsAsOf(tenant.id(), LocalDateTime.of(2027, 2, 28, 0, 30)),
                giftsAsOf(tenant.id(), LocalDateTime.of(2027, 3, 1, 12, 0)),
                giftsAsOf(tenant.id(), LocalDateTime.of(2028, 2, 28, 12, 0)),
                giftsAsOf(tenant.id(), LocalDateTime.of(2028, 2, 29, 12, 0)));

        assertThat(given).as("2027: nothing on the 27th; on the 28th (00:30 in Shanghai, still the 27th in UTC) the 28th's and the leapling;"
                + " on 1 March the 1st's. 2028: the 28th's on the 28th, the leapling on the 29th").containsExactly(0, 2, 1, 1, 1);
        assertThat(List.of(fixtures.balance(backEnd, leapling), fixtures.balance(backEnd, bornOn28th), fixtures.balance(backEnd, bornOn1st)))
                .as("10 for the order and 88 a year").containsExactly(186L, 186L, 98L);
    }

    @Test
    void aQuarterlyReviewTakesTheQuarterThatEndedAtMidnightInShanghaiAndTheRetentionSprintIsTheQuartersLastThreeDays() {
        var tenant = fixtures.tenant("tier-quarter");
        String backEnd = fixtures.apiToken(tenant);
        String member = fixtures.member(backEnd, "quarterly-1");
        fixtures.publish(fixtures.adminToken(tenant), """
                {"tiers": [{"code": "bronze", "name": "青铜", "minScore": 0}, {"code": "gold", "name": "黄金", "minScore": 1000}],
                 "tierReview": {"period": "QUARTER", "calendarWindow": true, "retentionDays": 3, "retentionMultiplier": 2},
                 "rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}}]}""",
                Instant.now().minus(1, ChronoUnit.HOURS), null);

        clock.setTo(inShanghai(LocalDateTime.of(2026, 12, 15, 12, 0)));
        long december = fixtures.points(backEnd, order("q-o1", member, 120_000, "x", 120_000, "y", 0));
        clock.setTo(inShanghai(LocalDateTime.of(2027, 3, 28, 23, 30)));
        long beforeTheSprint = fixtures.points(backEnd, order("q-o2", member, 10_000, "x", 10_000, "y", 0));
        clock.setTo(inShanghai(LocalDateTime.of(2027, 3, 29, 0, 30)));
        long inTheSprint = fixtures.points(backEnd, order("q-o3", member, 10_000, "x", 10_000, "y", 0));
        int lastYearsQuarter = TenantContext.callAs(tenant.id(), () -> tiers.review(inShanghai(LocalDateTime.of(2027, 3, 31, 23, 30))));
        int firstQuarter = TenantContext.callAs(tenant.id(), () -> tiers.review(inShanghai(LocalDateTime.of(2027, 4, 1, 0, 30))));

        assertThat(List.of(december, beforeTheSprint, inTheSprint))
                .as("gold from December's 1,200; 28 March is before the quarter's last three days; 29 March 00:30 (the 28th in UTC) in them: x2")
                .containsExactly(1_200L, 100L, 200L);
        assertThat(lastYearsQuarter).as("31 March 23:30: the quarter that ended is 2026-Q4, with a score of 1,200").isZero();
        assertThat(firstQuarter).as("1 April 00:30 (still 31 March in UTC): 2027-Q1 ended").isEqualTo(1);
        var tier = http().get("/api/v1/members/" + member + "/tier", backEnd).json();
        assertThat(tier.get("code").asString()).isEqualTo("bronze");
        var history = tier.get("history");
        assertThat(history.get(history.size() - 1).get("reason").asString()).isEqualTo("review of 2027-Q1: score 300 in the calendar quarter");
    }

    private String memberBornOn(String token, String externalId, LocalDate birthday) {
        var created = http().postJson("/api/v1/members", token, Map.of("externalId", externalId, "audience", "CONSUMER", "birthday", birthday.toString()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private int giftsAsOf(UUID tenant, LocalDateTime inShanghai) {
        return TenantContext.callAs(tenant, () -> birthdayGifts.give(inShanghai(inShanghai)));
    }

    private static Instant inShanghai(LocalDateTime time) {
        return time.atZone(SHANGHAI).toInstant();
    }
}
