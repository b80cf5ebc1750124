package io.jifen.stripefake;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Payment intents ({@code /v1/payment_intents}) as Stripe's test mode runs them, for the methods Jifen uses: Alipay and
 * WeChat Pay confirm into {@code requires_action} with a redirect to this fake's test page ({@code /pay/<id>}), where
 * the payment is authorized ({@code succeeded}, a charge) or failed ({@code requires_payment_method} with
 * {@code last_payment_error}); cards confirm with Stripe's test payment methods ({@code pm_card_visa} succeeds,
 * {@code pm_card_chargeDeclined} is declined with a 402). Every change is sent as a webhook event.
 */
final class PaymentIntents {

    static final Set<String> METHOD_TYPES = Set.of("card", "alipay", "wechat_pay");
    private static final Set<String> REDIRECT_TYPES = Set.of("alipay", "wechat_pay");
    private static final Set<String> CANCELABLE = Set.of("requires_payment_method", "requires_capture", "requires_confirmation",
            "requires_action", "processing");
    static final long MAX_AMOUNT = 99_999_999;

    /** One payment intent; its fields change under its own lock. */
    static final class Intent {
        final String id = Ids.next("pi");
        final String clientSecret = id + "_secret_" + Ids.random(24);
        final long created = Instant.now().getEpochSecond();
        final long amount;
        final String currency;
        final List<String> methodTypes;
        final Map<String, String> metadata;
        final String description;
        final String apiVersion;
        String status = "requires_payment_method";
        String paymentMethod;
        String paymentMethodType;
        String returnUrl;
        Map<String, Object> lastPaymentError;
        String latestCharge;
        long amountReceived;
        long amountRefunded;
        Long canceledAt;
        String cancellationReason;
        /** The customer charged (an invoice's payment), or null. */
        String customer;
        boolean disputed;

        Intent(long amount, String currency, List<String> methodTypes, Map<String, String> metadata, String description, String apiVersion) {
            this.amount = amount;
            this.currency = currency;
            this.methodTypes = methodTypes;
            this.metadata = metadata;
            this.description = description;
            this.apiVersion = apiVersion;
        }
    }

    private final Map<String, Intent> intents = new ConcurrentHashMap<>();
    private final Webhooks webhooks;
    private final Supplier<String> baseUrl;

    PaymentIntents(Webhooks webhooks, Supplier<String> baseUrl) {
        this.webhooks = webhooks;
        this.baseUrl = baseUrl;
    }

    void register(Routes routes) {
        routes.add("POST", "/v1/payment_intents", this::create)
                .add("GET", "/v1/payment_intents/{intent}", call -> retrieve(call.path("intent")))
                .add("POST", "/v1/payment_intents/{intent}/confirm", this::confirm)
                .add("POST", "/v1/payment_intents/{intent}/cancel", this::cancel);
    }

    Optional<Intent> find(String id) {
        return Optional.ofNullable(intents.get(id));
    }

    Intent require(String id, String param) {
        Intent intent = intents.get(id);
        if (intent == null) {
            throw StripeFakeException.notFound("payment_intent", id, param);
        }
        return intent;
    }

    /**
     * The payment of an invoice by its customer's default payment method (a test card): a succeeded intent, with its
     * charge, as Stripe makes one when it collects an invoice automatically.
     */
    Intent payInvoice(long amount, String currency, String customer, Map<String, String> metadata, String description, String apiVersion) {
        Intent intent = new Intent(amount, currency, List.of("card"), Map.copyOf(metadata), description, apiVersion);
        synchronized (intent) {
            intent.customer = customer;
            intent.paymentMethod = "pm_card_visa";
            intent.paymentMethodType = "card";
            intents.put(intent.id, intent);
            succeed(intent);
        }
        return intent;
    }

    private Map<String, Object> create(Routes.Call call) {
        FormBody params = call.params();
        Long amount = params.integer("amount");
        if (amount == null) {
            throw StripeFakeException.missing("amount");
        }
        if (amount < 1) {
            throw StripeFakeException.invalid("This value must be greater than or equal to 1.", "amount");
        }
        if (amount > MAX_AMOUNT) {
            throw new StripeFakeException(400, "invalid_request_error", "amount_too_large", "Amount must be no more than 999,999.99", "amount");
        }
        String currency = params.string("currency");
        if (currency == null) {
            throw StripeFakeException.missing("currency");
        }
        if (!currency.matches("[a-z]{3}")) {
            throw StripeFakeException.invalid("Invalid currency: " + currency + ".", "currency");
        }
        List<String> types = params.has("payment_method_types") ? params.strings("payment_method_types") : List.of("card");
        for (String type : types) {
            if (!METHOD_TYPES.contains(type)) {
                throw StripeFakeException.invalid("The payment method type \"" + type + "\" is invalid. Please ensure the provided type is "
                        + "activated in your dashboard (https://dashboard.stripe.com/account/payments/settings) and your account is enabled "
                        + "for any preview features that you are trying to use.", "payment_method_types");
            }
        }
        Map<String, String> metadata = metadata(params);
        String description = params.string("description");
        if (description != null && description.length() > 1000) {
            throw StripeFakeException.invalid("Invalid string: description must be at most 1000 characters", "description");
        }
        Intent intent = new Intent(amount, currency, List.copyOf(types), metadata, description, call.apiVersion());
        synchronized (intent) {
            attachPaymentMethod(intent, params);
            intent.returnUrl = params.string("return_url");
            intents.put(intent.id, intent);
            if (params.bool("confirm")) {
                return confirmLocked(intent);
            }
            if (intent.paymentMethod != null) {
                intent.status = "requires_confirmation";
            }
            return json(intent);
        }
    }

    private Map<String, Object> retrieve(String id) {
        Intent intent = require(id, "intent");
        synchronized (intent) {
            return json(intent);
        }
    }

    private Map<String, Object> confirm(Routes.Call call) {
        Intent intent = require(call.path("intent"), "intent");
        synchronized (intent) {
            if (!Set.of("requires_payment_method", "requires_confirmation", "requires_action").contains(intent.status)) {
                throw unexpectedState(intent, "confirm", "requires_payment_method, requires_confirmation, requires_action");
            }
            attachPaymentMethod(intent, call.params());
            if (call.params().string("return_url") != null) {
                intent.returnUrl = call.params().string("return_url");
            }
            return confirmLocked(intent);
        }
    }

    private Map<String, Object> confirmLocked(Intent intent) {
        if (intent.paymentMethod == null) {
            throw new StripeFakeException(400, "invalid_request_error", "payment_intent_unexpected_state", "You cannot confirm this "
                    + "PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method "
                    + "and then confirm it again, or confirm it again directly with a payment method or ConfirmationToken.", null);
        }
        intent.lastPaymentError = null;
        if (REDIRECT_TYPES.contains(intent.paymentMethodType)) {
            if (intent.returnUrl == null || !(intent.returnUrl.startsWith("http://") || intent.returnUrl.startsWith("https://"))) {
                throw StripeFakeException.invalid("A return_url (an absolute http or https URL) must be specified to confirm a PaymentIntent "
                        + "with a " + intent.paymentMethodType + " PaymentMethod, which redirects the customer.", "return_url");
            }
            intent.status = "requires_action";
            return json(intent);
        }
        if ("pm_card_chargeDeclined".equals(intent.paymentMethod)) {
            fail(intent, "card_error", "card_declined", "Your card was declined.");
            throw new StripeFakeException(402, "card_error", "card_declined", "Your card was declined.", null);
        }
        succeed(intent);
        return json(intent);
    }

    private Map<String, Object> cancel(Routes.Call call) {
        Intent intent = require(call.path("intent"), "intent");
        synchronized (intent) {
            if (!CANCELABLE.contains(intent.status)) {
                throw unexpectedState(intent, "cancel", String.join(", ", List.of("requires_payment_method", "requires_capture",
                        "requires_confirmation", "requires_action", "processing")));
            }
            String reason = call.params().string("cancellation_reason");
            if (reason != null && !Set.of("duplicate", "fraudulent", "requested_by_customer", "abandoned").contains(reason)) {
                throw StripeFakeException.invalid("Invalid cancellation_reason: " + reason, "cancellation_reason");
            }
            intent.status = "canceled";
            intent.canceledAt = Instant.now().getEpochSecond();
            intent.cancellationReason = reason;
            webhooks.emit("payment_intent.canceled", json(intent), intent.apiVersion);
            return json(intent);
        }
    }

    /** The test page's "Authorize test payment": the intent succeeds; answers where the customer is sent back. */
    String authorize(String id) {
        Intent intent = require(id, "intent");
        synchronized (intent) {
            requireAction(intent);
            succeed(intent);
            return returnUrl(intent, "succeeded");
        }
    }

    /** The test page's "Fail test payment": the attempt fails, the intent wants another payment method. */
    String failAuthorization(String id) {
        Intent intent = require(id, "intent");
        synchronized (intent) {
            requireAction(intent);
            fail(intent, "invalid_request_error", "payment_intent_authentication_failure", "The customer did not authorize the test payment.");
            return returnUrl(intent, "failed");
        }
    }

    private static void requireAction(Intent intent) {
        if (!"requires_action".equals(intent.status)) {
            throw new StripeFakeException(400, "invalid_request_error", "payment_intent_unexpected_state",
                    "This test payment is not waiting for the customer (its status is " + intent.status + ").", null);
        }
    }

    private void succeed(Intent intent) {
        intent.status = "succeeded";
        intent.amountReceived = intent.amount;
        intent.latestCharge = Ids.next("ch");
        webhooks.emit("payment_intent.succeeded", json(intent), intent.apiVersion);
    }

    private void fail(Intent intent, String type, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        error.put("code", code);
        error.put("message", message);
        error.put("payment_method", Map.of("id", intent.paymentMethod, "object", "payment_method", "type", intent.paymentMethodType));
        intent.lastPaymentError = error;
        intent.status = "requires_payment_method";
        intent.paymentMethod = null;
        intent.paymentMethodType = null;
        webhooks.emit("payment_intent.payment_failed", json(intent), intent.apiVersion);
    }

    private static String returnUrl(Intent intent, String redirectStatus) {
        String separator = intent.returnUrl.contains("?") ? "&" : "?";
        return intent.returnUrl + separator + "payment_intent=" + intent.id + "&payment_intent_client_secret="
                + URLEncoder.encode(intent.clientSecret, StandardCharsets.UTF_8) + "&redirect_status=" + redirectStatus;
    }

    /** {@code payment_method} (a test card's id) or {@code payment_method_data[type]} (a method made on the spot). */
    private static void attachPaymentMethod(Intent intent, FormBody params) {
        String byId = params.string("payment_method");
        String dataType = params.has("payment_method_data") ? params.string("payment_method_data", "type") : null;
        if (byId != null && dataType != null) {
            throw StripeFakeException.invalid("You may only specify one of these parameters: payment_method, payment_method_data.", "payment_method_data");
        }
        if (byId != null) {
            if (!Set.of("pm_card_visa", "pm_card_chargeDeclined").contains(byId)) {
                throw StripeFakeException.notFound("PaymentMethod", byId, "payment_method");
            }
            requireAllowed(intent, "card", "payment_method");
            intent.paymentMethod = byId;
            intent.paymentMethodType = "card";
        } else if (dataType != null) {
            if (!REDIRECT_TYPES.contains(dataType)) {
                // A card's number comes from the browser (Stripe.js), never through the merchant's server.
                throw StripeFakeException.invalid("payment_method_data[type] must be one of alipay, wechat_pay here; cards are "
                        + "confirmed with a test payment method (pm_card_visa, pm_card_chargeDeclined).", "payment_method_data[type]");
            }
            requireAllowed(intent, dataType, "payment_method_data[type]");
            intent.paymentMethod = Ids.next("pm");
            intent.paymentMethodType = dataType;
        }
    }

    private static void requireAllowed(Intent intent, String type, String param) {
        if (!intent.methodTypes.contains(type)) {
            throw StripeFakeException.invalid("The PaymentMethod provided (" + type + ") is not allowed for this PaymentIntent. Please attach "
                    + "a PaymentMethod of one of the following types: " + String.join(", ", intent.methodTypes) + ".", param);
        }
    }

    static Map<String, String> metadata(FormBody params) {
        Map<String, String> metadata = params.stringMap("metadata");
        if (metadata.size() > 50) {
            throw StripeFakeException.invalid("Invalid metadata: at most 50 keys", "metadata");
        }
        metadata.forEach((key, value) -> {
            if (key.length() > 40 || value.length() > 500) {
                throw StripeFakeException.invalid("Invalid metadata: keys are at most 40 characters, values at most 500", "metadata[" + key + "]");
            }
        });
        return Map.copyOf(metadata);
    }

    private static StripeFakeException unexpectedState(Intent intent, String action, String allowed) {
        return new StripeFakeException(400, "invalid_request_error", "payment_intent_unexpected_state", "You cannot " + action
                + " this PaymentIntent because it has a status of " + intent.status + ". Only a PaymentIntent with one of the following "
                + "statuses may be " + (action.equals("cancel") ? "canceled" : "confirmed") + ": " + allowed + ".", null);
    }

    /** The intent as Stripe writes it (the fields Jifen reads and their usual neighbours); call under the intent's lock. */
    Map<String, Object> json(Intent intent) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", intent.id);
        json.put("object", "payment_intent");
        json.put("amount", intent.amount);
        json.put("amount_capturable", 0);
        json.put("amount_received", intent.amountReceived);
        json.put("canceled_at", intent.canceledAt);
        json.put("cancellation_reason", intent.cancellationReason);
        json.put("capture_method", "automatic");
        json.put("client_secret", intent.clientSecret);
        json.put("confirmation_method", "automatic");
        json.put("created", intent.created);
        json.put("currency", intent.currency);
        json.put("customer", intent.customer);
        json.put("description", intent.description);
        json.put("last_payment_error", intent.lastPaymentError);
        json.put("latest_charge", intent.latestCharge);
        json.put("livemode", false);
        json.put("metadata", new LinkedHashMap<>(intent.metadata));
        Map<String, Object> nextAction = null;
        if ("requires_action".equals(intent.status)) {
            Map<String, Object> redirect = new LinkedHashMap<>();
            redirect.put("return_url", intent.returnUrl);
            redirect.put("url", baseUrl.get() + "/pay/" + intent.id);
            nextAction = new LinkedHashMap<>();
            nextAction.put("type", "redirect_to_url");
            nextAction.put("redirect_to_url", redirect);
        }
        json.put("next_action", nextAction);
        json.put("payment_method", intent.paymentMethod);
        json.put("payment_method_types", new ArrayList<>(intent.methodTypes));
        json.put("return_url", intent.returnUrl);
        json.put("status", intent.status);
        return json;
    }
}
