package io.jifen.platform.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.jifen.platform.member.Audience;
import io.jifen.platform.problem.FieldProblem;

/** Checks a rule set before it is saved; every problem names the part it is about ("rules[2].award.factor"). */
public final class RuleSetValidator {

    public static final Set<String> EVENT_TYPES = Set.of("ORDER_PAID", "ORDER_REFUNDED", "REGISTER", "PROFILE_COMPLETED", "CHECK_IN", "SHARE",
            "REVIEW", "UGC_POST", "BROWSE", "INVITE_ACCEPTED", "INVITED_FIRST_ORDER", "STORE_SCAN");
    private static final Pattern CUSTOM_TYPE = Pattern.compile("custom\\.[a-z][a-z0-9_]{0,40}");
    static final List<String> SEGMENTS = List.of("HIGH_VALUE", "POTENTIAL", "REGULAR", "DORMANT", "CHURNED");
    private static final Pattern UNLOCK = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,40}");
    private static final Set<String> ORDER_CONDITIONS_NEED_ORDERS = Set.of("ORDER_PAID");

    private RuleSetValidator() {
    }

    public static boolean knownType(String type) {
        return EVENT_TYPES.contains(type) || CUSTOM_TYPE.matcher(type).matches();
    }

    static List<FieldProblem> problems(RuleSet set) {
        List<FieldProblem> problems = new ArrayList<>();
        if (set.dailyCapPerMember() != null && set.dailyCapPerMember() <= 0) {
            problems.add(FieldProblem.of("dailyCapPerMember", "must be positive"));
        }
        if (set.maxPointsPerEvent() != null && (set.maxPointsPerEvent() <= 0 || set.maxPointsPerEvent() > MAX_POINTS)) {
            problems.add(FieldProblem.of("maxPointsPerEvent", "must be between 1 and " + MAX_POINTS));
        }
        if (set.maxAmountFen() != null && (set.maxAmountFen() <= 0 || set.maxAmountFen() > MAX_AMOUNT_FEN)) {
            problems.add(FieldProblem.of("maxAmountFen", "must be between 1 and " + MAX_AMOUNT_FEN));
        }
        checkIn(set, problems);
        tiers(set, problems);
        tasks(set, problems);
        packages(set, problems);
        if (set.rules() == null || set.rules().isEmpty()) {
            if (set.checkIn() == null && (set.tasks() == null || set.tasks().isEmpty())) {
                problems.add(FieldProblem.of("rules", "at least one rule (or a check-in, or a task)"));
            }
            return problems;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < set.rules().size(); i++) {
            RuleSet.Rule rule = set.rules().get(i);
            String at = "rules[" + i + "]";
            if (rule == null) {
                problems.add(FieldProblem.of(at, "must not be null"));
                continue;
            }
            if (rule.id() == null || !RULE_ID.matcher(rule.id()).matches()) {
                problems.add(FieldProblem.of(at + ".id", "1 to 41 of a-z, 0-9, '-', '_'"));
            } else if (!ids.add(rule.id())) {
                problems.add(FieldProblem.of(at + ".id", "'" + rule.id() + "' is used by another rule"));
            }
            if (rule.eventTypes() == null || rule.eventTypes().isEmpty()) {
                problems.add(FieldProblem.of(at + ".eventTypes", "at least one event type"));
            } else {
                for (String type : rule.eventTypes()) {
                    if (type == null || !knownType(type) || type.equals("ORDER_REFUNDED")) {
                        problems.add(FieldProblem.of(at + ".eventTypes", "'" + type + "' is not an event type that earns (" + EVENT_TYPES
                                + " except ORDER_REFUNDED, or custom.<name>)"));
                    }
                }
            }
            if (rule.perEventCap() != null && rule.perEventCap() <= 0) {
                problems.add(FieldProblem.of(at + ".perEventCap", "must be positive"));
            }
            limits(rule, at, problems);
            conditions(rule, at, problems);
            if (rule.when() != null && rule.when().segments() != null
                    && !SEGMENTS.containsAll(rule.when().segments().stream().filter(java.util.Objects::nonNull).toList())) {
                problems.add(FieldProblem.of(at + ".when.segments", "segments are " + SEGMENTS));
            }
            if (rule.when() != null && rule.when().tiers() != null) {
                for (String tier : rule.when().tiers()) {
                    if (tier == null || !tierKnown(set, tier)) {
                        problems.add(FieldProblem.of(at + ".when.tiers", "'" + tier + "' is not a tier of this rule set"));
                    }
                }
            }
            award(rule, at, problems);
        }
        return problems;
    }

    private static void limits(RuleSet.Rule rule, String at, List<FieldProblem> problems) {
        if (rule.pendingDays() != null && (rule.pendingDays() < 0 || rule.pendingDays() > 365)) {
            problems.add(FieldProblem.of(at + ".pendingDays", "0 to 365 days"));
        }
        RuleSet.Limits limits = rule.limits();
        if (limits == null) {
            return;
        }
        if (rule.award() != null && rule.award().kind() == RuleSet.Award.Kind.MULTIPLIER) {
            problems.add(FieldProblem.of(at + ".limits", "a multiplier gives no points of its own to limit"));
        }
        java.util.Map<String, Long> named = new java.util.LinkedHashMap<>();
        named.put("perMemberDay", limits.perMemberDay());
        named.put("perMemberWeek", limits.perMemberWeek());
        named.put("perMemberMonth", limits.perMemberMonth());
        named.put("budget", limits.budget());
        named.forEach((name, value) -> {
            if (value != null && value <= 0) {
                problems.add(FieldProblem.of(at + ".limits." + name, "must be positive"));
            }
        });
        if (named.values().stream().allMatch(java.util.Objects::isNull)) {
            problems.add(FieldProblem.of(at + ".limits", "name at least one of " + named.keySet()));
        }
        if (limits.perMemberDay() != null && limits.perMemberWeek() != null && limits.perMemberWeek() < limits.perMemberDay()) {
            problems.add(FieldProblem.of(at + ".limits.perMemberWeek", "smaller than perMemberDay: the day limit could never be reached"));
        }
        if (limits.perMemberWeek() != null && limits.perMemberMonth() != null && limits.perMemberMonth() < limits.perMemberWeek()) {
            problems.add(FieldProblem.of(at + ".limits.perMemberMonth", "smaller than perMemberWeek: the week limit could never be reached"));
        }
    }

    private static void tasks(RuleSet set, List<FieldProblem> problems) {
        if (set.tasks() == null) {
            return;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < set.tasks().size(); i++) {
            var task = set.tasks().get(i);
            String at = "tasks[" + i + "]";
            if (task == null || task.id() == null || !RULE_ID.matcher(task.id()).matches() || !ids.add(task.id())) {
                problems.add(FieldProblem.of(at + ".id", "a unique id of a-z, 0-9, '-', '_'"));
                continue;
            }
            if (task.name() == null || task.name().isBlank()) {
                problems.add(FieldProblem.of(at + ".name", "must not be blank"));
            }
            if (task.eventType() == null || !knownType(task.eventType()) || task.eventType().equals("ORDER_REFUNDED")) {
                problems.add(FieldProblem.of(at + ".eventType", "an event type that earns"));
            }
            if (task.count() < 1 || task.count() > 1_000) {
                problems.add(FieldProblem.of(at + ".count", "1 to 1,000 events"));
            }
            reward(task.points(), task.unlocks(), at, problems);
            if (task.from() != null && task.to() != null && !task.to().isAfter(task.from())) {
                problems.add(FieldProblem.of(at + ".to", "must be after from: the task could never be done"));
            }
        }
    }

    private static void reward(long points, @org.jspecify.annotations.Nullable String unlocks, String at, List<FieldProblem> problems) {
        if (points < 0 || (points == 0 && unlocks == null) || points > MAX_POINTS) {
            problems.add(FieldProblem.of(at + ".points", "from 1 to " + MAX_POINTS + " (or 0 with an unlock)"));
        }
        if (unlocks != null && !UNLOCK.matcher(unlocks).matches()) {
            problems.add(FieldProblem.of(at + ".unlocks", "1 to 64 of letters, digits, '.', '_', ':', '-'"));
        }
    }

    private static void packages(RuleSet set, List<FieldProblem> problems) {
        if (set.taskPackages() == null) {
            return;
        }
        Set<String> taskIds = new HashSet<>();
        if (set.tasks() != null) {
            set.tasks().stream().filter(java.util.Objects::nonNull).forEach(task -> taskIds.add(task.id()));
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < set.taskPackages().size(); i++) {
            var taskPackage = set.taskPackages().get(i);
            String at = "taskPackages[" + i + "]";
            if (taskPackage == null || taskPackage.id() == null || !RULE_ID.matcher(taskPackage.id()).matches() || !ids.add(taskPackage.id())) {
                problems.add(FieldProblem.of(at + ".id", "a unique id of a-z, 0-9, '-', '_'"));
                continue;
            }
            if (taskPackage.name() == null || taskPackage.name().isBlank()) {
                problems.add(FieldProblem.of(at + ".name", "must not be blank"));
            }
            if (taskPackage.tasks() == null || taskPackage.tasks().size() < 2 || new HashSet<>(taskPackage.tasks()).size() < taskPackage.tasks().size()) {
                problems.add(FieldProblem.of(at + ".tasks", "at least two different tasks"));
            } else if (!taskIds.containsAll(taskPackage.tasks())) {
                problems.add(FieldProblem.of(at + ".tasks", "not tasks of this rule set: "
                        + taskPackage.tasks().stream().filter(id -> !taskIds.contains(id)).toList()));
            }
            reward(taskPackage.points(), taskPackage.unlocks(), at, problems);
        }
    }

    private static void tiers(RuleSet set, List<FieldProblem> problems) {
        if (set.tierScore() != null) {
            if (set.tierScore().basis() == null) {
                problems.add(FieldProblem.of("tierScore.basis", "POINTS, SPEND or GROWTH"));
            }
            for (Integer weight : java.util.Arrays.asList(set.tierScore().spendWeightPercent(), set.tierScore().interactionWeightPercent())) {
                if (weight != null && (weight < 0 || weight > 1_000)) {
                    problems.add(FieldProblem.of("tierScore", "weights are percentages from 0 to 1,000"));
                }
            }
        }
        if (set.tierWindowDays() != null && (set.tierWindowDays() < 1 || set.tierWindowDays() > 3_660)) {
            problems.add(FieldProblem.of("tierWindowDays", "1 to 3,660 days"));
        }
        if (set.tierReview() != null) {
            var review = set.tierReview();
            if (set.tiers() == null) {
                problems.add(FieldProblem.of("tierReview", "a review needs a tier ladder"));
            }
            if (review.period() == null) {
                problems.add(FieldProblem.of("tierReview.period", "MONTH, QUARTER or YEAR"));
            }
            if (Boolean.TRUE.equals(review.calendarWindow()) && set.tierWindowDays() != null) {
                problems.add(FieldProblem.of("tierWindowDays", "a calendar window (tierReview.calendarWindow) has no number of days"));
            }
            if ((review.retentionDays() == null) != (review.retentionMultiplier() == null)) {
                problems.add(FieldProblem.of("tierReview", "a retention sprint needs both retentionDays and retentionMultiplier"));
            }
            if (review.retentionDays() != null && (review.retentionDays() < 1 || review.retentionDays() > 90)) {
                problems.add(FieldProblem.of("tierReview.retentionDays", "1 to 90 days"));
            }
            if (review.retentionMultiplier() != null && (review.retentionMultiplier().compareTo(BigDecimal.ONE) <= 0
                    || review.retentionMultiplier().compareTo(BigDecimal.TEN) > 0)) {
                problems.add(FieldProblem.of("tierReview.retentionMultiplier", "more than 1, at most 10"));
            }
        }
        if (set.tiers() == null) {
            return;
        }
        Set<String> codes = new HashSet<>();
        long previous = -1;
        for (int i = 0; i < set.tiers().size(); i++) {
            var tier = set.tiers().get(i);
            String at = "tiers[" + i + "]";
            if (tier == null || tier.code() == null || !RULE_ID.matcher(tier.code()).matches() || !codes.add(tier.code())) {
                problems.add(FieldProblem.of(at + ".code", "a unique code of a-z, 0-9, '-', '_'"));
                continue;
            }
            if (tier.name() == null || tier.name().isBlank()) {
                problems.add(FieldProblem.of(at + ".name", "must not be blank"));
            }
            if (tier.minScore() <= previous) {
                problems.add(FieldProblem.of(at + ".minScore", "tiers go from the lowest up, each needing more than the one before"));
            }
            previous = tier.minScore();
            if (tier.earnMultiplier() != null && (tier.earnMultiplier().signum() <= 0 || tier.earnMultiplier().compareTo(BigDecimal.TEN) > 0)) {
                problems.add(FieldProblem.of(at + ".earnMultiplier", "above 0 and at most 10"));
            }
            if (tier.birthdayPoints() != null && (tier.birthdayPoints() < 0 || tier.birthdayPoints() > MAX_POINTS)) {
                problems.add(FieldProblem.of(at + ".birthdayPoints", "from 0 to " + MAX_POINTS));
            }
            if (tier.loanLimit() != null && tier.loanLimit() < 0) {
                problems.add(FieldProblem.of(at + ".loanLimit", "must not be negative"));
            }
            var fee = tier.redemptionFeePercent();
            if (fee != null && (fee.signum() < 0 || fee.compareTo(BigDecimal.valueOf(100)) > 0 || fee.stripTrailingZeros().scale() > 2)) {
                problems.add(FieldProblem.of(at + ".redemptionFeePercent", "a percentage from 0 to 100 with at most two decimals"));
            }
        }
    }

    private static boolean tierKnown(RuleSet set, String code) {
        return set.tiers() != null && set.tiers().stream().anyMatch(t -> t != null && code.equals(t.code()));
    }

    private static void checkIn(RuleSet set, List<FieldProblem> problems) {
        if (set.checkIn() != null) {
            if (set.checkIn().dailyPoints() < 0 || set.checkIn().dailyPoints() > MAX_POINTS) {
                problems.add(FieldProblem.of("checkIn.dailyPoints", "from 0 to " + MAX_POINTS));
            }
            if (set.checkIn().cycleDays() != null && set.checkIn().cycleDays() < 1) {
                problems.add(FieldProblem.of("checkIn.cycleDays", "must be positive"));
            }
            Set<Integer> days = new HashSet<>();
            var bonuses = set.checkIn().streakBonuses() == null ? List.<RuleSet.StreakBonus>of() : set.checkIn().streakBonuses();
            for (int i = 0; i < bonuses.size(); i++) {
                var bonus = bonuses.get(i);
                if (bonus == null || bonus.day() < 1 || bonus.points() <= 0 || bonus.points() > MAX_POINTS || !days.add(bonus.day())
                        || (set.checkIn().cycleDays() != null && bonus.day() > set.checkIn().cycleDays())) {
                    problems.add(FieldProblem.of("checkIn.streakBonuses[" + i + "]", "a day from 1 (within the cycle), once, with positive points"));
                }
            }
        }
        if (set.dailyEventLimits() != null) {
            set.dailyEventLimits().forEach((type, limit) -> {
                if (!knownType(type) || limit == null || limit < 1) {
                    problems.add(FieldProblem.of("dailyEventLimits." + type, "an event type with a positive limit"));
                }
            });
        }
        if (set.deviceCheckInsPerMinute() != null && set.deviceCheckInsPerMinute() < 1) {
            problems.add(FieldProblem.of("deviceCheckInsPerMinute", "must be positive"));
        }
    }

    private static void conditions(RuleSet.Rule rule, String at, List<FieldProblem> problems) {
        RuleSet.Conditions when = rule.when();
        if (when == null) {
            return;
        }
        boolean ordersOnly = rule.eventTypes() != null
                && rule.eventTypes().stream().allMatch(type -> type != null && ORDER_CONDITIONS_NEED_ORDERS.contains(type));
        if (!ordersOnly && (when.categories() != null || when.skus() != null || when.minAmountFen() != null || when.firstOrder() != null)) {
            problems.add(FieldProblem.of(at + ".when", "categories, skus, minAmountFen and firstOrder apply to ORDER_PAID events only"));
        }
        if (when.expression() != null) {
            String problem = when.expression().isBlank() ? "must not be blank" : Expressions.problem(when.expression());
            if (problem != null) {
                problems.add(FieldProblem.of(at + ".when.expression", "does not compile to a boolean over " + Expressions.VARIABLES + ": " + problem));
            }
        }
        if (when.attributes() != null && when.attributes().entrySet().stream().anyMatch(e -> e.getKey() == null || e.getValue() == null)) {
            problems.add(FieldProblem.of(at + ".when.attributes", "each attribute condition needs a name and the value it must have"));
        }
        if (when.minAmountFen() != null && when.minAmountFen() < 0) {
            problems.add(FieldProblem.of(at + ".when.minAmountFen", "must not be negative"));
        }
        if (when.memberDays() != null && when.memberDays().stream().anyMatch(day -> day == null || day < 1 || day > 31)) {
            problems.add(FieldProblem.of(at + ".when.memberDays", "days of the month, 1 to 31"));
        }
        if (when.from() != null && when.to() != null && !when.to().isAfter(when.from())) {
            problems.add(FieldProblem.of(at + ".when.to", "must be after from: the rule could never fire"));
        }
        if (when.audiences() != null) {
            for (String audience : when.audiences()) {
                try {
                    Audience.valueOf(audience);
                } catch (IllegalArgumentException | NullPointerException e) {
                    problems.add(FieldProblem.of(at + ".when.audiences", "'" + audience + "' is not an audience (CONSUMER, EMPLOYEE, DEALER, SALES_GUIDE)"));
                }
            }
        }
        for (var list : java.util.Arrays.asList(when.categories(), when.skus(), when.stores(), when.regions(), when.channels(), when.audiences(),
                when.tiers(), when.segments())) {
            if (list != null && list.isEmpty()) {
                problems.add(FieldProblem.of(at + ".when", "an empty list can never match; leave the condition out instead"));
            }
        }
    }

    /**
     * The most points one award, bonus, task or gift may give (and per yuan, the most a PER_YUAN rule may give): with the
     * intake's bounded amounts, no sum or product of them leaves what a long holds without the intake noticing.
     */
    static final long MAX_POINTS = 1_000_000_000L;
    static final long MAX_POINTS_PER_YUAN = 1_000_000L;
    /** The largest order a programme may declare it takes: 10 billion yuan. */
    static final long MAX_AMOUNT_FEN = 1_000_000_000_000L;

    private static void award(RuleSet.Rule rule, String at, List<FieldProblem> problems) {
        RuleSet.Award award = rule.award();
        if (award == null || award.kind() == null) {
            problems.add(FieldProblem.of(at + ".award.kind", "FIXED, PER_YUAN, MULTIPLIER or THRESHOLD_BONUS"));
            return;
        }
        switch (award.kind()) {
            case FIXED, PER_YUAN -> {
                long most = award.kind() == RuleSet.Award.Kind.PER_YUAN ? MAX_POINTS_PER_YUAN : MAX_POINTS;
                if (award.points() == null || award.points() <= 0 || award.points() > most) {
                    problems.add(FieldProblem.of(at + ".award.points", "from 1 to " + most));
                }
                if (award.kind() == RuleSet.Award.Kind.PER_YUAN && (rule.eventTypes() == null || !rule.eventTypes().equals(List.of("ORDER_PAID")))) {
                    problems.add(FieldProblem.of(at + ".award.kind", "PER_YUAN needs an order: eventTypes must be [ORDER_PAID]"));
                }
            }
            case MULTIPLIER -> {
                if (award.factor() == null || award.factor().compareTo(BigDecimal.ZERO) <= 0 || award.factor().compareTo(BigDecimal.valueOf(100)) > 0) {
                    problems.add(FieldProblem.of(at + ".award.factor", "a factor above 0 and at most 100"));
                }
            }
            case THRESHOLD_BONUS -> {
                if (award.thresholds() == null || award.thresholds().isEmpty()) {
                    problems.add(FieldProblem.of(at + ".award.thresholds", "at least one threshold"));
                } else {
                    long previous = -1;
                    for (int t = 0; t < award.thresholds().size(); t++) {
                        var threshold = award.thresholds().get(t);
                        if (threshold == null || threshold.minAmountFen() <= previous || threshold.points() <= 0 || threshold.points() > MAX_POINTS) {
                            problems.add(FieldProblem.of(at + ".award.thresholds[" + t + "]", "amounts rising, points from 1 to " + MAX_POINTS));
                            break;
                        }
                        previous = threshold.minAmountFen();
                    }
                }
                if (rule.eventTypes() == null || !rule.eventTypes().equals(List.of("ORDER_PAID"))) {
                    problems.add(FieldProblem.of(at + ".award.kind", "THRESHOLD_BONUS needs an order: eventTypes must be [ORDER_PAID]"));
                }
            }
        }
    }
}
