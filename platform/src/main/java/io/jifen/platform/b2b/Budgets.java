package io.jifen.platform.b2b;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.ledger.Ledger;
import io.jifen.platform.ledger.PointTypeCatalog;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.member.MemberStatus;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.web.Hashes;

/**
 * Budgets for the B2B audiences (a department's or cost centre's points for its employees): the tenant funds a budget,
 * and grants from it in bulk. A grant checks every line (known, active members; positive points), posts them all to
 * the ledger and draws the budget in one transaction: a grant beyond what is left, or with a bad line, is refused
 * whole and changes nothing. Fundings and grants carry an id: the same one again answers the first.
 *
 * <p>Deviation from the wording ("a ledger account per department"): the budget is kept here, next to the
 * ledger postings it pays for, rather than as a ledger account, because the ledger's transactions belong to one
 * member each; the budget row is locked and drawn in the same transaction as the postings, so it never disagrees
 * with them.
 */
@Service
class Budgets {

    /** A budget: what it was funded with and what it has granted. */
    public record Budget(String code, String name, long funded, long granted, long remaining) {
    }

    /** One line of a grant: a member (by id or external id) and the points. */
    public record GrantLine(@Nullable UUID memberId, @Nullable String externalMemberId, long points) {
    }

    /** What a funding or grant did. */
    public record Movement(String id, String budget, String kind, long points, int lines, long remaining) {
    }

    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,40}");
    private static final Pattern MOVEMENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private final JdbcClient jdbc;
    private final MemberDirectory members;
    private final Ledger ledger;
    private final Clock clock;

    Budgets(JdbcClient jdbc, MemberDirectory members, Ledger ledger, Clock clock) {
        this.jdbc = jdbc;
        this.members = members;
        this.ledger = ledger;
        this.clock = clock;
    }

    @Transactional
    public Budget create(String code, String name) {
        if (code == null || !CODE.matcher(code).matches()) {
            throw DomainException.invalidField("code", "1 to 41 of a-z, 0-9, '-', '_'");
        }
        if (name == null || name.isBlank()) {
            throw DomainException.invalidField("name", "must not be blank");
        }
        int created = jdbc.sql("""
                        insert into platform.earning_budget (tenant_id, code, name, created_at) values (platform.current_tenant(), ?, ?, ?)
                        on conflict do nothing""")
                .params(code, name.strip(), clock.instant().atOffset(ZoneOffset.UTC))
                .update();
        if (created == 0) {
            throw DomainException.conflict("budget-exists", "Budget " + code + " exists already");
        }
        return get(code);
    }

    @Transactional(readOnly = true)
    public List<Budget> list(@Nullable String afterCode, int size) {
        return jdbc.sql("""
                        select code, name, funded, granted from platform.earning_budget
                        where tenant_id = platform.current_tenant() and code > ? order by code limit ?""")
                .param(afterCode == null ? "" : afterCode).param(size)
                .query((rs, n) -> new Budget(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(3) - rs.getLong(4)))
                .list();
    }

    @Transactional(readOnly = true)
    public Budget get(String code) {
        return find(code, false).orElseThrow(() -> DomainException.notFound("Budget " + code));
    }

    /** Adds points to a budget. */
    @Transactional
    public Movement fund(String code, String fundingId, long points, String reason, @Nullable String actor) {
        Budget budget = find(code, true).orElseThrow(() -> DomainException.notFound("Budget " + code));
        requireMovement(fundingId, points, reason);
        String fingerprint = Hashes.sha256Hex("FUNDING|" + code + "|" + points + "|" + reason);
        Optional<Movement> before = movement(fundingId, fingerprint);
        if (before.isPresent()) {
            return before.get();
        }
        jdbc.sql("update platform.earning_budget set funded = funded + ? where tenant_id = platform.current_tenant() and code = ?")
                .params(points, code).update();
        record(fundingId, code, "FUNDING", points, 0, fingerprint, reason, actor);
        return new Movement(fundingId, code, "FUNDING", points, 0, budget.remaining() + points);
    }

    /** Grants points to members from the budget, all or nothing; at most 10,000 lines. */
    @Transactional
    public Movement grant(String code, String grantId, List<GrantLine> lines, String reason, @Nullable String actor) {
        get(code);
        if (lines == null || lines.isEmpty() || lines.size() > 10_000) {
            throw DomainException.invalidField("lines", "1 to 10,000 lines");
        }
        return grant(code, grantId, lines, reason, actor, lines.size());
    }

    /** A grant of up to {@code maxLines} lines (the monthly welfare grants a whole audience at once). */
    @Transactional
    Movement grant(String code, String grantId, List<GrantLine> lines, String reason, @Nullable String actor, int maxLines) {
        Budget budget = find(code, true).orElseThrow(() -> DomainException.notFound("Budget " + code));
        if (lines.size() > maxLines) {
            throw DomainException.invalidField("lines", "at most " + maxLines + " lines");
        }
        long total = 0;
        List<FieldProblem> problems = new ArrayList<>();
        List<MemberDirectory.MemberRef> recipients = new ArrayList<>();
        Map<Object, MemberDirectory.MemberRef> named = new HashMap<>();
        for (MemberDirectory.MemberRef member : members.lookUp(
                lines.stream().filter(l -> l != null && l.memberId() != null).map(GrantLine::memberId).toList(),
                lines.stream().filter(l -> l != null && l.memberId() == null && l.externalMemberId() != null).map(GrantLine::externalMemberId).toList())) {
            named.put(member.id(), member);
            named.put("x:" + member.externalId(), member);
        }
        for (int i = 0; i < lines.size(); i++) {
            GrantLine line = lines.get(i);
            if (line == null || line.points() <= 0) {
                problems.add(new FieldProblem(i + 1, "points", "must be positive"));
                continue;
            }
            MemberDirectory.MemberRef member = named.get(line.memberId() != null ? line.memberId() : "x:" + line.externalMemberId());
            if (member == null) {
                problems.add(new FieldProblem(i + 1, "member", line.memberId() != null ? "Member " + line.memberId() + " does not exist"
                        : "Member with external id " + line.externalMemberId() + " does not exist"));
                continue;
            }
            if (member.status() != MemberStatus.ACTIVE) {
                problems.add(new FieldProblem(i + 1, "member", "member " + member.id() + " is " + member.status()));
            }
            recipients.add(member);
            total = Math.addExact(total, line.points());
        }
        requireMovement(grantId, Math.max(1, total), reason);
        if (!problems.isEmpty()) {
            throw DomainException.invalid("The grant has " + problems.size() + " bad line(s); nothing was granted", problems);
        }
        StringBuilder content = new StringBuilder("GRANT|" + code + "|" + reason);
        for (int i = 0; i < lines.size(); i++) {
            content.append('|').append(recipients.get(i).id()).append(':').append(lines.get(i).points());
        }
        String fingerprint = Hashes.sha256Hex(content.toString());
        Optional<Movement> before = movement(grantId, fingerprint);
        if (before.isPresent()) {
            return before.get();
        }
        if (total > budget.remaining()) {
            throw new DomainException(ProblemKind.REFUSED, "budget-exceeded", "Budget exceeded",
                    "The grant needs " + total + " points; budget " + code + " has " + budget.remaining() + " left. Nothing was granted.", List.of());
        }
        List<Ledger.KeyedEarn> earns = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            earns.add(new Ledger.KeyedEarn("grant:" + grantId + ":" + i, new Ledger.Earn(recipients.get(i).id(), PointTypeCatalog.DEFAULT_CODE,
                    lines.get(i).points(), "budget:" + code, reason, null, actor)));
        }
        ledger.earnAll(earns);
        jdbc.sql("update platform.earning_budget set granted = granted + ? where tenant_id = platform.current_tenant() and code = ?")
                .params(total, code).update();
        record(grantId, code, "GRANT", total, lines.size(), fingerprint, reason, actor);
        return new Movement(grantId, code, "GRANT", total, lines.size(), budget.remaining() - total);
    }

    private Optional<Budget> find(String code, boolean lock) {
        return jdbc.sql("select code, name, funded, granted from platform.earning_budget where tenant_id = platform.current_tenant() and code = ?"
                        + (lock ? " for update" : ""))
                .param(code)
                .query((rs, n) -> new Budget(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(3) - rs.getLong(4)))
                .optional();
    }

    /** The movement with this id, if there is one; the same id for other content is a 409. */
    private Optional<Movement> movement(String id, String fingerprint) {
        return jdbc.sql("""
                        select m.id, m.budget, m.kind, m.points, m.lines, m.fingerprint, b.funded - b.granted from platform.earning_budget_movement m
                        join platform.earning_budget b on b.tenant_id = m.tenant_id and b.code = m.budget
                        where m.tenant_id = platform.current_tenant() and m.id = ?""")
                .param(id)
                .query((rs, n) -> {
                    if (!rs.getString(6).equals(fingerprint)) {
                        throw DomainException.conflict("movement-id-reused", "Id " + id + " was used for another funding or grant");
                    }
                    return new Movement(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getInt(5), rs.getLong(7));
                })
                .optional();
    }

    private void record(String id, String budget, String kind, long points, int lines, String fingerprint, String reason, @Nullable String actor) {
        jdbc.sql("""
                        insert into platform.earning_budget_movement (tenant_id, id, budget, kind, points, lines, fingerprint, reason, actor, created_at)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, budget, kind, points, lines, fingerprint, reason, actor, clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }

    private static void requireMovement(String id, long points, String reason) {
        if (id == null || !MOVEMENT_ID.matcher(id).matches()) {
            throw DomainException.invalidField("id", "1 to 100 of letters, digits, '.', '_', ':', '-'");
        }
        if (points <= 0) {
            throw DomainException.invalidField("points", "must be positive");
        }
        if (reason == null || reason.isBlank()) {
            throw DomainException.invalidField("reason", "a reason is required");
        }
    }

}
