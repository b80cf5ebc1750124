package io.jifen.platform.tier;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.rules.RuleSet;
import io.jifen.platform.rules.RuleVersions;
import io.jifen.platform.tenancy.TenantRegistry;

/** Members on the tenant's tier ladder: where each stands, moving up, and the history of it. */
@Service
public class MemberTiers {

    private final JdbcClient jdbc;
    private final RuleVersions versions;
    private final MemberDirectory members;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final TenantRegistry tenants;

    MemberTiers(JdbcClient jdbc, RuleVersions versions, MemberDirectory members, TransactionTemplate transaction, Clock clock,
                TenantRegistry tenants) {
        this.tenants = tenants;
        this.jdbc = jdbc;
        this.versions = versions;
        this.members = members;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** The member's tier on the given ladder, if they have reached one (in the caller's transaction). */
    RuleSet.@Nullable Tier current(UUID memberId, RuleSet set) {
        if (set.tiers() == null) {
            return null;
        }
        String code = jdbc.sql("select tier_code from platform.earning_member_tier where tenant_id = platform.current_tenant() and member_id = ?")
                .param(memberId).query(String.class).optional().orElse(null);
        return set.tiers().stream().filter(t -> t.code().equals(code)).findFirst().orElse(null);
    }

    /** The member's tier under the rules in effect now, if they have reached one (in the caller's transaction): where the mall reads its perks. */
    public RuleSet.@Nullable Tier inEffect(UUID memberId) {
        return versions.effectiveAt(clock.instant()).map(version -> current(memberId, version.rules())).orElse(null);
    }

    /** How many of the current tenant's members have reached each tier; those without a tier are counted under "". */
    @Transactional(readOnly = true)
    public Map<String, Long> counts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        jdbc.sql("""
                        select coalesce(t.tier_code, ''), count(*) from platform.member m
                        left join platform.earning_member_tier t on t.tenant_id = m.tenant_id and t.member_id = m.id
                        where m.tenant_id = platform.current_tenant() group by 1""")
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    /** The tier codes the given members have reached (in the caller's transaction); members without a tier are absent. */
    public Map<UUID, String> codes(Collection<UUID> members) {
        Map<UUID, String> codes = new HashMap<>();
        jdbc.sql("select member_id, tier_code from platform.earning_member_tier where tenant_id = platform.current_tenant() and member_id = any(?::uuid[])")
                .param(members.toArray(UUID[]::new))
                .query(rs -> {
                    codes.put(rs.getObject(1, UUID.class), rs.getString(2));
                });
        return codes;
    }

    /**
     * What the qualifying score is made of, per member, over the ladder's window ending at {@code at}: points from
     * events (refunds taking theirs back; never the balance), spend in fen, and points from interactions.
     */
    public Map<UUID, ScoreParts> scoreParts(Collection<UUID> members, RuleSet set, ZonedDateTime at) {
        Map<UUID, ScoreParts> parts = new HashMap<>();
        members.forEach(member -> parts.put(member, new ScoreParts(0, 0, 0)));
        jdbc.sql("""
                        select member_id, coalesce(sum(points), 0),
                               coalesce(sum(case type when 'ORDER_PAID' then amount_fen when 'ORDER_REFUNDED' then -amount_fen else 0 end), 0),
                               coalesce(sum(points) filter (where type not in ('ORDER_PAID', 'ORDER_REFUNDED')), 0)
                        from platform.earning_event
                        where tenant_id = platform.current_tenant() and member_id = any(?::uuid[]) and occurred_at > ? and occurred_at <= ?
                        group by member_id""")
                .params(members.toArray(UUID[]::new), windowStart(set, at).toOffsetDateTime(), at.toOffsetDateTime())
                .query(rs -> {
                    parts.put(rs.getObject(1, UUID.class), new ScoreParts(rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                });
        return parts;
    }

    /** Points, spend (fen) and interaction points in a tier window; an event adds its share with {@link #plus}. */
    public record ScoreParts(long points, long spendFen, long interactionPoints) {

        public ScoreParts plus(String eventType, @Nullable Long amountFen, long eventPoints) {
            long spend = amountFen == null ? 0 : eventType.equals("ORDER_PAID") ? amountFen : eventType.equals("ORDER_REFUNDED") ? -amountFen : 0;
            boolean order = eventType.equals("ORDER_PAID") || eventType.equals("ORDER_REFUNDED");
            return new ScoreParts(points + eventPoints, spendFen + spend, interactionPoints + (order ? 0 : eventPoints));
        }

        public long score(RuleSet set) {
            RuleSet.TierScore basis = set.tierScore() == null ? new RuleSet.TierScore(RuleSet.TierScore.Basis.POINTS, null, null) : set.tierScore();
            return switch (basis.basis()) {
                case POINTS -> points;
                case SPEND -> spendFen / 100;
                case GROWTH -> (spendFen / 100 * weight(basis.spendWeightPercent()) + interactionPoints * weight(basis.interactionWeightPercent())) / 100;
            };
        }
    }

    /** The highest tier the score reaches if it is above {@code current}, else null: tiers are not lowered here. */
    public static RuleSet.@Nullable Tier upgrade(RuleSet set, RuleSet.@Nullable Tier current, long score) {
        RuleSet.Tier reached = null;
        for (RuleSet.Tier tier : set.tiers()) {
            if (score >= tier.minScore()) {
                reached = tier;
            }
        }
        if (reached == null || (current != null && set.tiers().indexOf(reached) <= set.tiers().indexOf(current))) {
            return null;
        }
        return reached;
    }

    /** Records an upgrade (in the caller's transaction) with the event that made it. */
    public void recordUpgrade(UUID member, RuleSet set, RuleSet.@Nullable Tier from, RuleSet.Tier to, long score, ZonedDateTime at, String eventId) {
        jdbc.sql("""
                        insert into platform.earning_member_tier (tenant_id, member_id, tier_code, score, since)
                        values (platform.current_tenant(), ?, ?, ?, ?)
                        on conflict (tenant_id, member_id) do update set tier_code = excluded.tier_code, score = excluded.score, since = excluded.since""")
                .params(member, to.code(), score, at.toOffsetDateTime())
                .update();
        var basis = set.tierScore() == null ? RuleSet.TierScore.Basis.POINTS : set.tierScore().basis();
        change(member, at.toOffsetDateTime(), from == null ? null : from.code(), to.code(), score,
                "upgrade: score " + score + " (" + basis + ") " + window(set), eventId);
    }

    /** Keeps a change of a member's tier in the history. */
    private void change(UUID member, OffsetDateTime at, @Nullable String from, String to, long score, String reason,
                        @Nullable String eventId) {
        jdbc.sql("""
                        insert into platform.earning_tier_change (tenant_id, member_id, at, from_tier, to_tier, score, reason, event_id)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?, ?, ?)""")
                .params(member, at, from, to, score, reason, eventId)
                .update();
    }

    /**
     * The tier review of the period that ended last before {@code asOf} (tenant time zone), once per period: members
     * whose score over the tier window ending with the period no longer reaches their tier are lowered to the highest
     * tier it reaches, never below their floor tier nor below the first rung. Answers how many were lowered. Its own
     * transaction, the tenant's.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public int review(Instant asOf) {
        RuleSet set = versions.effectiveAt(asOf).map(RuleVersions.Version::rules).orElse(null);
        if (set == null || set.tiers() == null || set.tiers().isEmpty() || set.tierReview() == null) {
            return 0;
        }
        var period = set.tierReview().period();
        ZoneId zone = ZoneId.of(tenants.current().settings().timeZone());
        LocalDate currentStart = periodStart(period, asOf.atZone(zone).toLocalDate());
        String reviewed = periodKey(period, periodStart(period, currentStart.minusDays(1)));
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        if (jdbc.sql("""
                        insert into platform.earning_tier_review (tenant_id, period, reviewed_at, lowered)
                        values (platform.current_tenant(), ?, ?, 0) on conflict do nothing""")
                .params(reviewed, now).update() == 0) {
            return 0;
        }
        ZonedDateTime end = currentStart.atStartOfDay(zone);
        Map<UUID, String[]> tiered = new HashMap<>();
        jdbc.sql("select member_id, tier_code, floor_tier from platform.earning_member_tier where tenant_id = platform.current_tenant() for update")
                .query(rs -> {
                    tiered.put(rs.getObject(1, UUID.class), new String[] {rs.getString(2), rs.getString(3)});
                });
        Map<UUID, ScoreParts> parts = tiered.isEmpty() ? Map.of() : scoreParts(tiered.keySet(), set, end);
        List<String> codes = set.tiers().stream().map(RuleSet.Tier::code).toList();
        int lowered = 0;
        for (var member : tiered.entrySet()) {
            int current = codes.indexOf(member.getValue()[0]);
            long score = parts.get(member.getKey()).score(set);
            int target = 0;
            for (int i = 0; i < set.tiers().size(); i++) {
                if (score >= set.tiers().get(i).minScore()) {
                    target = i;
                }
            }
            target = Math.max(target, codes.indexOf(member.getValue()[1]));
            if (current < 0 || target >= current) {
                continue;
            }
            RuleSet.Tier to = set.tiers().get(target);
            jdbc.sql("update platform.earning_member_tier set tier_code = ?, score = ?, since = ? where tenant_id = platform.current_tenant() and member_id = ?")
                    .params(to.code(), score, end.toOffsetDateTime(), member.getKey())
                    .update();
            change(member.getKey(), end.toOffsetDateTime(), codes.get(current), to.code(), score,
                    "review of " + reviewed + ": score " + score + " " + window(set), null);
            lowered++;
        }
        jdbc.sql("update platform.earning_tier_review set lowered = ? where tenant_id = platform.current_tenant() and period = ?")
                .params(lowered, reviewed).update();
        return lowered;
    }

    /** Whether an event at {@code at} falls in the retention sprint of a member below their tier's threshold. */
    public static boolean inRetentionSprint(RuleSet set, RuleSet.@Nullable Tier tier, long score, ZonedDateTime at) {
        var review = set.tierReview();
        if (review == null || review.retentionDays() == null || tier == null || score >= tier.minScore()) {
            return false;
        }
        LocalDate next = nextPeriodStart(review.period(), at.toLocalDate());
        return !at.toLocalDate().isBefore(next.minusDays(review.retentionDays()));
    }

    static LocalDate periodStart(RuleSet.TierReview.ReviewPeriod period, LocalDate day) {
        return switch (period) {
            case MONTH -> day.withDayOfMonth(1);
            case QUARTER -> day.withDayOfMonth(1).withMonth((day.getMonthValue() - 1) / 3 * 3 + 1);
            case YEAR -> day.withDayOfYear(1);
        };
    }

    private static LocalDate nextPeriodStart(RuleSet.TierReview.ReviewPeriod period, LocalDate day) {
        var start = periodStart(period, day);
        return switch (period) {
            case MONTH -> start.plusMonths(1);
            case QUARTER -> start.plusMonths(3);
            case YEAR -> start.plusYears(1);
        };
    }

    static String periodKey(RuleSet.TierReview.ReviewPeriod period, LocalDate start) {
        return switch (period) {
            case MONTH -> YearMonth.from(start).toString();
            case QUARTER -> start.getYear() + "-Q" + ((start.getMonthValue() - 1) / 3 + 1);
            case YEAR -> String.valueOf(start.getYear());
        };
    }

    /**
     * Where the tier window ending at {@code at} starts: the start of the calendar review period {@code at} closes or
     * falls in (with a calendar window; at a period's first instant, the period that just ended), else tierWindowDays
     * (365 by default) before.
     */
    private static ZonedDateTime windowStart(RuleSet set, ZonedDateTime at) {
        var review = set.tierReview();
        if (review != null && Boolean.TRUE.equals(review.calendarWindow())) {
            return periodStart(review.period(), at.minusNanos(1).toLocalDate()).atStartOfDay(at.getZone());
        }
        return at.minusDays(windowDays(set));
    }

    private static String window(RuleSet set) {
        var review = set.tierReview();
        return review != null && Boolean.TRUE.equals(review.calendarWindow()) ? "in the calendar " + review.period().name().toLowerCase()
                : "over " + windowDays(set) + " days";
    }

    private static int windowDays(RuleSet set) {
        return set.tierWindowDays() == null ? 365 : set.tierWindowDays();
    }

    private static long weight(@Nullable Integer percent) {
        return percent == null ? 100 : percent;
    }

    /**
     * An admin grants a member a tier as their floor (e.g. a VIP by contract): the member is moved up to it at once if
     * below, and is never lowered below it. The change is kept with the reason and who made it.
     */
    @Transactional
    public MemberTier grantFloor(UUID memberId, String code, String reason, @Nullable String actor) {
        members.get(memberId);
        var ladder = versions.effectiveAt(clock.instant()).map(RuleVersions.Version::rules).orElse(null);
        if (ladder == null || ladder.tiers() == null || ladder.tiers().stream().noneMatch(t -> t.code().equals(code))) {
            throw DomainException.invalidField("code", "not a tier of the rules in effect");
        }
        if (reason == null || reason.isBlank()) {
            throw DomainException.invalidField("reason", "a reason is required");
        }
        RuleSet.Tier current = current(memberId, ladder);
        RuleSet.Tier granted = ladder.tiers().stream().filter(t -> t.code().equals(code)).findFirst().orElseThrow();
        boolean up = current == null || ladder.tiers().indexOf(granted) > ladder.tiers().indexOf(current);
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        jdbc.sql("""
                        insert into platform.earning_member_tier (tenant_id, member_id, tier_code, score, since, floor_tier)
                        values (platform.current_tenant(), ?, ?, 0, ?, ?)
                        on conflict (tenant_id, member_id) do update set floor_tier = excluded.floor_tier,
                            tier_code = case when ? then excluded.tier_code else earning_member_tier.tier_code end,
                            since = case when ? then excluded.since else earning_member_tier.since end""")
                .params(memberId, code, now, code, up, up)
                .update();
        if (up) {
            change(memberId, now, current == null ? null : current.code(), code, 0, "floor granted by " + actor + ": " + reason, null);
        }
        return tier(memberId);
    }

    /** A member's tier on the ladder of the rules in effect now, the qualifying score it was reached with, and its changes. */
    public record MemberTier(@Nullable String code, @Nullable String name, long score, java.time.@Nullable Instant since,
                             @Nullable Long loanLimit, List<TierChange> history) {
    }

    public record TierChange(Instant at, @Nullable String from, String to, long score, String reason) {
    }

    /** The member's tier now, on the ladder of the rules in effect, with its history. */
    public MemberTier tier(UUID memberId) {
        members.get(memberId);
        var ladder = versions.effectiveAt(clock.instant()).map(v -> v.rules().tiers()).orElse(null);
        return transaction.execute(status -> {
            var current = jdbc.sql("select tier_code, score, since from platform.earning_member_tier where tenant_id = platform.current_tenant() and member_id = ?")
                    .param(memberId)
                    .query((rs, n) -> new Object[] {rs.getString(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class).toInstant()})
                    .optional();
            List<TierChange> history = jdbc.sql("""
                            select at, from_tier, to_tier, score, reason from platform.earning_tier_change
                            where tenant_id = platform.current_tenant() and member_id = ? order by at""")
                    .param(memberId)
                    .query((rs, n) -> new TierChange(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2), rs.getString(3),
                            rs.getLong(4), rs.getString(5)))
                    .list();
            if (current.isEmpty()) {
                return new MemberTier(null, null, 0, null, null, history);
            }
            String code = (String) current.get()[0];
            var tier = ladder == null ? null : ladder.stream().filter(t -> t.code().equals(code)).findFirst().orElse(null);
            return new MemberTier(code, tier == null ? null : tier.name(), (Long) current.get()[1], (Instant) current.get()[2],
                    tier == null ? null : tier.loanLimit(), history);
        });
    }
}
