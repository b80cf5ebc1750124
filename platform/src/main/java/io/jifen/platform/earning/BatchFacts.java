package io.jifen.platform.earning;

import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the rules need to know of the members of a call's events, loaded with one query per fact for all of them and
 * kept current in memory as each event is priced, so an event sees the ones before it in the same call exactly as if
 * they had been stored: whether the member has ordered before, the points earned that day, how many events of a type
 * that day (only for types with a daily limit), tier and segment, and the tier score (when a rule set has tiers). Runs in the caller's
 * transaction, under the members' locks.
 */
final class BatchFacts {

    private record Day(UUID member, LocalDate day) {
    }

    private record TypeDay(UUID member, LocalDate day, String type) {
    }

    private final Set<UUID> ordered = new HashSet<>();
    private final Map<Day, Long> earned = new HashMap<>();
    private final Map<TypeDay, Integer> sameType = new HashMap<>();
    private final Set<String> limitedTypes = new HashSet<>();
    private final Map<UUID, String> tiers;
    private final Map<UUID, String> segments;
    private final Map<UUID, MemberTiers.ScoreParts> scores = new HashMap<>();
    private static final MemberTiers.ScoreParts NO_SCORE = new MemberTiers.ScoreParts(0, 0, 0);

    private BatchFacts(Map<UUID, String> tiers, Map<UUID, String> segments) {
        this.tiers = tiers;
        this.segments = segments;
    }

    /** Loads the facts for the members of {@code events}, priced by the given rule sets. */
    static BatchFacts load(JdbcClient jdbc, MemberTiers memberTiers, MemberSegments memberSegments, List<EarningEvents.Prepared> events,
                           Collection<RuleSet> sets) {
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
                memberTiers.scoreParts(ids, set, events.stream().map(EarningEvents.Prepared::at).max(java.util.Comparator.naturalOrder()).orElseThrow())));
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
                        select member_id, local_day, sum(points) filter (where points > 0), type, count(*) from platform.earning_event
                        where tenant_id = platform.current_tenant() and member_id = any(?::uuid[]) and local_day = any(?::date[])
                        group by member_id, local_day, type""")
                .params(members, days)
                .query(rs -> {
                    UUID member = rs.getObject(1, UUID.class);
                    LocalDate day = rs.getObject(2, LocalDate.class);
                    facts.earned.merge(new Day(member, day), rs.getLong(3), Long::sum);
                    if (facts.limitedTypes.contains(rs.getString(4))) {
                        facts.sameType.put(new TypeDay(member, day, rs.getString(4)), rs.getInt(5));
                    }
                });
        return facts;
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
    void stored(EarningEvents.Prepared event, long points) {
        UUID member = event.member().id();
        LocalDate day = event.at().toLocalDate();
        if (event.event().type().equals("ORDER_PAID")) {
            ordered.add(member);
        }
        if (points > 0) {
            earned.merge(new Day(member, day), points, Long::sum);
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
