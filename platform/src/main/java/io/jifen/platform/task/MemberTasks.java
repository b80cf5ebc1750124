package io.jifen.platform.task;

import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.rules.EarningEvent;
import io.jifen.platform.rules.RuleEngine;
import io.jifen.platform.rules.RuleSet;
import io.jifen.platform.rules.RuleVersions;
import io.jifen.platform.segment.MemberSegments;
import io.jifen.platform.tenancy.TenantRegistry;
import io.jifen.platform.tier.MemberTiers;

/**
 * Members' progress on the rule set's tasks: each event of a task's type (meeting its conditions, inside its dates)
 * counts once towards the task in the current period; the event that completes it pays the task's points, once per
 * period. Counting happens in the event's transaction, under the member's lock, so concurrent events count exactly.
 */
@Service
public class MemberTasks {

    /** A task as the task centre shows it to a member: the target, how far they are in this period, and the reward. */
    /**
     * A task or task package as the task centre shows it: for a task, its event type and the events counted in this
     * period; for a package ({@code tasks} set), the number of its tasks completed. {@code forMember}: the member is in
     * the task's audience, tier and segment now (a mall shows those; the others cannot be done by them).
     */
    public record Progress(String id, String name, @Nullable String eventType, String period, int target, int count, boolean completed,
                           long points, @Nullable String unlocks, @Nullable List<String> tasks, boolean forMember) {
    }

    private static final String PACKAGE = "package:";

    private final JdbcClient jdbc;
    private final RuleVersions versions;
    private final MemberDirectory members;
    private final TenantRegistry tenants;

    private final MemberTiers tiers;
    private final MemberSegments segments;

    MemberTasks(JdbcClient jdbc, RuleVersions versions, MemberDirectory members, TenantRegistry tenants, MemberTiers tiers,
                MemberSegments segments) {
        this.tiers = tiers;
        this.segments = segments;
        this.jdbc = jdbc;
        this.versions = versions;
        this.members = members;
        this.tenants = tenants;
    }

    /** Counts the event towards the tasks it matches; answers a line for each task it completes (in the caller's transaction). */
    public List<RuleEngine.Line> advance(UUID memberId, RuleSet set, EarningEvent event, ZonedDateTime at, RuleEngine.MemberFacts facts) {
        if (set.tasks() == null) {
            return List.of();
        }
        List<RuleEngine.Line> completed = new ArrayList<>();
        for (RuleSet.Task task : set.tasks()) {
            if (!task.eventType().equals(event.type()) || (task.from() != null && at.toInstant().isBefore(task.from()))
                    || (task.to() != null && !at.toInstant().isBefore(task.to())) || !RuleEngine.holds(task.when(), event, at, facts)) {
                continue;
            }
            Integer count = jdbc.sql("""
                            insert into platform.earning_task_progress (tenant_id, member_id, task_id, period_key, count)
                            values (platform.current_tenant(), ?, ?, ?, 1)
                            on conflict (tenant_id, member_id, task_id, period_key) do update
                                set count = earning_task_progress.count + 1 where earning_task_progress.completed_at is null
                            returning count""")
                    .params(memberId, task.id(), periodKey(task, at))
                    .query(Integer.class)
                    .optional()
                    .orElse(null);
            if (count != null && count >= task.count()) {
                jdbc.sql("""
                                update platform.earning_task_progress set completed_at = ?
                                where tenant_id = platform.current_tenant() and member_id = ? and task_id = ? and period_key = ?""")
                        .params(at.toOffsetDateTime(), memberId, task.id(), periodKey(task, at))
                        .update();
                completed.add(new RuleEngine.Line("task-" + task.id(), "TASK", task.points(), null));
                unlock(memberId, task.unlocks(), "task:" + task.id(), at);
            }
        }
        if (!completed.isEmpty() && set.taskPackages() != null) {
            completed.addAll(completePackages(memberId, set, completed, at));
        }
        return completed;
    }

    /** The packages the just completed tasks finish: each pays once per member, when all its tasks are done. */
    private List<RuleEngine.Line> completePackages(UUID memberId, RuleSet set, List<RuleEngine.Line> justCompleted, ZonedDateTime at) {
        List<RuleEngine.Line> lines = new ArrayList<>();
        for (RuleSet.TaskPackage taskPackage : set.taskPackages()) {
            if (justCompleted.stream().noneMatch(line -> taskPackage.tasks().contains(line.ruleId().substring("task-".length())))) {
                continue;
            }
            int done = jdbc.sql("""
                            select count(distinct task_id) from platform.earning_task_progress
                            where tenant_id = platform.current_tenant() and member_id = ? and task_id = any(?::text[]) and completed_at is not null""")
                    .params(memberId, taskPackage.tasks().toArray(String[]::new))
                    .query(Integer.class).single();
            if (done < taskPackage.tasks().size()) {
                continue;
            }
            int paid = jdbc.sql("""
                            insert into platform.earning_task_progress (tenant_id, member_id, task_id, period_key, count, completed_at)
                            values (platform.current_tenant(), ?, ?, 'once', ?, ?) on conflict do nothing""")
                    .params(memberId, PACKAGE + taskPackage.id(), done, at.toOffsetDateTime())
                    .update();
            if (paid == 1) {
                lines.add(new RuleEngine.Line("package-" + taskPackage.id(), "TASK_PACKAGE", taskPackage.points(), null));
                unlock(memberId, taskPackage.unlocks(), PACKAGE + taskPackage.id(), at);
            }
        }
        return lines;
    }

    private void unlock(UUID memberId, @Nullable String code, String source, ZonedDateTime at) {
        if (code != null) {
            jdbc.sql("""
                            insert into platform.earning_member_unlock (tenant_id, member_id, code, source, unlocked_at)
                            values (platform.current_tenant(), ?, ?, ?, ?) on conflict do nothing""")
                    .params(memberId, code, source, at.toOffsetDateTime())
                    .update();
        }
    }

    /** Something a member unlocked (an item only they may redeem), by which task or package, and when. */
    public record Unlock(String code, String source, java.time.Instant unlockedAt) {
    }

    /** What the member has unlocked, oldest first. */
    @Transactional(readOnly = true)
    public List<Unlock> unlocks(UUID memberId) {
        members.get(memberId);
        return jdbc.sql("""
                        select code, source, unlocked_at from platform.earning_member_unlock
                        where tenant_id = platform.current_tenant() and member_id = ? order by unlocked_at, code""")
                .param(memberId)
                .query((rs, n) -> new Unlock(rs.getString(1), rs.getString(2), rs.getObject(3, java.time.OffsetDateTime.class).toInstant()))
                .list();
    }

    /** Whether the member has unlocked {@code code} (for the mall: items only some members may redeem). */
    @Transactional(readOnly = true)
    public boolean hasUnlocked(UUID memberId, String code) {
        return jdbc.sql("select exists (select 1 from platform.earning_member_unlock where tenant_id = platform.current_tenant() and member_id = ? and code = ?)")
                .params(memberId, code).query(Boolean.class).single();
    }

    /** The task centre: every task of the rules in effect, with the member's progress in its current period. */
    @Transactional(readOnly = true)
    public List<Progress> progress(UUID memberId) {
        var member = members.get(memberId);
        ZonedDateTime now = ZonedDateTime.now(java.time.ZoneId.of(tenants.current().settings().timeZone()));
        var set = versions.effectiveAt(now.toInstant()).map(RuleVersions.Version::rules).orElse(null);
        if (set == null || set.tasks() == null) {
            return List.of();
        }
        Map<String, Object[]> stored = new HashMap<>();
        jdbc.sql("select task_id, period_key, count, completed_at is not null from platform.earning_task_progress where tenant_id = platform.current_tenant() and member_id = ?")
                .param(memberId)
                .query((rs, n) -> stored.put(rs.getString(1) + "|" + rs.getString(2), new Object[] {rs.getInt(3), rs.getBoolean(4)}))
                .list();
        // Whom a task is for: the member's audience, tier and segment now (event conditions apply when events come).
        String tier = tiers.codes(List.of(memberId)).get(memberId);
        String segment = segments.codes(List.of(memberId)).get(memberId);
        java.util.function.Predicate<RuleSet.Task> forMember = task -> task.when() == null
                || ((task.when().audiences() == null || task.when().audiences().contains(member.audience().name()))
                    && (task.when().tiers() == null || (tier != null && task.when().tiers().contains(tier)))
                    && (task.when().segments() == null || (segment != null && task.when().segments().contains(segment))));
        List<Progress> progress = new ArrayList<>();
        for (RuleSet.Task task : set.tasks()) {
            Object[] state = stored.get(task.id() + "|" + periodKey(task, now));
            progress.add(new Progress(task.id(), task.name(), task.eventType(), period(task).name(), task.count(),
                    state == null ? 0 : Math.min(task.count(), (Integer) state[0]), state != null && (Boolean) state[1], task.points(),
                    task.unlocks(), null, forMember.test(task)));
        }
        for (RuleSet.TaskPackage taskPackage : set.taskPackages() == null ? List.<RuleSet.TaskPackage>of() : set.taskPackages()) {
            int done = (int) taskPackage.tasks().stream()
                    .filter(task -> stored.entrySet().stream().anyMatch(e -> e.getKey().startsWith(task + "|") && (Boolean) e.getValue()[1]))
                    .count();
            progress.add(new Progress(taskPackage.id(), taskPackage.name(), null, RuleSet.TaskPeriod.ONCE.name(), taskPackage.tasks().size(), done,
                    stored.containsKey(PACKAGE + taskPackage.id() + "|once"), taskPackage.points(), taskPackage.unlocks(), taskPackage.tasks(),
                    set.tasks().stream().filter(task -> taskPackage.tasks().contains(task.id())).allMatch(forMember)));
        }
        return progress;
    }

    private static RuleSet.TaskPeriod period(RuleSet.Task task) {
        return task.period() == null ? RuleSet.TaskPeriod.ONCE : task.period();
    }

    /** The period an event at {@code at} (tenant time zone) counts in. */
    static String periodKey(RuleSet.Task task, ZonedDateTime at) {
        return switch (period(task)) {
            case ONCE -> "once";
            case DAY -> at.toLocalDate().toString();
            case WEEK -> at.get(IsoFields.WEEK_BASED_YEAR) + "-W" + at.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case MONTH -> java.time.YearMonth.from(at).toString();
        };
    }
}
