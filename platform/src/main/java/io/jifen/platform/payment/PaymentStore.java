package io.jifen.platform.payment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The payment tables (changelog 032): payments and their refunds in the current tenant (row-level security), the events
 * applied, and the shared route from an intent to its tenant. Callers bring the transaction.
 */
@Repository
class PaymentStore {

    static final String CURRENCY = "cny";
    /** A payment whose intent Stripe has not answered for yet; never shown. */
    static final String STARTING = "STARTING";

    /** A payment as stored; {@code status} is {@link #STARTING} or a {@link Payments.Status}. */
    record Row(String reference, UUID memberId, long amountFen, Payments.Method method, @Nullable String description,
               @Nullable String returnUrl, @Nullable String intentId, String status, @Nullable String redirectUrl,
               @Nullable String failure, long refundedFen, Instant createdAt) {

        boolean starting() {
            return STARTING.equals(status);
        }

        Payments.Status publicStatus() {
            return Payments.Status.valueOf(status);
        }

        boolean isFinal() {
            return !starting() && publicStatus().isFinal();
        }

        Payments.Payment view() {
            return new Payments.Payment(reference, intentId, amountFen, refundedFen, publicStatus(), redirectUrl, failure, createdAt);
        }
    }

    /** A refund as stored; {@code refundId} is null while Stripe has not answered. */
    record RefundRow(String idempotencyKey, String reference, long amountFen, @Nullable String refundId, @Nullable Instant refundedAt) {
    }

    private static final String COLUMNS = """
            reference, member_id, amount_fen, method, description, return_url, intent_id, status, redirect_url, failure,
            refunded_fen, created_at""";

    private final JdbcClient jdbc;

    PaymentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Keeps a new payment STARTING; false if the reference was there already. */
    boolean insertStarting(Payments.Charge charge, Instant now) {
        return jdbc.sql("""
                        insert into platform.payment (tenant_id, reference, member_id, amount_fen, currency, method, description, return_url,
                                                      status, created_at, updated_at)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (tenant_id, reference) do nothing""")
                .params(charge.reference(), charge.memberId(), charge.amountFen(), CURRENCY, charge.method().name(), charge.description(),
                        charge.returnUrl(), STARTING, at(now), at(now))
                .update() == 1;
    }

    Optional<Row> find(String reference) {
        return jdbc.sql("select " + COLUMNS + " from platform.payment where tenant_id = platform.current_tenant() and reference = ?")
                .param(reference).query(PaymentStore::row).optional();
    }

    /** The payment, locked until the transaction ends: its changes are made one at a time. */
    Optional<Row> lock(String reference) {
        return jdbc.sql("select " + COLUMNS + " from platform.payment where tenant_id = platform.current_tenant() and reference = ? for update")
                .param(reference).query(PaymentStore::row).optional();
    }

    Optional<Row> lockByIntent(String intentId) {
        return jdbc.sql("select " + COLUMNS + " from platform.payment where tenant_id = platform.current_tenant() and intent_id = ? for update")
                .param(intentId).query(PaymentStore::row).optional();
    }

    /** Forgets a payment Stripe refused to start (nothing exists there). */
    void deleteStarting(String reference) {
        jdbc.sql("delete from platform.payment where tenant_id = platform.current_tenant() and reference = ? and status = ?")
                .params(reference, STARTING).update();
    }

    /** Ties a payment to its intent, and the intent to the tenant for Stripe's events. */
    void attachIntent(String reference, String intentId, Instant now) {
        jdbc.sql("update platform.payment set intent_id = ?, status = case when status = ? then ? else status end, updated_at = ? "
                        + "where tenant_id = platform.current_tenant() and reference = ?")
                .params(intentId, STARTING, Payments.Status.REQUIRES_ACTION.name(), at(now), reference).update();
        jdbc.sql("""
                        insert into platform.payment_intent_route (intent_id, tenant_id) values (?, platform.current_tenant())
                        on conflict (intent_id) do nothing""")
                .param(intentId).update();
    }

    void update(String reference, Payments.Status status, @Nullable String redirectUrl, @Nullable String failure, Instant now) {
        jdbc.sql("update platform.payment set status = ?, redirect_url = ?, failure = ?, updated_at = ? "
                        + "where tenant_id = platform.current_tenant() and reference = ?")
                .params(status.name(), redirectUrl, failure, at(now), reference).update();
    }

    /** The tenant of an intent: platform-level, it reads only the route (an intent id and a tenant id). */
    Optional<UUID> tenantOfIntent(String intentId) {
        return jdbc.sql("select tenant_id from platform.payment_intent_route where intent_id = ?").param(intentId).query(UUID.class).optional();
    }

    /** Records an event as applied; false if it was applied before (a repeated delivery). */
    boolean claimEvent(String eventId, String type, String intentId, Instant now) {
        return jdbc.sql("""
                        insert into platform.payment_event (tenant_id, event_id, type, intent_id, received_at)
                        values (platform.current_tenant(), ?, ?, ?, ?)
                        on conflict (tenant_id, event_id) do nothing""")
                .params(eventId, type, intentId, at(now)).update() == 1;
    }

    Optional<RefundRow> findRefund(String idempotencyKey) {
        return jdbc.sql("""
                        select idempotency_key, reference, amount_fen, refund_id, refunded_at from platform.payment_refund
                        where tenant_id = platform.current_tenant() and idempotency_key = ?""")
                .param(idempotencyKey)
                .query((rs, n) -> new RefundRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), instant(rs, 5)))
                .optional();
    }

    /** Keeps a refund asked for and counts it against the payment, before Stripe is asked. */
    void reserveRefund(String idempotencyKey, String reference, long amountFen, Instant now) {
        jdbc.sql("""
                        insert into platform.payment_refund (tenant_id, idempotency_key, reference, amount_fen, created_at)
                        values (platform.current_tenant(), ?, ?, ?, ?)""")
                .params(idempotencyKey, reference, amountFen, at(now)).update();
        jdbc.sql("update platform.payment set refunded_fen = refunded_fen + ?, updated_at = ? where tenant_id = platform.current_tenant() and reference = ?")
                .params(amountFen, at(now), reference).update();
    }

    /** Takes back a refund Stripe refused. */
    void releaseRefund(String idempotencyKey, String reference, long amountFen, Instant now) {
        int deleted = jdbc.sql("delete from platform.payment_refund where tenant_id = platform.current_tenant() and idempotency_key = ? and refund_id is null")
                .param(idempotencyKey).update();
        if (deleted == 1) {
            jdbc.sql("update platform.payment set refunded_fen = refunded_fen - ?, updated_at = ? where tenant_id = platform.current_tenant() and reference = ?")
                    .params(amountFen, at(now), reference).update();
        }
    }

    void completeRefund(String idempotencyKey, String refundId, Instant at) {
        jdbc.sql("update platform.payment_refund set refund_id = ?, refunded_at = ? where tenant_id = platform.current_tenant() and idempotency_key = ?")
                .params(refundId, at(at), idempotencyKey).update();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getString("reference"), rs.getObject("member_id", UUID.class), rs.getLong("amount_fen"),
                Payments.Method.valueOf(rs.getString("method")), rs.getString("description"), rs.getString("return_url"),
                rs.getString("intent_id"), rs.getString("status"), rs.getString("redirect_url"), rs.getString("failure"),
                rs.getLong("refunded_fen"), instant(rs, "created_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
