package io.jifen.billing.internal.collection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.jifen.billing.InvoiceCollection;

/**
 * Invoice collections, the tenant's Stripe customer and the Stripe events applied (the tenant's own tables: every method
 * but the routes' runs in the caller's tenant scope), and the routes from Stripe's ids to tenants (shared).
 */
@Repository
class CollectionStore {

    private static final String COLUMNS = "tenant_id, invoice_id, status, amount_due_fen, amount_paid_fen, amount_refunded_fen, disputed, "
            + "payment_failures, stripe_invoice_id, hosted_invoice_url, paid_by, paid_at, finalized_at";

    private final JdbcClient jdbc;

    CollectionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<UUID> pendingDue(UUID tenant, Instant now) {
        return jdbc.sql("select invoice_id from billing.invoice_collection where tenant_id = ? and status = 'PENDING' and next_push_at <= ? "
                + "order by next_push_at").params(tenant, utc(now)).query(UUID.class).list();
    }

    Optional<InvoiceCollection> find(UUID tenant, UUID invoiceId) {
        return jdbc.sql("select " + COLUMNS + " from billing.invoice_collection where tenant_id = ? and invoice_id = ?").params(tenant, invoiceId)
                .query(CollectionStore::collection).optional();
    }

    List<InvoiceCollection> unpaidAtStripe(UUID tenant) {
        return jdbc.sql("select " + COLUMNS + " from billing.invoice_collection where tenant_id = ? and status in ('PENDING', 'OPEN') "
                + "and stripe_invoice_id is not null").param(tenant).query(CollectionStore::collection).list();
    }

    Optional<InvoiceCollection> lock(UUID tenant, UUID invoiceId) {
        return jdbc.sql("select " + COLUMNS + " from billing.invoice_collection where tenant_id = ? and invoice_id = ? for update")
                .params(tenant, invoiceId).query(CollectionStore::collection).optional();
    }

    Optional<UUID> invoiceOfStripe(UUID tenant, String stripeInvoiceId) {
        return jdbc.sql("select invoice_id from billing.invoice_collection where tenant_id = ? and stripe_invoice_id = ?")
                .params(tenant, stripeInvoiceId).query(UUID.class).optional();
    }

    Optional<String> customer(UUID tenant) {
        return jdbc.sql("select customer_id from billing.stripe_customer where tenant_id = ?").param(tenant).query(String.class).optional();
    }

    void saveCustomer(UUID tenant, String customerId) {
        jdbc.sql("insert into billing.stripe_customer (tenant_id, customer_id) values (?, ?) on conflict (tenant_id) do nothing")
                .params(tenant, customerId).update();
        route(customerId, tenant);
    }

    void saveStripeInvoice(UUID tenant, UUID invoiceId, String stripeInvoiceId) {
        jdbc.sql("update billing.invoice_collection set stripe_invoice_id = ?, updated_at = now() where tenant_id = ? and invoice_id = ? "
                + "and stripe_invoice_id is null").params(stripeInvoiceId, tenant, invoiceId).update();
        route(stripeInvoiceId, tenant);
    }

    /** Stripe's state of the invoice, short of paid: OPEN, VOID or UNCOLLECTIBLE (a paid row is never changed back). */
    void state(UUID tenant, UUID invoiceId, InvoiceCollection.Status status, @Nullable String hostedUrl) {
        jdbc.sql("""
                        update billing.invoice_collection set status = ?, hosted_invoice_url = coalesce(?, hosted_invoice_url), updated_at = now()
                        where tenant_id = ? and invoice_id = ? and status <> 'PAID'""")
                .params(status.name(), hostedUrl, tenant, invoiceId).update();
    }

    void paid(UUID tenant, UUID invoiceId, long amountPaidFen, @Nullable String paymentIntent, @Nullable String hostedUrl, String by,
              @Nullable String reference, Instant at) {
        jdbc.sql("""
                        update billing.invoice_collection set status = 'PAID', amount_paid_fen = ?, payment_intent_id = ?,
                            hosted_invoice_url = coalesce(?, hosted_invoice_url), paid_by = ?, paid_reference = ?, paid_at = ?, updated_at = now()
                        where tenant_id = ? and invoice_id = ? and status <> 'PAID'""")
                .params(amountPaidFen, paymentIntent, hostedUrl, by, reference, utc(at), tenant, invoiceId).update();
        if (paymentIntent != null) {
            route(paymentIntent, tenant);
        }
    }

    void pushFailed(UUID tenant, UUID invoiceId, Instant nextAttempt, String error) {
        jdbc.sql("""
                        update billing.invoice_collection set push_attempts = push_attempts + 1, next_push_at = ?, last_push_error = ?, updated_at = now()
                        where tenant_id = ? and invoice_id = ? and status = 'PENDING'""")
                .params(utc(nextAttempt), error.length() > 500 ? error.substring(0, 500) : error, tenant, invoiceId).update();
    }

    int pushAttempts(UUID tenant, UUID invoiceId) {
        return jdbc.sql("select push_attempts from billing.invoice_collection where tenant_id = ? and invoice_id = ?").params(tenant, invoiceId)
                .query(Integer.class).optional().orElse(0);
    }

    void paymentFailed(UUID tenant, UUID invoiceId, Instant at) {
        jdbc.sql("update billing.invoice_collection set payment_failures = payment_failures + 1, last_failure_at = ?, updated_at = now() "
                + "where tenant_id = ? and invoice_id = ?").params(utc(at), tenant, invoiceId).update();
    }

    /** The refunds of the charge so far: Stripe's running total, so a late or repeated event changes nothing. */
    int refunded(UUID tenant, String paymentIntent, long amountRefundedFen) {
        return jdbc.sql("update billing.invoice_collection set amount_refunded_fen = greatest(amount_refunded_fen, ?), updated_at = now() "
                + "where tenant_id = ? and payment_intent_id = ?").params(amountRefundedFen, tenant, paymentIntent).update();
    }

    int disputed(UUID tenant, String paymentIntent, String disputeId) {
        return jdbc.sql("update billing.invoice_collection set disputed = true, dispute_id = ?, updated_at = now() where tenant_id = ? and payment_intent_id = ?")
                .params(disputeId, tenant, paymentIntent).update();
    }

    boolean seen(UUID tenant, String eventId) {
        return jdbc.sql("select exists (select 1 from billing.stripe_event where tenant_id = ? and event_id = ?)").params(tenant, eventId)
                .query(Boolean.class).single();
    }

    /** Records the event as applied; false if it was (a repeat or a concurrent delivery). */
    boolean claim(UUID tenant, String eventId, String type, String objectId, Instant at) {
        return jdbc.sql("insert into billing.stripe_event (tenant_id, event_id, type, object_id, received_at) values (?, ?, ?, ?, ?) "
                + "on conflict do nothing").params(tenant, eventId, type, objectId, utc(at)).update() == 1;
    }

    /** The tenant a Stripe id (customer, invoice, payment intent) belongs to. */
    Optional<UUID> tenantOf(String stripeId) {
        return jdbc.sql("select tenant_id from billing.stripe_route where stripe_id = ?").param(stripeId).query(UUID.class).optional();
    }

    private void route(String stripeId, UUID tenant) {
        jdbc.sql("insert into billing.stripe_route (stripe_id, tenant_id) values (?, ?) on conflict (stripe_id) do nothing").params(stripeId, tenant).update();
    }

    private static InvoiceCollection collection(ResultSet rs, int row) throws SQLException {
        OffsetDateTime paidAt = rs.getObject("paid_at", OffsetDateTime.class);
        return new InvoiceCollection(rs.getObject("tenant_id", UUID.class), rs.getObject("invoice_id", UUID.class),
                InvoiceCollection.Status.valueOf(rs.getString("status")), rs.getLong("amount_due_fen"), rs.getLong("amount_paid_fen"),
                rs.getLong("amount_refunded_fen"), rs.getBoolean("disputed"), rs.getInt("payment_failures"), rs.getString("stripe_invoice_id"),
                rs.getString("hosted_invoice_url"), rs.getString("paid_by"), paidAt == null ? null : paidAt.toInstant(),
                rs.getObject("finalized_at", OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
