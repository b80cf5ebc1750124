package io.jifen.platform.mall;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.audit.AuditTrail;
import io.jifen.platform.audit.AuditedChange;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;
import io.jifen.platform.tenancy.TenantCache;

/**
 * The tenant's tiered deduction rules for {@link Quotes.Payment#CASH_WITH_POINTS} items (满100元可用50%积分, 满300元80%):
 * a ladder from the smallest order up, where a larger order never may pay a smaller share with points.
 */
@Service
public class DeductionRules {

    static final int MAX_RULES = 10;
    static final long MAX_ORDER_FEN = 10_000_000_000L;

    private final JdbcClient jdbc;

    private final AuditTrail audit;
    /** Every quote reads the ladder: kept per replica (one entry a tenant). */
    private final TenantCache<Boolean, List<Quotes.DeductionRule>> ladders = new TenantCache<>(10_000);

    DeductionRules(JdbcClient jdbc, AuditTrail audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** The ladder, as this replica last read it (within {@link TenantCache#FRESH_FOR}; its own changes at once). */
    @Transactional(readOnly = true)
    public List<Quotes.DeductionRule> list() {
        return ladders.get(Boolean.TRUE, this::read);
    }

    private List<Quotes.DeductionRule> read() {
        return jdbc.sql("select min_order_fen, max_percent from platform.mall_deduction_rule where tenant_id = platform.current_tenant() order by min_order_fen")
                .query((rs, n) -> new Quotes.DeductionRule(rs.getLong(1), rs.getInt(2))).list();
    }

    /** Replaces the ladder, all of it or (on bad input) nothing; an empty one turns deduction off. */
    @Transactional
    public List<Quotes.DeductionRule> replace(List<Quotes.DeductionRule> rules) {
        List<FieldProblem> problems = new ArrayList<>();
        if (rules.size() > MAX_RULES) {
            problems.add(FieldProblem.of("rules", "at most " + MAX_RULES));
        }
        for (int i = 0; i < rules.size(); i++) {
            var rule = rules.get(i);
            String at = "rules[" + i + "]";
            if (rule == null) {
                problems.add(FieldProblem.of(at, "must not be null"));
                continue;
            }
            if (rule.minOrderFen() < 0 || rule.minOrderFen() > MAX_ORDER_FEN) {
                problems.add(FieldProblem.of(at + ".minOrderFen", "from 0 to " + MAX_ORDER_FEN));
            }
            if (rule.maxPercent() < 0 || rule.maxPercent() > 100) {
                problems.add(FieldProblem.of(at + ".maxPercent", "a percentage from 0 to 100"));
            }
            var previous = i == 0 ? null : rules.get(i - 1);
            if (previous != null && rule.minOrderFen() <= previous.minOrderFen()) {
                problems.add(FieldProblem.of(at + ".minOrderFen", "rules go from the smallest order up, each above the one before"));
            } else if (previous != null && rule.maxPercent() < previous.maxPercent()) {
                problems.add(FieldProblem.of(at + ".maxPercent", "a larger order may not pay a smaller share with points"));
            }
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid("The deduction rules have " + problems.size() + " problem(s)", problems);
        }
        var before = read();
        ladders.forgetAfterCompletion();
        jdbc.sql("delete from platform.mall_deduction_rule where tenant_id = platform.current_tenant()").update();
        for (var rule : rules) {
            jdbc.sql("insert into platform.mall_deduction_rule (tenant_id, min_order_fen, max_percent) values (platform.current_tenant(), ?, ?)")
                    .params(rule.minOrderFen(), rule.maxPercent()).update();
        }
        var after = read();
        audit.record(AuditedChange.of("deduction-rules", null, java.util.Map.of("rules", before), java.util.Map.of("rules", after)));
        return after;
    }
}
