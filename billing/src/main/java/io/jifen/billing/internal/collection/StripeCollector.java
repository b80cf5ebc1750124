package io.jifen.billing.internal.collection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.ToIntFunction;

import com.stripe.model.Charge;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import com.stripe.model.StripeObject;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.jifen.billing.BillingRefused;
import io.jifen.billing.BillingStripe;
import io.jifen.billing.Invoice;
import io.jifen.billing.InvoiceCollection;
import io.jifen.billing.InvoiceCollections;
import io.jifen.billing.Invoices;
import io.jifen.billing.StripeInvoice;
import io.jifen.billing.internal.dunning.Standings;
import io.jifen.billing.internal.tenancy.BillingTenants;
import io.jifen.billing.internal.tenancy.TenantScope;

/**
 * Collection through Stripe. Finalizing an invoice queues it (PENDING, in the finalizing transaction); {@link #pushDue}
 * takes each queued invoice to Stripe: the tenant's customer (made once), a draft Stripe invoice (its id stored at
 * once), its items, finalization; Stripe then charges the customer. A failure leaves it queued with a growing wait, so a
 * Stripe outage delays the push and loses nothing, and the idempotency keys make a repeated push harmless.
 *
 * <p>Stripe's events are applied once per event id, and by Stripe's state rather than by the event's: an invoice event
 * retrieves the invoice and applies what Stripe says now, and nothing moves a PAID invoice back, so deliveries in any
 * order and any number end in the same state. Refunds take the charge's running total, disputes mark the invoice.
 */
@Service
class StripeCollector implements InvoiceCollections {

    private static final Logger log = LoggerFactory.getLogger(StripeCollector.class);
    private static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    private static final Duration LONGEST_RETRY = Duration.ofHours(6);

    private final CollectionStore store;
    private final TenantScope scope;
    private final BillingTenants tenants;
    private final Invoices invoices;
    private final BillingStripe stripe;
    private final Standings standings;
    private final Clock clock;

    StripeCollector(CollectionStore store, TenantScope scope, BillingTenants tenants, Invoices invoices, BillingStripe stripe, Standings standings,
                    Clock clock) {
        this.store = store;
        this.scope = scope;
        this.tenants = tenants;
        this.invoices = invoices;
        this.stripe = stripe;
        this.standings = standings;
        this.clock = clock;
    }

    @Override
    public int pushDue(Instant now) {
        int pushed = 0;
        for (UUID tenant : tenants.all()) {
            for (UUID invoiceId : scope.call(tenant, () -> store.pendingDue(tenant, now))) {
                if (push(tenant, invoiceId, now)) {
                    pushed++;
                }
            }
        }
        return pushed;
    }

    private boolean push(UUID tenant, UUID invoiceId, Instant now) {
        try {
            Invoice invoice = invoices.find(tenant, invoiceId).orElseThrow();
            String customer = customerOf(tenant);
            String stripeInvoice = scope.call(tenant, () -> store.find(tenant, invoiceId).map(InvoiceCollection::stripeInvoiceId)).orElseGet(() -> {
                String created = stripe.createDraft(customer, invoice);
                scope.run(tenant, () -> store.saveStripeInvoice(tenant, invoiceId, created));
                return created;
            });
            StripeInvoice state = stripe.finalizeAndCollect(stripeInvoice, customer, invoice);
            scope.run(tenant, () -> applyState(tenant, invoiceId, state, "STRIPE", null));
            return true;
        } catch (RuntimeException e) {
            int attempts = scope.call(tenant, () -> store.pushAttempts(tenant, invoiceId));
            Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attempts, 20));
            Instant next = now.plus(wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait);
            log.warn("invoice {} of tenant {} not pushed to Stripe (attempt {}), again at {}: {}", invoiceId, tenant, attempts + 1, next, e.toString());
            scope.run(tenant, () -> store.pushFailed(tenant, invoiceId, next, e.toString()));
            return false;
        }
    }

    private String customerOf(UUID tenant) {
        return scope.call(tenant, () -> store.customer(tenant)).orElseGet(() -> {
            String created = stripe.createCustomer(tenant, "Jifen 租户 " + tenant);
            scope.run(tenant, () -> store.saveCustomer(tenant, created));
            return created;
        });
    }

    /** Applies Stripe's state of the invoice, in the tenant's transaction: never from PAID back, a payment restores the tenant. */
    private void applyState(UUID tenant, UUID invoiceId, StripeInvoice state, String paidBy, String reference) {
        InvoiceCollection row = store.lock(tenant, invoiceId).orElseThrow();
        if (row.status() == InvoiceCollection.Status.PAID) {
            return;
        }
        switch (state.status()) {
            case "paid" -> {
                store.paid(tenant, invoiceId, state.amountPaidFen() > 0 ? state.amountPaidFen() : row.amountDueFen(), state.paymentIntentId(),
                        state.hostedInvoiceUrl(), state.paymentIntentId() == null && "STRIPE".equals(paidBy) ? "BANK_TRANSFER" : paidBy, reference,
                        clock.instant());
                standings.restoreAfterPayment(tenant);
            }
            case "open" -> store.state(tenant, invoiceId, InvoiceCollection.Status.OPEN, state.hostedInvoiceUrl());
            case "void" -> store.state(tenant, invoiceId, InvoiceCollection.Status.VOID, state.hostedInvoiceUrl());
            case "uncollectible" -> store.state(tenant, invoiceId, InvoiceCollection.Status.UNCOLLECTIBLE, state.hostedInvoiceUrl());
            default -> log.debug("Stripe invoice {} is {}: nothing to apply", state.id(), state.status());
        }
    }

    @Override
    public boolean apply(Event event) {
        String type = event.getType() == null ? "" : event.getType();
        StripeObject object = object(event);
        if (type.startsWith("invoice.") && object instanceof com.stripe.model.Invoice invoice && invoice.getId() != null) {
            return applyInvoiceEvent(event, invoice);
        }
        if (type.equals("charge.refunded") && object instanceof Charge charge && charge.getPaymentIntent() != null) {
            long refunded = charge.getAmountRefunded() == null ? 0 : charge.getAmountRefunded();
            return applyChargeEvent(event, charge.getPaymentIntent(), charge.getCustomer(),
                    tenant -> store.refunded(tenant, charge.getPaymentIntent(), refunded));
        }
        if (type.startsWith("charge.dispute.") && object instanceof Dispute dispute && dispute.getPaymentIntent() != null) {
            return applyChargeEvent(event, dispute.getPaymentIntent(), null, tenant -> store.disputed(tenant, dispute.getPaymentIntent(), dispute.getId()));
        }
        return false;
    }

    private boolean applyInvoiceEvent(Event event, com.stripe.model.Invoice invoice) {
        Optional<UUID> routed = store.tenantOf(invoice.getId());
        if (routed.isEmpty()) {
            return false;
        }
        UUID tenant = routed.get();
        if (scope.call(tenant, () -> store.seen(tenant, event.getId()))) {
            log.debug("Stripe event {} delivered again; applied before", event.getId());
            return true;
        }
        // Stripe's invoice now, not the event's snapshot: events come in any order.
        StripeInvoice state = stripe.retrieve(invoice.getId());
        scope.run(tenant, () -> {
            if (!store.claim(tenant, event.getId(), event.getType(), invoice.getId(), clock.instant())) {
                return;
            }
            Optional<UUID> invoiceId = store.invoiceOfStripe(tenant, invoice.getId());
            if (invoiceId.isEmpty()) {
                log.warn("Stripe event {}: invoice {} is no invoice of tenant {}", event.getId(), invoice.getId(), tenant);
                return;
            }
            if (event.getType().equals("invoice.payment_failed")) {
                store.paymentFailed(tenant, invoiceId.get(), clock.instant());
            }
            applyState(tenant, invoiceId.get(), state, "STRIPE", null);
        });
        return true;
    }

    /**
     * An event about the charge of a paid invoice (a refund, a dispute). It may overtake the invoice's {@code invoice.paid}:
     * a payment intent billing does not know yet is looked up at Stripe (its customer, and so its tenant), and the
     * tenant's unpaid invoices are brought up to Stripe's state first; a charge that is still no invoice's is refused, so
     * that Stripe sends it again, rather than recorded as applied. A charge of no customer of billing's is not billing's.
     */
    private boolean applyChargeEvent(Event event, String paymentIntent, @Nullable String customer, ToIntFunction<UUID> work) {
        Optional<UUID> routed = store.tenantOf(paymentIntent);
        if (routed.isEmpty()) {
            String charged = customer != null ? customer : stripe.customerOfPaymentIntent(paymentIntent);
            routed = charged == null ? Optional.empty() : store.tenantOf(charged);
            if (routed.isEmpty()) {
                return false;
            }
            syncUnpaid(routed.get());
        }
        UUID tenant = routed.get();
        scope.run(tenant, () -> {
            if (store.claim(tenant, event.getId(), event.getType(), paymentIntent, clock.instant()) && work.applyAsInt(tenant) == 0) {
                throw new IllegalStateException("Stripe event " + event.getId() + " is about payment " + paymentIntent
                        + ", which paid no invoice of tenant " + tenant + " yet; Stripe sends it again");
            }
        });
        return true;
    }

    /** Brings the tenant's unpaid invoices at Stripe up to Stripe's state (what an event that overtook another needs). */
    private void syncUnpaid(UUID tenant) {
        for (InvoiceCollection row : scope.call(tenant, () -> store.unpaidAtStripe(tenant))) {
            StripeInvoice state = stripe.retrieve(row.stripeInvoiceId());
            scope.run(tenant, () -> applyState(tenant, row.invoiceId(), state, "STRIPE", null));
        }
    }

    private static StripeObject object(Event event) {
        var data = event.getDataObjectDeserializer();
        try {
            return data.getObject().isPresent() ? data.getObject().get() : data.deserializeUnsafe();
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public Optional<InvoiceCollection> find(UUID tenant, UUID invoiceId) {
        return scope.call(tenant, () -> store.find(tenant, invoiceId));
    }

    @Override
    public InvoiceCollection markPaid(UUID tenant, UUID invoiceId, String reference) {
        if (reference == null || reference.isBlank() || reference.length() > 200) {
            throw BillingRefused.invalid("reference", "the bank transfer's reference, 1 to 200 characters");
        }
        InvoiceCollection row = find(tenant, invoiceId).orElseThrow(() -> BillingRefused.notFound("Invoice " + invoiceId + " (finalized)"));
        if (row.status() == InvoiceCollection.Status.PAID) {
            return row;
        }
        if (row.status() == InvoiceCollection.Status.VOID) {
            throw BillingRefused.conflict("invoice " + invoiceId + " is void at Stripe");
        }
        // Stripe stops collecting first, so that the card is not charged as well; if it charged already, that payment counts.
        StripeInvoice state = row.stripeInvoiceId() == null ? null : stripe.markPaidOutOfBand(row.stripeInvoiceId(), invoiceId);
        scope.run(tenant, () -> {
            if (state != null && state.paymentIntentId() != null) {
                applyState(tenant, invoiceId, state, "STRIPE", null);
            } else {
                applyState(tenant, invoiceId, new StripeInvoice(row.stripeInvoiceId() == null ? "" : row.stripeInvoiceId(), "paid", null,
                        row.amountDueFen(), row.amountDueFen(), null), "BANK_TRANSFER", reference.strip());
            }
        });
        return find(tenant, invoiceId).orElseThrow();
    }
}
