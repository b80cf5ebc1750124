package io.jifen.platform.payment;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stripe's webhook endpoint, {@code POST /api/v1/payments/stripe/events}: no bearer token (Stripe signs each event, see
 * {@link StripeEvents}); answered 200 once applied or recognised as a repeat, 400 problem+json when the signature or the
 * body does not verify (Stripe then sends it again, and only a genuine one is ever applied). The body's size is capped by
 * {@code jifen.web.body-limits}.
 */
@RestController
class StripeEventController {

    static final String PATH = "/api/v1/payments/stripe/events";

    private final StripeEvents events;

    StripeEventController(StripeEvents events) {
        this.events = events;
    }

    @PostMapping(PATH)
    Map<String, Boolean> receive(@RequestHeader(name = "Stripe-Signature", required = false) @Nullable String signature,
                                 @RequestBody(required = false) byte @Nullable [] body) {
        events.receive(body == null ? "" : new String(body, StandardCharsets.UTF_8), signature);
        return Map.of("received", true);
    }
}
