package io.jifen.platform.b2b;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.ledger.Ledger;
import io.jifen.platform.ledger.PointTypeCatalog;
import io.jifen.platform.member.Audience;
import io.jifen.platform.member.Member;
import io.jifen.platform.member.MemberDirectory;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * The B2B programmes beyond budgets: dealers' target attainment (经销商: the tenant uploads a period's sales per dealer
 * and the tiered rates; each dealer earns the points of the highest rate reached) and the sales guides' leaderboard
 * (销售达人榜: guides ranked by the points they earned from events in a month of the tenant's time zone).
 */
@Service
class B2bPrograms {

    /** A rate: at least this share of the target (in percent) earns these points. */
    public record Rate(int attainmentPercent, long points) {
    }

    /** One dealer's period: target and sales in fen. */
    public record DealerSales(@Nullable String externalMemberId, long targetFen, long salesFen) {
    }

    /** What a dealer earned: the attainment and the points of the rate reached (0 if none). */
    public record DealerResult(String externalMemberId, UUID memberId, BigDecimal attainmentPercent, long points, @Nullable UUID transactionId) {
    }

    /** A place on the leaderboard. */
    public record Ranked(int rank, UUID memberId, String externalId, @Nullable String displayName, long points) {
    }

    private static final Pattern PERIOD = Pattern.compile("[A-Za-z0-9_-]{1,40}");

    private final MemberDirectory members;
    private final Ledger ledger;
    private final JdbcClient jdbc;
    private final TenantRegistry tenants;

    B2bPrograms(MemberDirectory members, Ledger ledger, JdbcClient jdbc, TenantRegistry tenants) {
        this.members = members;
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.tenants = tenants;
    }

    /**
     * Awards a period's target attainment to dealers, all in one transaction: a bad line (unknown member, not a
     * dealer, a target that is not positive) is a 400 naming it and nothing is awarded. Each dealer's award has the key
     * {@code dealer:<period>:<member>}, so uploading the same period again awards nothing twice.
     */
    @Transactional
    public List<DealerResult> awardTargets(String period, List<Rate> rates, List<DealerSales> sales, @Nullable String actor) {
        if (period == null || !PERIOD.matcher(period).matches()) {
            throw DomainException.invalidField("period", "1 to 40 of letters, digits, '-', '_' (e.g. 2026-Q4)");
        }
        if (rates == null || rates.isEmpty() || rates.stream().anyMatch(r -> r == null || r.attainmentPercent() <= 0 || r.points() <= 0)) {
            throw DomainException.invalidField("rates", "at least one rate, each with a positive attainment percent and points");
        }
        if (sales == null || sales.isEmpty() || sales.size() > 10_000) {
            throw DomainException.invalidField("dealers", "1 to 10,000 dealers");
        }
        List<Rate> ascending = rates.stream().sorted(java.util.Comparator.comparingInt(Rate::attainmentPercent)).toList();
        List<FieldProblem> problems = new ArrayList<>();
        List<Member> dealers = new ArrayList<>();
        for (int i = 0; i < sales.size(); i++) {
            DealerSales line = sales.get(i);
            if (line == null || line.externalMemberId() == null || line.targetFen() <= 0 || line.salesFen() < 0) {
                problems.add(new FieldProblem(i + 1, "dealers", "an external member id, a positive target and sales not negative"));
                dealers.add(null);
                continue;
            }
            try {
                Member member = members.getByExternalId(line.externalMemberId());
                if (member.audience() != Audience.DEALER) {
                    problems.add(new FieldProblem(i + 1, "externalMemberId", line.externalMemberId() + " is not a dealer but " + member.audience()));
                }
                dealers.add(member);
            } catch (DomainException e) {
                problems.add(new FieldProblem(i + 1, "externalMemberId", e.getMessage()));
                dealers.add(null);
            }
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid("The upload has " + problems.size() + " bad line(s); nothing was awarded", problems);
        }
        List<DealerResult> results = new ArrayList<>();
        for (int i = 0; i < sales.size(); i++) {
            DealerSales line = sales.get(i);
            BigDecimal attainment = BigDecimal.valueOf(line.salesFen()).multiply(BigDecimal.valueOf(100))
                    .divide(BigDecimal.valueOf(line.targetFen()), 1, RoundingMode.FLOOR);
            long points = 0;
            for (Rate rate : ascending) {
                if (attainment.compareTo(BigDecimal.valueOf(rate.attainmentPercent())) >= 0) {
                    points = rate.points();
                }
            }
            UUID transaction = null;
            if (points > 0) {
                transaction = ledger.earn("dealer:" + period + ":" + dealers.get(i).id(), new Ledger.Earn(dealers.get(i).id(),
                        PointTypeCatalog.DEFAULT_CODE, points, "dealer-target:" + period, attainment + "% of target", null, actor)).transactionId();
            }
            results.add(new DealerResult(line.externalMemberId(), dealers.get(i).id(), attainment, points, transaction));
        }
        return results;
    }

    /** The current month in the tenant's time zone. */
    public YearMonth thisMonth() {
        return YearMonth.now(java.time.ZoneId.of(tenants.current().settings().timeZone()));
    }

    /** The sales guides who earned most from events in the month (tenant time zone), best first. */
    @Transactional(readOnly = true)
    public List<Ranked> guideLeaderboard(YearMonth month, int size) {
        LocalDate from = month.atDay(1);
        LocalDate to = month.plusMonths(1).atDay(1);
        record Row(UUID id, String externalId, long points) {
        }
        List<Row> rows = jdbc.sql("""
                        select m.id, m.external_id, sum(e.points) as points
                        from platform.earning_event e
                        join platform.member m on m.tenant_id = e.tenant_id and m.id = e.member_id
                        where e.tenant_id = platform.current_tenant() and m.audience = 'SALES_GUIDE' and e.local_day >= ? and e.local_day < ?
                        group by m.id, m.external_id
                        having sum(e.points) > 0
                        order by points desc, m.external_id
                        limit ?""")
                .params(from, to, size)
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3)))
                .list();
        // Names are stored encrypted: opened for the page's guides only.
        Map<UUID, String> names = members.displayNames(rows.stream().map(Row::id).toList());
        List<Ranked> ranked = new ArrayList<>();
        for (Row row : rows) {
            ranked.add(new Ranked(ranked.size() + 1, row.id(), row.externalId(), names.get(row.id()), row.points()));
        }
        return ranked;
    }
}
