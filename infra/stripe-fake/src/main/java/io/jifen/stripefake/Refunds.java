package io.jifen.stripefake;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refunds ({@code /v1/refunds}) of a succeeded payment intent's charge: whole or in parts, never beyond what was received
 * and not yet refunded ({@code amount_too_large}, {@code charge_already_refunded}); in test mode a refund succeeds at once.
 * Each is sent as a {@code charge.refunded} event with the charge's snapshot.
 */
final class Refunds {

    private static final Set<String> REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer");

    private record Refund(String id, long amount, String charge, String paymentIntent, String currency, String reason,
                          Map<String, String> metadata, long created) {
    }

    private final Map<String, Refund> refunds = new ConcurrentHashMap<>();
    private final PaymentIntents intents;
    private final Webhooks webhooks;

    Refunds(PaymentIntents intents, Webhooks webhooks) {
        this.intents = intents;
        this.webhooks = webhooks;
    }

    void register(Routes routes) {
        routes.add("POST", "/v1/refunds", this::create)
                .add("GET", "/v1/refunds/{refund}", call -> {
                    Refund refund = refunds.get(call.path("refund"));
                    if (refund == null) {
                        throw StripeFakeException.notFound("refund", call.path("refund"), "id");
                    }
                    return json(refund);
                });
    }

    private Map<String, Object> create(Routes.Call call) {
        FormBody params = call.params();
        String intentId = params.string("payment_intent");
        if (intentId == null) {
            throw params.string("charge") != null
                    ? StripeFakeException.invalid("Refunds by charge are not supported by this fake; name the payment_intent.", "charge")
                    : new StripeFakeException(400, "invalid_request_error", "parameter_missing", "One of the following params should be "
                            + "provided for this request: payment_intent or charge.", null);
        }
        String reason = params.string("reason");
        if (reason != null && !REASONS.contains(reason)) {
            throw StripeFakeException.invalid("Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer", "reason");
        }
        Map<String, String> metadata = PaymentIntents.metadata(params);
        Long requested = params.integer("amount");
        if (requested != null && requested < 1) {
            throw StripeFakeException.invalid("This value must be greater than or equal to 1.", "amount");
        }
        PaymentIntents.Intent intent = intents.require(intentId, "payment_intent");
        synchronized (intent) {
            if (!"succeeded".equals(intent.status)) {
                throw new StripeFakeException(400, "invalid_request_error", null, "This PaymentIntent (" + intent.id
                        + ") does not have a successful charge to refund.", "payment_intent");
            }
            long left = intent.amountReceived - intent.amountRefunded;
            if (left == 0) {
                throw new StripeFakeException(400, "invalid_request_error", "charge_already_refunded", "Charge " + intent.latestCharge
                        + " has already been refunded.", null);
            }
            long amount = requested == null ? left : requested;
            if (amount > left) {
                throw new StripeFakeException(400, "invalid_request_error", "amount_too_large", "Refund amount (" + money(amount, intent.currency)
                        + ") is greater than unrefunded amount on charge (" + money(left, intent.currency) + ")", "amount");
            }
            intent.amountRefunded += amount;
            Refund refund = new Refund(Ids.next("re"), amount, intent.latestCharge, intent.id, intent.currency, reason, metadata,
                    Instant.now().getEpochSecond());
            refunds.put(refund.id(), refund);
            webhooks.emit("charge.refunded", charge(intent), intent.apiVersion);
            return json(refund);
        }
    }

    private static String money(long minor, String currency) {
        String symbol = switch (currency) {
            case "cny" -> "¥";
            case "usd" -> "$";
            default -> currency.toUpperCase() + " ";
        };
        return symbol + minor / 100 + "." + String.format("%02d", minor % 100);
    }

    static Map<String, Object> charge(PaymentIntents.Intent intent) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", intent.latestCharge);
        json.put("object", "charge");
        json.put("amount", intent.amount);
        json.put("amount_captured", intent.amountReceived);
        json.put("amount_refunded", intent.amountRefunded);
        json.put("captured", true);
        json.put("currency", intent.currency);
        json.put("customer", intent.customer);
        json.put("disputed", intent.disputed);
        json.put("livemode", false);
        json.put("metadata", new LinkedHashMap<>(intent.metadata));
        json.put("paid", true);
        json.put("payment_intent", intent.id);
        json.put("refunded", intent.amountRefunded == intent.amountReceived);
        json.put("status", "succeeded");
        return json;
    }

    private static Map<String, Object> json(Refund refund) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", refund.id());
        json.put("object", "refund");
        json.put("amount", refund.amount());
        json.put("charge", refund.charge());
        json.put("created", refund.created());
        json.put("currency", refund.currency());
        json.put("metadata", new LinkedHashMap<>(refund.metadata()));
        json.put("payment_intent", refund.paymentIntent());
        json.put("reason", refund.reason());
        json.put("status", "succeeded");
        return json;
    }
}
