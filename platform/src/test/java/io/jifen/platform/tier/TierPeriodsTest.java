package io.jifen.platform.tier;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jifen.platform.rules.RuleSet;
import io.jifen.platform.rules.RuleSet.TierReview.ReviewPeriod;

import static org.assertj.core.api.Assertions.assertThat;

/** The calendar of the tier review, pure: where a period starts, its name, and the retention sprint at its end. */
class TierPeriodsTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final RuleSet.Tier GOLD = new RuleSet.Tier("gold", "黄金", 1_000, null, null, null, null);

    @Test
    void aMonthStartsOnItsFirstDayWhateverItsLength() {
        assertThat(MemberTiers.periodStart(ReviewPeriod.MONTH, LocalDate.of(2027, 2, 28))).isEqualTo(LocalDate.of(2027, 2, 1));
        assertThat(MemberTiers.periodStart(ReviewPeriod.MONTH, LocalDate.of(2028, 2, 29))).isEqualTo(LocalDate.of(2028, 2, 1));
        assertThat(MemberTiers.periodStart(ReviewPeriod.MONTH, LocalDate.of(2027, 4, 30))).isEqualTo(LocalDate.of(2027, 4, 1));
        assertThat(MemberTiers.periodStart(ReviewPeriod.MONTH, LocalDate.of(2027, 3, 1))).isEqualTo(LocalDate.of(2027, 3, 1));
        assertThat(MemberTiers.periodKey(ReviewPeriod.MONTH, LocalDate.of(2027, 2, 1))).isEqualTo("2027-02");
    }

    @Test
    void aQuarterStartsInJanuaryAprilJulyOrOctober() {
        assertThat(List.of(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 3, 31), LocalDate.of(2027, 4, 1), LocalDate.of(2027, 6, 30),
                LocalDate.of(2027, 9, 30), LocalDate.of(2027, 12, 31)))
                .extracting(day -> MemberTiers.periodStart(ReviewPeriod.QUARTER, day))
                .containsExactly(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 1), LocalDate.of(2027, 4, 1), LocalDate.of(2027, 4, 1),
                        LocalDate.of(2027, 7, 1), LocalDate.of(2027, 10, 1));
        assertThat(MemberTiers.periodKey(ReviewPeriod.QUARTER, LocalDate.of(2027, 1, 1))).isEqualTo("2027-Q1");
        assertThat(MemberTiers.periodKey(ReviewPeriod.QUARTER, LocalDate.of(2027, 10, 1))).isEqualTo("2027-Q4");
    }

    @Test
    void aYearStartsOnTheFirstOfJanuary() {
        assertThat(MemberTiers.periodStart(ReviewPeriod.YEAR, LocalDate.of(2028, 12, 31))).isEqualTo(LocalDate.of(2028, 1, 1));
        assertThat(MemberTiers.periodKey(ReviewPeriod.YEAR, LocalDate.of(2028, 1, 1))).isEqualTo("2028");
    }

    @Test
    void theMonthlyRetentionSprintIsTheLastDaysOfEachMonthWhateverItsLength() {
        var set = review(ReviewPeriod.MONTH, 3);

        assertThat(sprinting(set, LocalDateTime.of(2027, 2, 25, 23, 59))).isFalse();
        assertThat(sprinting(set, LocalDateTime.of(2027, 2, 26, 0, 0))).as("28 days: the 26th, 27th and 28th").isTrue();
        assertThat(sprinting(set, LocalDateTime.of(2027, 2, 28, 23, 59))).isTrue();
        assertThat(sprinting(set, LocalDateTime.of(2027, 3, 1, 0, 0))).as("a new month").isFalse();
        assertThat(sprinting(set, LocalDateTime.of(2028, 2, 26, 12, 0))).as("29 days in 2028").isFalse();
        assertThat(sprinting(set, LocalDateTime.of(2028, 2, 27, 0, 0))).isTrue();
        assertThat(sprinting(set, LocalDateTime.of(2027, 4, 27, 23, 59))).as("30 days").isFalse();
        assertThat(sprinting(set, LocalDateTime.of(2027, 4, 28, 0, 0))).isTrue();
        assertThat(sprinting(set, LocalDateTime.of(2027, 1, 28, 23, 59))).as("31 days").isFalse();
        assertThat(sprinting(set, LocalDateTime.of(2027, 1, 29, 0, 0))).isTrue();
    }

    @Test
    void theRetentionSprintIsCountedInTheTenantsTimeZone() {
        var set = review(ReviewPeriod.MONTH, 3);
        var lateOn25FebruaryInUtc = ZonedDateTime.of(2027, 2, 25, 16, 30, 0, 0, ZoneId.of("UTC"));

        assertThat(MemberTiers.inRetentionSprint(set, GOLD, 0, lateOn25FebruaryInUtc)).isFalse();
        assertThat(MemberTiers.inRetentionSprint(set, GOLD, 0, lateOn25FebruaryInUtc.withZoneSameInstant(SHANGHAI))).as("26 February 00:30")
                .isTrue();
    }

    @Test
    void theQuarterlyAndYearlyRetentionSprintsAreTheLastDaysOfTheQuarterAndTheYear() {
        assertThat(sprinting(review(ReviewPeriod.QUARTER, 3), LocalDateTime.of(2027, 3, 28, 23, 59))).isFalse();
        assertThat(sprinting(review(ReviewPeriod.QUARTER, 3), LocalDateTime.of(2027, 3, 29, 0, 0))).isTrue();
        assertThat(sprinting(review(ReviewPeriod.QUARTER, 3), LocalDateTime.of(2027, 2, 28, 12, 0))).as("February does not end a quarter")
                .isFalse();
        assertThat(sprinting(review(ReviewPeriod.QUARTER, 30), LocalDateTime.of(2027, 6, 1, 0, 0))).as("30 days before 1 July").isTrue();
        assertThat(sprinting(review(ReviewPeriod.YEAR, 3), LocalDateTime.of(2027, 12, 29, 0, 0))).isTrue();
        assertThat(sprinting(review(ReviewPeriod.YEAR, 3), LocalDateTime.of(2027, 12, 28, 23, 59))).isFalse();
    }

    @Test
    void onlyAMemberBelowTheirTiersThresholdSprints() {
        var set = review(ReviewPeriod.MONTH, 3);
        var lastDay = LocalDateTime.of(2027, 2, 28, 12, 0).atZone(SHANGHAI);

        assertThat(MemberTiers.inRetentionSprint(set, GOLD, 999, lastDay)).isTrue();
        assertThat(MemberTiers.inRetentionSprint(set, GOLD, 1_000, lastDay)).as("keeping the tier already").isFalse();
        assertThat(MemberTiers.inRetentionSprint(set, null, 0, lastDay)).as("no tier to keep").isFalse();
        assertThat(MemberTiers.inRetentionSprint(new RuleSet(null, null, null, List.of(), null, null, null, List.of(GOLD), null, null, null, null,
                new RuleSet.TierReview(ReviewPeriod.MONTH, null, null, null), null, null), GOLD, 0, lastDay)).as("a review without a sprint").isFalse();
    }

    static RuleSet review(ReviewPeriod period, int retentionDays) {
        return new RuleSet(null, null, null, List.of(), null, null, null, List.of(GOLD), null, null, null, null,
                new RuleSet.TierReview(period, retentionDays, new BigDecimal("2"), null), null, null);
    }

    static boolean sprinting(RuleSet set, LocalDateTime inShanghai) {
        return MemberTiers.inRetentionSprint(set, GOLD, 0, inShanghai.atZone(SHANGHAI));
    }
}
