package io.jifen.platform.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** Evaluates a rule set against an event: pure, so the calculator and the ingestion give the same answer. */
public final class RuleEngine {

    /**
     * What is known of the member at the event.
     *
     * @param checkInStreak       for a check-in: the streak day it makes (0: checked in today already)
     * @param sameTypeToday       events of the event's type the member sent earlier the same day
     * @param deviceCheckInsInMinute check-ins from the event's device in the minute before it (any member)
     * @param ruleAllowance       for rules with limits: the points each may still give this member now
     * @param retentionSprint     the member is in the retention sprint of the tier review: below their tier's threshold in
     *                            the last days of the review period
     */
    public record MemberFacts(String audience, @Nullable LocalDate birthday, boolean firstOrder, long earnedToday, int checkInStreak,
                       int sameTypeToday, int deviceCheckInsInMinute, RuleSet.@Nullable Tier tier, @Nullable String segment,
                       Map<String, Long> ruleAllowance, boolean retentionSprint) {
    }

    /** A rule that fired and what it gave (points for base and bonus rules, the factor for multipliers). */
    public record Line(String ruleId, String kind, long points, @Nullable BigDecimal factor) {
    }

    /**
     * The outcome: the points earned and why; {@code cappedBy} names the cap that cut it, if one did; {@code risk} says
     * why an event was judged abuse (it then earns nothing).
     */
    public record Calculation(long points, List<Line> lines, @Nullable String cappedBy, @Nullable String risk) {

        public static Calculation nothing() {
            return new Calculation(0, List.of(), null, null);
        }
    }

    private RuleEngine() {
    }

    public static Calculation evaluate(RuleSet set, EarningEvent event, ZonedDateTime at, MemberFacts member) {
        Integer typeLimit = set.dailyEventLimits() == null ? null : set.dailyEventLimits().get(event.type());
        if (typeLimit != null && member.sameTypeToday() >= typeLimit) {
            return new Calculation(0, List.of(), "dailyEventLimits." + event.type(),
                    "more than " + typeLimit + " " + event.type() + " events in a day");
        }
        boolean checkIn = event.type().equals("CHECK_IN");
        if (checkIn && set.deviceCheckInsPerMinute() != null && member.deviceCheckInsInMinute() >= set.deviceCheckInsPerMinute()) {
            return new Calculation(0, List.of(), "deviceCheckInsPerMinute",
                    "more than " + set.deviceCheckInsPerMinute() + " check-ins in a minute from one device");
        }
        List<RuleSet.Rule> rules = new ArrayList<>(set.rules() == null ? List.of() : set.rules());
        rules.sort(Comparator.comparingInt(RuleSet.Rule::order).reversed());
        List<Line> lines = new ArrayList<>();
        long base = 0;
        long bonus = 0;
        List<BigDecimal> factors = new ArrayList<>();
        String cappedBy = null;
        for (RuleSet.Rule rule : rules) {
            if (!rule.eventTypes().contains(event.type()) || !holds(rule.when(), event, at, member)) {
                continue;
            }
            RuleSet.Award award = rule.award();
            switch (award.kind()) {
                case MULTIPLIER -> {
                    factors.add(award.factor());
                    lines.add(new Line(rule.id(), award.kind().name(), 0, award.factor()));
                }
                case FIXED, PER_YUAN, THRESHOLD_BONUS -> {
                    long points = switch (award.kind()) {
                        case FIXED -> award.points();
                        case PER_YUAN -> perYuan(award, amount(rule.when(), event));
                        default -> threshold(award, event.order() == null || event.order().amountFen() == null ? 0 : event.order().amountFen());
                    };
                    if (rule.perEventCap() != null && points > rule.perEventCap()) {
                        points = rule.perEventCap();
                        cappedBy = "rules." + rule.id() + ".perEventCap";
                    }
                    Long allowance = member.ruleAllowance().get(rule.id());
                    if (allowance != null && points > allowance) {
                        points = Math.max(0, allowance);
                        cappedBy = "rules." + rule.id() + ".limits";
                    }
                    if (points > 0) {
                        lines.add(new Line(rule.id(), award.kind().name(), points, null));
                        if (award.kind() == RuleSet.Award.Kind.THRESHOLD_BONUS) {
                            bonus += points;
                        } else {
                            base += points;
                        }
                    }
                }
            }
        }
        if (checkIn && set.checkIn() != null && member.checkInStreak() > 0) {
            long points = checkInPoints(set.checkIn(), member.checkInStreak());
            lines.add(new Line("check-in-day-" + member.checkInStreak(), "CHECK_IN", points, null));
            base += points;
        }
        if (member.tier() != null && member.tier().earnMultiplier() != null && base > 0) {
            factors.add(member.tier().earnMultiplier());
            lines.add(new Line("tier-" + member.tier().code(), "TIER_MULTIPLIER", 0, member.tier().earnMultiplier()));
        }
        if (member.retentionSprint() && set.tierReview() != null && set.tierReview().retentionMultiplier() != null && base > 0) {
            factors.add(set.tierReview().retentionMultiplier());
            lines.add(new Line("retention-sprint", "RETENTION_MULTIPLIER", 0, set.tierReview().retentionMultiplier()));
        }
        BigDecimal factor = combine(set.stacking() == null ? RuleSet.Stacking.PRODUCT : set.stacking(), factors);
        long total = BigDecimal.valueOf(base).multiply(factor).setScale(0, RoundingMode.FLOOR).longValueExact() + bonus;
        if (set.dailyCapPerMember() != null && member.earnedToday() + total > set.dailyCapPerMember()) {
            total = Math.max(0, set.dailyCapPerMember() - member.earnedToday());
            cappedBy = "dailyCapPerMember";
        }
        return new Calculation(total, List.copyOf(lines), cappedBy, null);
    }

    /** The day's points and the bonus of the streak day reached (counted round the cycle, if there is one). */
    private static long checkInPoints(RuleSet.CheckIn checkIn, int streak) {
        int day = checkIn.cycleDays() == null ? streak : (streak - 1) % checkIn.cycleDays() + 1;
        long bonus = checkIn.streakBonuses() == null ? 0
                : checkIn.streakBonuses().stream().filter(b -> b.day() == day).mapToLong(RuleSet.StreakBonus::points).sum();
        return checkIn.dailyPoints() + bonus;
    }

    public static boolean holds(RuleSet.@Nullable Conditions when, EarningEvent event, ZonedDateTime at, MemberFacts member) {
        if (when == null) {
            return true;
        }
        var order = event.order();
        if (when.from() != null && at.toInstant().isBefore(when.from())) {
            return false;
        }
        if (when.to() != null && !at.toInstant().isBefore(when.to())) {
            return false;
        }
        if (when.audiences() != null && !when.audiences().contains(member.audience())) {
            return false;
        }
        if (when.tiers() != null && (member.tier() == null || !when.tiers().contains(member.tier().code()))) {
            return false;
        }
        if (when.segments() != null && (member.segment() == null || !when.segments().contains(member.segment()))) {
            return false;
        }
        if (when.memberDays() != null && !when.memberDays().contains(at.getDayOfMonth())) {
            return false;
        }
        if (Boolean.TRUE.equals(when.birthdayMonth()) && (member.birthday() == null || member.birthday().getMonth() != at.getMonth())) {
            return false;
        }
        if (when.firstOrder() != null && when.firstOrder() != member.firstOrder()) {
            return false;
        }
        if (when.attributes() != null) {
            Map<String, String> attributes = event.attributes() == null ? Map.of() : event.attributes();
            for (var wanted : when.attributes().entrySet()) {
                if (!wanted.getValue().equals(attributes.get(wanted.getKey()))) {
                    return false;
                }
            }
        }
        if (when.stores() != null && (order == null || !when.stores().contains(order.store()))) {
            return false;
        }
        if (when.regions() != null && (order == null || !when.regions().contains(order.region()))) {
            return false;
        }
        if (when.channels() != null && (order == null || !when.channels().contains(order.channel()))) {
            return false;
        }
        if (when.minAmountFen() != null && (order == null || order.amountFen() == null || order.amountFen() < when.minAmountFen())) {
            return false;
        }
        if ((when.categories() != null || when.skus() != null) && amount(when, event) <= 0) {
            return false;
        }
        return when.expression() == null || Expressions.holds(when.expression(), variables(event, at, member));
    }

    /** What a CEL condition sees: the event, the member and the time of day (tenant time zone). Never nulls. */
    private static Map<String, Object> variables(EarningEvent event, ZonedDateTime at, MemberFacts member) {
        var order = event.order();
        var items = order == null || order.items() == null ? List.<EarningEvent.Item>of() : order.items();
        Map<String, Object> eventVariables = new java.util.HashMap<>();
        eventVariables.put("type", event.type());
        eventVariables.put("amountFen", order == null || order.amountFen() == null ? 0L : order.amountFen());
        eventVariables.put("store", order == null || order.store() == null ? "" : order.store());
        eventVariables.put("region", order == null || order.region() == null ? "" : order.region());
        eventVariables.put("channel", order == null || order.channel() == null ? "" : order.channel());
        eventVariables.put("categories", items.stream().map(EarningEvent.Item::category).filter(java.util.Objects::nonNull).toList());
        eventVariables.put("skus", items.stream().map(EarningEvent.Item::sku).filter(java.util.Objects::nonNull).toList());
        eventVariables.put("attributes", event.attributes() == null ? Map.of() : event.attributes());
        Map<String, Object> memberVariables = Map.of(
                "audience", member.audience(),
                "tier", member.tier() == null ? "" : member.tier().code(),
                "segment", member.segment() == null ? "" : member.segment(),
                "firstOrder", member.firstOrder(),
                "birthdayMonth", member.birthday() != null && member.birthday().getMonth() == at.getMonth());
        return Map.of("event", eventVariables, "member", memberVariables, "day", (long) at.getDayOfMonth(),
                "weekday", (long) at.getDayOfWeek().getValue(), "hour", (long) at.getHour());
    }

    /** The amount a per-yuan rule counts: the items in its categories or SKUs, or else the whole order. */
    private static long amount(RuleSet.@Nullable Conditions when, EarningEvent event) {
        var order = event.order();
        if (order == null) {
            return 0;
        }
        if (when == null || (when.categories() == null && when.skus() == null)) {
            return order.amountFen() == null ? 0 : order.amountFen();
        }
        long amount = 0;
        for (var item : order.items() == null ? List.<EarningEvent.Item>of() : order.items()) {
            boolean inCategory = when.categories() != null && when.categories().contains(item.category());
            boolean isSku = when.skus() != null && when.skus().contains(item.sku());
            if (inCategory || isSku) {
                amount += item.amountFen();
            }
        }
        return amount;
    }

    private static long perYuan(RuleSet.Award award, long amountFen) {
        RoundingMode mode = switch (award.rounding() == null ? RuleSet.Rounding.FLOOR : award.rounding()) {
            case FLOOR -> RoundingMode.FLOOR;
            case HALF_UP -> RoundingMode.HALF_UP;
            case CEILING -> RoundingMode.CEILING;
        };
        return BigDecimal.valueOf(amountFen).multiply(BigDecimal.valueOf(award.points())).divide(BigDecimal.valueOf(100), 0, mode).longValueExact();
    }

    private static long threshold(RuleSet.Award award, long amountFen) {
        long points = 0;
        for (var threshold : award.thresholds()) {
            if (amountFen >= threshold.minAmountFen()) {
                points = threshold.points();
            }
        }
        return points;
    }

    private static BigDecimal combine(RuleSet.Stacking stacking, List<BigDecimal> factors) {
        if (factors.isEmpty()) {
            return BigDecimal.ONE;
        }
        return switch (stacking) {
            case MAX -> factors.stream().max(Comparator.naturalOrder()).orElseThrow();
            // What each multiplier adds, summed; multipliers below 1 may cancel the base but never take points away.
            case SUM -> factors.stream().map(f -> f.subtract(BigDecimal.ONE)).reduce(BigDecimal.ONE, BigDecimal::add).max(BigDecimal.ZERO);
            case PRODUCT -> factors.stream().reduce(BigDecimal.ONE, BigDecimal::multiply);
        };
    }
}
