package io.jifen.platform.payment;

import com.stripe.model.Event;

/**
 * Another module's share of Stripe's events: the webhook endpoint verifies every event once ({@link StripeEvents}) and
 * hands those that are not about payment intents to each handler in turn. A handler is idempotent (an event may come
 * again, in any order); one that throws makes the delivery fail, and Stripe sends it again.
 */
public interface StripeEventHandler {

    /** Applies the event if it is this handler's; answers whether it was. */
    boolean handle(Event event);
}
