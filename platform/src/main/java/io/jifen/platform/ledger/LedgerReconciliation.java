package io.jifen.platform.ledger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.tenancy.TenantContext;

/**
 * Proves the ledger's invariants for the current tenant: every transaction balances to zero, the accounts of each
 * point type sum to zero, every wallet's kept balance equals its entries and its open lots less what the member owes, the held account equals the
 * open holds, no lot is negative, each lot's remaining points are the sum of its movements, and every movement belongs
 * to an existing transaction and lot; festival spends of expired points and their refunds move exactly their points, never
 * revive more of a lot than expired, and the expired account is what expired less what was revived; and the tenant's tamper-evident chain ({@link LedgerChain}) verifies.
 *
 * <p>Plans: tenants differ in size by orders of magnitude, and the planner sizes a plan for the tenant it plans for
 * (it evaluates {@code platform.current_tenant()} to estimate). PgJDBC turns a statement into a server-side prepared
 * one after its fifth execution on a connection, and a prepared statement without parameters is planned once and
 * reused: a pooled connection then ran every tenant's reconciliation with the plan made for whichever tenant came
 * fifth (hash joins over whole tables, made for a large tenant: seconds for a tenant of a few rows; or nested loops
 * made for a small one: minutes for a large one). So the tenant is a bound parameter here and the transaction plans
 * every statement for its values ({@code plan_cache_mode = force_custom_plan}, transaction-local); {@code
 * LedgerReconciliationPlansIT} proves no statement of it runs a generic plan.
 */
@Service
class LedgerReconciliation {

    private static final Logger log = LoggerFactory.getLogger(LedgerReconciliation.class);

    public record Report(@Nullable UUID id, Instant checkedAt, long transactions, long wallets, List<String> violations) {

        public boolean balanced() {
            return violations.isEmpty();
        }
    }

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final LedgerChain chain;

    LedgerReconciliation(JdbcClient jdbc, ApplicationEventPublisher events, LedgerChain chain) {
        this.jdbc = jdbc;
        this.events = events;
        this.chain = chain;
    }

    /**
     * Checks the current tenant's ledger and keeps the report, in a transaction of the tenant's own (also when called
     * from a batch step's); if it does not balance, publishes {@link LedgerOutOfBalance}.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Report checkAndRecord() {
        Report found = check();
        Report report = new Report(UUID.randomUUID(), found.checkedAt(), found.transactions(), found.wallets(), found.violations());
        jdbc.sql("""
                        insert into platform.ledger_reconciliation_report (tenant_id, id, checked_at, transactions, wallets, violations)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?)""")
                .params(report.id(), report.checkedAt().atOffset(ZoneOffset.UTC), report.transactions(), report.wallets(),
                        report.violations().toArray(String[]::new))
                .update();
        if (!report.balanced()) {
            log.error("the ledger of tenant {} does not balance: {} violations, first: {}", TenantContext.require(),
                    report.violations().size(), report.violations().getFirst());
            events.publishEvent(new LedgerOutOfBalance(TenantContext.require(), report.id(), report.violations()));
        }
        return report;
    }

    /** The current tenant's most recent stored reports, newest first. */
    @Transactional(readOnly = true)
    public List<Report> recentReports(int limit) {
        return jdbc.sql("""
                        select id, checked_at, transactions, wallets, violations from platform.ledger_reconciliation_report
                        where tenant_id = platform.current_tenant() order by checked_at desc limit ?""")
                .param(limit)
                .query((rs, n) -> new Report(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getLong(3), rs.getLong(4), List.of((String[]) rs.getArray(5).getArray())))
                .list();
    }

    @Transactional(readOnly = true)
    public Report check() {
        // Everything committed so far joins the chain first (in transactions of its own), so all of it is verified.
        chain.seal();
        // The tenant is a bound parameter and every statement is planned for it, each time: see the class comment.
        UUID tenant = TenantContext.require();
        jdbc.sql("select set_config('plan_cache_mode', 'force_custom_plan', true)").query(String.class).single();
        List<String> violations = new ArrayList<>();
        jdbc.sql("""
                        select transaction_id, sum(amount) from platform.ledger_entry
                        where tenant_id = :tenant group by transaction_id having sum(amount) <> 0 limit 100""")
                .param("tenant", tenant)
                .query(rs -> {
                    violations.add("transaction " + rs.getObject(1) + " does not balance: its entries sum to " + rs.getLong(2));
                });
        jdbc.sql("""
                        select p.code, sum(e.amount) from platform.ledger_entry e
                        join platform.ledger_account a on a.tenant_id = e.tenant_id and a.id = e.account_id
                        join platform.point_type p on p.tenant_id = a.tenant_id and p.id = a.point_type_id
                        where e.tenant_id = :tenant group by p.code having sum(e.amount) <> 0""")
                .param("tenant", tenant)
                .query(rs -> {
                    violations.add("the accounts of point type " + rs.getString(1) + " sum to " + rs.getLong(2) + ", not zero");
                });
        // Summed per account once, not per wallet: a correlated sum per wallet found each wallet's lots by the tenant
        // alone (no index covers all of an account's lots), every lot of the tenant for every wallet.
        jdbc.sql("""
                        select a.id, a.member_id, a.balance, a.owed, coalesce(e.total, 0), coalesce(l.total, 0)
                        from platform.ledger_account a
                        left join (select account_id, sum(amount) as total from platform.ledger_entry where tenant_id = :tenant
                                   group by account_id) e on e.account_id = a.id
                        left join (select account_id, sum(remaining) as total from platform.ledger_lot where tenant_id = :tenant
                                   group by account_id) l on l.account_id = a.id
                        where a.tenant_id = :tenant and a.kind = 'WALLET'""")
                .param("tenant", tenant)
                .query(rs -> {
                    long kept = rs.getLong(3);
                    long owed = rs.getLong(4);
                    long entries = rs.getLong(5);
                    long lots = rs.getLong(6);
                    if (kept != entries || entries != lots - owed) {
                        violations.add("wallet " + rs.getObject(1) + " of member " + rs.getObject(2) + ": kept balance " + kept
                                + ", entries " + entries + ", open lots " + lots + ", owed " + owed);
                    }
                });
        jdbc.sql("""
                        select p.code, coalesce((select sum(e.amount) from platform.ledger_entry e
                                                 join platform.ledger_account a on a.tenant_id = e.tenant_id and a.id = e.account_id
                                                 where e.tenant_id = p.tenant_id and a.point_type_id = p.id and a.kind = 'HELD'), 0),
                               coalesce((select sum(h.points) from platform.ledger_hold h
                                         where h.tenant_id = p.tenant_id and h.point_type_id = p.id and h.status = 'HELD'), 0)
                        from platform.point_type p where p.tenant_id = :tenant""")
                .param("tenant", tenant)
                .query(rs -> {
                    if (rs.getLong(2) != rs.getLong(3)) {
                        violations.add("held account of " + rs.getString(1) + " is " + rs.getLong(2) + " but open holds total " + rs.getLong(3));
                    }
                });
        jdbc.sql("select id, remaining from platform.ledger_lot where tenant_id = :tenant and remaining < 0")
                .param("tenant", tenant)
                .query(rs -> {
                    violations.add("lot " + rs.getObject(1) + " is negative: " + rs.getLong(2));
                });
        // Lot movements carry no foreign keys (they cost more than the insert): prove here what the keys would have.
        jdbc.sql("""
                        select l.id, l.remaining, coalesce(sum(m.amount), 0) from platform.ledger_lot l
                        left join platform.ledger_lot_movement m on m.tenant_id = l.tenant_id and m.lot_id = l.id
                        where l.tenant_id = :tenant
                        group by l.id, l.remaining having l.remaining <> coalesce(sum(m.amount), 0) limit 100""")
                .param("tenant", tenant)
                .query(rs -> {
                    violations.add("lot " + rs.getObject(1) + " has " + rs.getLong(2) + " remaining but its movements sum to " + rs.getLong(3));
                });
        jdbc.sql("""
                        select m.transaction_id, m.lot_id from platform.ledger_lot_movement m
                        where m.tenant_id = :tenant
                          and (not exists (select 1 from platform.ledger_lot l where l.tenant_id = m.tenant_id and l.id = m.lot_id)
                            or not exists (select 1 from platform.ledger_transaction t where t.tenant_id = m.tenant_id and t.id = m.transaction_id))
                        limit 100""")
                .param("tenant", tenant)
                .query(rs -> {
                    violations.add("movement of transaction " + rs.getObject(1) + " names lot " + rs.getObject(2)
                            + ", but the lot or the transaction does not exist");
                });
        // Entries and lots carry no foreign keys to their transaction and account either (014): prove them here.
        jdbc.sql("""
                        select 'entry', e.transaction_id, e.account_id from platform.ledger_entry e
                        where e.tenant_id = :tenant
                          and (not exists (select 1 from platform.ledger_transaction t where t.tenant_id = e.tenant_id and t.id = e.transaction_id)
                            or not exists (select 1 from platform.ledger_account a where a.tenant_id = e.tenant_id and a.id = e.account_id))
                        union all
                        select 'lot ' || l.id, l.transaction_id, l.account_id from platform.ledger_lot l
                        where l.tenant_id = :tenant
                          and (not exists (select 1 from platform.ledger_transaction t where t.tenant_id = l.tenant_id and t.id = l.transaction_id)
                            or not exists (select 1 from platform.ledger_account a where a.tenant_id = l.tenant_id and a.id = l.account_id))
                        limit 100""")
                .param("tenant", tenant)
                .query(rs -> {
                    violations.add(rs.getString(1) + " of transaction " + rs.getObject(2) + " on account " + rs.getObject(3)
                            + ": the transaction or the account does not exist");
                });
        // 积分复活节: each festival spend or refund moved exactly its points between lots' expired points, no lot gave more
        // than expired from it (nor got back more than was taken), and the expired account holds what expiry booked out
        // less what was revived.
        jdbc.sql("""
                        select t.id, t.kind, t.points, coalesce(sum(r.amount), 0) from platform.ledger_transaction t
                        left join platform.ledger_expired_movement r on r.tenant_id = t.tenant_id and r.transaction_id = t.id
                        where t.tenant_id = :tenant and t.kind in ('SPEND_EXPIRED', 'REFUND_EXPIRED')
                        group by t.id, t.kind, t.points
                        having coalesce(sum(r.amount), 0) <> case when t.kind = 'SPEND_EXPIRED' then -t.points else t.points end
                        limit 100""")
                .param("tenant", tenant)
                .query(rs -> {
                    violations.add(rs.getString(2) + " " + rs.getObject(1) + " of " + rs.getLong(3) + " points moved " + rs.getLong(4)
                            + " of lots' expired points");
                });
        jdbc.sql("""
                        select x.lot_id, x.revived, x.expired from (
                            select r.lot_id, -sum(r.amount) as revived,
                                   coalesce((select -sum(m.amount) from platform.ledger_lot_movement m
                                             join platform.ledger_transaction t on t.tenant_id = m.tenant_id and t.id = m.transaction_id
                                             where m.tenant_id = :tenant and m.lot_id = r.lot_id and t.kind = 'EXPIRE'), 0) as expired
                            from platform.ledger_expired_movement r where r.tenant_id = :tenant group by r.lot_id) x
                        where x.revived < 0 or x.revived > x.expired
                        limit 100""")
                .param("tenant", tenant)
                .query(rs -> {
                    violations.add("lot " + rs.getObject(1) + " has " + rs.getLong(2) + " points revived but " + rs.getLong(3) + " expired");
                });
        jdbc.sql("""
                        select p.code,
                               coalesce((select sum(e.amount) from platform.ledger_entry e
                                         join platform.ledger_account a on a.tenant_id = e.tenant_id and a.id = e.account_id
                                         where e.tenant_id = p.tenant_id and a.point_type_id = p.id and a.kind = 'EXPIRED'), 0),
                               coalesce((select sum(case t.kind when 'EXPIRE' then t.points when 'SPEND_EXPIRED' then -t.points else t.points end)
                                         from platform.ledger_transaction t
                                         where t.tenant_id = p.tenant_id and t.point_type_id = p.id
                                           and t.kind in ('EXPIRE', 'SPEND_EXPIRED', 'REFUND_EXPIRED')), 0)
                        from platform.point_type p where p.tenant_id = :tenant""")
                .param("tenant", tenant)
                .query(rs -> {
                    if (rs.getLong(2) != rs.getLong(3)) {
                        violations.add("expired account of " + rs.getString(1) + " is " + rs.getLong(2) + " but expiries less revivals total "
                                + rs.getLong(3));
                    }
                });
        violations.addAll(chain.verify(tenant));
        long transactions = jdbc.sql("select count(*) from platform.ledger_transaction where tenant_id = :tenant")
                .param("tenant", tenant)
                .query(Long.class).single();
        long wallets = jdbc.sql("select count(*) from platform.ledger_account where tenant_id = :tenant and kind = 'WALLET'")
                .param("tenant", tenant)
                .query(Long.class).single();
        return new Report(null, Instant.now(), transactions, wallets, violations);
    }
}
