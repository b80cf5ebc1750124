package io.jifen.platform.payment;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeObject;
import com.stripe.net.Webhook;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.tenancy.TenantContext;

/**
 * Stripe's webhook events (one account, one endpoint, every tenant): verified with stripe-java against the endpoint's
 * secret ({@code Stripe-Signature}, at most {@link StripeProperties#signatureTolerance()} old), routed to the tenant of
 * their payment intent ({@code payment_intent_route}, or, for an event that overtook the answer to the creating call, the
 * payment its signed metadata names, checked in that tenant), recorded by event id so a repeat changes nothing, and
 * applied to the payment by {@link PaymentTransitions}. Events about other objects go to the other modules'
 * {@link StripeEventHandler}s (billing's invoices, their charges' refunds and disputes); the rest (this module's refunds
 * are booked when Stripe answers the refund call) are acknowledged and left alone.
 */
@Service
class StripeEvents {

    private static final Logger log = LoggerFactory.getLogger(StripeEvents.class);

    private final StripeProperties properties;
    private final PaymentStore store;
    private final PaymentTransitions transitions;
    private final TransactionOperations transaction;
    private static final Clock WALL_CLOCK = Clock.systemUTC();

    private final Clock clock;
    private final List<StripeEventHandler> handlers;

    StripeEvents(StripeProperties properties, PaymentStore store, PaymentTransitions transitions, TransactionTemplate transaction, Clock clock,
                 List<StripeEventHandler> handlers) {
        this.properties = properties;
        this.store = store;
        this.transitions = transitions;
        this.transaction = transaction;
        this.clock = clock;
        this.handlers = handlers;
    }

    /** Verifies and applies one delivery; a bad signature or body is a 400 and changes nothing. */
    void receive(String payload, @Nullable String signature) {
        if (!properties.hasWebhookSecret()) {
            throw new DomainException(ProblemKind.UNAVAILABLE, "payments-not-configured", "Payments not configured",
                    "Stripe's events are not taken on this platform (jifen.payments.stripe.webhook-secret)");
        }
        Event event;
        try {
            // Stripe dates its signatures by the wall clock: they are checked against ours, not the business clock
            // (which is the same in production, and which tests move to run dunning and month ends).
            event = Webhook.constructEvent(payload, signature == null ? "" : signature, properties.webhookSecret(),
                    properties.signatureTolerance().toSeconds(), WALL_CLOCK);
        } catch (SignatureVerificationException e) {
            throw new DomainException(ProblemKind.INVALID, "stripe-signature", "Event refused",
                    "Stripe-Signature does not verify this body with the endpoint's secret, or is too old");
        } catch (RuntimeException e) {
            // Signed, but not an event stripe-java can read (not JSON, not an event object).
            throw new DomainException(ProblemKind.INVALID, "stripe-event", "Event refused", "The body is not a Stripe event");
        }
        if (event.getType() == null || !event.getType().startsWith("payment_intent.")) {
            for (StripeEventHandler handler : handlers) {
                if (handler.handle(event)) {
                    return;
                }
            }
            log.debug("Stripe event {} ({}) left alone", event.getId(), event.getType());
            return;
        }
        PaymentIntent intent = paymentIntent(event);
        Optional<Routed> routed = route(intent);
        if (routed.isEmpty()) {
            // Not a payment of ours (another integration on the account): acknowledged, or Stripe would send it for days.
            log.warn("Stripe event {} ({}) is about intent {}, which no tenant has", event.getId(), event.getType(), intent.getId());
            return;
        }
        StripeGateway.Intent state = StripeGateway.Intent.of(intent);
        TenantContext.runAs(routed.get().tenant(), () -> transaction.executeWithoutResult(status -> {
            if (!store.claimEvent(event.getId(), event.getType(), intent.getId(), clock.instant())) {
                log.debug("Stripe event {} delivered again; applied before", event.getId());
                return;
            }
            Optional<PaymentStore.Row> payment = store.lockByIntent(intent.getId())
                    .or(() -> routed.get().reference() == null ? Optional.empty() : store.lock(routed.get().reference())
                            .filter(row -> row.intentId() == null || row.intentId().equals(intent.getId())));
            if (payment.isEmpty()) {
                log.warn("Stripe event {}: no payment of intent {} in tenant {}", event.getId(), intent.getId(), routed.get().tenant());
                status.setRollbackOnly();
                return;
            }
            transitions.settle(routed.get().tenant(), payment.get(), state);
        }));
    }

    private record Routed(UUID tenant, @Nullable String reference) {
    }

    /** The intent's tenant from the route; failing that, the tenant and reference of its metadata (we wrote it, Stripe signed it). */
    private Optional<Routed> route(PaymentIntent intent) {
        Optional<UUID> routed = store.tenantOfIntent(intent.getId());
        if (routed.isPresent()) {
            return Optional.of(new Routed(routed.get(), null));
        }
        var metadata = intent.getMetadata();
        if (metadata == null || metadata.get("tenant_id") == null || metadata.get("reference") == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Routed(UUID.fromString(metadata.get("tenant_id")), metadata.get("reference")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static PaymentIntent paymentIntent(Event event) {
        var data = event.getDataObjectDeserializer();
        StripeObject object;
        try {
            // An event of another API version than the client's: its payment intent still has the fields read here.
            object = data.getObject().isPresent() ? data.getObject().get() : data.deserializeUnsafe();
        } catch (EventDataObjectDeserializationException | RuntimeException e) {
            throw new DomainException(ProblemKind.INVALID, "stripe-event", "Event refused", "The event's object is not a payment intent");
        }
        if (!(object instanceof PaymentIntent intent) || intent.getId() == null || intent.getStatus() == null) {
            throw new DomainException(ProblemKind.INVALID, "stripe-event", "Event refused", "The event's object is not a payment intent");
        }
        return intent;
    }
}
