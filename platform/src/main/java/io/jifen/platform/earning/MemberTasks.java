package io.jifen.platform.earning;

import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * Members' progress on the rule set's tasks: each event of a task's type (meeting its conditions, inside its dates)
 * counts once towards the task in the current period; the event that completes it pays the task's points, once per
 * period. Counting happens in the event's transaction, under the member's lock, so concurrent events count exactly.
 */
@Service
public class MemberTasks {

    /** A task as the task centre shows it to a member: the target, how far they are in this period, and the reward. */
    public record Progress(String id, String name, String eventType, String period, int target, int count, boolean completed, long points) {
    }

    private final JdbcClient jdbc;
    private final RuleVersions versions;
    private final MemberDirectory members;
    private final TenantRegistry tenants;

    MemberTasks(JdbcClient jdbc, RuleVersions versions, MemberDirectory members, TenantRegistry tenants) {
        this.jdbc = jdbc;
        this.versions = versions;
        this.members = members;
        this.tenants = tenants;
    }

    /** Counts the event towards the tasks it matches; answers a line for each task it completes (in the caller's transaction). */
    List<RuleEngine.Line> advance(UUID memberId, RuleSet set, EarningEvent event, ZonedDateTime at, RuleEngine.MemberFacts facts) {
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
            }
        }
        return completed;
    }

    /** The task centre: every task of the rules in effect, with the member's progress in its current period. */
    @Transactional(readOnly = true)
    public List<Progress> progress(UUID memberId) {
        members.get(memberId);
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
        List<Progress> progress = new ArrayList<>();
        for (RuleSet.Task task : set.tasks()) {
            Object[] state = stored.get(task.id() + "|" + periodKey(task, now));
            progress.add(new Progress(task.id(), task.name(), task.eventType(), period(task).name(), task.count(),
                    state == null ? 0 : Math.min(task.count(), (Integer) state[0]), state != null && (Boolean) state[1], task.points()));
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
