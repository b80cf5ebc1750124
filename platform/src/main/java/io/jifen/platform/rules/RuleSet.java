package io.jifen.platform.rules;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's rule set as written (the body of a rule version). Base awards (fixed points, points per yuan) add up;
 * the multipliers of the rules that fire combine by {@code stacking} and multiply the base; threshold bonuses are added
 * last and are not multiplied. Caps: each rule's {@code perEventCap}, then the set's {@code dailyCapPerMember} (points
 * a member earns from events in one day of the tenant's time zone).
 *
 * @param pointType               the point type earned (the tenant's default when null)
 * @param dailyEventLimits        anti-abuse: events of a type a member earns from in a day (e.g. SHARE: 20); the
 *                                ones beyond earn nothing and raise a risk event
 * @param deviceCheckInsPerMinute anti-abuse: check-ins one device (attribute {@code deviceId}) may make in a minute,
 *                                across members; the ones beyond earn nothing and raise a risk event
 * @param maxPointsPerEvent       the most one event may earn in this programme (below the platform's own bound); an
 *                                event that would earn more is refused, naming its amount
 * @param maxAmountFen            the largest order this programme takes (below the platform's own bound); a larger one
 *                                is refused, naming {@code order.amountFen}
 */
public record RuleSet(@Nullable String pointType, @Nullable Stacking stacking, @Nullable Long dailyCapPerMember, List<Rule> rules,
                      @Nullable CheckIn checkIn, @Nullable Map<String, Integer> dailyEventLimits, @Nullable Integer deviceCheckInsPerMinute,
                      @Nullable List<Tier> tiers, @Nullable Integer tierWindowDays, @Nullable TierScore tierScore, @Nullable List<Task> tasks,
                      @Nullable List<TaskPackage> taskPackages, @Nullable TierReview tierReview, @Nullable Long maxPointsPerEvent,
                      @Nullable Long maxAmountFen) {

    /**
     * The tier review (保级): at the end of each {@code period} (tenant time zone) every member's qualifying score over
     * the tier window ending then decides their tier: one the score no longer reaches is lowered to the highest it
     * does (never below an admin's floor tier, nor below the ladder's first rung). In the last {@code retentionDays}
     * of a period, a member whose score is below their tier's threshold earns with {@code retentionMultiplier} (保级冲刺
     * 期), combined with the other multipliers by the stacking policy. With {@code calendarWindow} the score counts over
     * the calendar period itself (this month, quarter or year so far; the review takes the period that ended) instead
     * of the rolling {@code tierWindowDays}.
     */
    public record TierReview(ReviewPeriod period, @Nullable Integer retentionDays, @Nullable BigDecimal retentionMultiplier,
                             @Nullable Boolean calendarWindow) {

        public enum ReviewPeriod { MONTH, QUARTER, YEAR }
    }

    /**
     * What the tier ladder's qualifying score counts over the tier window: POINTS earned from events (the default),
     * SPEND (yuan paid, less refunds), or GROWTH (成长值: spend in yuan weighted by {@code spendWeightPercent} plus the
     * points from interactions, events other than orders, weighted by {@code interactionWeightPercent}). Never the balance.
     */
    public record TierScore(Basis basis, @Nullable Integer spendWeightPercent, @Nullable Integer interactionWeightPercent) {

        public enum Basis { POINTS, SPEND, GROWTH }
    }

    /**
     * A task: {@code count} events of {@code eventType} (under {@code when}, e.g. for an audience, tier or segment)
     * within a {@code period} earn {@code points} once per period: ONCE (one-off for good: complete the profile +50),
     * DAY, WEEK or MONTH (counted again each period: share 5 times a week +200); {@code from}/{@code to} box a challenge.
     * {@code unlocks} names what completing it unlocks for the member (e.g. an item only inviters may redeem: invite 3
     * friends), kept as the member's unlock for the mall to check.
     */
    public record Task(String id, String name, String eventType, int count, long points, @Nullable TaskPeriod period,
                       @Nullable Conditions when, @Nullable Instant from, @Nullable Instant to, @Nullable String unlocks) {
    }

    /**
     * A task package (任务礼包): when a member has completed every one of its {@code tasks} (each at least once), the
     * event completing the last one also earns the package's {@code points} and its unlock, once per member (register +
     * complete the profile + first order = 500).
     */
    public record TaskPackage(String id, String name, List<String> tasks, long points, @Nullable String unlocks) {
    }

    public enum TaskPeriod { ONCE, DAY, WEEK, MONTH }

    /**
     * A rung of the tier ladder (e.g. 青铜, 黄金, 钻石): reached when the member's qualifying score (points earned from
     * events over the last {@code tierWindowDays}, 365 by default; never the current balance) is at least
     * {@code minScore}. Its perks are data other features read: {@code earnMultiplier} multiplies what events earn
     * (combined with the rules' multipliers by the stacking policy), {@code loanLimit} is the points loan it allows,
     * {@code birthdayPoints} the gift on the member's birthday (tenant time zone), once a year,
     * {@code redemptionFeePercent} the mall's redemption fee (兑换手续费, e.g. 5 for bronze): a percentage of the points a
     * redemption spends, charged in points on top (0 to 100, at most two decimals; none when null).
     */
    public record Tier(String code, String name, long minScore, @Nullable BigDecimal earnMultiplier, @Nullable Long loanLimit,
                       @Nullable Long birthdayPoints, @Nullable BigDecimal redemptionFeePercent) {
    }

    /**
     * Daily check-in (签到): {@code dailyPoints} for the first check-in of a day (tenant time zone), plus the bonus of
     * the streak day reached (e.g. day 7: 300); a missed day starts the streak again; with {@code cycleDays} the streak
     * counts round (day 8 of a 7-day cycle is day 1 again).
     */
    public record CheckIn(long dailyPoints, @Nullable List<StreakBonus> streakBonuses, @Nullable Integer cycleDays) {
    }

    public record StreakBonus(int day, long points) {
    }

    /** How the multipliers of the rules that fire combine. */
    public enum Stacking {
        /** The largest one. */
        MAX,
        /** 1 plus the sum of what each adds (x1.2 and x1.5 make x1.7). */
        SUM,
        /** Their product (x1.2 and x1.5 make x1.8). */
        PRODUCT
    }

    /**
     * One rule: on which events, under which conditions, what it awards.
     *
     * @param priority    higher first: the order rules are evaluated and caps consumed in
     * @param limits      what the rule gives at most, per member per period and in total
     * @param pendingDays the return window of what the rule gives: an event's points become spendable after the longest
     *                    window of the rules that gave them (the point type's own window when no rule sets one)
     */
    public record Rule(String id, @Nullable String name, @Nullable Integer priority, List<String> eventTypes, @Nullable Conditions when,
                       Award award, @Nullable Long perEventCap, @Nullable Limits limits, @Nullable Integer pendingDays) {

        int order() {
            return priority == null ? 0 : priority;
        }
    }

    /**
     * Limits on a rule's own points (before multipliers): per member per day, ISO week and month of the tenant's time
     * zone, and {@code budget}, the total the brand funds for the rule across all members (and across versions that
     * keep the rule's id). An event gets what is left; a refund does not give allowance back.
     */
    public record Limits(@Nullable Long perMemberDay, @Nullable Long perMemberWeek, @Nullable Long perMemberMonth, @Nullable Long budget) {
    }

    /**
     * Conditions that must all hold; an absent one holds. Lists hold when the event has any of their values.
     *
     * @param categories    an order item in one of these categories (points per yuan then count only those items)
     * @param skus          an order item of one of these SKUs (likewise)
     * @param minAmountFen  the order's amount at least this
     * @param memberDays    the event's day of the month (tenant time zone) is one of these (会员日, e.g. 8)
     * @param birthdayMonth the member's birthday is in the event's month
     * @param tiers         the member's tier is one of these
     * @param segments      the member's RFM segment (as of the last segments run) is one of these
     * @param firstOrder    the member's first paid order
     * @param attributes    the event's custom attributes have these values
     * @param expression    a CEL expression that must be true (see {@code Expressions} for its variables)
     */
    public record Conditions(@Nullable List<String> categories, @Nullable List<String> skus, @Nullable Long minAmountFen,
                             @Nullable List<String> stores, @Nullable List<String> regions, @Nullable List<String> channels,
                             @Nullable List<String> audiences, @Nullable List<String> tiers, @Nullable List<String> segments,
                             @Nullable List<Integer> memberDays, @Nullable Boolean birthdayMonth,
                             @Nullable Boolean firstOrder, @Nullable Instant from, @Nullable Instant to,
                             @Nullable Map<String, String> attributes, @Nullable String expression) {
    }

    /** What a rule awards when it fires. */
    public record Award(Kind kind, @Nullable Long points, @Nullable Rounding rounding, @Nullable BigDecimal factor,
                        @Nullable List<Threshold> thresholds) {

        public enum Kind {
            /** {@code points} for the event. */
            FIXED,
            /** {@code points} per yuan of the order (or of its matching items), rounded by {@code rounding}. */
            PER_YUAN,
            /** Multiplies the base points by {@code factor} (combined with other multipliers by the set's stacking). */
            MULTIPLIER,
            /** 满额赠: the points of the highest threshold the order's amount reaches. */
            THRESHOLD_BONUS
        }
    }

    public enum Rounding { FLOOR, HALF_UP, CEILING }

    public record Threshold(long minAmountFen, long points) {
    }
}
