package io.jifen.platform.payment;

import java.time.Instant;
import java.util.UUID;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.web.WorkLimit;

/**
 * Stripe's API through the real stripe-java client. Every POST carries an idempotency key made from the tenant and the
 * payment's reference (and the caller's refund key), so a retry after a crash or a lost answer gets Stripe's first answer
 * instead of a second intent or refund. Stripe's refusals become problems with fixed words: UPSTREAM_FAILED when Stripe
 * refused (nothing was done), UNAVAILABLE when the outcome is unknown (no answer, Stripe's own error, a rate limit);
 * Stripe's message goes to the log only.
 */
@Component
class StripeGateway {

    private static final Logger log = LoggerFactory.getLogger(StripeGateway.class);

    /** What the platform reads of a payment intent. */
    record Intent(String id, Payments.Status status, long amountReceived, @Nullable String redirectUrl, @Nullable String failure) {

        static Intent of(PaymentIntent intent) {
            String redirect = intent.getNextAction() != null && intent.getNextAction().getRedirectToUrl() != null
                    ? intent.getNextAction().getRedirectToUrl().getUrl() : null;
            Payments.Status status = switch (intent.getStatus()) {
                case "succeeded" -> Payments.Status.SUCCEEDED;
                case "canceled" -> Payments.Status.CANCELED;
                case "processing", "requires_capture" -> Payments.Status.PROCESSING;
                // A failed attempt leaves the intent wanting another payment method; the platform takes it as failed for good.
                case "requires_payment_method" -> intent.getLastPaymentError() != null ? Payments.Status.FAILED : Payments.Status.REQUIRES_ACTION;
                default -> Payments.Status.REQUIRES_ACTION;
            };
            String failure = switch (status) {
                case FAILED -> code(intent.getLastPaymentError().getCode(), "payment_failed");
                case CANCELED -> intent.getCancellationReason() == null ? "canceled" : "canceled:" + intent.getCancellationReason();
                default -> null;
            };
            return new Intent(intent.getId(), status, intent.getAmountReceived() == null ? 0 : intent.getAmountReceived(), redirect, failure);
        }

        private static String code(@Nullable String code, String otherwise) {
            return code == null || code.isBlank() ? otherwise : code;
        }
    }

    /** A refund as Stripe made it. */
    record RefundMade(String id, long amountFen, Instant at) {
    }

    private final @Nullable StripeClient client;

    StripeGateway(StripeProperties properties) {
        this.client = properties.hasApiKey()
                ? StripeClient.builder().setApiKey(properties.apiKey()).setApiBase(properties.apiBase())
                        .setConnectTimeout((int) properties.connectTimeout().toMillis()).setReadTimeout((int) properties.readTimeout().toMillis())
                        .setMaxNetworkRetries(properties.maxNetworkRetries()).build()
                : null;
    }

    /** Creates and confirms the intent of a payment (a card's is confirmed by the member's browser, so only created). */
    Intent create(UUID tenant, PaymentStore.Row payment) {
        var params = PaymentIntentCreateParams.builder()
                .setAmount(payment.amountFen()).setCurrency(PaymentStore.CURRENCY)
                .putMetadata("tenant_id", tenant.toString()).putMetadata("reference", payment.reference())
                .putMetadata("member_id", payment.memberId().toString());
        if (payment.description() != null) {
            params.setDescription(payment.description());
        }
        switch (payment.method()) {
            case ALIPAY -> params.addPaymentMethodType("alipay").setConfirm(true).setReturnUrl(payment.returnUrl())
                    .setPaymentMethodData(PaymentIntentCreateParams.PaymentMethodData.builder()
                            .setType(PaymentIntentCreateParams.PaymentMethodData.Type.ALIPAY).build());
            case WECHAT_PAY -> params.addPaymentMethodType("wechat_pay").setConfirm(true).setReturnUrl(payment.returnUrl())
                    .setPaymentMethodData(PaymentIntentCreateParams.PaymentMethodData.builder()
                            .setType(PaymentIntentCreateParams.PaymentMethodData.Type.WECHAT_PAY).build())
                    .setPaymentMethodOptions(PaymentIntentCreateParams.PaymentMethodOptions.builder()
                            .setWechatPay(PaymentIntentCreateParams.PaymentMethodOptions.WechatPay.builder()
                                    .setClient(PaymentIntentCreateParams.PaymentMethodOptions.WechatPay.Client.WEB).build()).build());
            case CARD -> params.addPaymentMethodType("card");
        }
        return call("create the payment intent of " + payment.reference(), () -> Intent.of(
                client().v1().paymentIntents().create(params.build(), key("pi", tenant, payment.reference()))));
    }

    Intent retrieve(String intentId) {
        return call("read payment intent " + intentId, () -> Intent.of(client().v1().paymentIntents().retrieve(intentId)));
    }

    /** Cancels an intent; one Stripe will not cancel (it succeeded or was canceled already) is answered as it is now. */
    Intent cancel(UUID tenant, String reference, String intentId) {
        try {
            return Intent.of(client().v1().paymentIntents().cancel(intentId, PaymentIntentCancelParams.builder()
                    .setCancellationReason(PaymentIntentCancelParams.CancellationReason.ABANDONED).build(), key("pi-cancel", tenant, reference)));
        } catch (StripeException e) {
            if ("payment_intent_unexpected_state".equals(e.getCode())) {
                return retrieve(intentId);
            }
            throw problem("cancel payment intent " + intentId, e);
        }
    }

    RefundMade refund(UUID tenant, String reference, String refundKey, String intentId, long amountFen) {
        return call("refund " + amountFen + " fen of " + intentId, () -> {
            var refund = client().v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intentId).setAmount(amountFen)
                    .setReason(RefundCreateParams.Reason.REQUESTED_BY_CUSTOMER).putMetadata("tenant_id", tenant.toString())
                    .putMetadata("reference", reference).build(), key("re", tenant, reference + ":" + refundKey));
            return new RefundMade(refund.getId(), refund.getAmount(), Instant.ofEpochSecond(refund.getCreated()));
        });
    }

    private static RequestOptions key(String kind, UUID tenant, String reference) {
        return RequestOptions.builder().setIdempotencyKey("jifen:" + kind + ":" + tenant + ":" + reference).build();
    }

    /** The client, for a call to Stripe: the request gives up its work permit first (it is about to wait on Stripe). */
    private StripeClient client() {
        WorkLimit.stepOut();
        if (client == null) {
            throw new DomainException(ProblemKind.UNAVAILABLE, "payments-not-configured", "Payments not configured",
                    "Payments are not configured on this platform (jifen.payments.stripe.api-key)");
        }
        return client;
    }

    private interface StripeCall<T> {
        T run() throws StripeException;
    }

    private static <T> T call(String what, StripeCall<T> call) {
        try {
            return call.run();
        } catch (StripeException e) {
            throw problem(what, e);
        }
    }

    private static DomainException problem(String what, StripeException e) {
        if (e instanceof ApiConnectionException || e instanceof ApiException || e instanceof RateLimitException
                || e.getStatusCode() == null || e.getStatusCode() >= 500 || e.getStatusCode() == 409) {
            log.warn("Stripe did not {} (request {}, status {}): {}", what, e.getRequestId(), e.getStatusCode(), e.getMessage());
            return new DomainException(ProblemKind.UNAVAILABLE, "payment-provider-unavailable", "Payment provider unavailable",
                    "The payment provider could not be reached; try again shortly");
        }
        log.error("Stripe refused to {} (request {}, status {}, code {}): {}", what, e.getRequestId(), e.getStatusCode(), e.getCode(), e.getMessage());
        return new DomainException(ProblemKind.UPSTREAM_FAILED, "payment-provider-refused", "Payment provider refused",
                "The payment provider refused the request");
    }
}
