package io.jifen.hub.internal.settlement;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.jifen.hub.Settlement;
import io.jifen.hub.internal.connector.StatementLine;

/** The settlement tables, in SQL: the statement as received, then the outcome of every line and delivered order. */
@Repository
class SettlementStore {

    /** Suppliers bill by Beijing time. */
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    SettlementStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** Stores the statement of a run (again, on a restart: the run's earlier lines are replaced). */
    void statement(long run, String supplier, YearMonth month, List<StatementLine> lines) {
        jdbc.sql("insert into supplier_hub.settlement_run (id, supplier_id, month) values (?, ?, ?) on conflict (id) do nothing")
                .params(run, supplier, month.atDay(1))
                .update();
        jdbc.sql("delete from supplier_hub.settlement_item where run_id = ?").param(run).update();
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

    /** Sets every line's and every delivered order's outcome, then the run's counts and totals. */
    void reconcile(long run, String supplier, YearMonth month) {
        OffsetDateTime from = month.atDay(1).atStartOfDay(BEIJING).toOffsetDateTime();
        OffsetDateTime to = month.plusMonths(1).atDay(1).atStartOfDay(BEIJING).toOffsetDateTime();
        jdbc.sql("delete from supplier_hub.settlement_item where run_id = ?").param(run).update();
        jdbc.sql("""
                        insert into supplier_hub.settlement_item (run_id, item_no, order_no, supplier_order_id, tenant_id, outcome,
                            hub_total_fen, supplier_total_fen)
                        select l.run_id, l.line_no, l.order_no, l.supplier_order_id, o.tenant_id,
                               case when o.order_no is null then 'MISSING_AT_HUB'
                                    when row_number() over (partition by l.order_no order by l.line_no) > 1 then 'DUPLICATE'
                                    when o.state <> 'DELIVERED' then 'STATE_MISMATCH'
                                    when o.unit_cost_fen * o.quantity <> l.total_fen then 'PRICE_MISMATCH'
                                    else 'MATCHED' end,
                               case when o.state = 'DELIVERED' then o.unit_cost_fen * o.quantity end,
                               l.total_fen
                        from supplier_hub.settlement_line l
                        left join supplier_hub.supplier_order o on o.order_no = l.order_no and o.supplier_id = :supplier
                        where l.run_id = :run""")
                .param("run", run)
                .param("supplier", supplier)
                .update();
        jdbc.sql("""
                        insert into supplier_hub.settlement_item (run_id, item_no, order_no, supplier_order_id, tenant_id, outcome,
                            hub_total_fen, supplier_total_fen)
                        select :run, (select count(*) from supplier_hub.settlement_line where run_id = :run) + row_number() over (order by o.order_no),
                               o.order_no, o.supplier_order_id, o.tenant_id, 'MISSING_AT_SUPPLIER', o.unit_cost_fen * o.quantity, null
                        from supplier_hub.supplier_order o
                        where o.supplier_id = :supplier and o.state = 'DELIVERED' and o.delivered_at >= :from and o.delivered_at < :to
                          and not exists (select 1 from supplier_hub.settlement_line l where l.run_id = :run and l.order_no = o.order_no)""")
                .param("run", run)
                .param("supplier", supplier)
                .param("from", from)
                .param("to", to)
                .update();
        jdbc.sql("""
                        update supplier_hub.settlement_run r
                        set completed_at = now(), matched = c.matched, price_mismatches = c.price, state_mismatches = c.state,
                            duplicates = c.duplicates, missing_at_supplier = c.at_supplier, missing_at_hub = c.at_hub,
                            supplier_total_fen = (select coalesce(sum(total_fen), 0) from supplier_hub.settlement_line where run_id = :run),
                            hub_total_fen = (select coalesce(sum(unit_cost_fen * quantity), 0) from supplier_hub.supplier_order
                                             where supplier_id = :supplier and state = 'DELIVERED' and delivered_at >= :from and delivered_at < :to)
                        from (select count(*) filter (where outcome = 'MATCHED') as matched,
                                     count(*) filter (where outcome = 'PRICE_MISMATCH') as price,
                                     count(*) filter (where outcome = 'STATE_MISMATCH') as state,
                                     count(*) filter (where outcome = 'DUPLICATE') as duplicates,
                                     count(*) filter (where outcome = 'MISSING_AT_SUPPLIER') as at_supplier,
                                     count(*) filter (where outcome = 'MISSING_AT_HUB') as at_hub
                              from supplier_hub.settlement_item where run_id = :run) c
                        where r.id = :run""")
                .param("run", run)
                .param("supplier", supplier)
                .param("from", from)
                .param("to", to)
                .update();
    }

    Optional<Settlement> find(long run) {
        return jdbc.sql(RUN + " where id = ?").param(run).query(this::settlement).optional();
    }

    List<Settlement> runs(String supplier, int limit) {
        return jdbc.sql(RUN + " where supplier_id = ? order by id desc limit ?").params(supplier, limit).query(this::settlement).list();
    }

    List<Settlement.Item> items(long run, @Nullable String outcome, int offset, int limit) {
        return jdbc.sql("""
                        select order_no, supplier_order_id, tenant_id, outcome, hub_total_fen, supplier_total_fen
                        from supplier_hub.settlement_item
                        where run_id = ? and (cast(? as text) is null or outcome = ?)
                        order by item_no offset ? limit ?""")
                .params(run, outcome, outcome, offset, limit)
                .query((rs, n) -> new Settlement.Item(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                        (Long) rs.getObject(5), (Long) rs.getObject(6)))
                .list();
    }

    private static final String RUN = """
            select id, supplier_id, month, started_at, completed_at, matched, price_mismatches, state_mismatches, duplicates,
                   missing_at_supplier, missing_at_hub, supplier_total_fen, hub_total_fen
            from supplier_hub.settlement_run""";

    private Settlement settlement(ResultSet rs, int n) throws SQLException {
        long id = rs.getLong(1);
        OffsetDateTime completed = rs.getObject(5, OffsetDateTime.class);
        List<Settlement.TenantCost> costs = jdbc.sql("""
                        select tenant_id, count(*), sum(supplier_total_fen) from supplier_hub.settlement_item
                        where run_id = ? and outcome in ('MATCHED', 'PRICE_MISMATCH') and tenant_id is not null
                        group by tenant_id order by tenant_id""")
                .param(id)
                .query((costRs, m) -> new Settlement.TenantCost(costRs.getObject(1, UUID.class), costRs.getInt(2), costRs.getLong(3)))
                .list();
        return new Settlement(id, rs.getString(2), YearMonth.from(rs.getObject(3, LocalDate.class)), rs.getObject(4, OffsetDateTime.class).toInstant(),
                completed == null ? null : completed.toInstant(), (Integer) rs.getObject(6), (Integer) rs.getObject(7), (Integer) rs.getObject(8),
                (Integer) rs.getObject(9), (Integer) rs.getObject(10), (Integer) rs.getObject(11), (Long) rs.getObject(12), (Long) rs.getObject(13),
                costs);
    }
}
