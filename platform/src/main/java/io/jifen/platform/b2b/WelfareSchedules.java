package io.jifen.platform.b2b;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.member.Audience;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;
import io.jifen.platform.tenancy.TenantRegistry;
import io.jifen.platform.web.Hashes;

/**
 * Monthly welfare (月度福利) for employees and other B2B audiences: a schedule grants every active member of an
 * audience the same points from a budget on a day of each month (tenant time zone). A month's grant is one budget
 * grant with the id {@code welfare:<schedule>:<yyyy-MM>}: all members or none, never twice. A month the budget cannot
 * pay is recorded as REFUSED and tried again each hour until the budget is funded or the month ends.
 */
@Service
class WelfareSchedules {

    private static final Logger log = LoggerFactory.getLogger(WelfareSchedules.class);
    private static final int MAX_MEMBERS = 200_000;
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,40}");

    /** A schedule and its latest runs. */
    public record Schedule(String id, String budget, int dayOfMonth, long points, String audience, String reason, boolean active,
                           List<Run> runs) {
    }

    /** What became of one month: GRANTED to {@code members} members, or REFUSED (why in {@code detail}). */
    public record Run(String month, String status, int members, long points, @Nullable String detail, Instant ranAt) {
    }

    private final JdbcClient jdbc;
    private final Budgets budgets;
    private final TenantRegistry tenants;
    private final Clock clock;

    WelfareSchedules(JdbcClient jdbc, Budgets budgets, TenantRegistry tenants, Clock clock) {
        this.jdbc = jdbc;
        this.budgets = budgets;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** Creates a schedule on a budget; the same id with the same content answers the first, with other content a 409. */
    @Transactional
    public Schedule create(String budget, @Nullable String id, @Nullable Integer dayOfMonth, @Nullable Long points, @Nullable String audience,
                           @Nullable String reason) {
        budgets.get(budget);
        List<FieldProblem> problems = new ArrayList<>();
        if (id == null || !ID.matcher(id).matches()) {
            problems.add(FieldProblem.of("id", "1 to 41 of a-z, 0-9, '-', '_'"));
        }
        if (dayOfMonth == null || dayOfMonth < 1 || dayOfMonth > 28) {
            problems.add(FieldProblem.of("dayOfMonth", "1 to 28, so that every month has it"));
        }
        if (points == null || points <= 0) {
            problems.add(FieldProblem.of("points", "must be positive"));
        }
        String group = audience == null ? Audience.EMPLOYEE.name() : audience;
        if (java.util.Arrays.stream(Audience.values()).noneMatch(a -> a.name().equals(group))) {
            problems.add(FieldProblem.of("audience", "one of " + java.util.Arrays.toString(Audience.values())));
        }
        if (reason == null || reason.isBlank()) {
            problems.add(FieldProblem.of("reason", "a reason is required"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid("The schedule has " + problems.size() + " problem(s)", problems);
        }
        String fingerprint = Hashes.sha256Hex(budget + "|" + dayOfMonth + "|" + points + "|" + group + "|" + reason);
        int created = jdbc.sql("""
                        insert into platform.earning_welfare_schedule (tenant_id, id, budget, day_of_month, points, audience, reason, fingerprint,
                            active, created_at)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?, ?, ?, true, ?) on conflict do nothing""")
                .params(id, budget, dayOfMonth, points, group, reason, fingerprint, clock.instant().atOffset(ZoneOffset.UTC))
                .update();
        String stored = jdbc.sql("select fingerprint from platform.earning_welfare_schedule where tenant_id = platform.current_tenant() and id = ?")
                .param(id).query(String.class).single();
        if (created == 0 && !stored.equals(fingerprint)) {
            throw DomainException.conflict("schedule-id-reused", "Schedule " + id + " exists with other content");
        }
        return find(id);
    }

    /** The budget's schedules with their last twelve runs. */
    @Transactional(readOnly = true)
    public List<Schedule> list(String budget) {
        budgets.get(budget);
        return jdbc.sql("select id from platform.earning_welfare_schedule where tenant_id = platform.current_tenant() and budget = ? order by id")
                .param(budget).query(String.class).list().stream().map(this::find).toList();
    }

    /** Stops a schedule: months not yet granted are not granted; its runs stay. */
    @Transactional
    public void stop(String budget, String id) {
        int stopped = jdbc.sql("update platform.earning_welfare_schedule set active = false where tenant_id = platform.current_tenant() and budget = ? and id = ?")
                .params(budget, id).update();
        if (stopped == 0) {
            throw DomainException.notFound("Welfare schedule " + id + " of budget " + budget);
        }
    }

    /**
     * Grants the current tenant's schedules that are due at {@code asOf} (their day of this month has come) and not yet
     * granted this month; answers how many were granted. Its own transaction, the tenant's.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public int grantDue(Instant asOf) {
        LocalDate today = asOf.atZone(ZoneId.of(tenants.current().settings().timeZone())).toLocalDate();
        String month = YearMonth.from(today).toString();
        List<Object[]> due = jdbc.sql("""
                        select s.id, s.budget, s.points, s.audience, s.reason from platform.earning_welfare_schedule s
                        where s.tenant_id = platform.current_tenant() and s.active and s.day_of_month <= ?
                          and not exists (select 1 from platform.earning_welfare_run r where r.tenant_id = s.tenant_id and r.schedule_id = s.id
                                          and r.month = ? and r.status = 'GRANTED')
                        order by s.id for update of s""")
                .params(today.getDayOfMonth(), month)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5)})
                .list();
        int granted = 0;
        for (Object[] schedule : due) {
            String id = (String) schedule[0];
            String budget = (String) schedule[1];
            long points = (Long) schedule[2];
            List<UUID> members = jdbc.sql("select id from platform.member where tenant_id = platform.current_tenant() and status = 'ACTIVE' and audience = ? order by id")
                    .param(schedule[3]).query(UUID.class).list();
            if (members.isEmpty()) {
                continue;
            }
            if (members.size() > MAX_MEMBERS) {
                record(id, month, "REFUSED", members.size(), 0, "more than " + MAX_MEMBERS + " members in one grant");
                continue;
            }
            long total = Math.multiplyExact(points, members.size());
            long remaining = budgets.get(budget).remaining();
            if (total > remaining) {
                record(id, month, "REFUSED", members.size(), total, "needs " + total + " points; budget " + budget + " has " + remaining + " left");
                log.warn("welfare schedule {} refused for {}: budget {} has {} of {} points", id, month, budget, remaining, total);
                continue;
            }
            budgets.grant(budget, "welfare:" + id + ":" + month, members.stream().map(m -> new Budgets.GrantLine(m, null, points)).toList(),
                    schedule[4] + " (" + month + ")", "system:welfare", MAX_MEMBERS);
            record(id, month, "GRANTED", members.size(), total, null);
            granted++;
        }
        return granted;
    }

    private void record(String id, String month, String status, int members, long points, @Nullable String detail) {
        jdbc.sql("""
                        insert into platform.earning_welfare_run (tenant_id, schedule_id, month, status, members, points, detail, ran_at)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?, ?, ?)
                        on conflict (tenant_id, schedule_id, month) do update
                            set status = excluded.status, members = excluded.members, points = excluded.points, detail = excluded.detail,
                                ran_at = excluded.ran_at""")
                .params(id, month, status, members, points, detail, clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }

    private Schedule find(String id) {
        List<Run> runs = jdbc.sql("""
                        select month, status, members, points, detail, ran_at from platform.earning_welfare_run
                        where tenant_id = platform.current_tenant() and schedule_id = ? order by month desc limit 12""")
                .param(id)
                .query((rs, n) -> new Run(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5),
                        rs.getObject(6, java.time.OffsetDateTime.class).toInstant()))
                .list();
        return jdbc.sql("""
                        select id, budget, day_of_month, points, audience, reason, active from platform.earning_welfare_schedule
                        where tenant_id = platform.current_tenant() and id = ?""")
                .param(id)
                .query((rs, n) -> new Schedule(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5), rs.getString(6),
                        rs.getBoolean(7), runs))
                .optional()
                .orElseThrow(() -> DomainException.notFound("Welfare schedule " + id));
    }
}
