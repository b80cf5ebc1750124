package io.jifen.hub.internal.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.hub.HubOrder;
import io.jifen.hub.PlaceOrder;
import io.jifen.hub.internal.tenancy.HubTenants;
import io.jifen.hub.internal.tenancy.TenantScope;

/**
 * The order tables of schema supplier_hub, in SQL. The orders, their history, codes and notifications are the tenant's
 * (row-level security): those methods run in a transaction under the order's tenant ({@link TenantScope}). An order's
 * route (table order_route: its tenant, supplier, the supplier's id and when it is next due) is hub-level, so work
 * that spans tenants finds and claims orders there.
 */
@Repository
class SupplierOrderStore {

    /**
     * An order row, with what the worker needs to act on it. Its delivery details are sealed ({@link DeliverySealing});
     * an order placed before they were, and not migrated yet, holds them in clear.
     */
    record Row(String orderNo, UUID tenantId, UUID memberId, String supplier, String skuId, int quantity, @Nullable String clearDelivery,
               byte @Nullable [] deliverySealed, String fingerprint, String state, @Nullable String supplierOrderId, long unitCostFen, int attempts,
               @Nullable String failure, Instant createdAt, @Nullable Instant deliveredAt) {
    }

    /** Where an order number leads: its tenant, its supplier and the supplier's id for it. */
    record Route(String orderNo, UUID tenantId, String supplier, @Nullable String supplierOrderId) {
    }

    /** A stored, encrypted code. */
    record StoredCode(int position, CodeCipher.Sealed code, CodeCipher.@Nullable Sealed password, @Nullable LocalDate expiresOn) {
    }

    private static final String COLUMNS = """
            order_no, tenant_id, member_id, supplier_id, sku_id, quantity, delivery::text, delivery_sealed, fingerprint, state, supplier_order_id,
            unit_cost_fen, attempts, failure, created_at, delivered_at""";

    private final JdbcClient jdbc;
    private final TenantScope tenants;
    private final HubTenants hubTenants;
    private final TransactionTemplate transaction;

    SupplierOrderStore(JdbcClient jdbc, TenantScope tenants, HubTenants hubTenants, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.hubTenants = hubTenants;
        this.transaction = transaction;
    }

    /**
     * Inserts a new order, its delivery details sealed, and its route, due at once; false if the number is taken (by this
     * tenant or another).
     */
    boolean insert(PlaceOrder order, byte[] deliverySealed, String fingerprint, long unitCostFen) {
        hubTenants.register(order.tenantId());
        boolean routed = jdbc.sql("""
                        insert into supplier_hub.order_route (order_no, tenant_id, supplier_id, next_attempt_at) values (?, ?, ?, now())
                        on conflict (order_no) do nothing""")
                .params(order.orderNo(), order.tenantId(), order.supplier())
                .update() == 1;
        if (!routed) {
            return false;
        }
        jdbc.sql("""
                        insert into supplier_hub.supplier_order (order_no, tenant_id, member_id, supplier_id, sku_id, quantity, delivery_sealed,
                            fingerprint, state, unit_cost_fen)
                        values (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?)""")
                .params(order.orderNo(), order.tenantId(), order.memberId(), order.supplier(), order.skuId(), order.quantity(), deliverySealed,
                        fingerprint, unitCostFen)
                .update();
        return true;
    }

    /** The order's route; needs no tenant. */
    Optional<Route> route(String orderNo) {
        return jdbc.sql("select order_no, tenant_id, supplier_id, supplier_order_id from supplier_hub.order_route where order_no = ?")
                .param(orderNo)
                .query((rs, n) -> new Route(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4)))
                .optional();
    }

    Optional<Row> find(String orderNo) {
        return jdbc.sql("select " + COLUMNS + " from supplier_hub.supplier_order where order_no = ?")
                .param(orderNo).query(SupplierOrderStore::row).optional();
    }

    /**
     * Claims up to {@code limit} due orders of any tenant (or the one named, if it is due) for {@code lease}: they are
     * not due again until the lease ends, so no other worker takes them meanwhile. The claim is made on the routes
     * ({@code for update skip locked}); then, in the same transaction and under each order's tenant, tries to get an
     * order accepted count as attempts and the orders are read.
     */
    List<Row> claim(@Nullable String orderNo, int limit, Duration lease) {
        return transaction.execute(status -> {
            Map<UUID, List<String>> claimed = new LinkedHashMap<>();
            jdbc.sql("""
                            update supplier_hub.order_route r set next_attempt_at = now() + make_interval(secs => :lease)
                            where order_no in (select order_no from supplier_hub.order_route
                                               where next_attempt_at <= now() and (cast(:orderNo as text) is null or order_no = :orderNo)
                                               order by next_attempt_at limit :limit for update skip locked)
                            returning order_no, tenant_id""")
                    .param("lease", lease.toSeconds())
                    .param("orderNo", orderNo)
                    .param("limit", limit)
                    .query((rs, n) -> Map.entry(rs.getObject(2, UUID.class), rs.getString(1)))
                    .list()
                    .forEach(order -> claimed.computeIfAbsent(order.getKey(), tenant -> new ArrayList<>()).add(order.getValue()));
            if (claimed.isEmpty()) {
                return List.<Row>of();
            }
            return tenants.acrossTenants(claimed.keySet(), tenant -> jdbc.sql("""
                                    update supplier_hub.supplier_order
                                    set attempts = attempts + case when state in ('PENDING', 'SUBMITTED') then 1 else 0 end
                                    where order_no = any(?)
                                    returning\s""" + COLUMNS)
                            .param(claimed.get(tenant).toArray(String[]::new))
                            .query(SupplierOrderStore::row)
                            .list())
                    .stream().flatMap(List::stream).toList();
        });
    }

    /** Makes the named orders due now (a supplier message said they changed); needs no tenant. */
    int dueNow(String supplier, Collection<String> supplierOrderIds) {
        if (supplierOrderIds.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        update supplier_hub.order_route set next_attempt_at = now()
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
        lockRoute(orderNo);
        boolean moved = jdbc.sql("""
                        update supplier_hub.supplier_order
                        set state = :to, supplier_order_id = coalesce(:supplierOrderId, supplier_order_id),
                            unit_cost_fen = coalesce(:unitCostFen, unit_cost_fen), failure = :failure, updated_at = now(),
                            delivered_at = case when :to = 'DELIVERED' then now() else delivered_at end
                        where order_no = :orderNo and state = any(:from)""")
                .param("to", to)
                .param("supplierOrderId", supplierOrderId)
                .param("unitCostFen", unitCostFen)
                .param("failure", failure)
                .param("orderNo", orderNo)
                .param("from", from.toArray(String[]::new))
                .update() == 1;
        if (moved) {
            jdbc.sql("""
                            update supplier_hub.order_route
                            set next_attempt_at = ?, supplier_order_id = coalesce(?, supplier_order_id) where order_no = ?""")
                    .params(utc(nextAttempt), supplierOrderId, orderNo)
                    .update();
        }
        return moved;
    }

    /**
     * Locks the order's route until the transaction ends. Every writer of an order takes its route first and then the
     * order (a worker's claim and retry, a supplier's notice, a tracking check), so two of them never wait for each
     * other in opposite orders: a notice arriving while a worker handles the order waits for it instead of deadlocking.
     */
    void lockRoute(String orderNo) {
        jdbc.sql("select 1 from supplier_hub.order_route where order_no = ? for update").param(orderNo).query(Integer.class).optional();
    }

    /** Sets when the order is next due, unless it is final, without changing its state (a retry later, the next tracking check). */
    void retryAt(String orderNo, Instant at, @Nullable String failure) {
        boolean open = jdbc.sql("update supplier_hub.order_route set next_attempt_at = ? where order_no = ? and next_attempt_at is not null")
                .params(utc(at), orderNo)
                .update() == 1;
        if (open) {
            jdbc.sql("update supplier_hub.supplier_order set failure = ?, updated_at = now() where order_no = ?").params(failure, orderNo).update();
        }
    }

    void event(UUID tenant, String orderNo, Instant at, String source, String text) {
        jdbc.sql("""
                        insert into supplier_hub.supplier_order_event (tenant_id, order_no, at, source, text) values (?, ?, ?, ?, ?)
                        on conflict do nothing""")
                .params(tenant, orderNo, utc(at), source, text)
                .update();
    }

    List<HubOrder.Event> history(String orderNo) {
        return jdbc.sql("select at, source, text from supplier_hub.supplier_order_event where order_no = ? order by at, source, text")
                .param(orderNo)
                .query((rs, n) -> new HubOrder.Event(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2), rs.getString(3)))
                .list();
    }

    /** Stores a code unless one is stored at its position already. */
    void code(UUID tenant, String orderNo, StoredCode code) {
        jdbc.sql("""
                        insert into supplier_hub.voucher_code (tenant_id, order_no, position, key_id, code, password, expires_on)
                        values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(tenant, orderNo, code.position(), code.code().keyId(), code.code().bytes(),
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
    boolean notice(UUID tenant, String supplier, String digest, String orderNo, String redactedPayload, String bodySha256) {
        return jdbc.sql("""
                        insert into supplier_hub.supplier_notice (tenant_id, supplier_id, digest, order_no, payload, body_sha256)
                        values (?, ?, ?, ?, ?, ?)
                        on conflict do nothing""")
                .params(tenant, supplier, digest, orderNo, redactedPayload, bodySha256)
                .update() == 1;
    }

    private static @Nullable OffsetDateTime utc(@Nullable Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        OffsetDateTime delivered = rs.getObject(16, OffsetDateTime.class);
        return new Row(rs.getString(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5),
                rs.getInt(6), rs.getString(7), rs.getBytes(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getLong(12),
                rs.getInt(13), rs.getString(14), rs.getObject(15, OffsetDateTime.class).toInstant(), delivered == null ? null : delivered.toInstant());
    }
}
