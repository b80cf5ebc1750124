package io.jifen.platform.earning;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.IsoFields;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.jifen.platform.rules.RuleEngine;
import io.jifen.platform.rules.RuleSet;
import io.jifen.platform.segment.MemberSegments;
import io.jifen.platform.tier.MemberTiers;

/**
 * What the rules need to know of the members of a call's events, loaded with one query per fact for all of them and
 * kept current in memory as each event is priced, so an event sees the ones before it in the same call exactly as if
 * they had been stored: whether the member has ordered before, the points earned that day, how many events of a type
 * that day (only for types with a daily limit), tier and segment, the tier score (when a rule set has tiers), and
 * what the rules with limits have given (their budgets' rows locked for the call). Runs in the caller's
 * transaction, under the members' locks.
 */
final class BatchFacts {

    private record Day(UUID member, LocalDate day) {
    }

    private record TypeDay(UUID member, LocalDate day, String type) {
    }

    private final Set<UUID> ordered = new HashSet<>();
    private final Map<Day, Long> earned = new HashMap<>();
    private final Map<Day, Long> earnedAdded = new LinkedHashMap<>();
    private final Map<TypeDay, Integer> sameType = new HashMap<>();
    private final Set<String> limitedTypes = new HashSet<>();
    private final Map<UUID, String> tiers;
    private final Map<UUID, String> segments;
    private final Map<UUID, MemberTiers.ScoreParts> scores = new HashMap<>();
    private static final MemberTiers.ScoreParts NO_SCORE = new MemberTiers.ScoreParts(0, 0, 0);

    /** Points a rule gave a member in a period ("D2026-11-23", "W2026-W48", "M2026-11"). */
    private record Usage(String rule, UUID member, String period) {
    }

    private final Map<Usage, Long> usage = new HashMap<>();
    private final Map<Usage, Long> usageAdded = new LinkedHashMap<>();
    private final Map<String, Long> budgetUsed = new HashMap<>();
    private final Map<String, Long> budgetAdded = new LinkedHashMap<>();

    private BatchFacts(Map<UUID, String> tiers, Map<UUID, String> segments) {
        this.tiers = tiers;
        this.segments = segments;
    }

    /**
     * Loads the facts for the members of {@code events}, priced by the given rule sets; {@code forWriting} locks the
     * rule budgets drawn on (a dry run reads them as they are).
     */
    static BatchFacts load(JdbcClient jdbc, MemberTiers memberTiers, MemberSegments memberSegments, List<Prepared> events,
                           Collection<RuleSet> sets, boolean forWriting) {
        List<UUID> ids = events.stream().map(e -> e.member().id()).distinct().toList();
        if (ids.isEmpty()) {
            return new BatchFacts(new HashMap<>(), Map.of());
        }
        UUID[] members = ids.toArray(UUID[]::new);
        boolean tiered = sets.stream().anyMatch(set -> set.tiers() != null);
        var facts = new BatchFacts(tiered ? memberTiers.codes(ids) : new HashMap<>(), memberSegments.codes(ids));
        sets.stream().filter(set -> set.dailyEventLimits() != null).forEach(set -> facts.limitedTypes.addAll(set.dailyEventLimits().keySet()));
        // Tier scores over the window ending at the call's latest event: events leaving the window between two events
        // of one call (normally seconds apart) are not taken out, and tiers are never lowered here.
        sets.stream().filter(set -> set.tiers() != null).findFirst().ifPresent(set -> facts.scores.putAll(
                memberTiers.scoreParts(ids, set, events.stream().map(Prepared::at).max(java.util.Comparator.naturalOrder()).orElseThrow())));
        facts.loadUsage(jdbc, ids, events, sets, forWriting);
        String[] days = events.stream().map(e -> e.at().toLocalDate().toString()).distinct().toArray(String[]::new);
        jdbc.sql("""
                        select m from unnest(?::uuid[]) as m
                        where exists (select 1 from platform.earning_event e
                                      where e.tenant_id = platform.current_tenant() and e.member_id = m and e.type = 'ORDER_PAID')""")
                .param(members)
                .query(rs -> {
                    facts.ordered.add(rs.getObject(1, UUID.class));
                });
        jdbc.sql("""
                        select member_id, day, earned from platform.earning_member_day
                        where tenant_id = platform.current_tenant() and member_id = any(?::uuid[]) and day = any(?::date[])""")
                .params(members, days)
                .query(rs -> {
                    facts.earned.put(new Day(rs.getObject(1, UUID.class), rs.getObject(2, LocalDate.class)), rs.getLong(3));
                });
        if (!facts.limitedTypes.isEmpty()) {
            jdbc.sql("""
                            select member_id, local_day, type, count(*) from platform.earning_event
                            where tenant_id = platform.current_tenant() and member_id = any(?::uuid[]) and local_day = any(?::date[])
                              and type = any(?::text[])
                            group by member_id, local_day, type""")
                    .params(members, days, facts.limitedTypes.toArray(String[]::new))
                    .query(rs -> {
                        facts.sameType.put(new TypeDay(rs.getObject(1, UUID.class), rs.getObject(2, LocalDate.class), rs.getString(3)), rs.getInt(4));
                    });
        }
        return facts;
    }

    /** Usage of the rules with limits by the call's members in the periods of its events, and the budgets drawn (locked). */
    private void loadUsage(JdbcClient jdbc, List<UUID> members, List<Prepared> events, Collection<RuleSet> sets,
                           boolean forWriting) {
        List<RuleSet.Rule> limited = sets.stream().filter(set -> set.rules() != null).flatMap(set -> set.rules().stream())
                .filter(rule -> rule.limits() != null).toList();
        if (limited.isEmpty()) {
            return;
        }
        String[] periods = events.stream().flatMap(e -> periods(e.at().toLocalDate()).stream()).distinct().toArray(String[]::new);
        jdbc.sql("""
                        select rule_id, member_id, period, points from platform.earning_rule_usage
                        where tenant_id = platform.current_tenant() and rule_id = any(?::text[]) and member_id = any(?::uuid[])
                          and period = any(?::text[])""")
                .params(limited.stream().map(RuleSet.Rule::id).distinct().toArray(String[]::new), members.toArray(UUID[]::new), periods)
                .query(rs -> {
                    usage.put(new Usage(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3)), rs.getLong(4));
                });
        String[] budgeted = limited.stream().filter(rule -> rule.limits().budget() != null).map(RuleSet.Rule::id).distinct().sorted()
                .toArray(String[]::new);
        if (budgeted.length > 0 && forWriting) {
            jdbc.sql("""
                            insert into platform.earning_rule_budget_use (tenant_id, rule_id, points)
                            select platform.current_tenant(), r, 0 from unnest(?::text[]) as r order by r on conflict do nothing""")
                    .param(budgeted).update();
        }
        if (budgeted.length > 0) {
            jdbc.sql("select rule_id, points from platform.earning_rule_budget_use where tenant_id = platform.current_tenant()"
                            + " and rule_id = any(?::text[]) order by rule_id" + (forWriting ? " for update" : ""))
                    .param(budgeted)
                    .query(rs -> {
                        budgetUsed.put(rs.getString(1), rs.getLong(2));
                    });
        }
    }

    /** The day, ISO week and month of a day, as usage periods. */
    static List<String> periods(LocalDate day) {
        return List.of("D" + day, "W" + day.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
                "M" + YearMonth.from(day));
    }

    /** For the set's rules with limits: what each may still give the member on that day. */
    Map<String, Long> allowance(@Nullable RuleSet set, UUID member, LocalDate day) {
        if (set == null || set.rules() == null) {
            return Map.of();
        }
        Map<String, Long> allowance = Map.of();
        for (RuleSet.Rule rule : set.rules()) {
            RuleSet.Limits limits = rule.limits();
            if (limits == null) {
                continue;
            }
            if (allowance.isEmpty()) {
                allowance = new HashMap<>();
            }
            List<String> periods = periods(day);
            long left = Long.MAX_VALUE;
            Long[] perPeriod = {limits.perMemberDay(), limits.perMemberWeek(), limits.perMemberMonth()};
            for (int i = 0; i < perPeriod.length; i++) {
                if (perPeriod[i] != null) {
                    left = Math.min(left, perPeriod[i] - usage.getOrDefault(new Usage(rule.id(), member, periods.get(i)), 0L));
                }
            }
            if (limits.budget() != null) {
                left = Math.min(left, limits.budget() - budgetUsed.getOrDefault(rule.id(), 0L));
            }
            allowance.put(rule.id(), Math.max(0, left));
        }
        return allowance;
    }

    /** The points the set's rules with limits gave the member with an event, counted against their limits. */
    void used(@Nullable RuleSet set, UUID member, LocalDate day, List<RuleEngine.Line> lines) {
        if (set == null || set.rules() == null) {
            return;
        }
        List<String> periods = periods(day);
        for (RuleEngine.Line line : lines) {
            RuleSet.Rule rule = set.rules().stream().filter(r -> r.id().equals(line.ruleId())).findFirst().orElse(null);
            if (rule == null || rule.limits() == null || line.points() <= 0) {
                continue;
            }
            Long[] perPeriod = {rule.limits().perMemberDay(), rule.limits().perMemberWeek(), rule.limits().perMemberMonth()};
            for (int i = 0; i < perPeriod.length; i++) {
                if (perPeriod[i] != null) {
                    Usage key = new Usage(rule.id(), member, periods.get(i));
                    usage.merge(key, line.points(), Long::sum);
                    usageAdded.merge(key, line.points(), Long::sum);
                }
            }
            if (rule.limits().budget() != null) {
                budgetUsed.merge(rule.id(), line.points(), Long::sum);
                budgetAdded.merge(rule.id(), line.points(), Long::sum);
            }
        }
    }

    /** Writes the points the call's events earned per member and day, and what they used of the rules' limits (in the call's transaction). */
    void write(JdbcClient jdbc) {
        if (!earnedAdded.isEmpty()) {
            jdbc.sql("""
                            insert into platform.earning_member_day (tenant_id, member_id, day, earned)
                            select platform.current_tenant(), d.member_id, d.day, d.earned
                            from unnest(?::uuid[], ?::date[], ?::bigint[]) as d(member_id, day, earned)
                            order by d.member_id, d.day
                            on conflict (tenant_id, member_id, day) do update set earned = earning_member_day.earned + excluded.earned""")
                    .params(earnedAdded.keySet().stream().map(Day::member).toArray(UUID[]::new),
                            earnedAdded.keySet().stream().map(d -> d.day().toString()).toArray(String[]::new),
                            earnedAdded.values().toArray(Long[]::new))
                    .update();
            earnedAdded.clear();
        }
        if (!usageAdded.isEmpty()) {
            jdbc.sql("""
                            insert into platform.earning_rule_usage (tenant_id, rule_id, member_id, period, points)
                            select platform.current_tenant(), u.* from unnest(?::text[], ?::uuid[], ?::text[], ?::bigint[]) as u
                            on conflict (tenant_id, rule_id, member_id, period) do update set points = earning_rule_usage.points + excluded.points""")
                    .params(usageAdded.keySet().stream().map(Usage::rule).toArray(String[]::new),
                            usageAdded.keySet().stream().map(Usage::member).toArray(UUID[]::new),
                            usageAdded.keySet().stream().map(Usage::period).toArray(String[]::new), usageAdded.values().toArray(Long[]::new))
                    .update();
        }
        if (!budgetAdded.isEmpty()) {
            jdbc.sql("""
                            update platform.earning_rule_budget_use b set points = b.points + d.points
                            from unnest(?::text[], ?::bigint[]) as d(rule_id, points)
                            where b.tenant_id = platform.current_tenant() and b.rule_id = d.rule_id""")
                    .params(budgetAdded.keySet().toArray(String[]::new), budgetAdded.values().toArray(Long[]::new))
                    .update();
        }
        usageAdded.clear();
        budgetAdded.clear();
    }

    boolean firstOrder(UUID member) {
        return !ordered.contains(member);
    }

    long earnedOn(UUID member, LocalDate day) {
        return earned.getOrDefault(new Day(member, day), 0L);
    }

    int sameTypeOn(UUID member, LocalDate day, String type) {
        return sameType.getOrDefault(new TypeDay(member, day, type), 0);
    }

    @Nullable String tier(UUID member) {
        return tiers.get(member);
    }

    @Nullable String segment(UUID member) {
        return segments.get(member);
    }

    /** An event was priced and will be stored with these points: the member's later events see it. */
    void stored(Prepared event, long points) {
        UUID member = event.member().id();
        LocalDate day = event.at().toLocalDate();
        if (event.event().type().equals("ORDER_PAID")) {
            ordered.add(member);
        }
        if (points > 0) {
            earned.merge(new Day(member, day), points, Long::sum);
            earnedAdded.merge(new Day(member, day), points, Long::sum);
        }
        if (limitedTypes.contains(event.event().type())) {
            sameType.merge(new TypeDay(member, day, event.event().type()), 1, Integer::sum);
        }
        var order = event.event().order();
        Long amount = order == null ? null : event.event().type().equals("ORDER_REFUNDED") ? order.refundFen() : order.amountFen();
        scores.computeIfPresent(member, (m, parts) -> parts.plus(event.event().type(), amount, points));
    }

    /** The member's tier score, this call's events included. */
    long score(UUID member, RuleSet set) {
        return scores.getOrDefault(member, NO_SCORE).score(set);
    }

    void tierReached(UUID member, String code) {
        tiers.put(member, code);
    }
}
