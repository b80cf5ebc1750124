package io.jifen.platform.segment;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.rules.RuleSet;
import io.jifen.platform.rules.RuleVersions;

/**
 * RFM segments of a tenant's members, refreshed by the segments job: recency (days since the member's last event),
 * frequency (paid orders over 365 days) and monetary (their amount), each scored 1 to 5 by quintile within the tenant
 * among members who were active in the year (5 x their cumulative share, rounded up, so ties score alike and a small
 * population still spreads; 0 for the inactive). Segments: CHURNED (no event for 365 days, or never),
 * DORMANT (none for 90 days), HIGH_VALUE (all three scores 4 or 5), POTENTIAL (recent, score 4 or 5, but frequency or
 * monetary 3 or less), REGULAR (the rest). Rules and tasks can require segments ({@code when.segments}): tasks for
 * DORMANT members are wake-up tasks, and members newly dormant are announced with them.
 */
@Service
public class MemberSegments {

    /** A member's scores and segment as of the last run; segment and computedAt are null until a run has scored them. */
    public record Segment(UUID memberId, @Nullable Integer recencyDays, int frequency, long monetaryFen, int r, int f, int m,
                          @Nullable String segment, @Nullable Instant computedAt) {
    }

    private final JdbcClient jdbc;
    private final MemberDirectory members;
    private final RuleVersions versions;
    private final ApplicationEventPublisher events;

    MemberSegments(JdbcClient jdbc, MemberDirectory members, RuleVersions versions, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.members = members;
        this.versions = versions;
        this.events = events;
    }

    /**
     * Scores every member of the current tenant as of {@code asOf}, in its own transaction; answers how many. Members
     * newly dormant are announced ({@link MemberBecameDormant}) with the wake-up tasks of the rules in effect.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public int refresh(Instant asOf) {
        OffsetDateTime at = asOf.atOffset(ZoneOffset.UTC);
        List<UUID> newlyDormant = new ArrayList<>();
        int[] scored = {0};
        jdbc.sql("""
                        with before as (
                            select member_id, segment from platform.earning_member_segment where tenant_id = platform.current_tenant()
                        ), activity as (
                            select m.id as member_id,
                                   (select max(e.occurred_at) from platform.earning_event e
                                    where e.tenant_id = m.tenant_id and e.member_id = m.id and e.occurred_at <= :asOf) as last_at,
                                   (select count(*) from platform.earning_event e
                                    where e.tenant_id = m.tenant_id and e.member_id = m.id and e.type = 'ORDER_PAID'
                                      and e.occurred_at > :asOf - interval '365 days' and e.occurred_at <= :asOf) as frequency,
                                   (select coalesce(sum(e.amount_fen), 0) from platform.earning_event e
                                    where e.tenant_id = m.tenant_id and e.member_id = m.id and e.type = 'ORDER_PAID'
                                      and e.occurred_at > :asOf - interval '365 days' and e.occurred_at <= :asOf) as monetary
                            from platform.member m
                            where m.tenant_id = platform.current_tenant()
                        ), scored as (
                            select member_id, last_at, frequency, monetary,
                                   case when last_at > :asOf - interval '365 days' then ceil(5 * cume_dist() over (partition by last_at > :asOf - interval '365 days' order by last_at))::int else 0 end as r,
                                   case when last_at > :asOf - interval '365 days' then ceil(5 * cume_dist() over (partition by last_at > :asOf - interval '365 days' order by frequency))::int else 0 end as f,
                                   case when last_at > :asOf - interval '365 days' then ceil(5 * cume_dist() over (partition by last_at > :asOf - interval '365 days' order by monetary))::int else 0 end as m
                            from activity
                        ), written as (
                        insert into platform.earning_member_segment (tenant_id, member_id, recency_days, frequency, monetary_fen, r, f, m, segment, computed_at)
                        select platform.current_tenant(), member_id,
                               case when last_at is null then null else extract(day from :asOf - last_at)::int end,
                               frequency, monetary, r, f, m,
                               case when last_at is null or last_at <= :asOf - interval '365 days' then 'CHURNED'
                                    when last_at <= :asOf - interval '90 days' then 'DORMANT'
                                    when r >= 4 and f >= 4 and m >= 4 then 'HIGH_VALUE'
                                    when r >= 4 then 'POTENTIAL'
                                    else 'REGULAR' end,
                               :asOf
                        from scored
                        on conflict (tenant_id, member_id) do update set recency_days = excluded.recency_days, frequency = excluded.frequency,
                            monetary_fen = excluded.monetary_fen, r = excluded.r, f = excluded.f, m = excluded.m, segment = excluded.segment,
                            computed_at = excluded.computed_at
                        returning member_id, segment)
                        select w.member_id, w.segment = 'DORMANT' and b.segment is distinct from 'DORMANT'
                        from written w left join before b on b.member_id = w.member_id""")
                .param("asOf", at)
                .query(rs -> {
                    scored[0]++;
                    if (rs.getBoolean(2)) {
                        newlyDormant.add(rs.getObject(1, UUID.class));
                    }
                });
        if (!newlyDormant.isEmpty()) {
            List<String> wakeUp = wakeUpTasks(versions.effectiveAt(asOf).map(RuleVersions.Version::rules).orElse(null));
            UUID tenant = io.jifen.platform.tenancy.TenantContext.require();
            newlyDormant.forEach(member -> events.publishEvent(new MemberBecameDormant(tenant, member, wakeUp, asOf)));
        }
        return scored[0];
    }

    /** The tasks and task packages that target dormant members. */
    static List<String> wakeUpTasks(@Nullable RuleSet set) {
        if (set == null || set.tasks() == null) {
            return List.of();
        }
        List<String> tasks = new ArrayList<>();
        set.tasks().stream().filter(task -> task.when() != null && task.when().segments() != null && task.when().segments().contains("DORMANT"))
                .forEach(task -> tasks.add(task.id()));
        if (set.taskPackages() != null) {
            set.taskPackages().stream().filter(p -> !p.tasks().isEmpty() && tasks.containsAll(p.tasks())).forEach(p -> tasks.add(p.id()));
        }
        return tasks;
    }

    /** The member's segment as of the last run (unscored if the job has not scored them yet). */
    @Transactional(readOnly = true)
    public Segment of(UUID memberId) {
        members.get(memberId);
        return jdbc.sql("""
                        select member_id, recency_days, frequency, monetary_fen, r, f, m, segment, computed_at from platform.earning_member_segment
                        where tenant_id = platform.current_tenant() and member_id = ?""")
                .param(memberId)
                .query((rs, n) -> new Segment(rs.getObject(1, UUID.class), (Integer) rs.getObject(2), rs.getInt(3), rs.getLong(4), rs.getInt(5),
                        rs.getInt(6), rs.getInt(7), rs.getString(8), rs.getObject(9, OffsetDateTime.class).toInstant()))
                .optional()
                .orElse(new Segment(memberId, null, 0, 0, 0, 0, 0, null, null));
    }

    /** How many members of the current tenant are in each segment. */
    @Transactional(readOnly = true)
    public Map<String, Long> counts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        jdbc.sql("select segment, count(*) from platform.earning_member_segment where tenant_id = platform.current_tenant() group by segment")
                .query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2)))
                .list();
        return counts;
    }

    /** The segment codes of the given members in the caller's transaction (members not scored yet are absent), for rule conditions. */
    public Map<UUID, String> codes(java.util.Collection<UUID> members) {
        Map<UUID, String> codes = new java.util.HashMap<>();
        jdbc.sql("select member_id, segment from platform.earning_member_segment where tenant_id = platform.current_tenant() and member_id = any(?::uuid[])")
                .param(members.toArray(UUID[]::new))
                .query(rs -> {
                    codes.put(rs.getObject(1, UUID.class), rs.getString(2));
                });
        return codes;
    }
}
