package io.jifen.platform.rules;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Rule sets as tenants write them: each part is right, or, in {@code mistakes} percent of the parts, wrong (a null
 * where something is needed, a null inside a list, zero, a negative or huge number, an unknown event type, tier,
 * audience or segment, broken CEL, an empty list, a range that ends before it starts, ids used twice ...). Careful
 * writers make the valid sets, careless ones the sets with problems; {@link #ruleSets()} mixes both.
 */
final class RuleSetArbitraries {

    static final List<String> EARNING_TYPES = List.of("ORDER_PAID", "REGISTER", "PROFILE_COMPLETED", "CHECK_IN", "SHARE", "REVIEW", "UGC_POST",
            "BROWSE", "INVITE_ACCEPTED", "INVITED_FIRST_ORDER", "STORE_SCAN", "custom.lucky_draw");
    static final List<String> NOT_EARNING_TYPES = List.of("ORDER_REFUNDED", "TELEPORT", "order_paid", "custom.", "custom.Bad", "");
    static final List<String> COMPILING_EXPRESSIONS = List.of(
            "event.amountFen >= 50000", "'milk' in event.categories && member.tier == 'gold'", "day == 8 || weekday == 6", "hour >= 20",
            "member.birthdayMonth && member.segment == 'DORMANT'", "size(event.skus) > 2 && event.channel == 'app'",
            // these compile, then fail when evaluated: the condition does not hold
            "event.attributes['campaign'] == 'double-11'", "event.categories[3] == 'milk'", "event.amountFen / event.amountFen == 1",
            "int(event.store) > 3", "event.amountFen * 9223372036854775807 > 0", "event.store > 1");
    static final List<String> BROKEN_EXPRESSIONS = List.of(
            "event.amountFen >= ", "event.amountFen + 1", "java.lang.System.exit(0)", "", "   ", "unknown > 1", "'unterminated",
            "x".repeat(2_001), "(".repeat(400) + "true" + ")".repeat(400), String.join(" && ", Collections.nCopies(150, "1 == 1")));
    private static final String NEXT_ID = "next-id";
    private static final int CAREFUL = 2;
    private static final int CARELESS = 25;

    private final int mistakes;

    RuleSetArbitraries(int mistakes) {
        this.mistakes = mistakes;
    }

    static Arbitrary<RuleSet> ruleSets() {
        return Arbitraries.frequencyOf(Tuple.of(1, new RuleSetArbitraries(CAREFUL).ruleSet()), Tuple.of(1, new RuleSetArbitraries(CARELESS).ruleSet()));
    }

    Arbitrary<RuleSet> ruleSet() {
        return either(ladder(), wrongLadder()).injectNull(0.5).flatMap(tiers -> tasks().flatMap(tasks -> record(
                v -> new RuleSet((String) v.get(0), (RuleSet.Stacking) v.get(1), (Long) v.get(2), list(v.get(3)), (RuleSet.CheckIn) v.get(4),
                        map(v.get(5)), (Integer) v.get(6), tiers, (Integer) v.get(7), (RuleSet.TierScore) v.get(8), tasks, list(v.get(9)),
                        (RuleSet.TierReview) v.get(10), null, null),
                Arbitraries.of("points", "coins").injectNull(0.8),
                Arbitraries.of(RuleSet.Stacking.class).injectNull(0.3),
                either(positive(10_000), wrongLong()).injectNull(0.7),
                rules(tierCodes(tiers)),
                checkIn().injectNull(0.7),
                Arbitraries.maps(either(Arbitraries.of(EARNING_TYPES), Arbitraries.of(NOT_EARNING_TYPES)),
                        either(Arbitraries.integers().between(1, 50), wrongInteger())).ofMaxSize(2).injectNull(0.8),
                either(Arbitraries.integers().between(1, 10), wrongInteger()).injectNull(0.8),
                either(Arbitraries.integers().between(1, 3_660), Arbitraries.of(0, -1, 3_661, Integer.MAX_VALUE)).injectNull(0.8),
                tierScore().injectNull(0.8),
                taskPackages(tasks == null ? List.of() : tasks.stream().map(task -> task == null ? null : task.id()).toList()),
                tiers == null ? either(Arbitraries.just(null), tierReview()) : tierReview().injectNull(0.6))));
    }

    // Rules ----------------------------------------------------------------------------------------------------------

    Arbitrary<List<RuleSet.Rule>> rules(List<String> tierCodes) {
        Arbitrary<List<RuleSet.Rule>> numbered = rule(tierCodes).list().ofMinSize(1).ofMaxSize(4).map(RuleSetArbitraries::numberRules);
        return either(numbered, Arbitraries.<List<RuleSet.Rule>>oneOf(Arbitraries.just(null), Arbitraries.just(List.of()), numbered.map(RuleSetArbitraries::withANull),
                numbered.map(RuleSetArbitraries::withTheFirstIdTwice)));
    }

    Arbitrary<RuleSet.Rule> rule(List<String> tierCodes) {
        return Arbitraries.of(RuleSet.Award.Kind.class).flatMap(kind -> {
            boolean needsAnOrder = kind == RuleSet.Award.Kind.PER_YUAN || kind == RuleSet.Award.Kind.THRESHOLD_BONUS;
            Arbitrary<List<String>> rightTypes = needsAnOrder ? Arbitraries.just(List.of("ORDER_PAID"))
                    : Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(List.of("ORDER_PAID"))),
                    Tuple.of(2, Arbitraries.of(EARNING_TYPES).list().ofMinSize(1).ofMaxSize(3).uniqueElements()));
            Arbitrary<List<String>> wrongTypes = Arbitraries.<List<String>>oneOf(Arbitraries.just(null), Arbitraries.just(List.of()),
                    Arbitraries.of(NOT_EARNING_TYPES).list().ofMinSize(1).ofMaxSize(2), Arbitraries.just(Arrays.asList("SHARE", null)),
                    Arbitraries.just(List.of("SHARE")));
            return either(rightTypes, wrongTypes).flatMap(types -> record(
                    v -> new RuleSet.Rule((String) v.get(0), (String) v.get(1), (Integer) v.get(2), types, (RuleSet.Conditions) v.get(3),
                            (RuleSet.Award) v.get(4), (Long) v.get(5), (RuleSet.Limits) v.get(6), (Integer) v.get(7)),
                    either(Arbitraries.just(NEXT_ID), Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.of("", "Base", "a b", "x".repeat(42)),
                            Arbitraries.strings().ofMaxLength(45))),
                    Arbitraries.of("消费1元积1分", "").injectNull(0.5),
                    Arbitraries.integers().injectNull(0.6),
                    conditions(List.of("ORDER_PAID").equals(types), tierCodes).injectNull(0.6),
                    award(kind),
                    either(positive(10_000), wrongLong()).injectNull(0.8),
                    kind == RuleSet.Award.Kind.MULTIPLIER ? either(Arbitraries.just(null), limits()) : limits().injectNull(0.85),
                    either(Arbitraries.integers().between(0, 365), Arbitraries.of(-1, 366, Integer.MIN_VALUE)).injectNull(0.85)));
        });
    }

    Arbitrary<RuleSet.Award> award(RuleSet.Award.Kind kind) {
        Arbitrary<RuleSet.Award> award = record(v -> new RuleSet.Award((RuleSet.Award.Kind) v.get(0), (Long) v.get(1), (RuleSet.Rounding) v.get(2),
                        (BigDecimal) v.get(3), list(v.get(4))),
                either(Arbitraries.just(kind), Arbitraries.just(null)),
                switch (kind) {
                    case FIXED, PER_YUAN -> either(points(1_000), wrongLong());
                    default -> Arbitraries.just(null);
                },
                Arbitraries.of(RuleSet.Rounding.class).injectNull(0.5),
                kind == RuleSet.Award.Kind.MULTIPLIER ? either(factor(new BigDecimal("0.10"), new BigDecimal("5")), wrongFactor()) : Arbitraries.just(null),
                kind == RuleSet.Award.Kind.THRESHOLD_BONUS ? either(risingThresholds(), wrongThresholds()) : Arbitraries.just(null));
        return either(award, Arbitraries.just(null));
    }

    Arbitrary<RuleSet.Limits> limits() {
        Arbitrary<RuleSet.Limits> right = Combinators.combine(positive(100).injectNull(0.5), positive(10_000).injectNull(0.5))
                .as((day, budget) -> day == null && budget == null ? new RuleSet.Limits(null, null, 3_000L, null)
                        : new RuleSet.Limits(day, day == null ? null : day * 7, day == null ? null : day * 31, budget));
        Arbitrary<RuleSet.Limits> wrong = Arbitraries.of(new RuleSet.Limits(null, null, null, null), new RuleSet.Limits(0L, null, null, null),
                new RuleSet.Limits(50L, 20L, null, null), new RuleSet.Limits(null, 100L, 50L, -1L));
        return either(right, wrong);
    }

    Arbitrary<RuleSet.Conditions> conditions(boolean ordersOnly, List<String> tierCodes) {
        return record(v -> new RuleSet.Conditions(list(v.get(0)), list(v.get(1)), (Long) v.get(2), list(v.get(3)), list(v.get(4)), list(v.get(5)),
                        list(v.get(6)), list(v.get(7)), list(v.get(8)), list(v.get(9)), (Boolean) v.get(10), (Boolean) v.get(11), (Instant) v.get(12),
                        (Instant) v.get(13), map(v.get(14)), (String) v.get(15)),
                orderCondition(ordersOnly, values("milk", "shoes", "diapers")),
                orderCondition(ordersOnly, values("s-1", "s-2")),
                orderCondition(ordersOnly, either(positive(100_000), Arbitraries.of(-1L, Long.MIN_VALUE))),
                values("sh-01", "bj-01").injectNull(0.85),
                values("east", "north").injectNull(0.85),
                values("app", "pos", "mini").injectNull(0.85),
                listOf(Arbitraries.of("CONSUMER", "EMPLOYEE", "DEALER", "SALES_GUIDE"), Arbitraries.of("ROBOT", "consumer")).injectNull(0.85),
                (tierCodes.isEmpty() ? either(Arbitraries.just(null), Arbitraries.just(List.of("gold")))
                        : listOf(Arbitraries.of(tierCodes), Arbitraries.of("platinum"))).injectNull(0.7),
                listOf(Arbitraries.of(RuleSetValidator.SEGMENTS), Arbitraries.of("VIP")).injectNull(0.85),
                listOf(Arbitraries.integers().between(1, 31), Arbitraries.of(0, 32, -1)).injectNull(0.85),
                Arbitraries.of(true, false).injectNull(0.8),
                orderCondition(ordersOnly, Arbitraries.of(true, false)),
                instants(Instant.parse("2020-01-01T00:00:00Z")).injectNull(0.8),
                either(instants(Instant.parse("2030-01-01T00:00:00Z")), instants(Instant.parse("2019-01-01T00:00:00Z"))).injectNull(0.8),
                // A null value is a mistake the validator does not see (a known bug): it comes in careful writers' sets too.
                Arbitraries.maps(Arbitraries.of("campaign", "source", ""), Arbitraries.of("double-11", "mini", "").injectNull(0.05))
                        .ofMinSize(1).ofMaxSize(2).injectNull(0.7),
                either(Arbitraries.of(COMPILING_EXPRESSIONS), Arbitraries.oneOf(Arbitraries.of(BROKEN_EXPRESSIONS), Arbitraries.strings().ofMaxLength(40),
                        Arbitraries.strings().withChars("event.amountFen<>=!&|()'\" 0123456789").ofMaxLength(40))).injectNull(0.85));
    }

    /** Categories, SKUs, a minimum amount and first orders are conditions of paid orders: elsewhere they are a mistake. */
    private <T> Arbitrary<T> orderCondition(boolean ordersOnly, Arbitrary<T> condition) {
        return ordersOnly ? condition.injectNull(0.85) : either(Arbitraries.just(null), condition);
    }

    // Check-ins, tiers, tasks ----------------------------------------------------------------------------------------

    Arbitrary<RuleSet.CheckIn> checkIn() {
        return either(Arbitraries.integers().between(1, 30), Arbitraries.of(0, -1)).injectNull(0.5).flatMap(cycle -> {
            int lastDay = cycle == null || cycle < 1 ? 30 : cycle;
            Arbitrary<List<RuleSet.StreakBonus>> right = Arbitraries.integers().between(1, lastDay).set().ofMaxSize(3)
                    .map(days -> days.stream().sorted().map(day -> new RuleSet.StreakBonus(day, day * 10L)).toList());
            Arbitrary<List<RuleSet.StreakBonus>> wrong = Combinators.combine(Arbitraries.of(0, -1, lastDay + 1), Arbitraries.longs().between(-5, 10))
                    .as(RuleSet.StreakBonus::new).injectNull(0.2).list().ofMinSize(1).ofMaxSize(2);
            return Combinators.combine(either(points(100), wrongLong()), either(right, wrong).injectNull(0.3))
                    .as((daily, bonuses) -> new RuleSet.CheckIn(daily, bonuses, cycle));
        });
    }

    Arbitrary<List<RuleSet.Tier>> ladder() {
        Arbitrary<BigDecimal> fee = either(Arbitraries.bigDecimals().between(BigDecimal.ZERO, BigDecimal.valueOf(100)).ofScale(2),
                Arbitraries.of(new BigDecimal("-0.01"), new BigDecimal("100.01"), new BigDecimal("5.125"))).injectNull(0.5);
        return Combinators.combine(Arbitraries.integers().between(1, 3), either(factor(new BigDecimal("0.50"), BigDecimal.TEN), wrongFactor()).injectNull(0.5),
                        either(Arbitraries.longs().between(0, 5_000), wrongLong()).injectNull(0.5),
                        either(Arbitraries.longs().between(0, 1_000), wrongLong()).injectNull(0.5),
                        either(Arbitraries.of("青铜", "黄金", "钻石"), Arbitraries.of("", " ")), fee)
                .as((rungs, multiplier, loan, birthday, name, redemptionFee) -> IntStream.range(0, rungs)
                        .mapToObj(i -> new RuleSet.Tier(List.of("bronze", "gold", "diamond").get(i), name, i * 1_000L, i == 0 ? null : multiplier, loan,
                                birthday, redemptionFee))
                        .toList());
    }

    Arbitrary<List<RuleSet.Tier>> wrongLadder() {
        return Arbitraries.of(
                List.of(new RuleSet.Tier("gold", "黄金", 1_000, null, null, null, null), new RuleSet.Tier("bronze", "青铜", 0, null, null, null, null)),
                List.of(new RuleSet.Tier("gold", "黄金", 0, null, null, null, null), new RuleSet.Tier("gold", "金", 10, null, null, null, null)),
                List.of(new RuleSet.Tier("Gold", "黄金", 0, null, null, null, null)),
                Arrays.asList(new RuleSet.Tier("bronze", "青铜", 0, null, null, null, null), null),
                List.of(new RuleSet.Tier("bronze", null, 0, null, null, null, null)),
                List.of(new RuleSet.Tier("bronze", "青铜", 0, new BigDecimal("10.01"), -1L, -1L, new BigDecimal("-5"))));
    }

    Arbitrary<RuleSet.TierScore> tierScore() {
        Arbitrary<Integer> weight = either(Arbitraries.integers().between(0, 1_000), Arbitraries.of(-1, 1_001, Integer.MIN_VALUE)).injectNull(0.4);
        return Combinators.combine(either(Arbitraries.of(RuleSet.TierScore.Basis.class), Arbitraries.just(null)), weight, weight)
                .as(RuleSet.TierScore::new);
    }

    Arbitrary<RuleSet.TierReview> tierReview() {
        Arbitrary<RuleSet.TierReview> right = Combinators.combine(Arbitraries.of(RuleSet.TierReview.ReviewPeriod.class),
                        Arbitraries.integers().between(1, 90), factor(new BigDecimal("1.01"), BigDecimal.TEN), Arbitraries.of(true, false),
                        Arbitraries.of(true, false).injectNull(0.5))
                .as((period, days, multiplier, sprint, calendar) -> new RuleSet.TierReview(period, sprint ? days : null, sprint ? multiplier : null,
                        calendar));
        Arbitrary<RuleSet.TierReview> wrong = Arbitraries.of(new RuleSet.TierReview(null, null, null, null),
                new RuleSet.TierReview(RuleSet.TierReview.ReviewPeriod.MONTH, 5, null, null),
                new RuleSet.TierReview(RuleSet.TierReview.ReviewPeriod.MONTH, 0, BigDecimal.TEN, null),
                new RuleSet.TierReview(RuleSet.TierReview.ReviewPeriod.QUARTER, 5, BigDecimal.ONE, null),
                new RuleSet.TierReview(RuleSet.TierReview.ReviewPeriod.YEAR, 91, new BigDecimal("10.5"), true));
        return either(right, wrong);
    }

    Arbitrary<List<RuleSet.Task>> tasks() {
        Arbitrary<RuleSet.Task> task = record(v -> new RuleSet.Task((String) v.get(0), (String) v.get(1), (String) v.get(2), (Integer) v.get(3),
                        (Long) v.get(4), (RuleSet.TaskPeriod) v.get(5), (RuleSet.Conditions) v.get(6), (Instant) v.get(7), (Instant) v.get(8),
                        (String) v.get(9)),
                either(Arbitraries.just(NEXT_ID), Arbitraries.of("Bad Id", "")),
                either(Arbitraries.of("完善资料", "每周分享3次"), Arbitraries.of("", " ")),
                either(Arbitraries.of(EARNING_TYPES), Arbitraries.of(NOT_EARNING_TYPES)),
                either(Arbitraries.integers().between(1, 10), Arbitraries.of(0, 1_001, -1)),
                either(positive(500), Arbitraries.longs().between(-10, 0)),
                Arbitraries.of(RuleSet.TaskPeriod.class).injectNull(0.3),
                Arbitraries.just(null),
                instants(Instant.parse("2020-01-01T00:00:00Z")).injectNull(0.8),
                either(instants(Instant.parse("2030-01-01T00:00:00Z")), instants(Instant.parse("2019-01-01T00:00:00Z"))).injectNull(0.8),
                either(Arbitraries.of("item:vip-mug", "coupon.5"), Arbitraries.of("bad unlock!", "")).injectNull(0.7));
        Arbitrary<List<RuleSet.Task>> numbered = task.list().ofMaxSize(3).map(tasks -> {
            List<RuleSet.Task> renamed = new ArrayList<>();
            for (int i = 0; i < tasks.size(); i++) {
                var t = tasks.get(i);
                renamed.add(NEXT_ID.equals(t.id()) ? new RuleSet.Task("task-" + i, t.name(), t.eventType(), t.count(), t.points(), t.period(), t.when(),
                        t.from(), t.to(), t.unlocks()) : t);
            }
            return renamed;
        });
        return either(numbered, numbered.map(RuleSetArbitraries::withANull)).injectNull(0.7);
    }

    Arbitrary<List<RuleSet.TaskPackage>> taskPackages(List<String> taskIds) {
        List<String> known = taskIds.stream().filter(java.util.Objects::nonNull).toList();
        if (known.size() < 2) {
            return either(Arbitraries.just(null), Arbitraries.just(List.of(new RuleSet.TaskPackage("newcomer", "新人礼包", List.of("task-0", "ghost"), 5, null))));
        }
        Arbitrary<List<String>> right = Arbitraries.subsetOf(known).ofMinSize(2).map(List::copyOf);
        Arbitrary<List<String>> wrong = Arbitraries.of(List.of("task-0"), List.of("task-0", "task-0"), List.of("task-0", "ghost"), List.of());
        Arbitrary<RuleSet.TaskPackage> taskPackage = Combinators.combine(either(Arbitraries.just("newcomer"), Arbitraries.of("Bad Id", "")),
                        either(Arbitraries.just("新人礼包"), Arbitraries.just("")), either(right, wrong), either(positive(1_000), Arbitraries.of(0L, -1L)),
                        either(Arbitraries.just("item:vip-mug"), Arbitraries.just("!")).injectNull(0.7))
                .as(RuleSet.TaskPackage::new);
        return either(taskPackage.list().ofMaxSize(1), Arbitraries.just(Collections.<RuleSet.TaskPackage>singletonList(null))).injectNull(0.8);
    }

    // Values ---------------------------------------------------------------------------------------------------------

    /**
     * The right part in most draws, the wrong one in {@code mistakes} percent. A careful writer's mistakes come without
     * jqwik's edge cases, which would otherwise be mixed in far more often than {@code mistakes} says.
     */
    <T> Arbitrary<T> either(Arbitrary<? extends T> right, Arbitrary<? extends T> wrong) {
        return Arbitraries.frequencyOf(Tuple.<Integer, Arbitrary<? extends T>>of(100 - mistakes, right),
                Tuple.<Integer, Arbitrary<? extends T>>of(mistakes, mistakes < CARELESS ? wrong.withoutEdgeCases() : wrong));
    }

    /** A list condition: one to three known values, or an empty list, a null inside, or a value no one has. */
    <T> Arbitrary<List<T>> listOf(Arbitrary<T> known, Arbitrary<T> unknown) {
        return either(known.list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.<List<T>>oneOf(Arbitraries.just(List.of()), known.injectNull(0.5).list().ofMinSize(1).ofMaxSize(2), unknown.list().ofMinSize(1).ofMaxSize(2)));
    }

    Arbitrary<List<String>> values(String... known) {
        return listOf(Arbitraries.of(known), Arbitraries.just("nobody's"));
    }

    static Arbitrary<Long> positive(long upTo) {
        return Arbitraries.longs().between(1, upTo);
    }

    /** Points a rule gives: mostly up to {@code upTo}, now and then any positive long, which the validator takes too. */
    static Arbitrary<Long> points(long upTo) {
        return Arbitraries.frequencyOf(Tuple.of(30, positive(upTo)), Tuple.of(1, Arbitraries.longs().between(upTo, Long.MAX_VALUE)));
    }

    /** Zero, negative, or anything a long holds (its edges included): huge numbers are not wrong to the validator. */
    static Arbitrary<Long> wrongLong() {
        return Arbitraries.oneOf(Arbitraries.longs().between(-10, 0), Arbitraries.longs(), Arbitraries.of(Long.MAX_VALUE, Long.MAX_VALUE / 2 + 1));
    }

    static Arbitrary<Integer> wrongInteger() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-10, 0), Arbitraries.integers());
    }

    static Arbitrary<BigDecimal> factor(BigDecimal from, BigDecimal to) {
        return Arbitraries.bigDecimals().between(from, to).ofScale(2);
    }

    static Arbitrary<BigDecimal> wrongFactor() {
        return Arbitraries.of(BigDecimal.ZERO, new BigDecimal("-1.5"), new BigDecimal("100"), new BigDecimal("100.01"), new BigDecimal("1E+30"),
                new BigDecimal("1E-30"));
    }

    static Arbitrary<List<RuleSet.Threshold>> risingThresholds() {
        return Arbitraries.longs().between(0, 100_000).set().ofMinSize(1).ofMaxSize(3)
                .flatMap(amounts -> points(1_000).list().ofSize(amounts.size()).map(points -> {
                    List<Long> sorted = amounts.stream().sorted().toList();
                    return IntStream.range(0, sorted.size()).mapToObj(i -> new RuleSet.Threshold(sorted.get(i), points.get(i))).toList();
                }));
    }

    static Arbitrary<List<RuleSet.Threshold>> wrongThresholds() {
        return Arbitraries.<List<RuleSet.Threshold>>oneOf(Arbitraries.just(null), Arbitraries.just(List.of()),
                Combinators.combine(Arbitraries.longs().between(-1, 100), wrongLong()).as(RuleSet.Threshold::new).injectNull(0.2).list().ofMinSize(1)
                        .ofMaxSize(3),
                Arbitraries.just(List.of(new RuleSet.Threshold(500, 10), new RuleSet.Threshold(100, 20))));
    }

    static Arbitrary<Instant> instants(Instant around) {
        return Arbitraries.longs().between(-180, 180).map(days -> around.plusSeconds(days * 86_400));
    }

    static List<String> tierCodes(List<RuleSet.Tier> tiers) {
        return tiers == null ? List.of() : tiers.stream().filter(java.util.Objects::nonNull).map(RuleSet.Tier::code).distinct().toList();
    }

    private static List<RuleSet.Rule> numberRules(List<RuleSet.Rule> rules) {
        List<RuleSet.Rule> numbered = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            var r = rules.get(i);
            numbered.add(NEXT_ID.equals(r.id()) ? new RuleSet.Rule("rule-" + i, r.name(), r.priority(), r.eventTypes(), r.when(), r.award(),
                    r.perEventCap(), r.limits(), r.pendingDays()) : r);
        }
        return numbered;
    }

    private static <T> List<T> withANull(List<T> list) {
        List<T> withNull = new ArrayList<>(list);
        withNull.add(null);
        return withNull;
    }

    private static List<RuleSet.Rule> withTheFirstIdTwice(List<RuleSet.Rule> rules) {
        if (rules.isEmpty()) {
            return rules;
        }
        List<RuleSet.Rule> twice = new ArrayList<>(rules);
        twice.add(rules.getFirst());
        return twice;
    }

    // Combining more parts than Combinators.combine takes ------------------------------------------------------------

    @SuppressWarnings("unchecked")
    static <T> Arbitrary<T> record(Function<List<Object>, T> make, Arbitrary<?>... parts) {
        List<Arbitrary<Object>> arbitraries = Arrays.stream(parts).map(part -> (Arbitrary<Object>) part).toList();
        return Combinators.combine(arbitraries).as(make::apply);
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> list(Object value) {
        return (List<T>) value;
    }

    @SuppressWarnings("unchecked")
    static <K, V> Map<K, V> map(Object value) {
        return (Map<K, V>) value;
    }

    static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
