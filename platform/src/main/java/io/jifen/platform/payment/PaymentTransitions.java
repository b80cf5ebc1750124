package io.jifen.platform.payment;

import java.time.Clock;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves a payment to what Stripe says of its intent, whoever heard it (an answer to a call or a webhook event): a status
 * only moves forward (waiting, processing, final) and a final one never changes, so answers and events arriving in any
 * order, or twice, settle the same way. The move to a final status publishes {@link PaymentSucceeded} or
 * {@link PaymentFailed} in the transaction that makes it, exactly once per payment.
 */
@Component
class PaymentTransitions {

    private static final Logger log = LoggerFactory.getLogger(PaymentTransitions.class);

    private final PaymentStore store;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PaymentTransitions(PaymentStore store, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    /** Applies the intent to the payment, which the caller's transaction has locked. */
    @Transactional(propagation = Propagation.MANDATORY)
    void settle(UUID tenant, PaymentStore.Row payment, StripeGateway.Intent intent) {
        if (payment.intentId() == null) {
            store.attachIntent(payment.reference(), intent.id(), clock.instant());
        } else if (!payment.intentId().equals(intent.id())) {
            throw new IllegalStateException("payment " + payment.reference() + " is intent " + payment.intentId() + ", not " + intent.id());
        }
        if (payment.isFinal() || (!payment.starting() && rank(intent.status()) < rank(payment.publicStatus()))) {
            return;
        }
        if (!payment.starting() && intent.status() == payment.publicStatus()
                && java.util.Objects.equals(intent.redirectUrl(), payment.redirectUrl())) {
            return;
        }
        store.update(payment.reference(), intent.status(), intent.status() == Payments.Status.REQUIRES_ACTION ? intent.redirectUrl() : null,
                intent.failure(), clock.instant());
        switch (intent.status()) {
            case SUCCEEDED -> {
                if (intent.amountReceived() != payment.amountFen()) {
                    log.error("payment {} (intent {}) received {} fen of {}", payment.reference(), intent.id(), intent.amountReceived(), payment.amountFen());
                }
                events.publishEvent(new PaymentSucceeded(tenant, payment.reference(), intent.id(), payment.amountFen()));
            }
            case FAILED, CANCELED -> events.publishEvent(new PaymentFailed(tenant, payment.reference(), intent.id(), intent.failure()));
            default -> {
            }
        }
    }

    private static int rank(Payments.Status status) {
        return switch (status) {
            case REQUIRES_ACTION -> 0;
            case PROCESSING -> 1;
            case SUCCEEDED, FAILED, CANCELED -> 2;
        };
    }
}
