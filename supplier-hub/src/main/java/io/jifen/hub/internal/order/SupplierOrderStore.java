package io.jifen.hub.internal.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.jifen.hub.HubOrder;
import io.jifen.hub.PlaceOrder;

/** The order tables of schema supplier_hub, in SQL. */
@Repository
class SupplierOrderStore {

    /** An order row, with what the worker needs to act on it. */
    record Row(String orderNo, UUID tenantId, UUID memberId, String supplier, String skuId, int quantity, String delivery,
               String fingerprint, String state, @Nullable String supplierOrderId, long unitCostFen, int attempts,
               @Nullable String failure, Instant createdAt, @Nullable Instant deliveredAt) {
    }

    /** A stored, encrypted code. */
    record StoredCode(int position, CodeCipher.Sealed code, CodeCipher.@Nullable Sealed password, @Nullable LocalDate expiresOn) {
    }

    private static final String COLUMNS = """
            order_no, tenant_id, member_id, supplier_id, sku_id, quantity, delivery::text, fingerprint, state, supplier_order_id,
            unit_cost_fen, attempts, failure, created_at, delivered_at""";

    private final JdbcClient jdbc;

    SupplierOrderStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a new order, due at once; false if the number is taken. */
    boolean insert(PlaceOrder order, String delivery, String fingerprint, long unitCostFen) {
        return jdbc.sql("""
                        insert into supplier_hub.supplier_order (order_no, tenant_id, member_id, supplier_id, sku_id, quantity, delivery,
                            fingerprint, state, unit_cost_fen, next_attempt_at)
                        values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, 'PENDING', ?, now())
                        on conflict (order_no) do nothing""")
                .params(order.orderNo(), order.tenantId(), order.memberId(), order.supplier(), order.skuId(), order.quantity(), delivery,
                        fingerprint, unitCostFen)
                .update() == 1;
    }

    Optional<Row> find(String orderNo) {
        return jdbc.sql("select " + COLUMNS + " from supplier_hub.supplier_order where order_no = ?")
                .param(orderNo).query(SupplierOrderStore::row).optional();
    }

    Optional<Row> findBySupplierOrder(String supplier, String supplierOrderId) {
        return jdbc.sql("select " + COLUMNS + " from supplier_hub.supplier_order where supplier_id = ? and supplier_order_id = ?")
                .params(supplier, supplierOrderId).query(SupplierOrderStore::row).optional();
    }

    /**
     * Claims up to {@code limit} due orders (or the one named, if it is due) for {@code lease}: they are not due again
     * until the lease ends, so no other worker takes them meanwhile. Tries to get an order accepted count as attempts.
     */
    List<Row> claim(@Nullable String orderNo, int limit, Duration lease) {
        return jdbc.sql("""
                        update supplier_hub.supplier_order o
                        set next_attempt_at = now() + make_interval(secs => :lease),
                            attempts = attempts + case when state in ('PENDING', 'SUBMITTED') then 1 else 0 end
                        where order_no in (select order_no from supplier_hub.supplier_order
                                           where next_attempt_at <= now() and (cast(:orderNo as text) is null or order_no = :orderNo)
                                           order by next_attempt_at limit :limit for update skip locked)
                        returning\s""" + COLUMNS)
                .param("lease", lease.toSeconds())
                .param("orderNo", orderNo)
                .param("limit", limit)
                .query(SupplierOrderStore::row)
                .list();
    }

    /** Makes the named orders due now (a supplier message or notification said they changed). */
    int dueNow(String supplier, Collection<String> supplierOrderIds) {
        if (supplierOrderIds.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        update supplier_hub.supplier_order set next_attempt_at = now()
                        where supplier_id = ? and supplier_order_id = any(?) and next_attempt_at is not null""")
                .params(supplier, supplierOrderIds.toArray(String[]::new))
                .update();
    }

    /**
     * Moves an order on, if it is still in one of {@code from} (so a slower worker or a late notification never moves
     * it back); false if it was not. {@code nextAttempt} null makes the order final.
     */
    boolean advance(String orderNo, Collection<String> from, String to, @Nullable String supplierOrderId, @Nullable Long unitCostFen,
                    @Nullable Instant nextAttempt, @Nullable String failure) {
        return jdbc.sql("""
                        update supplier_hub.supplier_order
                        set state = :to, supplier_order_id = coalesce(:supplierOrderId, supplier_order_id),
                            unit_cost_fen = coalesce(:unitCostFen, unit_cost_fen), next_attempt_at = :nextAttempt,
                            failure = :failure, updated_at = now(),
                            delivered_at = case when :to = 'DELIVERED' then now() else delivered_at end
                        where order_no = :orderNo and state = any(:from)""")
                .param("to", to)
                .param("supplierOrderId", supplierOrderId)
                .param("unitCostFen", unitCostFen)
                .param("nextAttempt", nextAttempt == null ? null : OffsetDateTime.ofInstant(nextAttempt, java.time.ZoneOffset.UTC))
                .param("failure", failure)
                .param("orderNo", orderNo)
                .param("from", from.toArray(String[]::new))
                .update() == 1;
    }

    /** Sets when the order is next due, without changing its state (a retry later, the next tracking check). */
    void retryAt(String orderNo, Instant at, @Nullable String failure) {
        jdbc.sql("""
                        update supplier_hub.supplier_order set next_attempt_at = ?, failure = ?, updated_at = now()
                        where order_no = ? and next_attempt_at is not null""")
                .params(OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC), failure, orderNo)
                .update();
    }

    void event(String orderNo, Instant at, String source, String text) {
        jdbc.sql("""
                        insert into supplier_hub.supplier_order_event (order_no, at, source, text) values (?, ?, ?, ?)
                        on conflict do nothing""")
                .params(orderNo, OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC), source, text)
                .update();
    }

    List<HubOrder.Event> history(String orderNo) {
        return jdbc.sql("select at, source, text from supplier_hub.supplier_order_event where order_no = ? order by at, source, text")
                .param(orderNo)
                .query((rs, n) -> new HubOrder.Event(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2), rs.getString(3)))
                .list();
    }

    /** Stores a code unless one is stored at its position already. */
    void code(String orderNo, StoredCode code) {
        jdbc.sql("""
                        insert into supplier_hub.voucher_code (order_no, position, key_id, code, password, expires_on)
                        values (?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(orderNo, code.position(), code.code().keyId(), code.code().bytes(),
                        code.password() == null ? null : code.password().bytes(), code.expiresOn())
                .update();
    }

    List<StoredCode> codes(String orderNo) {
        return jdbc.sql("select position, key_id, code, password, expires_on from supplier_hub.voucher_code where order_no = ? order by position")
                .param(orderNo)
                .query((rs, n) -> {
                    byte[] password = rs.getBytes(4);
                    return new StoredCode(rs.getInt(1), new CodeCipher.Sealed(rs.getString(2), rs.getBytes(3)),
                            password == null ? null : new CodeCipher.Sealed(rs.getString(2), password), rs.getObject(5, LocalDate.class));
                })
                .list();
    }

    /** Records a notification; false if the same one was recorded before. */
    boolean notice(String supplier, String digest, String orderNo, String payload) {
        return jdbc.sql("""
                        insert into supplier_hub.supplier_notice (supplier_id, digest, order_no, payload) values (?, ?, ?, ?)
                        on conflict do nothing""")
                .params(supplier, digest, orderNo, payload)
                .update() == 1;
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        OffsetDateTime delivered = rs.getObject(15, OffsetDateTime.class);
        return new Row(rs.getString(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5),
                rs.getInt(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getLong(11), rs.getInt(12),
                rs.getString(13), rs.getObject(14, OffsetDateTime.class).toInstant(), delivered == null ? null : delivered.toInstant());
    }
}
