package io.jifen.devstack;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import io.jifen.stripefake.StripeFake;

/**
 * The stack's Stripe: the fake ({@code infra/stripe-fake}) on a free loopback port, with a secret key and a webhook secret
 * made for this start (its state is in memory and gone with it anyway). Its events go to the platform's webhook on
 * {@code $JIFEN_PORT} (8080) until {@link #sendEventsToPlatformOn} names the port a platform actually listens on (the
 * run command and the tests do, once the platform is up).
 */
public final class LocalStripe {

    /** The platform's endpoint for Stripe's events. */
    public static final String EVENTS_PATH = "/api/v1/payments/stripe/events";

    private final String apiKey = "sk_test_devstack_" + java.util.UUID.randomUUID().toString().replace("-", "");
    private final String webhookSecret = "whsec_devstack" + java.util.UUID.randomUUID().toString().replace("-", "");
    private final StripeFake fake;

    private LocalStripe() {
        this.fake = new StripeFake(apiKey, webhookSecret, 0).start();
        sendEventsToPlatformOn(Integer.parseInt(System.getenv().getOrDefault("JIFEN_PORT", "8080")));
    }

    static LocalStripe start() {
        return new LocalStripe();
    }

    /** The fake itself: its events and their switches, the test payment pages. */
    public StripeFake fake() {
        return fake;
    }

    public String apiBase() {
        return fake.uri().toString();
    }

    public String apiKey() {
        return apiKey;
    }

    public String webhookSecret() {
        return webhookSecret;
    }

    /** Sends the fake's events to the platform listening on {@code port} of the loopback address. */
    public void sendEventsToPlatformOn(int port) {
        fake.webhooks().sendEventsTo(URI.create("http://127.0.0.1:" + port + EVENTS_PATH));
    }

    /** The platform's settings for this Stripe, as the environment variables production uses. */
    Map<String, String> environment() {
        var environment = new LinkedHashMap<String, String>();
        environment.put("JIFEN_STRIPE_API_BASE", apiBase());
        environment.put("JIFEN_STRIPE_API_KEY", apiKey);
        environment.put("JIFEN_STRIPE_WEBHOOK_SECRET", webhookSecret);
        return environment;
    }

    void stop() {
        fake.close();
    }
}
