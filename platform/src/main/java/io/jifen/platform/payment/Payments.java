package io.jifen.platform.payment;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.tenancy.TenantContext;

/**
 * The port the redemption module pays through: the cash part of an order, in CNY fen, paid by the member with Alipay,
 * WeChat Pay or a card at Stripe. Each payment is the caller's reference (an order id, unique in the tenant); the
 * outcome arrives as {@link PaymentSucceeded} or {@link PaymentFailed} (Stripe's webhook events, through the event
 * publication registry). Calls to Stripe are made outside any transaction, and each carries an idempotency key made from
 * the tenant and the reference, so a retry after a crash never makes a second intent or refund.
 */
@Service
public class Payments {

    public enum Method { ALIPAY, WECHAT_PAY, CARD }

    public enum Status {
        REQUIRES_ACTION, PROCESSING, SUCCEEDED, FAILED, CANCELED;

        /** SUCCEEDED, FAILED and CANCELED never change again (a failed payment is paid anew under another reference). */
        public boolean isFinal() {
            return this == SUCCEEDED || this == FAILED || this == CANCELED;
        }
    }

    /**
     * What to pay. {@code reference}: the caller's id of what is paid (an order id), unique in the tenant, at most 100
     * characters. {@code returnUrl}: where Alipay and WeChat Pay send the member back (http or https); a card's payment
     * is confirmed in the member's browser (Stripe.js), so it has no redirect.
     */
    public record Charge(String reference, UUID memberId, long amountFen, String description, Method method, String returnUrl) {
    }

    /**
     * A payment as it is now. {@code redirectUrl}: where to send the member to pay, while {@code REQUIRES_ACTION}.
     * {@code failure}: a stable code once FAILED or CANCELED.
     */
    public record Payment(String reference, String intentId, long amountFen, long refundedFen, Status status,
                          @Nullable String redirectUrl, @Nullable String failure, Instant createdAt) {
    }

    public record Refund(String reference, String refundId, long amountFen, Instant at) {
    }

    /** Stripe's limit of one amount (999,999.99 yuan). */
    static final long MAX_AMOUNT_FEN = 99_999_999L;

    private final PaymentStore store;
    private final StripeGateway stripe;
    private final PaymentTransitions transitions;
    private final TransactionOperations transaction;
    private final Clock clock;

    Payments(PaymentStore store, StripeGateway stripe, PaymentTransitions transitions, TransactionTemplate transaction, Clock clock) {
        this.store = store;
        this.stripe = stripe;
        this.transitions = transitions;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * Starts paying (creates and confirms a PaymentIntent) for the current tenant; the same reference again answers the same
     * payment (another amount, member or method under it is a 409 {@code payment-reference-reused}). Not inside a DB
     * transaction of the caller's.
     */
    public Payment start(Charge charge) {
        requireNoTransaction("start");
        validate(charge);
        UUID tenant = TenantContext.require();
        PaymentStore.Row row = transaction.execute(status -> {
            store.insertStarting(charge, clock.instant());
            return store.find(charge.reference()).orElseThrow();
        });
        if (!row.memberId().equals(charge.memberId()) || row.amountFen() != charge.amountFen() || row.method() != charge.method()) {
            throw DomainException.conflict("payment-reference-reused", "Payment " + charge.reference()
                    + " was started for another member, amount or method");
        }
        return row.starting() ? createIntent(tenant, row) : row.view();
    }

    /** The payment of a reference in the current tenant; empty also while its first call to Stripe has not been answered. */
    public Optional<Payment> find(String reference) {
        return transaction.execute(status -> store.find(reference)).filter(row -> !row.starting()).map(PaymentStore.Row::view);
    }

    /** Cancels a payment that has not succeeded; idempotent; a succeeded one is a DomainException REFUSED "payment-succeeded". */
    public Payment cancel(String reference) {
        requireNoTransaction("cancel");
        UUID tenant = TenantContext.require();
        PaymentStore.Row row = transaction.execute(status -> store.find(reference)).orElseThrow(() -> notFound(reference));
        Payment payment = row.starting() ? createIntent(tenant, row) : row.view();
        if (payment.status() == Status.SUCCEEDED) {
            throw succeeded(reference);
        }
        if (payment.status().isFinal()) {
            return payment;
        }
        StripeGateway.Intent intent = stripe.cancel(tenant, reference, payment.intentId());
        Payment settled = settle(tenant, reference, intent);
        if (settled.status() == Status.SUCCEEDED) {
            throw succeeded(reference);
        }
        return settled;
    }

    /**
     * Refunds part or all of a succeeded payment, once per idempotencyKey (the same key again answers the same refund;
     * with another reference or amount it is a 409); never beyond what was paid minus refunded (400 naming amountFen).
     */
    public Refund refund(String idempotencyKey, String reference, long amountFen) {
        requireNoTransaction("refund");
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 100) {
            throw DomainException.invalidField("idempotencyKey", "a key of 1 to 100 characters is required");
        }
        if (amountFen < 1) {
            throw DomainException.invalidField("amountFen", "must be at least 1 fen");
        }
        UUID tenant = TenantContext.require();
        record Reserved(PaymentStore.Row payment, PaymentStore.RefundRow refund) {
        }
        Reserved reserved = transaction.execute(status -> {
            PaymentStore.Row payment = store.lock(reference).filter(row -> !row.starting()).orElseThrow(() -> notFound(reference));
            Optional<PaymentStore.RefundRow> earlier = store.findRefund(idempotencyKey);
            if (earlier.isPresent()) {
                if (!earlier.get().reference().equals(reference) || earlier.get().amountFen() != amountFen) {
                    throw DomainException.conflict("idempotency-key-reused", "Refund key " + idempotencyKey
                            + " was used for another payment or amount");
                }
                return new Reserved(payment, earlier.get());
            }
            if (payment.publicStatus() != Status.SUCCEEDED) {
                throw new DomainException(ProblemKind.REFUSED, "payment-not-succeeded", "Payment not succeeded",
                        "Payment " + reference + " is " + payment.publicStatus() + ": only a succeeded payment is refunded");
            }
            long left = payment.amountFen() - payment.refundedFen();
            if (amountFen > left) {
                throw DomainException.invalid("amountFen: at most " + left + " fen of payment " + reference + " is left to refund",
                        List.of(FieldProblem.of("amountFen", "at most " + left + " fen is left to refund")));
            }
            store.reserveRefund(idempotencyKey, reference, amountFen, clock.instant());
            return new Reserved(payment, new PaymentStore.RefundRow(idempotencyKey, reference, amountFen, null, null));
        });
        if (reserved.refund().refundId() != null) {
            return new Refund(reference, reserved.refund().refundId(), amountFen, reserved.refund().refundedAt());
        }
        StripeGateway.RefundMade made;
        try {
            made = stripe.refund(tenant, reference, idempotencyKey, reserved.payment().intentId(), amountFen);
        } catch (DomainException e) {
            if (e.kind() == ProblemKind.UPSTREAM_FAILED) {
                // Stripe refused: nothing was refunded, the amount is free again (an unknown outcome keeps it for the retry).
                transaction.executeWithoutResult(status -> store.releaseRefund(idempotencyKey, reference, amountFen, clock.instant()));
            }
            throw e;
        }
        transaction.executeWithoutResult(status -> store.completeRefund(idempotencyKey, made.id(), made.at()));
        return new Refund(reference, made.id(), made.amountFen(), made.at());
    }

    /** Asks Stripe for the payment's intent (again, under the same key, if an earlier attempt got no answer) and keeps it. */
    private Payment createIntent(UUID tenant, PaymentStore.Row row) {
        StripeGateway.Intent intent;
        try {
            intent = stripe.create(tenant, row);
        } catch (DomainException e) {
            if (e.kind() == ProblemKind.UPSTREAM_FAILED) {
                // Refused by Stripe: no intent exists; the reference is free for a corrected attempt.
                transaction.executeWithoutResult(status -> store.deleteStarting(row.reference()));
            }
            throw e;
        }
        return settle(tenant, row.reference(), intent);
    }

    private Payment settle(UUID tenant, String reference, StripeGateway.Intent intent) {
        return transaction.execute(status -> {
            PaymentStore.Row locked = store.lock(reference).orElseThrow(() -> notFound(reference));
            transitions.settle(tenant, locked, intent);
            return store.find(reference).orElseThrow().view();
        });
    }

    private static void validate(Charge charge) {
        if (charge.reference() == null || charge.reference().isBlank() || charge.reference().length() > 100) {
            throw DomainException.invalidField("reference", "1 to 100 characters");
        }
        if (charge.memberId() == null) {
            throw DomainException.invalidField("memberId", "is required");
        }
        if (charge.amountFen() < 1 || charge.amountFen() > MAX_AMOUNT_FEN) {
            throw DomainException.invalidField("amountFen", "1 to " + MAX_AMOUNT_FEN + " fen");
        }
        if (charge.method() == null) {
            throw DomainException.invalidField("method", "is required");
        }
        if (charge.description() != null && charge.description().length() > 500) {
            throw DomainException.invalidField("description", "at most 500 characters");
        }
        if (charge.method() != Method.CARD && !isWebUrl(charge.returnUrl())) {
            throw DomainException.invalidField("returnUrl", "an http or https URL to send the member back to is required for " + charge.method());
        }
    }

    private static boolean isWebUrl(@Nullable String url) {
        if (url == null || url.length() > 2000) {
            return false;
        }
        try {
            URI uri = new URI(url);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static void requireNoTransaction(String what) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Payments." + what + " calls Stripe: call it outside a transaction");
        }
    }

    private static DomainException notFound(String reference) {
        return DomainException.notFound("Payment " + reference);
    }

    private static DomainException succeeded(String reference) {
        return new DomainException(ProblemKind.REFUSED, "payment-succeeded", "Payment succeeded",
                "Payment " + reference + " has succeeded: it is refunded, not canceled");
    }
}
