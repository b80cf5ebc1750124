package io.jifen.platform.redemption;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.jifen.platform.jdbc.SqlPipeline;
import io.jifen.platform.jdbc.TimeOrderedIds;
import io.jifen.platform.web.TimeCursor;

/** The orders' rows and steps (SQL only; the rules of the saga are the callers'). */
@Component
class OrderStore {

    /** An order with what only the saga needs. */
    record Stored(Order order, String requestHash, @Nullable UUID itemId, @Nullable String supplier, @Nullable String skuId,
                  @Nullable UUID flashSaleId, @Nullable UUID holdId, @Nullable UUID expiredSpendId, byte @Nullable [] deliverySealed, String quote) {
    }

    /** What a new order is. */
    record NewOrder(UUID id, String orderNo, UUID memberId, String orderKey, String requestHash, String item, @Nullable UUID itemId,
                    @Nullable String supplier, @Nullable String skuId, @Nullable UUID flashSaleId, Order.Fulfilment fulfilment, String title, int quantity, String pointType,
                    long points, long feePoints, long cashFen, long orderFen, long goodsCostFen, String quoteJson, byte @Nullable [] deliverySealed,
                    Instant at) {

        /** The order as inserted, in {@code state}: nothing refunded or returned yet. */
        Order asOrder(Order.State state, @Nullable Instant paidAt, @Nullable Instant closedAt) {
            return new Order(id, orderNo, memberId, item, title, fulfilment, quantity, pointType, points, feePoints, cashFen, orderFen, goodsCostFen, state,
                    null, 0, 0, 0, null, at, paidAt, closedAt);
        }
    }

    /** The admin's filter of the listing. */
    record Filter(Order.@Nullable State state, @Nullable UUID memberId, @Nullable Instant from, @Nullable Instant to) {
    }

    private static final String COLUMNS = """
            id, order_no, member_id, item_ref, title, fulfilment, quantity, point_type, points, fee_points, cash_fen, order_fen, goods_cost_fen,
            state, tracking, points_refunded, cash_refunded_fen, quantity_returned, failure, placed_at, paid_at, closed_at,
            request_hash, item_id, supplier, sku_id, flash_sale_id, hold_id, expired_spend_id, delivery_sealed, quote
            """;

    private final JdbcClient jdbc;

    OrderStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A step of a new order: its state, what happened, and who did it (null: the system). */
    record NewStep(Order.State state, String text, @Nullable String actor) {
    }

    /**
     * Adds the order's insert, with its steps, to {@code pipeline}; once the pipeline has run, the answer says whether
     * it was written: not when an order under the member's key exists (the insert waits for one in flight to end).
     */
    BooleanSupplier insert(SqlPipeline pipeline, NewOrder o, Order.State state, @Nullable UUID holdId, @Nullable UUID expiredSpendId, List<NewStep> steps) {
        OffsetDateTime at = utc(o.at());
        boolean paid = state != Order.State.PLACED;
        List<UUID> written = new ArrayList<>(1);
        pipeline.add("""
                        with o as (
                            insert into platform.redemption_order (tenant_id, id, order_no, member_id, order_key, request_hash, item_ref, item_id, supplier,
                                sku_id, flash_sale_id, fulfilment, title, quantity, point_type, points, fee_points, cash_fen, order_fen, goods_cost_fen, quote,
                                state, hold_id, expired_spend_id, delivery_sealed, placed_at, paid_at, closed_at, updated_at)
                            values (platform.current_tenant(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?, ?, ?, ?, ?)
                            on conflict (tenant_id, member_id, order_key) do nothing
                            returning id),
                        steps as (
                            insert into platform.redemption_order_step (tenant_id, id, order_id, at, state, text, actor)
                            select platform.current_tenant(), s.id, o.id, ?, s.state, s.text, s.actor
                            from o, unnest(?::uuid[], ?::text[], ?::text[], ?::text[]) with ordinality as s(id, state, text, actor, n)
                            order by s.n)
                        select id from o""",
                Arrays.asList(o.id(), o.orderNo(), o.memberId(), o.orderKey(), o.requestHash(), o.item(), o.itemId(), o.supplier(), o.skuId(), o.flashSaleId(),
                        o.fulfilment().name(), o.title(), o.quantity(), o.pointType(), o.points(), o.feePoints(), o.cashFen(), o.orderFen(),
                        o.goodsCostFen(), o.quoteJson(), state.name(), holdId, expiredSpendId, o.deliverySealed(), at, paid ? at : null,
                        state == Order.State.DELIVERED ? at : null, at, at,
                        steps.stream().map(step -> TimeOrderedIds.next()).toArray(UUID[]::new),
                        steps.stream().map(step -> step.state().name()).toArray(String[]::new),
                        steps.stream().map(NewStep::text).toArray(String[]::new),
                        steps.stream().map(NewStep::actor).toArray(String[]::new)),
                rs -> written.add(rs.getObject(1, UUID.class)));
        return () -> !written.isEmpty();
    }

    Optional<Stored> byKey(UUID memberId, String orderKey) {
        return jdbc.sql("select " + COLUMNS + " from platform.redemption_order where tenant_id = platform.current_tenant() and member_id = ? and order_key = ?")
                .params(memberId, orderKey).query(OrderStore::stored).optional();
    }

    /** Adds the lookup of {@link #byKey} to {@code pipeline}: the order, if there is one, goes to {@code found}. */
    SqlPipeline byKey(SqlPipeline pipeline, UUID memberId, String orderKey, Consumer<Stored> found) {
        return pipeline.add("select " + COLUMNS + " from platform.redemption_order where tenant_id = platform.current_tenant() and member_id = ? and order_key = ?",
                List.of(memberId, orderKey), rs -> found.accept(stored(rs, 0)));
    }

    Optional<Stored> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from platform.redemption_order where tenant_id = platform.current_tenant() and id = ?")
                .param(id).query(OrderStore::stored).optional();
    }

    /** The order, locked until the caller's transaction ends: every step of the saga goes through this lock. */
    Optional<Stored> lock(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from platform.redemption_order where tenant_id = platform.current_tenant() and id = ? for update")
                .param(id).query(OrderStore::stored).optional();
    }

    Optional<UUID> idOf(String orderNo) {
        return jdbc.sql("select id from platform.redemption_order where tenant_id = platform.current_tenant() and order_no = ?")
                .param(orderNo).query(UUID.class).optional();
    }

    /** Moves the order to {@code state} (the caller holds its lock and checked the move), with a step. */
    void move(UUID id, Order.State state, Instant at, String text, @Nullable String actor) {
        boolean paid = state == Order.State.PAID;
        boolean closed = state == Order.State.DELIVERED || state == Order.State.COMPLETED || state.closed();
        jdbc.sql("""
                        update platform.redemption_order set state = ?, updated_at = ?,
                            paid_at = case when ? then ? else paid_at end, closed_at = case when ? then ? else closed_at end
                        where tenant_id = platform.current_tenant() and id = ?""")
                .params(state.name(), utc(at), paid, utc(at), closed, utc(at), id)
                .update();
        step(id, state, at, text, actor);
    }

    void step(UUID id, Order.State state, Instant at, String text, @Nullable String actor) {
        jdbc.sql("""
                        insert into platform.redemption_order_step (tenant_id, id, order_id, at, state, text, actor)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?, ?)""")
                .params(TimeOrderedIds.next(), id, utc(at), state.name(), text, actor)
                .update();
    }

    void setTracking(UUID id, String tracking) {
        jdbc.sql("update platform.redemption_order set tracking = ? where tenant_id = platform.current_tenant() and id = ?").params(tracking, id).update();
    }

    void setFailure(UUID id, String failure) {
        jdbc.sql("update platform.redemption_order set failure = ? where tenant_id = platform.current_tenant() and id = ?").params(failure, id).update();
    }

    /** Adds a refund's amounts to the order's refunded totals. */
    void addRefunded(UUID id, long points, long cashFen, int quantity, Instant at) {
        jdbc.sql("""
                        update platform.redemption_order set points_refunded = points_refunded + ?, cash_refunded_fen = cash_refunded_fen + ?,
                            quantity_returned = quantity_returned + ?, updated_at = ?
                        where tenant_id = platform.current_tenant() and id = ?""")
                .params(points, cashFen, quantity, utc(at), id)
                .update();
    }

    List<Order.Step> steps(UUID id) {
        return jdbc.sql("""
                        select at, state, text, actor from platform.redemption_order_step
                        where tenant_id = platform.current_tenant() and order_id = ? order by seq""")
                .param(id)
                .query((rs, n) -> new Order.Step(rs.getObject(1, OffsetDateTime.class).toInstant(), Order.State.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4)))
                .list();
    }

    /** The tenant's orders, newest first, {@code limit} of them from {@code after}. */
    List<Order> list(Filter filter, @Nullable TimeCursor after, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from platform.redemption_order where tenant_id = platform.current_tenant()");
        List<Object> params = new ArrayList<>();
        if (filter.state() != null) {
            sql.append(" and state = ?");
            params.add(filter.state().name());
        }
        if (filter.memberId() != null) {
            sql.append(" and member_id = ?");
            params.add(filter.memberId());
        }
        if (filter.from() != null) {
            sql.append(" and placed_at >= ?");
            params.add(utc(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" and placed_at < ?");
            params.add(utc(filter.to()));
        }
        if (after != null) {
            sql.append(" and (placed_at, id) < (?, ?)");
            params.add(utc(after.at()));
            params.add(after.id());
        }
        sql.append(" order by placed_at desc, id desc limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> stored(rs, n).order()).list();
    }

    List<Orders.TopItem> top(Instant from, Instant to, int limit) {
        return jdbc.sql("""
                        select item_ref, max(title), count(*), sum(quantity - quantity_returned), sum(points - points_refunded), sum(cash_fen - cash_refunded_fen)
                        from platform.redemption_order
                        where tenant_id = platform.current_tenant() and placed_at >= ? and placed_at < ? and paid_at is not null and state <> 'CANCELLED'
                        group by item_ref order by 4 desc, 5 desc, 1 limit ?""")
                .params(utc(from), utc(to), limit)
                .query((rs, n) -> new Orders.TopItem(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)))
                .list();
    }

    /** Unpaid orders placed before {@code before}, oldest first. */
    List<UUID> unpaidBefore(Instant before, int limit) {
        return jdbc.sql("""
                        select id from platform.redemption_order
                        where tenant_id = platform.current_tenant() and state = 'PLACED' and placed_at < ? order by placed_at limit ?""")
                .params(utc(before), limit).query(UUID.class).list();
    }

    private static Stored stored(ResultSet rs, int row) throws SQLException {
        Order order = new Order(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5),
                Order.Fulfilment.valueOf(rs.getString(6)), rs.getInt(7), rs.getString(8), rs.getLong(9), rs.getLong(10), rs.getLong(11),
                rs.getLong(12), rs.getLong(13), Order.State.valueOf(rs.getString(14)), rs.getString(15), rs.getLong(16), rs.getLong(17),
                rs.getInt(18), rs.getString(19), instant(rs, 20), nullableInstant(rs, 21), nullableInstant(rs, 22));
        return new Stored(order, rs.getString(23), rs.getObject(24, UUID.class), rs.getString(25), rs.getString(26), rs.getObject(27, UUID.class),
                rs.getObject(28, UUID.class), rs.getObject(29, UUID.class), rs.getBytes(30), rs.getString(31));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static @Nullable Instant nullableInstant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
