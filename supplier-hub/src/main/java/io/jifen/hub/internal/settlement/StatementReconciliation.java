package io.jifen.hub.internal.settlement;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.jifen.hub.internal.tenancy.TenantScope;

/**
 * Gives every line of a run's statement and every order we hold as delivered in the month its outcome, tenant by
 * tenant (each tenant's orders are read under its row-level security), then marks the lines about no order of ours and
 * sums up the run. One transaction, so a failed reconciliation leaves the run as it was and can be run again.
 */
@Component
class StatementReconciliation {

    /** Suppliers bill by Beijing time. */
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    /** What one tenant's part came to: its items by outcome and what its delivered orders cost by our reckoning. */
    private record TenantPart(Map<String, Long> outcomes, long hubTotalFen) {
    }

    private final JdbcClient jdbc;
    private final SettlementStore store;
    private final TenantScope tenants;

    StatementReconciliation(JdbcClient jdbc, SettlementStore store, TenantScope tenants) {
        this.jdbc = jdbc;
        this.store = store;
        this.tenants = tenants;
    }

    /** Sets every line's and every delivered order's outcome, then the run's counts and totals. */
    void reconcile(long run, String supplier, YearMonth month) {
        OffsetDateTime from = month.atDay(1).atStartOfDay(BEIJING).toOffsetDateTime();
        OffsetDateTime to = month.plusMonths(1).atDay(1).atStartOfDay(BEIJING).toOffsetDateTime();
        int lines = jdbc.sql("select count(*) from supplier_hub.settlement_line where run_id = ?").param(run).query(Integer.class).single();
        // Orders billed by nobody are numbered after the lines, across tenants, so a run's items have one order.
        AtomicInteger lastItem = new AtomicInteger(lines);
        List<TenantPart> parts = tenants.acrossTenants(store.tenantsOf(supplier), tenant -> reconcile(tenant, run, supplier, from, to, lastItem));
        jdbc.sql("""
                        update supplier_hub.settlement_line l
                        set missing_at_hub = not exists (select 1 from supplier_hub.order_route r where r.order_no = l.order_no and r.supplier_id = :supplier)
                        where run_id = :run""")
                .param("run", run)
                .param("supplier", supplier)
                .update();
        int missingAtHub = jdbc.sql("select count(*) from supplier_hub.settlement_line where run_id = ? and missing_at_hub").param(run)
                .query(Integer.class).single();
        Map<String, Long> outcomes = parts.stream().flatMap(part -> part.outcomes().entrySet().stream())
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.summingLong(Map.Entry::getValue)));
        jdbc.sql("""
                        update supplier_hub.settlement_run
                        set completed_at = now(), matched = :matched, price_mismatches = :price, state_mismatches = :state,
                            duplicates = :duplicates, missing_at_supplier = :atSupplier, missing_at_hub = :atHub,
                            supplier_total_fen = (select coalesce(sum(total_fen), 0) from supplier_hub.settlement_line where run_id = :run),
                            hub_total_fen = :hubTotal
                        where id = :run""")
                .param("matched", outcomes.getOrDefault("MATCHED", 0L))
                .param("price", outcomes.getOrDefault("PRICE_MISMATCH", 0L))
                .param("state", outcomes.getOrDefault("STATE_MISMATCH", 0L))
                .param("duplicates", outcomes.getOrDefault("DUPLICATE", 0L))
                .param("atSupplier", outcomes.getOrDefault("MISSING_AT_SUPPLIER", 0L))
                .param("atHub", missingAtHub)
                .param("hubTotal", parts.stream().mapToLong(TenantPart::hubTotalFen).sum())
                .param("run", run)
                .update();
    }

    /** One tenant's items of the run, made again from its orders; in the transaction, under that tenant. */
    private TenantPart reconcile(UUID tenant, long run, String supplier, OffsetDateTime from, OffsetDateTime to, AtomicInteger lastItem) {
        jdbc.sql("delete from supplier_hub.settlement_item where tenant_id = ? and run_id = ?").params(tenant, run).update();
        jdbc.sql("""
                        insert into supplier_hub.settlement_item (tenant_id, run_id, item_no, order_no, supplier_order_id, outcome,
                            hub_total_fen, supplier_total_fen)
                        select o.tenant_id, l.run_id, l.line_no, l.order_no, l.supplier_order_id,
                               case when row_number() over (partition by l.order_no order by l.line_no) > 1 then 'DUPLICATE'
                                    when o.state <> 'DELIVERED' then 'STATE_MISMATCH'
                                    when o.unit_cost_fen * o.quantity <> l.total_fen then 'PRICE_MISMATCH'
                                    else 'MATCHED' end,
                               case when o.state = 'DELIVERED' then o.unit_cost_fen * o.quantity end,
                               l.total_fen
                        from supplier_hub.settlement_line l
                        join supplier_hub.supplier_order o on o.order_no = l.order_no and o.supplier_id = :supplier
                        where l.run_id = :run""")
                .param("run", run)
                .param("supplier", supplier)
                .update();
        int notBilled = jdbc.sql("""
                        insert into supplier_hub.settlement_item (tenant_id, run_id, item_no, order_no, supplier_order_id, outcome,
                            hub_total_fen, supplier_total_fen)
                        select o.tenant_id, :run, :lastItem + row_number() over (order by o.order_no), o.order_no, o.supplier_order_id,
                               'MISSING_AT_SUPPLIER', o.unit_cost_fen * o.quantity, null
                        from supplier_hub.supplier_order o
                        where o.supplier_id = :supplier and o.state = 'DELIVERED' and o.delivered_at >= :from and o.delivered_at < :to
                          and not exists (select 1 from supplier_hub.settlement_line l where l.run_id = :run and l.order_no = o.order_no)""")
                .param("run", run)
                .param("lastItem", lastItem.get())
                .param("supplier", supplier)
                .param("from", from)
                .param("to", to)
                .update();
        lastItem.addAndGet(notBilled);
        Map<String, Long> outcomes = jdbc.sql("select outcome, count(*) from supplier_hub.settlement_item where tenant_id = ? and run_id = ? group by outcome")
                .params(tenant, run)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        long hubTotal = jdbc.sql("""
                        select coalesce(sum(unit_cost_fen * quantity), 0) from supplier_hub.supplier_order
                        where supplier_id = ? and state = 'DELIVERED' and delivered_at >= ? and delivered_at < ?""")
                .params(supplier, from, to)
                .query(Long.class)
                .single();
        return new TenantPart(outcomes, hubTotal);
    }
}
