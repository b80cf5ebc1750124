package io.jifen.platform.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.jifen.platform.rules.RuleEngine.Calculation;
import io.jifen.platform.rules.RuleEngine.MemberFacts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule engine as a pure function: rule sets written as a tenant writes them (JSON), events, what is known of the
 * member, and the moment in the tenant's time zone. No Spring, no database.
 */
class RuleEngineTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** A Wednesday, the 18th, 10:30 in Shanghai. */
    static final ZonedDateTime WEDNESDAY_MORNING = ZonedDateTime.of(2026, 11, 18, 10, 30, 0, 0, SHANGHAI);

    @Nested
    class Conditions {

        @Test
        void aRuleWithoutConditionsFiresOnEveryEventOfItsTypesAndOnNoOther() {
            var set = rules("""
                    {"rules": [{"id": "share", "eventTypes": ["SHARE", "REVIEW"], "award": {"kind": "FIXED", "points": 5}}]}""");

            assertThat(earned(set, event("SHARE"))).isEqualTo(5);
            assertThat(earned(set, event("REVIEW"))).isEqualTo(5);
            assertThat(evaluate(set, event("CHECK_IN"), consumer()).lines()).isEmpty();
        }

        @Test
        void categoriesHoldWhenAnItemIsInOneOfThemAndPointsPerYuanThenCountOnlyThoseItems() {
            var set = rules("""
                    {"rules": [{"id": "milk", "eventTypes": ["ORDER_PAID"], "when": {"categories": ["milk", "diapers"]},
                                "award": {"kind": "PER_YUAN", "points": 2}}]}""");

            assertThat(earned(set, paid(60_000, item("milk", "m-1", 20_000), item("shoes", "s-1", 40_000))))
                    .as("200 yuan of milk x 2").isEqualTo(400);
            assertThat(earned(set, paid(60_000, item("milk", "m-1", 20_000), item("diapers", "d-1", 5_000), item("shoes", "s-1", 35_000))))
                    .isEqualTo(500);
            assertThat(evaluate(set, paid(60_000, item("shoes", "s-1", 60_000)), consumer()).lines()).as("no milk, no rule").isEmpty();
            assertThat(holds("{\"categories\": [\"milk\"]}", paid(60_000), consumer())).as("an order without items").isFalse();
        }

        @Test
        void skusHoldWhenAnItemIsOneOfThemAndAnItemInBothACategoryAndASkuCountsOnce() {
            var set = rules("""
                    {"rules": [{"id": "sku", "eventTypes": ["ORDER_PAID"], "when": {"categories": ["milk"], "skus": ["s-1"]},
                                "award": {"kind": "PER_YUAN", "points": 1}}]}""");

            assertThat(earned(set, paid(30_000, item("milk", "s-1", 10_000), item("shoes", "s-2", 5_000), item("toys", "s-1", 15_050))))
                    .as("100 yuan of milk that is also s-1, and 150.50 yuan of toys that are s-1").isEqualTo(250);
            assertThat(holds("{\"skus\": [\"s-9\"]}", paid(30_000, item("milk", "s-1", 30_000)), consumer())).isFalse();
        }

        @Test
        void aMinimumAmountHoldsFromThatAmountOnAndNeverWithoutAnAmount() {
            String when = "{\"minAmountFen\": 10000}";

            assertThat(holds(when, paid(10_000), consumer())).isTrue();
            assertThat(holds(when, paid(9_999), consumer())).isFalse();
            assertThat(holds(when, orderEvent("ORDER_PAID", new EarningEvent.Order("o", null, null, null, null, null, null)), consumer()))
                    .as("an order without its amount").isFalse();
            assertThat(holds(when, event("CHECK_IN"), consumer())).as("no order at all").isFalse();
        }

        @Test
        void storesRegionsAndChannelsHoldWhenTheOrderWasPlacedThere() {
            var inShanghaiOnTheApp = paid(10_000);

            assertThat(holds("{\"stores\": [\"sh-01\", \"bj-01\"]}", inShanghaiOnTheApp, consumer())).isTrue();
            assertThat(holds("{\"stores\": [\"bj-01\"]}", inShanghaiOnTheApp, consumer())).isFalse();
            assertThat(holds("{\"regions\": [\"east\"]}", inShanghaiOnTheApp, consumer())).isTrue();
            assertThat(holds("{\"regions\": [\"north\"]}", inShanghaiOnTheApp, consumer())).isFalse();
            assertThat(holds("{\"channels\": [\"app\", \"mini-program\"]}", inShanghaiOnTheApp, consumer())).isTrue();
            assertThat(holds("{\"channels\": [\"pos\"]}", inShanghaiOnTheApp, consumer())).isFalse();
            assertThat(holds("{\"channels\": [\"app\"]}", event("SHARE"), consumer())).as("an event without an order").isFalse();
        }

        @Test
        void audiencesHoldForMembersOfThoseAudiences() {
            String when = "{\"audiences\": [\"EMPLOYEE\", \"DEALER\"]}";

            assertThat(holds(when, event("CHECK_IN"), member().audience("EMPLOYEE").facts())).isTrue();
            assertThat(holds(when, event("CHECK_IN"), consumer())).isFalse();
        }

        @Test
        void tiersHoldForMembersOnOneOfThoseTiersAndNeverForMembersWithoutATier() {
            String when = "{\"tiers\": [\"gold\", \"diamond\"]}";

            assertThat(holds(when, event("CHECK_IN"), member().tier("gold", null).facts())).isTrue();
            assertThat(holds(when, event("CHECK_IN"), member().tier("bronze", null).facts())).isFalse();
            assertThat(holds(when, event("CHECK_IN"), consumer())).isFalse();
        }

        @Test
        void segmentsHoldForMembersInOneOfThoseSegmentsAndNeverForMembersNotYetScored() {
            String when = "{\"segments\": [\"DORMANT\"]}";

            assertThat(holds(when, event("CHECK_IN"), member().segment("DORMANT").facts())).isTrue();
            assertThat(holds(when, event("CHECK_IN"), member().segment("HIGH_VALUE").facts())).isFalse();
            assertThat(holds(when, event("CHECK_IN"), consumer())).isFalse();
        }

        @Test
        void memberDaysAreDaysOfTheMonthInTheTenantsTimeZone() {
            Instant eighthJustAfterMidnightInShanghai = Instant.parse("2026-11-07T16:30:00Z");
            var when = when("{\"memberDays\": [8, 18]}");

            assertThat(RuleEngine.holds(when, event("CHECK_IN"), eighthJustAfterMidnightInShanghai.atZone(SHANGHAI), consumer())).isTrue();
            assertThat(RuleEngine.holds(when, event("CHECK_IN"), eighthJustAfterMidnightInShanghai.atZone(ZoneOffset.UTC), consumer()))
                    .as("still the 7th in UTC").isFalse();
            assertThat(RuleEngine.holds(when, event("CHECK_IN"), WEDNESDAY_MORNING, consumer())).isTrue();
        }

        @Test
        void birthdayMonthHoldsInTheMonthOfTheMembersBirthdayAndFalseIsNoCondition() {
            assertThat(holds("{\"birthdayMonth\": true}", event("CHECK_IN"), member().birthday(LocalDate.of(1990, 11, 30)).facts())).isTrue();
            assertThat(holds("{\"birthdayMonth\": true}", event("CHECK_IN"), member().birthday(LocalDate.of(1990, 12, 1)).facts())).isFalse();
            assertThat(holds("{\"birthdayMonth\": true}", event("CHECK_IN"), consumer())).as("a birthday not given").isFalse();
            assertThat(holds("{\"birthdayMonth\": false}", event("CHECK_IN"), member().birthday(LocalDate.of(1990, 12, 1)).facts())).isTrue();
        }

        @Test
        void firstOrderTrueHoldsOnlyOnTheFirstPaidOrderAndFalseOnlyOnTheOthers() {
            assertThat(holds("{\"firstOrder\": true}", paid(100), member().firstOrder().facts())).isTrue();
            assertThat(holds("{\"firstOrder\": true}", paid(100), consumer())).isFalse();
            assertThat(holds("{\"firstOrder\": false}", paid(100), member().firstOrder().facts())).isFalse();
            assertThat(holds("{\"firstOrder\": false}", paid(100), consumer())).isTrue();
        }

        @Test
        void aDateRangeIncludesItsStartAndExcludesItsEnd() {
            var when = when("{\"from\": \"2026-11-11T00:00:00+08:00\", \"to\": \"2026-11-12T00:00:00+08:00\"}");
            var start = ZonedDateTime.of(2026, 11, 11, 0, 0, 0, 0, SHANGHAI);

            assertThat(RuleEngine.holds(when, event("CHECK_IN"), start, consumer())).isTrue();
            assertThat(RuleEngine.holds(when, event("CHECK_IN"), start.plusDays(1).minusNanos(1), consumer())).isTrue();
            assertThat(RuleEngine.holds(when, event("CHECK_IN"), start.plusDays(1), consumer())).isFalse();
            assertThat(RuleEngine.holds(when, event("CHECK_IN"), start.minusNanos(1), consumer())).isFalse();
            assertThat(RuleEngine.holds(when("{\"from\": \"2026-11-11T00:00:00+08:00\"}"), event("CHECK_IN"), start.plusYears(5), consumer()))
                    .as("open-ended").isTrue();
        }

        @Test
        void attributesMustAllHaveTheGivenValues() {
            String when = "{\"attributes\": {\"campaign\": \"double-11\", \"source\": \"mini\"}}";

            assertThat(holds(when, withAttributes("SHARE", Map.of("campaign", "double-11", "source", "mini", "extra", "x")), consumer())).isTrue();
            assertThat(holds(when, withAttributes("SHARE", Map.of("campaign", "double-11", "source", "app")), consumer())).isFalse();
            assertThat(holds(when, withAttributes("SHARE", Map.of("campaign", "double-11")), consumer())).isFalse();
            assertThat(holds(when, event("SHARE"), consumer())).as("no attributes").isFalse();
        }

        @Test
        void aCelExpressionSeesTheEventTheMemberAndTheTimeOfDayInTheTenantsTimeZone() {
            var gold = member().tier("gold", null).facts();
            var order = paid(60_000, item("milk", "m-1", 60_000));

            assertThat(holds("{\"expression\": \"event.amountFen >= 50000 && 'milk' in event.categories && member.tier == 'gold'\"}", order, gold))
                    .isTrue();
            assertThat(holds("{\"expression\": \"event.amountFen >= 50000 && 'milk' in event.categories && member.tier == 'gold'\"}", order,
                    consumer())).isFalse();
            assertThat(holds("{\"expression\": \"weekday == 3 && hour == 10 && day == 18 && event.channel == 'app' && event.store == 'sh-01'\"}",
                    order, consumer())).isTrue();
            assertThat(holds("{\"expression\": \"event.attributes['campaign'] == 'double-11' && event.type == 'SHARE'\"}",
                    withAttributes("SHARE", Map.of("campaign", "double-11")), consumer())).isTrue();
            assertThat(holds("{\"expression\": \"member.audience == 'CONSUMER' && !member.firstOrder && member.segment == ''\"}",
                    event("SHARE"), consumer())).as("absent values are empty, never null").isTrue();
        }

        @Test
        void aCelExpressionThatFailsWhenEvaluatedDoesNotHold() {
            assertThat(holds("{\"expression\": \"event.attributes['campaign'] == 'double-11'\"}", event("SHARE"), consumer()))
                    .as("no such key").isFalse();
            assertThat(holds("{\"expression\": \"event.amountFen / 0 > 1\"}", paid(100), consumer())).as("division by zero").isFalse();
        }

        @Test
        void everyConditionOfARuleMustHold() {
            String when = "{\"channels\": [\"app\"], \"minAmountFen\": 10000, \"firstOrder\": true}";

            assertThat(holds(when, paid(10_000), member().firstOrder().facts())).isTrue();
            assertThat(holds(when, paid(10_000), consumer())).isFalse();
            assertThat(holds(when, paid(9_000), member().firstOrder().facts())).isFalse();
        }
    }

    @Nested
    class Stacking {

        static final String BASE_AND_TWO_MULTIPLIERS = """
                {"stacking": %s, "rules": [
                  {"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}},
                  {"id": "x1-2", "eventTypes": ["ORDER_PAID"], "award": {"kind": "MULTIPLIER", "factor": 1.2}},
                  {"id": "x1-5", "eventTypes": ["ORDER_PAID"], "award": {"kind": "MULTIPLIER", "factor": 1.5}}]}""";

        @Test
        void multipliersStackByProductWhenTheSetSaysSo() {
            assertThat(earned(rules(BASE_AND_TWO_MULTIPLIERS.formatted("\"PRODUCT\"")), paid(10_000))).as("100 x 1.2 x 1.5").isEqualTo(180);
        }

        @Test
        void multipliersStackByProductWhenTheSetNamesNoStacking() {
            assertThat(earned(rules(BASE_AND_TWO_MULTIPLIERS.formatted("null")), paid(10_000))).isEqualTo(180);
        }

        @Test
        void multipliersStackBySumOfWhatEachAddsWhenTheSetSaysSo() {
            assertThat(earned(rules(BASE_AND_TWO_MULTIPLIERS.formatted("\"SUM\"")), paid(10_000))).as("100 x (1 + 0.2 + 0.5)").isEqualTo(170);
        }

        @Test
        void onlyTheLargestMultiplierCountsWhenTheSetSaysMax() {
            assertThat(earned(rules(BASE_AND_TWO_MULTIPLIERS.formatted("\"MAX\"")), paid(10_000))).isEqualTo(150);
        }

        @Test
        void everyMultiplierThatFiredIsListedWithItsFactor() {
            var calculation = evaluate(rules(BASE_AND_TWO_MULTIPLIERS.formatted("\"MAX\"")), paid(10_000), consumer());

            assertThat(calculation.lines()).extracting(line -> line.ruleId() + ":" + line.kind() + ":" + line.points() + ":" + line.factor())
                    .containsExactly("base:PER_YUAN:100:null", "x1-2:MULTIPLIER:0:1.2", "x1-5:MULTIPLIER:0:1.5");
        }

        @Test
        void theTierAndRetentionSprintMultipliersStackWithTheRulesMultipliersByTheSamePolicy() {
            String set = """
                    {"stacking": %s, "tiers": [{"code": "gold", "name": "黄金", "minScore": 0, "earnMultiplier": 2}],
                     "tierReview": {"period": "MONTH", "retentionDays": 5, "retentionMultiplier": 3},
                     "rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}},
                               {"id": "x1-5", "eventTypes": ["ORDER_PAID"], "award": {"kind": "MULTIPLIER", "factor": 1.5}}]}""";
            var gold = member().tier("gold", new java.math.BigDecimal("2"));

            assertThat(earned(rules(set.formatted("\"PRODUCT\"")), paid(10_000), gold.facts())).as("100 x 1.5 x 2").isEqualTo(300);
            assertThat(earned(rules(set.formatted("\"SUM\"")), paid(10_000), gold.facts())).as("100 x (1 + 0.5 + 1)").isEqualTo(250);
            assertThat(earned(rules(set.formatted("\"MAX\"")), paid(10_000), gold.facts())).isEqualTo(200);
            var sprinting = gold.retentionSprint().facts();
            assertThat(earned(rules(set.formatted("\"PRODUCT\"")), paid(10_000), sprinting)).as("100 x 1.5 x 2 x 3").isEqualTo(900);
            assertThat(evaluate(rules(set.formatted("\"PRODUCT\"")), paid(10_000), sprinting).lines()).extracting(RuleEngine.Line::kind)
                    .containsExactly("PER_YUAN", "MULTIPLIER", "TIER_MULTIPLIER", "RETENTION_MULTIPLIER");
        }

        @Test
        void multipliersBelowOneStackedBySumNeverTakePointsAway() {
            var set = rules("""
                    {"stacking": "SUM", "rules": [
                      {"id": "base", "eventTypes": ["SHARE"], "award": {"kind": "FIXED", "points": 10}},
                      {"id": "half-a", "eventTypes": ["SHARE"], "award": {"kind": "MULTIPLIER", "factor": 0.5}},
                      {"id": "half-b", "eventTypes": ["SHARE"], "award": {"kind": "MULTIPLIER", "factor": 0.5}},
                      {"id": "half-c", "eventTypes": ["SHARE"], "award": {"kind": "MULTIPLIER", "factor": 0.5}}]}""");

            assertThat(RuleSetValidator.problems(set)).as("the validator takes it").isEmpty();
            assertThat(earned(set, event("SHARE"))).isNotNegative();
        }

        @Test
        void multipliersDoNotMultiplyThresholdBonuses() {
            var set = rules("""
                    {"rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}},
                               {"id": "double", "eventTypes": ["ORDER_PAID"], "award": {"kind": "MULTIPLIER", "factor": 2}},
                               {"id": "spend-200", "eventTypes": ["ORDER_PAID"], "award": {"kind": "THRESHOLD_BONUS",
                                "thresholds": [{"minAmountFen": 20000, "points": 30}]}}]}""");

            assertThat(earned(set, paid(20_000))).as("200 x 2 + 30").isEqualTo(430);
        }

        @Test
        void multipliersWithoutBasePointsEarnNothingAndTheTierMultiplierIsNotListed() {
            var set = rules("""
                    {"tiers": [{"code": "gold", "name": "黄金", "minScore": 0, "earnMultiplier": 2}],
                     "rules": [{"id": "double", "eventTypes": ["SHARE"], "award": {"kind": "MULTIPLIER", "factor": 2}}]}""");

            var calculation = evaluate(set, event("SHARE"), member().tier("gold", new java.math.BigDecimal("2")).facts());

            assertThat(calculation.points()).isZero();
            assertThat(calculation.lines()).extracting(RuleEngine.Line::kind).containsExactly("MULTIPLIER");
        }

        @Test
        void multipliedPointsAreRoundedDown() {
            var set = rules("""
                    {"rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}},
                               {"id": "x1-5", "eventTypes": ["ORDER_PAID"], "award": {"kind": "MULTIPLIER", "factor": 1.5}}]}""");

            assertThat(earned(set, paid(10_100))).as("101 x 1.5 = 151.5").isEqualTo(151);
        }

        @Test
        void baseAwardsOfSeveralRulesAddUp() {
            var set = rules("""
                    {"rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}},
                               {"id": "fixed", "eventTypes": ["ORDER_PAID"], "award": {"kind": "FIXED", "points": 20}},
                               {"id": "double", "eventTypes": ["ORDER_PAID"], "award": {"kind": "MULTIPLIER", "factor": 2}}]}""");

            assertThat(earned(set, paid(10_000))).as("(100 + 20) x 2").isEqualTo(240);
        }
    }

    @Nested
    class PointsPerYuan {

        static final String PER_YUAN = """
                {"rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": %d, "rounding": %s}}]}""";

        @Test
        void pointsPerYuanAreRoundedDownWhenTheRuleNamesNoRounding() {
            assertThat(earned(rules(PER_YUAN.formatted(1, "null")), paid(1_999))).isEqualTo(19);
        }

        @Test
        void pointsPerYuanAreRoundedDownWhenTheRuleSaysFloor() {
            assertThat(earned(rules(PER_YUAN.formatted(1, "\"FLOOR\"")), paid(1_999))).isEqualTo(19);
        }

        @Test
        void pointsPerYuanAreRoundedHalfUpWhenTheRuleSaysSo() {
            assertThat(earned(rules(PER_YUAN.formatted(1, "\"HALF_UP\"")), paid(1_950))).isEqualTo(20);
            assertThat(earned(rules(PER_YUAN.formatted(1, "\"HALF_UP\"")), paid(1_949))).isEqualTo(19);
        }

        @Test
        void pointsPerYuanAreRoundedUpWhenTheRuleSaysCeiling() {
            assertThat(earned(rules(PER_YUAN.formatted(1, "\"CEILING\"")), paid(1_901))).isEqualTo(20);
            assertThat(earned(rules(PER_YUAN.formatted(1, "\"CEILING\"")), paid(1_900))).isEqualTo(19);
        }

        @Test
        void severalPointsPerYuanAreRoundedOnceOnTheProductNotPerYuan() {
            assertThat(earned(rules(PER_YUAN.formatted(3, "\"FLOOR\"")), paid(1_001))).as("10.01 yuan x 3 = 30.03").isEqualTo(30);
            assertThat(earned(rules(PER_YUAN.formatted(3, "\"CEILING\"")), paid(1_001))).isEqualTo(31);
            assertThat(earned(rules(PER_YUAN.formatted(3, "\"HALF_UP\"")), paid(1_017))).as("30.51").isEqualTo(31);
        }

        @Test
        void lessThanAYuanEarnsNothingAndTheRuleIsNotListed() {
            var calculation = evaluate(rules(PER_YUAN.formatted(1, "null")), paid(99), consumer());

            assertThat(calculation.points()).isZero();
            assertThat(calculation.lines()).isEmpty();
        }
    }

    @Nested
    class ThresholdBonuses {

        static final String SPEND_BONUS = """
                {"rules": [{"id": "spend", "eventTypes": ["ORDER_PAID"], "award": {"kind": "THRESHOLD_BONUS",
                            "thresholds": [{"minAmountFen": 20000, "points": 30}, {"minAmountFen": 50000, "points": 100}]}}]}""";

        @Test
        void aThresholdBonusGivesThePointsOfTheHighestThresholdTheOrderReaches() {
            assertThat(earned(rules(SPEND_BONUS), paid(20_000))).isEqualTo(30);
            assertThat(earned(rules(SPEND_BONUS), paid(49_999))).isEqualTo(30);
            assertThat(earned(rules(SPEND_BONUS), paid(50_000))).isEqualTo(100);
            assertThat(earned(rules(SPEND_BONUS), paid(1_000_000))).as("not 30 + 100").isEqualTo(100);
        }

        @Test
        void anOrderBelowTheFirstThresholdOrWithoutAnAmountGetsNoBonus() {
            assertThat(evaluate(rules(SPEND_BONUS), paid(19_999), consumer()).lines()).isEmpty();
            assertThat(earned(rules(SPEND_BONUS), orderEvent("ORDER_PAID", new EarningEvent.Order("o", null, null, null, null, null, null))))
                    .isZero();
        }
    }

    @Nested
    class Caps {

        @Test
        void aRulesPerEventCapCutsItsPointsBeforeMultipliersAndNamesItself() {
            var set = rules("""
                    {"rules": [{"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}, "perEventCap": 50},
                               {"id": "double", "eventTypes": ["ORDER_PAID"], "award": {"kind": "MULTIPLIER", "factor": 2}}]}""");

            var calculation = evaluate(set, paid(10_000), consumer());

            assertThat(calculation.points()).as("min(100, 50) x 2").isEqualTo(100);
            assertThat(calculation.cappedBy()).isEqualTo("rules.base.perEventCap");
            assertThat(evaluate(set, paid(4_000), consumer()).cappedBy()).as("below the cap").isNull();
        }

        @Test
        void aPerEventCapAlsoCutsThresholdBonuses() {
            var set = rules("""
                    {"rules": [{"id": "spend", "eventTypes": ["ORDER_PAID"], "perEventCap": 60,
                                "award": {"kind": "THRESHOLD_BONUS", "thresholds": [{"minAmountFen": 100, "points": 100}]}}]}""");

            assertThat(earned(set, paid(100))).isEqualTo(60);
        }

        @Test
        void aRuleWithLimitsGivesNoMoreThanWhatIsLeftOfItsAllowance() {
            var set = rules("""
                    {"rules": [{"id": "review", "eventTypes": ["REVIEW"], "award": {"kind": "FIXED", "points": 40},
                                "limits": {"perMemberDay": 100}}]}""");

            var partly = evaluate(set, event("REVIEW"), member().allowance("review", 30).facts());

            assertThat(partly.points()).isEqualTo(30);
            assertThat(partly.cappedBy()).isEqualTo("rules.review.limits");
            assertThat(earned(set, event("REVIEW"), member().allowance("review", 40).facts())).isEqualTo(40);
            var spent = evaluate(set, event("REVIEW"), member().allowance("review", 0).facts());
            assertThat(spent.points()).isZero();
            assertThat(spent.lines()).isEmpty();
            assertThat(earned(set, event("REVIEW"), member().allowance("review", -5).facts())).as("overdrawn: nothing, never negative").isZero();
        }

        @Test
        void theDailyCapGivesOnlyWhatIsLeftOfTheMembersDayAfterMultipliersAndBonuses() {
            var set = rules("""
                    {"dailyCapPerMember": 150, "rules": [
                      {"id": "base", "eventTypes": ["ORDER_PAID"], "award": {"kind": "PER_YUAN", "points": 1}},
                      {"id": "spend", "eventTypes": ["ORDER_PAID"], "award": {"kind": "THRESHOLD_BONUS", "thresholds": [{"minAmountFen": 100, "points": 30}]}}]}""");

            var capped = evaluate(set, paid(10_000), member().earnedToday(100).facts());

            assertThat(capped.points()).isEqualTo(50);
            assertThat(capped.cappedBy()).isEqualTo("dailyCapPerMember");
            assertThat(earned(set, paid(10_000), member().earnedToday(200).facts())).as("over the cap already").isZero();
            assertThat(earned(set, paid(10_000), member().earnedToday(20).facts())).as("130 fits").isEqualTo(130);
        }
    }

    @Nested
    class CheckIns {

        static final String CHECK_IN = """
                {"checkIn": {"dailyPoints": 10, "streakBonuses": [{"day": 3, "points": 100}, {"day": 7, "points": 300}]%s}}""";

        @Test
        void aCheckInEarnsTheDailyPointsAndTheBonusOfTheStreakDayReached() {
            var set = rules(CHECK_IN.formatted(""));

            assertThat(earned(set, event("CHECK_IN"), member().streak(1).facts())).isEqualTo(10);
            assertThat(earned(set, event("CHECK_IN"), member().streak(3).facts())).isEqualTo(110);
            assertThat(earned(set, event("CHECK_IN"), member().streak(7).facts())).isEqualTo(310);
            assertThat(earned(set, event("CHECK_IN"), member().streak(10).facts())).as("no cycle: day 10 has no bonus").isEqualTo(10);
            assertThat(evaluate(set, event("CHECK_IN"), member().streak(3).facts()).lines()).extracting(RuleEngine.Line::ruleId)
                    .containsExactly("check-in-day-3");
        }

        @Test
        void aStreakCountsRoundItsCycle() {
            var set = rules(CHECK_IN.formatted(", \"cycleDays\": 7"));

            assertThat(earned(set, event("CHECK_IN"), member().streak(8).facts())).as("day 1 again").isEqualTo(10);
            assertThat(earned(set, event("CHECK_IN"), member().streak(10).facts())).as("day 3 again").isEqualTo(110);
            assertThat(earned(set, event("CHECK_IN"), member().streak(14).facts())).as("day 7 again").isEqualTo(310);
        }

        @Test
        void anotherCheckInTheSameDayEarnsNothing() {
            var calculation = evaluate(rules(CHECK_IN.formatted("")), event("CHECK_IN"), member().streak(0).facts());

            assertThat(calculation.points()).isZero();
            assertThat(calculation.lines()).isEmpty();
        }

        @Test
        void checkInRulesAddToTheCheckInsOwnPoints() {
            var set = rules("""
                    {"checkIn": {"dailyPoints": 10}, "rules": [{"id": "vip", "eventTypes": ["CHECK_IN"], "award": {"kind": "FIXED", "points": 5}}]}""");

            assertThat(earned(set, event("CHECK_IN"), member().streak(1).facts())).isEqualTo(15);
        }
    }

    @Nested
    class AntiAbuse {

        @Test
        void eventsBeyondTheDailyLimitOfTheirTypeEarnNothingAndAreJudgedAbuse() {
            var set = rules("""
                    {"dailyEventLimits": {"SHARE": 2}, "rules": [{"id": "share", "eventTypes": ["SHARE"], "award": {"kind": "FIXED", "points": 5}}]}""");

            assertThat(earned(set, event("SHARE"), member().sameTypeToday(1).facts())).isEqualTo(5);
            var third = evaluate(set, event("SHARE"), member().sameTypeToday(2).facts());
            assertThat(third.points()).isZero();
            assertThat(third.cappedBy()).isEqualTo("dailyEventLimits.SHARE");
            assertThat(third.risk()).isEqualTo("more than 2 SHARE events in a day");
            assertThat(evaluate(set, event("REVIEW"), member().sameTypeToday(5).facts()).risk()).as("other types are not limited").isNull();
        }

        @Test
        void checkInsBeyondTheDevicesLimitPerMinuteEarnNothingAndAreJudgedAbuse() {
            var set = rules("{\"deviceCheckInsPerMinute\": 2, \"checkIn\": {\"dailyPoints\": 10}}");

            assertThat(earned(set, event("CHECK_IN"), member().streak(1).deviceCheckIns(1).facts())).isEqualTo(10);
            var farmed = evaluate(set, event("CHECK_IN"), member().streak(1).deviceCheckIns(2).facts());
            assertThat(farmed.points()).isZero();
            assertThat(farmed.risk()).isEqualTo("more than 2 check-ins in a minute from one device");
        }
    }

    @Test
    void rulesAreEvaluatedHighestPriorityFirst() {
        var set = rules("""
                {"rules": [{"id": "low", "priority": 10, "eventTypes": ["SHARE"], "award": {"kind": "FIXED", "points": 1}},
                           {"id": "none", "eventTypes": ["SHARE"], "award": {"kind": "FIXED", "points": 1}},
                           {"id": "high", "priority": 100, "eventTypes": ["SHARE"], "award": {"kind": "FIXED", "points": 1}}]}""");

        assertThat(evaluate(set, event("SHARE"), consumer()).lines()).extracting(RuleEngine.Line::ruleId).containsExactly("high", "low", "none");
    }

    @Test
    void aRuleSetWithNothingForTheEventEarnsNothing() {
        assertThat(evaluate(rules("{\"rules\": []}"), event("SHARE"), consumer())).isEqualTo(Calculation.nothing());
    }

    // ---------------------------------------------------------------------------------------------------------------

    static RuleSet rules(String json) {
        return RuleVersions.JSON.readValue(json, RuleSet.class);
    }

    static RuleSet.Conditions when(String json) {
        return RuleVersions.JSON.readValue(json, RuleSet.Conditions.class);
    }

    static boolean holds(String when, EarningEvent event, MemberFacts member) {
        return RuleEngine.holds(when(when), event, WEDNESDAY_MORNING, member);
    }

    static Calculation evaluate(RuleSet set, EarningEvent event, MemberFacts member) {
        return RuleEngine.evaluate(set, event, WEDNESDAY_MORNING, member);
    }

    static long earned(RuleSet set, EarningEvent event) {
        return earned(set, event, consumer());
    }

    static long earned(RuleSet set, EarningEvent event, MemberFacts member) {
        return evaluate(set, event, member).points();
    }

    static EarningEvent event(String type) {
        return new EarningEvent("e-1", type, null, "m-1", null, null, null);
    }

    static EarningEvent withAttributes(String type, Map<String, String> attributes) {
        return new EarningEvent("e-1", type, null, "m-1", null, null, attributes);
    }

    /** A paid order in store sh-01 of region east, on the app. */
    static EarningEvent paid(long amountFen, EarningEvent.Item... items) {
        // Mutable lists, as Jackson reads them: a List.of would refuse contains(null).
        return orderEvent("ORDER_PAID", new EarningEvent.Order("o-1", amountFen, null, new ArrayList<>(Arrays.asList(items)), "sh-01", "east", "app"));
    }

    static EarningEvent orderEvent(String type, EarningEvent.Order order) {
        return new EarningEvent("e-1", type, null, "m-1", null, order, null);
    }

    static EarningEvent.Item item(String category, String sku, long amountFen) {
        return new EarningEvent.Item(sku, category, amountFen, 1);
    }

    static MemberFacts consumer() {
        return member().facts();
    }

    static Member member() {
        return new Member();
    }

    /** What is known of a member, a consumer with nothing special unless said. */
    static final class Member {

        private String audience = "CONSUMER";
        private LocalDate birthday;
        private boolean firstOrder;
        private long earnedToday;
        private int streak;
        private int sameTypeToday;
        private int deviceCheckIns;
        private RuleSet.Tier tier;
        private String segment;
        private final Map<String, Long> allowance = new HashMap<>();
        private boolean retentionSprint;

        Member audience(String audience) {
            this.audience = audience;
            return this;
        }

        Member birthday(LocalDate birthday) {
            this.birthday = birthday;
            return this;
        }

        Member firstOrder() {
            this.firstOrder = true;
            return this;
        }

        Member earnedToday(long points) {
            this.earnedToday = points;
            return this;
        }

        Member streak(int day) {
            this.streak = day;
            return this;
        }

        Member sameTypeToday(int events) {
            this.sameTypeToday = events;
            return this;
        }

        Member deviceCheckIns(int checkIns) {
            this.deviceCheckIns = checkIns;
            return this;
        }

        Member tier(String code, java.math.BigDecimal earnMultiplier) {
            this.tier = new RuleSet.Tier(code, code, 0, earnMultiplier, null, null, null);
            return this;
        }

        Member segment(String segment) {
            this.segment = segment;
            return this;
        }

        Member allowance(String ruleId, long points) {
            allowance.put(ruleId, points);
            return this;
        }

        Member retentionSprint() {
            this.retentionSprint = true;
            return this;
        }

        MemberFacts facts() {
            return new MemberFacts(audience, birthday, firstOrder, earnedToday, streak, sameTypeToday, deviceCheckIns, tier, segment,
                    Map.copyOf(allowance), retentionSprint);
        }
    }
}
