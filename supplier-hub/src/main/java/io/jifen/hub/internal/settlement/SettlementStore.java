package io.jifen.hub.internal.settlement;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.jifen.hub.Settlement;
import io.jifen.hub.internal.connector.StatementLine;
import io.jifen.hub.internal.tenancy.TenantScope;

/**
 * The settlement tables, in SQL: runs and the statement as received (hub-level), and the outcome of every line and
 * delivered order, which is the tenant's whose order it is (row-level security): those are read tenant by tenant,
 * over the tenants that have ordered from the supplier. A line about no order of ours is marked on the line.
 */
@Repository
class SettlementStore {

    private static final String RUN = """
            select id, supplier_id, month, started_at, completed_at, matched, price_mismatches, state_mismatches, duplicates,
                   missing_at_supplier, missing_at_hub, supplier_total_fen, hub_total_fen
            from supplier_hub.settlement_run""";

    private record Numbered(int itemNo, Settlement.Item item) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TenantScope tenants;

    SettlementStore(JdbcClient jdbc, JdbcTemplate batch, TenantScope tenants) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.tenants = tenants;
    }

    /** Stores the statement of a run (again, on a restart: the run's earlier lines are replaced). */
    void statement(long run, String supplier, YearMonth month, List<StatementLine> lines) {
        jdbc.sql("insert into supplier_hub.settlement_run (id, supplier_id, month) values (?, ?, ?) on conflict (id) do nothing")
                .params(run, supplier, month.atDay(1))
                .update();
        jdbc.sql("delete from supplier_hub.settlement_line where run_id = ?").param(run).update();
        var numbered = java.util.stream.IntStream.range(0, lines.size()).boxed().toList();
        batch.batchUpdate("""
                        insert into supplier_hub.settlement_line (run_id, line_no, supplier_order_id, order_no, sku_id, quantity,
                            unit_price_fen, total_fen, delivered_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                numbered, 1_000, (statement, i) -> {
                    StatementLine line = lines.get(i);
                    statement.setLong(1, run);
                    statement.setInt(2, i + 1);
                    statement.setString(3, line.supplierOrderId());
                    statement.setString(4, line.orderNo());
                    statement.setString(5, line.skuId());
                    statement.setInt(6, line.quantity());
                    statement.setLong(7, line.unitPriceFen());
                    statement.setLong(8, line.totalFen());
                    statement.setObject(9, OffsetDateTime.ofInstant(line.deliveredAt(), ZoneOffset.UTC));
                });
    }

    /** The tenants with orders of the supplier (hub-level routes), in id order: whose items a run of it may hold. */
    List<UUID> tenantsOf(String supplier) {
        return jdbc.sql("select distinct tenant_id from supplier_hub.order_route where supplier_id = ? order by tenant_id")
                .param(supplier)
                .query(UUID.class)
                .list();
    }

    Optional<Settlement> find(long run) {
        return jdbc.sql(RUN + " where id = ?").param(run).query(SettlementStore::run).optional()
                .map(found -> withCosts(List.of(found)).getFirst());
    }

    List<Settlement> runs(String supplier, int limit) {
        return withCosts(jdbc.sql(RUN + " where supplier_id = ? order by id desc limit ?").params(supplier, limit).query(SettlementStore::run).list());
    }

    /** A page of the run's items in item order: each tenant's (read as that tenant), and the lines about no order of ours. */
    List<Settlement.Item> items(long run, @Nullable String outcome, int offset, int limit) {
        Optional<String> supplier = jdbc.sql("select supplier_id from supplier_hub.settlement_run where id = ?").param(run).query(String.class).optional();
        if (supplier.isEmpty()) {
            return List.of();
        }
        List<Numbered> items = new ArrayList<>();
        if (!"MISSING_AT_HUB".equals(outcome)) {
            tenants.acrossTenants(tenantsOf(supplier.get()), tenant -> items.addAll(jdbc.sql("""
                            select item_no, order_no, supplier_order_id, tenant_id, outcome, hub_total_fen, supplier_total_fen
                            from supplier_hub.settlement_item
                            where run_id = ? and (cast(? as text) is null or outcome = ?)
                            order by item_no limit ?""")
                    .params(run, outcome, outcome, offset + limit)
                    .query((rs, n) -> new Numbered(rs.getInt(1), new Settlement.Item(rs.getString(2), rs.getString(3), rs.getObject(4, UUID.class),
                            rs.getString(5), (Long) rs.getObject(6), (Long) rs.getObject(7))))
                    .list()));
        }
        if (outcome == null || "MISSING_AT_HUB".equals(outcome)) {
            items.addAll(jdbc.sql("""
                            select line_no, order_no, supplier_order_id, total_fen from supplier_hub.settlement_line
                            where run_id = ? and missing_at_hub order by line_no limit ?""")
                    .params(run, offset + limit)
                    .query((rs, n) -> new Numbered(rs.getInt(1), new Settlement.Item(rs.getString(2), rs.getString(3), null, "MISSING_AT_HUB",
                            null, rs.getLong(4))))
                    .list());
        }
        return items.stream().sorted(Comparator.comparingInt(Numbered::itemNo)).skip(offset).limit(limit).map(Numbered::item).toList();
    }

    /** The runs, each with what its matched orders cost per tenant. */
    private List<Settlement> withCosts(List<Settlement> runs) {
        if (runs.isEmpty()) {
            return runs;
        }
        Map<Long, List<Settlement.TenantCost>> costs = new HashMap<>();
        Long[] ids = runs.stream().map(Settlement::id).toArray(Long[]::new);
        List<UUID> buyers = runs.stream().map(Settlement::supplier).distinct().flatMap(supplier -> tenantsOf(supplier).stream()).distinct().sorted().toList();
        tenants.acrossTenants(buyers, tenant -> jdbc.sql("""
                                select run_id, count(*), sum(supplier_total_fen) from supplier_hub.settlement_item
                                where run_id = any(?) and outcome in ('MATCHED', 'PRICE_MISMATCH') group by run_id""")
                        .param(ids)
                        .query((rs, n) -> Map.entry(rs.getLong(1), new Settlement.TenantCost(tenant, rs.getInt(2), rs.getLong(3))))
                        .list())
                .forEach(tenantCosts -> tenantCosts.forEach(cost -> costs.computeIfAbsent(cost.getKey(), id -> new ArrayList<>()).add(cost.getValue())));
        return runs.stream().map(run -> new Settlement(run.id(), run.supplier(), run.month(), run.startedAt(), run.completedAt(), run.matched(),
                run.priceMismatches(), run.stateMismatches(), run.duplicates(), run.missingAtSupplier(), run.missingAtHub(), run.supplierTotalFen(),
                run.hubTotalFen(), costs.getOrDefault(run.id(), List.of()))).toList();
    }

    private static Settlement run(ResultSet rs, int n) throws SQLException {
        OffsetDateTime completed = rs.getObject(5, OffsetDateTime.class);
        return new Settlement(rs.getLong(1), rs.getString(2), YearMonth.from(rs.getObject(3, LocalDate.class)),
                rs.getObject(4, OffsetDateTime.class).toInstant(), completed == null ? null : completed.toInstant(), (Integer) rs.getObject(6),
                (Integer) rs.getObject(7), (Integer) rs.getObject(8), (Integer) rs.getObject(9), (Integer) rs.getObject(10),
                (Integer) rs.getObject(11), (Long) rs.getObject(12), (Long) rs.getObject(13), List.of());
    }
}
